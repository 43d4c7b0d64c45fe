import Foundation
import Logging
import Notifications
import ServiceLifecycle
import Store

/// Runs one channel's dispatcher while this instance holds that channel's sender lease (so of
/// several instances exactly one sends to each provider, and the provider's rate limit is applied
/// in one place), until graceful shutdown. Several passes run at once to keep the provider busy
/// while a batch is being recorded.
struct DispatcherService: Service {
    let dispatcher: Dispatcher
    let store: Store
    let holder: String
    let logger: Logger
    var passes = 3

    var leaseName: String { "sender:\(dispatcher.channel.rawValue)" }

    func run() async throws {
        let held = LeaseFlag()
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.keepLease(held) }
            for _ in 0..<passes { group.addTask { await self.sendLoop(held) } }
        }
        let holder = self.holder, name = leaseName
        try? await store.write { db in try Lease.release(db, name: name, holder: holder) }
    }

    private var stopping: Bool { Task.isShuttingDownGracefully || Task.isCancelled }

    /// Renews the lease, and does the housekeeping that needs one doer: orphans, phones, late reports.
    private func keepLease(_ held: LeaseFlag) async {
        var lastRecovery = Date.distantPast
        while !stopping {
            do {
                let holder = self.holder, name = leaseName
                let ok = try await store.write { db in try Lease.acquire(db, name: name, holder: holder, ttl: 10) }
                if ok != held.value { logger.info("sender lease \(ok ? "taken" : "lost")", metadata: ["lease": "\(name)"]) }
                held.value = ok
                if ok {
                    try await dispatcher.resolveContacts()
                    try await dispatcher.expireReports()
                    if Date().timeIntervalSince(lastRecovery) > 5 {
                        try await dispatcher.recoverOrphans()
                        lastRecovery = Date()
                    }
                }
            } catch {
                logger.warning("sender housekeeping failed: \(error)")
            }
            try? await Task.sleep(for: .milliseconds(500))
        }
        held.value = false
    }

    private func sendLoop(_ held: LeaseFlag) async {
        while !stopping {
            var handled = 0
            if held.value {
                do { handled = try await dispatcher.sendDue() } catch { logger.warning("dispatch pass failed: \(error)") }
            }
            if handled == 0 { try? await Task.sleep(for: .milliseconds(100)) }  // idle: look again shortly
        }
    }
}

final class LeaseFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var held = false
    var value: Bool {
        get { lock.withLock { held } }
        set { lock.withLock { held = newValue } }
    }
}

/// Fans notices out to their recipients, one bounded transaction at a time. Steps of several
/// instances interleave safely: each step reads and moves the cursor in its own transaction.
struct FanOutService: Service {
    let fanOut: FanOut
    let logger: Logger

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            var done = 0
            do { done = try await fanOut.step() } catch { logger.warning("fan-out step failed: \(error)") }
            if done == 0 { try? await Task.sleep(for: .milliseconds(200)) }  // idle: look again shortly
        }
    }
}
