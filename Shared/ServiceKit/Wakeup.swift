import Synchronization

/// Lets a background loop sleep until poked or until a timeout, whichever comes first
/// (the relay waits for "events committed" this way, and still polls slowly as a safety net).
final class Wakeup: Sendable {
    private let state = Mutex<(pending: Bool, waiter: CheckedContinuation<Void, Never>?)>((false, nil))

    func poke() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter
            }
            state.pending = true
            return nil
        }
        waiter?.resume()
    }

    func wait(timeout: Duration) async {
        let timer = Task { [weak self] in
            try? await Task.sleep(for: timeout)
            if !Task.isCancelled { self?.poke() }
        }
        await withCheckedContinuation { continuation in
            let ready = state.withLock { state -> Bool in
                if state.pending {
                    state.pending = false
                    return true
                }
                state.waiter = continuation
                return false
            }
            if ready { continuation.resume() }
        }
        // A poke that lands after we resumed stays pending and wakes the next wait: a spurious
        // wake-up costs one extra pass, a lost one would cost a whole timeout.
        timer.cancel()
    }
}
