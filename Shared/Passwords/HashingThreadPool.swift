import Foundation
import Synchronization

/// A small fixed set of dedicated threads fed by a FIFO queue, for CPU-heavy blocking work
/// (scrypt) that must not occupy the Swift cooperative pool: a few concurrent logins there would
/// starve every other task of the process. Threads live as long as the process.
public final class HashingThreadPool: Sendable {
    private struct State {
        var jobs: [@Sendable () -> Void] = []
        var head = 0
    }

    private let condition = NSCondition()
    // Guarded by `condition`; Mutex only makes the stored state Sendable.
    private let state = Mutex(State())
    private let ids = Mutex<Set<UInt>>([])
    public let threadCount: Int

    public init(threads count: Int = ProcessInfo.processInfo.activeProcessorCount) {
        threadCount = max(1, count)
        for _ in 0..<threadCount {
            // Thread names are not reliable on Linux (a thread may report its creator's name for a
            // while), so the pool knows its threads by pthread id.
            let thread = Thread { [self] in
                let id = Self.currentThreadID()
                ids.withLock { _ = $0.insert(id) }
                self.workLoop()
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    /// The calling thread's pthread id.
    public static func currentThreadID() -> UInt {
        #if canImport(Darwin)
        UInt(bitPattern: pthread_self())
        #else
        UInt(pthread_self())
        #endif
    }

    /// The pthread ids of the pool's threads that have started.
    public var threadIDs: Set<UInt> { ids.withLock { $0 } }

    /// True when the calling thread is one of this pool's.
    public var isCurrentThreadInPool: Bool {
        let id = Self.currentThreadID()
        return ids.withLock { $0.contains(id) }
    }

    /// Runs `work` on one of the pool's threads and returns its result.
    public func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { (continuation: CheckedContinuation<T, Never>) in
            submit { continuation.resume(returning: work()) }
        }
    }

    private func submit(_ job: @escaping @Sendable () -> Void) {
        condition.lock()
        state.withLock { $0.jobs.append(job) }
        condition.signal()
        condition.unlock()
    }

    private func workLoop() {
        while true {
            condition.lock()
            var job: (@Sendable () -> Void)?
            while job == nil {
                job = state.withLock { s -> (@Sendable () -> Void)? in
                    guard s.head < s.jobs.count else { return nil }
                    let next = s.jobs[s.head]
                    s.head += 1
                    if s.head > 64, s.head * 2 > s.jobs.count {
                        s.jobs.removeFirst(s.head)
                        s.head = 0
                    }
                    return next
                }
                if job == nil { condition.wait() }
            }
            condition.unlock()
            job!()
        }
    }
}
