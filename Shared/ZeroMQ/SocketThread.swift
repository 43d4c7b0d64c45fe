import Foundation
import Synchronization

/// A dedicated OS thread that owns sockets for their whole life. libzmq sockets must not move
/// between threads casually, and a blocking poll must never sit on Swift's cooperative pool.
public enum SocketThread {
    /// Starts `body` on a new thread and returns at once. The body runs its own poll loop and
    /// returns when it is done; `finished` is then resolved.
    @discardableResult
    public static func start(name: String, _ body: @escaping @Sendable () -> Void) -> Finished {
        let finished = Finished()
        let thread = Thread {
            body()
            finished.resolve()
        }
        thread.name = name
        thread.stackSize = 1 << 20
        thread.start()
        return finished
    }

    /// Lets async code wait for a socket thread to end.
    public final class Finished: Sendable {
        private let state = Mutex<(done: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

        func resolve() {
            let waiters = state.withLock { state in
                state.done = true
                defer { state.waiters = [] }
                return state.waiters
            }
            waiters.forEach { $0.resume() }
        }

        public var isDone: Bool { state.withLock { $0.done } }

        public func wait() async {
            await withCheckedContinuation { continuation in
                let done = state.withLock { state in
                    if !state.done { state.waiters.append(continuation) }
                    return state.done
                }
                if done { continuation.resume() }
            }
        }
    }
}
