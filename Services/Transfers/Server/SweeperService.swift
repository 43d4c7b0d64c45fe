import Foundation
import Logging
import Schema
import ServiceLifecycle
import Store
import Synchronization
import Transfers

/// Completes approved transfers (and 撤销) in identity, and reminds overdue 回执: right after each
/// committed decision (poked by the store's commit callback) and every `sweepSeconds` as the
/// safety net. Safe in every instance at once: Completion's final write is conditional and
/// identity de-duplicates its request ids.
struct SweeperService: Service {
    let store: Store
    let completion: Completion
    let settings: TransfersSettings
    let poke: Poke
    let logger: Logger

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            await completion.runAll()
            do {
                let reminded = try await store.write { db in try ReceiptStore.remindOverdue(db, now: Date()) }
                if reminded > 0 { logger.info("overdue receipts reminded", metadata: ["count": "\(reminded)"]) }
            } catch {
                logger.warning("reminding overdue receipts failed: \(error)")
            }
            // The pace of the safety net, not a synchronisation: a poke (a decision committed) wakes it at once.
            try? await cancelWhenGracefulShutdown { await poke.wait(timeout: .seconds(settings.sweepSeconds)) }
        }
    }
}

/// A wake-up for the sweeper: pokes between two waits collapse into one. (ServiceKit's Wakeup is
/// internal; an AsyncStream would end once a waiting task is cancelled, and the loop would spin.)
final class Poke: Sendable {
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
        // Cancellation (graceful shutdown) wakes the wait like a poke.
        await withTaskCancellationHandler {
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
        } onCancel: { self.poke() }
        timer.cancel()
    }
}
