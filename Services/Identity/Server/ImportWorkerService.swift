import Identity
import Logging
import ServiceLifecycle
import Store

/// Runs queued 党统 import jobs one at a time until graceful shutdown: woken when a job is started,
/// and every few seconds in case another instance queued one.
struct ImportWorkerService: Service {
    let store: Store
    let progress: ImportProgress
    let logger: Logger
    let wakeups: AsyncStream<Void>
    let wakeup: AsyncStream<Void>.Continuation

    init(store: Store, progress: ImportProgress, logger: Logger) {
        self.store = store
        self.progress = progress
        self.logger = logger
        (wakeups, wakeup) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    func wake() { wakeup.yield() }

    func run() async throws {
        try await ImportJobs.requeueInterrupted(store)
        let store = self.store, progress = self.progress, wakeups = self.wakeups
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                while try await ImportJobs.runNext(store, progress: progress) {}
            } catch {
                logger.warning("import worker: \(error)")
            }
            // Wait for a wakeup, at most a few seconds (the pace of the check, not a synchronisation).
            try? await cancelWhenGracefulShutdown {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { for await _ in wakeups { return } }
                    group.addTask { try await Task.sleep(for: .seconds(3)) }
                    try await group.next()
                    group.cancelAll()
                }
            }
        }
    }
}
