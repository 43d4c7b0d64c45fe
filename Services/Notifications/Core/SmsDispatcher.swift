import Foundation
import GRDB
import Store

/// Sends stored SMS jobs through the provider and records each outcome in its own transaction.
///
/// A job is marked `sending` before the provider is called. If the process dies there, the job's
/// fate is unknown: `recoverOrphans` asks the provider (QuerySendDetails by OutId = job id) and
/// only re-queues what the provider never received, so a crash does not send a code twice.
public struct SmsDispatcher: Sendable {
    let store: Store
    let provider: any SmsProvider
    let sender: String
    let policy: RetryPolicy
    let batchSize: Int
    let orphanAge: TimeInterval

    public init(store: Store, provider: any SmsProvider, sender: String, policy: RetryPolicy = RetryPolicy(),
                batchSize: Int = 64, orphanAge: TimeInterval = 30) {
        self.store = store
        self.provider = provider
        self.sender = sender
        self.policy = policy
        self.batchSize = batchSize
        self.orphanAge = orphanAge
    }

    /// Claims due jobs and sends them (concurrently, bounded by the batch). Returns how many it handled.
    @discardableResult
    public func sendDue(now: Date = Date()) async throws -> Int {
        let sender = self.sender, batchSize = self.batchSize
        let jobs = try await store.write { db in try DeliveryQueue.claim(db, sender: sender, limit: batchSize, now: now) }
        await withTaskGroup(of: Void.self) { group in
            for job in jobs {
                group.addTask { await self.send(job) }
            }
        }
        return jobs.count
    }

    private func send(_ job: Delivery) async {
        let outcome = await provider.send(phone: job.recipient, templateCode: job.templateCode, params: job.templateParams, outId: job.id)
        let policy = self.policy
        do {
            try await store.write { db in
                switch outcome {
                case .accepted(let messageId):
                    try DeliveryQueue.markSent(db, id: job.id, providerMessageId: messageId, now: Date())
                case .transient(let reason):
                    try DeliveryQueue.retryLater(db, id: job.id, error: reason, attempts: job.attempts, policy: policy, now: Date())
                case .permanent(let reason):
                    try DeliveryQueue.markFailed(db, id: job.id, error: reason, now: Date())
                }
            }
        } catch {
            // The job stays `sending`; recoverOrphans settles it by asking the provider.
        }
    }

    /// Settles jobs left `sending` by a sender that died.
    @discardableResult
    public func recoverOrphans(now: Date = Date()) async throws -> Int {
        let cutoff = now.addingTimeInterval(-orphanAge)
        let orphans = try await store.read { db in try DeliveryQueue.orphaned(db, claimedBefore: cutoff, limit: 200) }
        for job in orphans {
            guard let received = await provider.wasReceived(outId: job.id, phone: job.recipient, on: job.claimedAt ?? now) else {
                continue  // could not ask: try again next round rather than risk a duplicate
            }
            try await store.write { db in
                if received {
                    try DeliveryQueue.markSent(db, id: job.id, providerMessageId: "recovered", now: now)
                } else {
                    try DeliveryQueue.requeue(db, id: job.id, now: now)
                }
            }
        }
        return orphans.count
    }
}
