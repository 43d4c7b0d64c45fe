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
    /// Given up: permanent error, too many attempts, or expired.
    case failed
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

    public var templateParams: [String: String] {
        (try? JSONDecoder().decode([String: String].self, from: Data(params.utf8))) ?? [:]
    }
}

/// The delivery jobs: stored before anything is sent, deduplicated by their key, moved through
/// their states in single transactions.
public enum DeliveryQueue {
    /// Stores a job unless one with the same key exists. Returns whether it was new.
    @discardableResult
    public static func enqueue(
        _ db: Database, dedupKey: String, channel: String, recipient: String, templateCode: String,
        params: [String: String], expiresAt: Date? = nil, now: Date
    ) throws -> Bool {
        let encoded = String(decoding: try JSONEncoder.sorted.encode(params), as: UTF8.self)
        try db.execute(sql: """
            INSERT INTO delivery (id, dedupKey, channel, recipient, templateCode, params, state, attempts,
                                  nextAttemptAt, expiresAt, createdAt, updatedAt)
            VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?, ?)
            ON CONFLICT(dedupKey) DO NOTHING
            """, arguments: [UUID().uuidString.lowercased(), dedupKey, channel, recipient, templateCode, encoded,
                             now, expiresAt, now, now])
        return db.changesCount > 0
    }

    /// Takes up to `limit` due jobs for `sender`. Expired ones are failed instead of sent.
    public static func claim(_ db: Database, sender: String, limit: Int, now: Date) throws -> [Delivery] {
        try db.execute(sql: """
            UPDATE delivery SET state = 'failed', lastError = 'expired', updatedAt = ?
            WHERE state = 'pending' AND expiresAt IS NOT NULL AND expiresAt <= ?
            """, arguments: [now, now])
        let due = try Delivery.fetchAll(db, sql: """
            SELECT * FROM delivery WHERE state = 'pending' AND nextAttemptAt <= ? ORDER BY nextAttemptAt LIMIT ?
            """, arguments: [now, limit])
        for job in due {
            try db.execute(sql: """
                UPDATE delivery SET state = 'sending', claimedBy = ?, claimedAt = ?, attempts = attempts + 1, updatedAt = ?
                WHERE id = ?
                """, arguments: [sender, now, now, job.id])
        }
        return due.map { job in
            var job = job
            job.state = .sending
            job.claimedBy = sender
            job.claimedAt = now
            job.attempts += 1
            return job
        }
    }

    public static func markSent(_ db: Database, id: String, providerMessageId: String, now: Date) throws {
        try db.execute(sql: """
            UPDATE delivery SET state = 'sent', providerMessageId = ?, lastError = NULL, updatedAt = ? WHERE id = ?
            """, arguments: [providerMessageId, now, id])
    }

    /// A transient failure: try again later, with exponential back-off and jitter, up to `maxAttempts`.
    public static func retryLater(_ db: Database, id: String, error: String, attempts: Int, policy: RetryPolicy, now: Date) throws {
        if attempts >= policy.maxAttempts {
            return try markFailed(db, id: id, error: "\(error) (after \(attempts) attempts)", now: now)
        }
        try db.execute(sql: """
            UPDATE delivery SET state = 'pending', nextAttemptAt = ?, lastError = ?, claimedBy = NULL, updatedAt = ? WHERE id = ?
            """, arguments: [now.addingTimeInterval(policy.delay(afterAttempt: attempts)), error, now, id])
    }

    public static func markFailed(_ db: Database, id: String, error: String, now: Date) throws {
        try db.execute(sql: "UPDATE delivery SET state = 'failed', lastError = ?, updatedAt = ? WHERE id = ?",
                       arguments: [error, now, id])
    }

    /// Jobs a sender claimed and never finished (it died): their fate at the provider is unknown.
    public static func orphaned(_ db: Database, claimedBefore cutoff: Date, limit: Int) throws -> [Delivery] {
        try Delivery.fetchAll(db, sql: """
            SELECT * FROM delivery WHERE state = 'sending' AND claimedAt < ? ORDER BY claimedAt LIMIT ?
            """, arguments: [cutoff, limit])
    }

    /// An orphan the provider never received goes back to the queue, to be sent once.
    public static func requeue(_ db: Database, id: String, now: Date) throws {
        try db.execute(sql: """
            UPDATE delivery SET state = 'pending', nextAttemptAt = ?, claimedBy = NULL, updatedAt = ? WHERE id = ? AND state = 'sending'
            """, arguments: [now, now, id])
    }

    public static func find(_ db: Database, id: String) throws -> Delivery? {
        try Delivery.fetchOne(db, key: id)
    }
}

public struct RetryPolicy: Sendable {
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

extension JSONEncoder {
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
