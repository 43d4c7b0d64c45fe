import Foundation
import GRDB
import Store
import Synchronization

/// Paces sends to a provider: each send reserves the next free slot (1/rate apart) and waits for it.
public final class RateLimiter: Sendable {
    let interval: Double
    let next = Mutex<ContinuousClock.Instant?>(nil)

    /// `perSecond` ≤ 0: no limit.
    public init(perSecond: Double) { interval = perSecond > 0 ? 1 / perSecond : 0 }

    public func acquire(_ count: Int = 1) async {
        guard interval > 0 else { return }
        let now = ContinuousClock.now
        let slot = next.withLock { next -> ContinuousClock.Instant in
            // No credit for idle time beyond one slot: a pause does not buy a burst.
            let start = max(next ?? now, now - .seconds(interval))
            next = start + .seconds(interval * Double(max(1, count)))
            return start
        }
        if slot > now { try? await Task.sleep(until: slot, clock: .continuous) }
    }
}

/// Sends the stored jobs of one channel through its provider and records the outcomes, a batch per
/// transaction.
///
/// A job is marked `sending` before the provider is called. If the process dies there, the job's
/// fate is unknown: `recoverOrphans` settles it without a blind resend — SMS by asking the provider
/// (QuerySendDetails by OutId = job id), WeChat by sending again with the same client_msg_id, which
/// WeChat drops as a duplicate if it had the first.
public final class Dispatcher: Sendable {
    public let channel: Channel
    let store: Store
    let sms: (any SmsProvider)?
    let wechat: (any WeChatProvider)?
    let contacts: (any ContactDirectory)?
    let sender: String
    let settings: NotificationsSettings
    let limiter: RateLimiter

    public init(channel: Channel, store: Store, sms: (any SmsProvider)? = nil, wechat: (any WeChatProvider)? = nil,
                contacts: (any ContactDirectory)? = nil, sender: String, settings: NotificationsSettings = NotificationsSettings()) {
        self.channel = channel
        self.store = store
        self.sms = sms
        self.wechat = wechat
        self.contacts = contacts
        self.sender = sender
        self.settings = settings
        limiter = RateLimiter(perSecond: settings.rate(channel))
    }

    /// SMS through `provider` (the first slice's form).
    public convenience init(store: Store, provider: any SmsProvider, sender: String, policy: RetryPolicy = RetryPolicy(),
                            settings: NotificationsSettings = NotificationsSettings()) {
        var s = settings
        s.retry = policy
        self.init(channel: .sms, store: store, sms: provider, sender: sender, settings: s)
    }

    /// Claims due jobs and sends them (at most `concurrency` requests at once, paced by the rate
    /// limit), then records every outcome in one transaction. Returns how many jobs it handled.
    @discardableResult
    public func sendDue(now: Date = Date()) async throws -> Int {
        let sender = self.sender, batch = settings.batchSize, channel = self.channel, perRequest = numbersPerRequest
        // Claimed and grouped in one transaction: a shared request's OutId is stored with the claim,
        // before anything is sent, so a crash can still be settled by asking the provider.
        let (jobs, requests) = try await store.write { db in
            let jobs = try DeliveryQueue.claim(db, channel: channel, sender: sender, limit: batch, now: now)
            let requests = Self.plan(jobs, channel: channel, perRequest: perRequest)
            for request in requests where request.count > 1 {
                try DeliveryQueue.assignOutId(db, request[0].outId!, to: request.map(\.id), sender: sender)
            }
            return (jobs, requests)
        }
        if jobs.isEmpty { return 0 }
        let outcomes = await withTaskGroup(of: [(Delivery, SendOutcome)].self, returning: [(Delivery, SendOutcome)].self) { group in
            var results: [(Delivery, SendOutcome)] = []
            results.reserveCapacity(jobs.count)
            var next = 0
            func add() {
                let request = requests[next]
                next += 1
                group.addTask { await self.send(request) }
            }
            while next < min(requests.count, settings.concurrency) { add() }
            while let outcome = await group.next() {
                results += outcome
                if next < requests.count { add() }
            }
            return results
        }
        for (_, outcome) in outcomes { ProviderMetrics.count(channel.rawValue, outcome) }
        let policy = settings.retry, timeout = settings.wechatReportTimeoutSeconds
        try await store.write { db in
            try DeliveryQueue.record(db, outcomes, sender: sender, policy: policy, reportTimeout: timeout, now: now)
        }
        return jobs.count
    }

    /// SMS numbers per provider request: the setting, and under a rate limit at most a tenth of a
    /// second's worth, so pacing stays smooth.
    var numbersPerRequest: Int {
        let setting = settings.smsNumbersPerRequest
        return settings.smsRatePerSecond > 0 ? min(setting, max(1, Int(settings.smsRatePerSecond / 10))) : setting
    }

    /// Splits claimed jobs into provider requests. SMS jobs with the same template and parameters
    /// share a request, each job given the request's new OutId; verification codes and WeChat
    /// messages go one by one.
    static func plan(_ jobs: [Delivery], channel: Channel, perRequest: Int) -> [[Delivery]] {
        guard channel == .sms, perRequest > 1 else { return jobs.map { [$0] } }
        var order: [String] = []
        var groups: [String: [Delivery]] = [:]
        for job in jobs {
            let key = job.templateKey == TemplateCatalog.code ? "single:" + job.id : job.templateCode + "\u{1F}" + job.params
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(job)
        }
        var requests: [[Delivery]] = []
        for key in order {
            let group = groups[key]!
            for start in stride(from: 0, to: group.count, by: perRequest) {
                var request = Array(group[start..<min(group.count, start + perRequest)])
                if request.count > 1 {
                    let outId = "b" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
                    for j in request.indices { request[j].outId = outId }
                }
                requests.append(request)
            }
        }
        return requests
    }

    func send(_ request: [Delivery]) async -> [(Delivery, SendOutcome)] {
        guard let first = request.first else { return [] }
        await limiter.acquire(request.count)
        switch channel {
        case .sms:
            guard let sms else { return request.map { ($0, .transient("no provider")) } }
            let outcome = await sms.send(phones: request.map(\.recipient), templateCode: first.templateCode,
                                         params: first.templateParams, outId: first.providerOutId)
            if request.count > 1, case .permanent = outcome {
                // One bad number refuses the whole request: send each alone so only that one fails.
                var results: [(Delivery, SendOutcome)] = []
                for job in request {
                    results.append((job, await sms.send(phone: job.recipient, templateCode: job.templateCode,
                                                        params: job.templateParams, outId: job.providerOutId)))
                }
                return results
            }
            return request.map { ($0, outcome) }
        case .wechat:
            guard let wechat else { return request.map { ($0, .transient("no provider")) } }
            return [(first, await wechat.send(openid: first.recipient, templateId: first.templateCode, data: first.templateParams,
                                              clientMsgId: first.id))]
        }
    }

    /// Settles jobs left `sending` by a sender that died (or whose answer never came).
    @discardableResult
    public func recoverOrphans(now: Date = Date()) async throws -> Int {
        let cutoff = now.addingTimeInterval(-settings.orphanAgeSeconds), channel = self.channel
        let orphans = try await store.read { db in try DeliveryQueue.orphaned(db, channel: channel, claimedBefore: cutoff, limit: 500) }
        guard !orphans.isEmpty else { return 0 }
        if channel == .wechat {
            // Same client_msg_id: a resend WeChat already had is answered with the first msgid, not delivered twice.
            try await store.write { db in for job in orphans { try DeliveryQueue.requeue(db, id: job.id, now: now) } }
            return orphans.count
        }
        guard let sms else { return 0 }
        for job in orphans {
            guard let received = await sms.wasReceived(outId: job.providerOutId, phone: job.recipient, on: job.claimedAt ?? now) else {
                continue  // could not ask: try again next round rather than risk a duplicate
            }
            try await store.write { db in
                // Only if still orphaned (a report may have settled it meanwhile).
                guard try DeliveryQueue.find(db, id: job.id)?.state == .sending else { return }
                if received {
                    try DeliveryQueue.markSent(db, id: job.id, providerMessageId: job.providerMessageId ?? "recovered", now: now)
                } else {
                    try DeliveryQueue.requeue(db, id: job.id, now: now)
                }
            }
        }
        return orphans.count
    }

    /// Asks identity for the phones SMS jobs wait for and caches them. Returns how many members it asked about.
    @discardableResult
    public func resolveContacts(now: Date = Date()) async throws -> Int {
        guard channel == .sms, let contacts else { return 0 }
        let ids = try await store.read { db in try DeliveryQueue.membersNeedingPhones(db, limit: 1000) }
        guard !ids.isEmpty else { return 0 }
        let answer = try await contacts.contacts(memberIds: ids)
        try await store.write { db in try ContactBook.storeContacts(db, asked: ids, answer, now: now) }
        return ids.count
    }

    /// WeChat messages whose report did not come in time go by SMS.
    @discardableResult
    public func expireReports(now: Date = Date()) async throws -> Int {
        guard channel == .wechat else { return 0 }
        return try await store.write { db in try DeliveryQueue.expireReports(db, now: now) }
    }
}

/// Enqueues notices' recipients, a bounded transaction at a time.
public struct FanOut: Sendable {
    let store: Store
    let batch: Int

    public init(store: Store, batch: Int) {
        self.store = store
        self.batch = batch
    }

    /// Runs one step; returns how many members it enqueued (0: nothing to do).
    @discardableResult
    public func step(now: Date = Date()) async throws -> Int {
        let batch = self.batch
        return try await store.write { db in try Notices.fanOutStep(db, batch: batch, now: now) }
    }
}
