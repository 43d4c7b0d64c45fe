import Foundation
import Logging
import Notifications
import ServiceLifecycle
import Store

/// Runs the SMS dispatcher while this instance holds the sender lease (several instances never
/// send the same job), until graceful shutdown.
struct DispatcherService: Service {
    let dispatcher: SmsDispatcher
    let store: Store
    let holder: String
    let logger: Logger

    func run() async throws {
        var lastRecovery = Date.distantPast
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            var handled = 0
            do {
                let holder = self.holder
                let held = try await store.write { db in try Lease.acquire(db, name: "sms-sender", holder: holder, ttl: 10) }
                if held {
                    if Date().timeIntervalSince(lastRecovery) > 10 {
                        try await dispatcher.recoverOrphans()
                        lastRecovery = Date()
                    }
                    handled = try await dispatcher.sendDue()
                }
            } catch {
                logger.warning("dispatch pass failed: \(error)")
            }
            if handled == 0 { try? await Task.sleep(for: .milliseconds(100)) }
        }
        let holder = self.holder
        try? await store.write { db in try Lease.release(db, name: "sms-sender", holder: holder) }
    }
}
