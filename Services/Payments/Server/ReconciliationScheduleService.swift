import Foundation
import Logging
import Payments
import Schema
import ServiceLifecycle
import Store

/// Every day at `reconciliation.time` (Beijing) reconciles the previous day, unless that day has a run
/// already (an administrator ran it, or another instance did). A failed run is tried again after
/// `retryMinutes`; the failure is logged, never a half-stored report (a run stores in one transaction).
struct ReconciliationScheduleService: Service {
    let store: Store
    let reconciliation: Reconciliation
    let settings: ReconciliationSettings
    let logger: Logger
    static let actor = Actor.service("payments")

    func run() async throws {
        // Returning would end the service group (and the service): disabled, it just waits for shutdown.
        guard settings.enabled else {
            try? await gracefulShutdown()
            return
        }
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let now = Date()
            let day = BeijingDay(now).previous
            // Past today's time and yesterday not reconciled yet (also right after a restart).
            let todayAt = BeijingDay(now).start.addingTimeInterval(TimeInterval((settings.minuteOfDay ?? 600) * 60))
            let due = now >= todayAt
            var wait = settings.next(after: now).timeIntervalSince(now)
            if due, (try? await store.read({ db in try ReconciliationRuns.runCount(db, day: day.description) })) == 0 {
                do {
                    let summary = try await reconciliation.run(day: day, by: Self.actor)
                    logger.info("reconciled", metadata: ["day": "\(day)", "differences": "\(summary.differenceCount)",
                                                         "matched": "\(summary.matchedCount)"])
                } catch {
                    logger.warning("reconciliation failed; tried again later", metadata: ["day": "\(day)", "error": "\(error)"])
                    wait = min(wait, TimeInterval(settings.retryMinutes * 60))
                }
            }
            // The schedule's pace, not a synchronisation.
            let pause = max(1, wait)
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(pause)) }
        }
    }
}
