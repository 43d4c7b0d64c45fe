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
    /// The names of this pool's threads (unique per pool), so callers and tests can tell them apart.
    public let threadNames: [String]

    private static let poolCounter = Atomic<Int>(0)

    public init(threads count: Int = ProcessInfo.processInfo.activeProcessorCount) {
        let poolNumber = Self.poolCounter.wrappingAdd(1, ordering: .relaxed).newValue
        let count = max(1, count)
        threadNames = (0..<count).map { "dj-hash-\(poolNumber)-\($0)" }
        for name in threadNames {
            let thread = Thread { [self] in self.workLoop() }
            thread.name = name
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    /// True when the calling thread is one of this pool's.
    public var isCurrentThreadInPool: Bool {
        guard let name = Thread.current.name else { return false }
        return threadNames.contains(name)
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
