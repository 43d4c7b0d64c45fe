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
        let store = self.store, progress = self.progress, wakeup = self.wakeup
        // A job another instance queued is found within a few seconds: a ticker wakes the one loop
        // below (the pace of the check, not a synchronisation). The stream has that one reader for
        // its whole life: an iterator cancelled and made anew each round ends the stream, and the
        // loop then spun without waiting (identity used half a core doing nothing).
        let ticker = Task {
            while !Task.isCancelled {
                wakeup.yield()
                try? await Task.sleep(for: .seconds(3))
            }
        }
        defer { ticker.cancel() }
        try? await cancelWhenGracefulShutdown {
            for await _ in self.wakeups {
                do {
                    while try await ImportJobs.runNext(store, progress: progress) {}
                } catch {
                    self.logger.warning("import worker: \(error)")
                }
            }
        }
    }
}
