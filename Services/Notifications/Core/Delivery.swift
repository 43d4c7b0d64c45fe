import Foundation
import GRDB

public enum DeliveryState: String, Codable, Sendable {
    /// Stored, waiting for its turn (or its next retry).
    case pending
    /// Handed to a sender; if the sender dies here, the provider is asked before sending again.
    case sending
    /// The provider accepted it.
    case sent
    /// The provider reported it delivered.
    case delivered
    /// Given up: permanent error, too many attempts, expired, or (WeChat) replaced by an SMS.
    case failed
}

public enum Channel: String, Codable, Sendable, CaseIterable {
    case sms, wechat
}

public struct Delivery: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "delivery"
    public var id: String
    public var dedupKey: String
    public var channel: String
    public var recipient: String
    public var templateCode: String
    public var params: String
    public var state: DeliveryState
    public var attempts: Int
    public var nextAttemptAt: Date
    public var expiresAt: Date?
    public var claimedBy: String?
    public var claimedAt: Date?
    public var providerMessageId: String?
    public var lastError: String?
    public var createdAt: Date
    public var updatedAt: Date
    public var memberId: String?
    public var templateKey: String
    public var sourceKey: String
    public var fallbackOf: String?
    public var reportDeadline: Date?
    public var scheduledAt: Date?
    /// The OutId of the SendSms request that carried it when that request carried several numbers.
    public var outId: String?
    /// The administrator account it is addressed to (SMS to the account's mobile); nil for members and bare phones.
    public var adminId: String?

    /// What the provider knows this message by (OutId).
    public var providerOutId: String { outId ?? id }

    public var templateParams: [String: String] {
        (try? JSONDecoder().decode([String: String].self, from: Data(params.utf8))) ?? [:]
    }
}

/// A job to store.
public struct NewDelivery: Sendable {
    public var dedupKey: String
    public var channel: Channel
    public var memberId: String?
    /// Phone or openid when known at enqueue time; '' to resolve from the contact copy when sending.
    public var recipient: String
    public var templateKey: String
    public var templateCode: String
    public var params: [String: String]
    public var sourceKey: String
    public var expiresAt: Date?
    public var nextAttemptAt: Date?
    public var scheduledAt: Date?
    public var fallbackOf: String?
    /// `params` already encoded (by `DeliveryQueue.encode`), when the caller did it once for many jobs.
    public var encodedParams: String?
    /// An administrator account (SMS to its mobile, resolved when sending).
    public var adminId: String?

    public init(dedupKey: String, channel: Channel, memberId: String? = nil, recipient: String = "", templateKey: String,
                templateCode: String, params: [String: String], sourceKey: String, expiresAt: Date? = nil,
                nextAttemptAt: Date? = nil, scheduledAt: Date? = nil, fallbackOf: String? = nil) {
        self.dedupKey = dedupKey
        self.channel = channel
        self.memberId = memberId
        self.recipient = recipient
        self.templateKey = templateKey
        self.templateCode = templateCode
        self.params = params
        self.sourceKey = sourceKey
        self.expiresAt = expiresAt
        self.nextAttemptAt = nextAttemptAt
        self.scheduledAt = scheduledAt
        self.fallbackOf = fallbackOf
    }
}

/// What a provider answered for one message.
public enum SendOutcome: Sendable, Equatable {
    case accepted(messageId: String)
    /// Try again later (rate limited, provider trouble, refused connection).
    case transient(String)
    /// Will never succeed (bad number, user blocked the account, template not approved…).
    case permanent(String)
    /// The request may or may not have reached the provider (timeout): do not resend blindly.
    case unknown(String)
}

public typealias SmsOutcome = SendOutcome

/// The delivery jobs: stored before anything is sent, deduplicated by their key, moved through
/// their states in single transactions.
public enum DeliveryQueue {
    /// Stores a job unless one with the same key exists. Returns whether it was new.
    @discardableResult
    public static func enqueue(_ db: Database, _ job: NewDelivery, now: Date) throws -> Bool {
        let encoded = try job.encodedParams ?? encode(job.params)
        try db.cachedStatement(sql: """
            INSERT INTO delivery (id, dedupKey, channel, recipient, templateCode, params, state, attempts,
                                  nextAttemptAt, expiresAt, createdAt, updatedAt, memberId, templateKey, sourceKey,
                                  fallbackOf, scheduledAt, adminId)
            VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(dedupKey) DO NOTHING
            """).execute(arguments: [UUID().uuidString.lowercased(), job.dedupKey, job.channel.rawValue, job.recipient,
                             job.templateCode, encoded, job.nextAttemptAt ?? now, job.expiresAt, now, now, job.memberId,
                             job.templateKey, job.sourceKey, job.fallbackOf, job.scheduledAt, job.adminId])
        return db.changesCount > 0
    }

    /// Template parameters as stored: JSON with sorted keys, so equal parameters are equal text
    /// (the SMS sender groups jobs by it).
    public static func encode(_ params: [String: String]) throws -> String {
        String(decoding: try JSONEncoder.sorted.encode(params), as: UTF8.self)
    }

    /// The old single-channel form (SMS to a known phone), kept for verification codes and tests.
    @discardableResult
    public static func enqueue(
        _ db: Database, dedupKey: String, channel: String, recipient: String, templateCode: String,
        params: [String: String], expiresAt: Date? = nil, now: Date
    ) throws -> Bool {
        try enqueue(db, NewDelivery(dedupKey: dedupKey, channel: Channel(rawValue: channel) ?? .sms, recipient: recipient,
                                    templateKey: "code", templateCode: templateCode, params: params,
                                    sourceKey: dedupKey, expiresAt: expiresAt), now: now)
    }

    /// Takes up to `limit` due jobs of `channel` for `sender`, resolving each one's recipient from the
    /// contact copy. Expired jobs are failed instead of sent; a WeChat job whose member has no openid
    /// (any more) is failed and replaced by an SMS; an SMS job whose phone is not known yet waits for
    /// the contact resolver.
    public static func claim(_ db: Database, channel: Channel = .sms, sender: String, limit: Int, now: Date) throws -> [Delivery] {
        try db.cachedStatement(sql: """
            UPDATE delivery SET state = 'failed', lastError = 'expired', updatedAt = ?
            WHERE state = 'pending' AND expiresAt IS NOT NULL AND expiresAt <= ?
            """).execute(arguments: [now, now])
        let due = try Delivery.fetchAll(db.cachedStatement(sql: """
            SELECT * FROM delivery WHERE channel = ? AND state = 'pending' AND nextAttemptAt <= ?
            ORDER BY nextAttemptAt LIMIT ?
            """), arguments: [channel.rawValue, now, limit])
        var claimed: [Delivery] = []
        claimed.reserveCapacity(due.count)
        for var job in due {
            if job.recipient.isEmpty, let adminId = job.adminId {
                // Administrators: SMS only, to the mobile of an active account as identity last told us.
                let account = try Row.fetchOne(db.cachedStatement(sql: "SELECT mobile, active FROM admin WHERE accountId = ?"),
                                               arguments: [adminId])
                guard let account, account["active"] as Bool else {
                    try markFailed(db, id: job.id, error: "admin_inactive", now: now)
                    continue
                }
                guard let mobile: String = account["mobile"], channel == .sms else {
                    try markFailed(db, id: job.id, error: "no_phone", now: now)
                    continue
                }
                job.recipient = mobile
            } else if job.recipient.isEmpty, let memberId = job.memberId {
                let contact = try Row.fetchOne(db.cachedStatement(sql: "SELECT phone, phoneFetchedAt, openid FROM contact WHERE memberId = ?"),
                                               arguments: [memberId])
                switch channel {
                case .wechat:
                    guard let openid: String = contact?["openid"] else {
                        try failAndFallBack(db, job, error: "wechat.no_openid", now: now)
                        continue
                    }
                    job.recipient = openid
                case .sms:
                    if let phone: String = contact?["phone"] {
                        job.recipient = phone
                    } else if contact?["phoneFetchedAt"] as Date? != nil {
                        try markFailed(db, id: job.id, error: "no_phone", now: now)
                        continue
                    } else {
                        // Not known yet: the resolver asks identity; look again shortly.
                        try db.cachedStatement(sql: "UPDATE delivery SET nextAttemptAt = ? WHERE id = ?").execute(arguments: [now.addingTimeInterval(1), job.id])
                        continue
                    }
                }
            }
            try db.cachedStatement(sql: """
                UPDATE delivery SET state = 'sending', recipient = ?, claimedBy = ?, claimedAt = ?, attempts = attempts + 1,
                                    updatedAt = ?
                WHERE id = ?
                """).execute(arguments: [job.recipient, sender, now, now, job.id])
            job.state = .sending
            job.claimedBy = sender
            job.claimedAt = now
            job.attempts += 1
            claimed.append(job)
        }
        return claimed
    }

    /// Members with SMS jobs waiting for a phone notifications has not asked identity for yet.
    public static func membersNeedingPhones(_ db: Database, limit: Int) throws -> [String] {
        try String.fetchAll(db.cachedStatement(sql: """
            SELECT DISTINCT d.memberId FROM delivery d LEFT JOIN contact c ON c.memberId = d.memberId
            WHERE d.channel = 'sms' AND d.state = 'pending' AND d.recipient = '' AND d.memberId IS NOT NULL
              AND (c.memberId IS NULL OR (c.phone IS NULL AND c.phoneFetchedAt IS NULL))
            LIMIT ?
            """), arguments: [limit])
    }

    /// Records one sender's outcomes. Only jobs still `sending` under this sender change (a sender
    /// whose lease passed to another cannot overwrite what the other decided).
    public static func record(_ db: Database, _ outcomes: [(Delivery, SendOutcome)], sender: String, policy: RetryPolicy,
                              reportTimeout: TimeInterval, now: Date) throws {
        for (job, outcome) in outcomes {
            let mine = try Bool.fetchOne(db.cachedStatement(sql: "SELECT state = 'sending' AND claimedBy = ? FROM delivery WHERE id = ?"),
                                         arguments: [sender, job.id]) ?? false
            guard mine else { continue }
            switch outcome {
            case .accepted(let messageId):
                let deadline = job.channel == Channel.wechat.rawValue ? now.addingTimeInterval(reportTimeout) : nil
                try markSent(db, id: job.id, providerMessageId: messageId, reportDeadline: deadline, now: now)
            case .transient(let reason):
                try retryLater(db, id: job.id, error: reason, attempts: job.attempts, policy: policy, now: now)
            case .permanent(let reason):
                if job.channel == Channel.wechat.rawValue {
                    try failAndFallBack(db, job, error: reason, now: now)
                } else {
                    try markFailed(db, id: job.id, error: reason, now: now)
                }
            case .unknown:
                if job.channel == Channel.wechat.rawValue {
                    // WeChat deduplicates by client_msg_id (= job id): sending again is safe.
                    try retryLater(db, id: job.id, error: "unknown", attempts: job.attempts, policy: policy, now: now)
                }
                // SMS: stays `sending`; orphan recovery asks the provider before anything is resent.
            }
        }
    }

    /// Stores the OutId of the request that will carry these jobs (still claimed by `sender`).
    public static func assignOutId(_ db: Database, _ outId: String, to ids: [String], sender: String) throws {
        let marks = Array(repeating: "?", count: ids.count).joined(separator: ",")
        try db.execute(sql: "UPDATE delivery SET outId = ? WHERE state = 'sending' AND claimedBy = ? AND id IN (\(marks))",
                       arguments: StatementArguments([outId, sender] + ids))
    }

    public static func markSent(_ db: Database, id: String, providerMessageId: String, reportDeadline: Date? = nil, now: Date) throws {
        try db.cachedStatement(sql: """
            UPDATE delivery SET state = 'sent', providerMessageId = ?, lastError = NULL, reportDeadline = ?, updatedAt = ?
            WHERE id = ?
            """).execute(arguments: [providerMessageId, reportDeadline, now, id])
    }

    /// A transient failure: try again later, with exponential back-off and jitter, up to `maxAttempts`.
    public static func retryLater(_ db: Database, id: String, error: String, attempts: Int, policy: RetryPolicy, now: Date) throws {
        if attempts >= policy.maxAttempts {
            let job = try Delivery.fetchOne(db, key: id)
            if let job, job.channel == Channel.wechat.rawValue {
                return try failAndFallBack(db, job, error: "\(error) (after \(attempts) attempts)", now: now)
            }
            return try markFailed(db, id: id, error: "\(error) (after \(attempts) attempts)", now: now)
        }
        try db.cachedStatement(sql: """
            UPDATE delivery SET state = 'pending', nextAttemptAt = ?, lastError = ?, claimedBy = NULL, updatedAt = ? WHERE id = ?
            """).execute(arguments: [now.addingTimeInterval(policy.delay(afterAttempt: attempts)), error, now, id])
    }

    public static func markFailed(_ db: Database, id: String, error: String, now: Date) throws {
        try db.cachedStatement(sql: "UPDATE delivery SET state = 'failed', lastError = ?, updatedAt = ? WHERE id = ?").execute(arguments: [error, now, id])
    }

    public static func markDelivered(_ db: Database, id: String, now: Date) throws {
        try db.cachedStatement(sql: "UPDATE delivery SET state = 'delivered', reportDeadline = NULL, updatedAt = ? WHERE id = ?").execute(arguments: [now, id])
    }

    /// A WeChat message that will not arrive: fail it and send the same message by SMS instead (once).
    public static func failAndFallBack(_ db: Database, _ job: Delivery, error: String, now: Date) throws {
        try db.cachedStatement(sql: "UPDATE delivery SET state = 'failed', lastError = ?, reportDeadline = NULL, updatedAt = ? WHERE id = ?").execute(arguments: [error, now, job.id])
        guard job.channel == Channel.wechat.rawValue, let memberId = job.memberId else { return }
        let template = TemplateCatalog.template(job.templateKey)
        try enqueue(db, NewDelivery(
            dedupKey: job.dedupKey + "|sms-fallback", channel: .sms, memberId: memberId, templateKey: job.templateKey,
            templateCode: template?.smsTemplateCode ?? job.templateCode, params: job.templateParams,
            sourceKey: job.sourceKey, expiresAt: job.expiresAt, fallbackOf: job.id), now: now)
    }

    /// WeChat messages sent whose delivery report did not come in time: fall back to SMS.
    @discardableResult
    public static func expireReports(_ db: Database, now: Date, limit: Int = 500) throws -> Int {
        let late = try Delivery.fetchAll(db.cachedStatement(sql: """
            SELECT * FROM delivery WHERE state = 'sent' AND reportDeadline IS NOT NULL AND reportDeadline <= ? LIMIT ?
            """), arguments: [now, limit])
        for job in late { try failAndFallBack(db, job, error: "wechat.no_report", now: now) }
        return late.count
    }

    /// Jobs a sender claimed and never finished (it died): their fate at the provider is unknown.
    public static func orphaned(_ db: Database, channel: Channel = .sms, claimedBefore cutoff: Date, limit: Int) throws -> [Delivery] {
        try Delivery.fetchAll(db.cachedStatement(sql: """
            SELECT * FROM delivery WHERE channel = ? AND state = 'sending' AND claimedAt < ? ORDER BY claimedAt LIMIT ?
            """), arguments: [channel.rawValue, cutoff, limit])
    }

    /// An orphan the provider never received goes back to the queue, to be sent once.
    public static func requeue(_ db: Database, id: String, now: Date) throws {
        try db.cachedStatement(sql: """
            UPDATE delivery SET state = 'pending', nextAttemptAt = ?, claimedBy = NULL, updatedAt = ? WHERE id = ? AND state = 'sending'
            """).execute(arguments: [now, now, id])
    }

    public static func find(_ db: Database, id: String) throws -> Delivery? {
        try Delivery.fetchOne(db, key: id)
    }
}

public struct RetryPolicy: Codable, Sendable, Equatable {
    public var maxAttempts: Int
    public var baseDelay: TimeInterval
    public var maxDelay: TimeInterval

    public init(maxAttempts: Int = 8, baseDelay: TimeInterval = 1, maxDelay: TimeInterval = 300) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// base·2^(attempt-1), capped, with ±20 % jitter so retries of many jobs do not arrive together.
    public func delay(afterAttempt attempt: Int) -> TimeInterval {
        let raw = min(maxDelay, baseDelay * pow(2, Double(max(0, attempt - 1))))
        return raw * Double.random(in: 0.8...1.2)
    }
}

/// Per-recipient limits for verification codes: a new code is scheduled (not refused) at the
/// earliest time that keeps every window within its limit, never before an earlier code's slot.
public struct CodeLimits: Codable, Sendable, Equatable {
    public var perMinute: Int
    public var perHour: Int
    public var perDay: Int

    public init(perMinute: Int = 1, perHour: Int = 5, perDay: Int = 10) {
        self.perMinute = perMinute
        self.perHour = perHour
        self.perDay = perDay
    }

    /// The slot for a new code given the slots already taken (any order).
    public func slot(after taken: [Date], now: Date) -> Date {
        let slots = taken.sorted()
        var t = max(now, slots.last ?? now)
        let windows: [(TimeInterval, Int)] = [(60, perMinute), (3600, perHour), (86400, perDay)].filter { $0.1 > 0 }
        for _ in 0..<64 {
            var moved = false
            for (width, limit) in windows {
                let inWindow = slots.filter { $0 > t.addingTimeInterval(-width) && $0 <= t }
                if inWindow.count >= limit {
                    // The oldest slot that must leave the window before t fits.
                    let leaving = inWindow[inWindow.count - limit]
                    t = leaving.addingTimeInterval(width)
                    moved = true
                }
            }
            if !moved { return t }
        }
        return t
    }

    public func slot(_ db: Database, phone: String, now: Date) throws -> Date {
        let taken = try Date.fetchAll(db.cachedStatement(sql: """
            SELECT scheduledAt FROM delivery WHERE templateKey = 'code' AND recipient = ? AND scheduledAt > ?
            """), arguments: [phone, now.addingTimeInterval(-86400)])
        return slot(after: taken, now: now)
    }
}

extension JSONEncoder {
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
