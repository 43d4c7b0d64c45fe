import Dues
import Foundation
import Logging
import Schema
import ServiceLifecycle
import Store

/// Runs `MonthOpener` at start and then every `monthCheckSeconds`, in the instance holding the
/// `dues-month-opener` lease (one instance opens, the others wait), until graceful shutdown.
struct MonthOpenerService: Service {
    let store: Store
    let settings: DuesSettings
    let holder: String
    let logger: Logger
    var interval: Duration { .seconds(settings.monthCheckSeconds) }

    func run() async throws {
        let settings = self.settings, holder = self.holder
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                let opened = try await store.write { db -> OpenMonthReply? in
                    guard try Lease.acquire(db, name: "dues-month-opener", holder: holder, ttl: 180) else { return nil }
                    return try MonthOpener.openDue(db, settings: settings, now: Date())
                }
                if let opened {
                    logger.info("month opened", metadata: [
                        "month": "\(opened.month)", "branches": "\(opened.branchesOpened)", "carried": "\(opened.standardsCarried)",
                    ])
                }
            } catch {
                logger.warning("opening the month failed: \(error)")
            }
            // The pace of the check, not a synchronisation: a month opens within one interval of its start.
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: self.interval) }
        }
    }
}
