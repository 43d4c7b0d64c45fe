import Foundation
import Logging
import Notifications
import ServiceLifecycle
import Store

/// Sends again the emails the relay did not take, and those a dead instance left `sending`, while
/// this instance holds the `sender:email` lease (one sender to the relay at a time).
struct EmailRetryService: Service {
    let outbox: EmailOutbox
    let store: Store
    let holder: String
    let logger: Logger

    func run() async throws {
        let name = "sender:email", holder = self.holder
        var lastRecovery = Date.distantPast
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            var tried = 0
            do {
                if try await store.write({ db in try Lease.acquire(db, name: name, holder: holder, ttl: 30) }) {
                    if Date().timeIntervalSince(lastRecovery) > 10 {
                        try await outbox.recoverOrphans()
                        lastRecovery = Date()
                    }
                    tried = try await outbox.retryDue()
                }
            } catch {
                logger.warning("email retry pass failed: \(error)")
            }
            if tried == 0 { try? await Task.sleep(for: .seconds(1)) }  // idle: look again shortly
        }
        try? await store.write { db in try Lease.release(db, name: name, holder: holder) }
    }
}
