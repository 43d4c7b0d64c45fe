import Crypto
import Foundation
import GRDB
import Schema

/// Idempotency keys with Stripe's semantics, per payer, kept in the shared store so any instance
/// answers a retry: the same key and parameters return the first order; different parameters are
/// refused (422); a duplicate while the first request still runs is refused (409). Each call is one
/// short write transaction; the slow work (dues, the provider) happens between `begin` and `finish`.
public enum IdempotencyKeys {
    public enum Begin: Equatable, Sendable {
        /// This request owns the key: do the work, then `finish` (or `abandon`).
        case started
        /// The key already made this order: answer with it, do nothing again.
        case replay(orderId: String)
    }

    /// Checks the key's shape; the field is named in the error.
    public static func validate(_ key: String, field: String = "body.idempotencyKey") throws {
        guard (1...255).contains(key.utf8.count), key.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw ErrorBody.make(ErrorCode.paymentsIdempotencyKeyInvalid, details: ["field": field])
        }
    }

    /// A digest of the request's parameters in a fixed order (never the key itself).
    public static func fingerprint(_ parts: [String]) -> String {
        let joined = parts.map { "\($0.utf8.count):\($0)" }.joined(separator: "|")
        return SHA256.hash(data: Data(joined.utf8)).lowercaseHex
    }

    /// `staleAfter`: a `running` key older than this belongs to an instance that died mid-request;
    /// it is taken over rather than blocking the payer for ever.
    public static func begin(_ db: Database, payer: String, key: String, fingerprint: String, now: Date,
                             staleAfter: TimeInterval, field: String = "body.idempotencyKey") throws -> Begin {
        try validate(key, field: field)
        guard let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT fingerprint, state, orderId, lockedAt FROM idempotency_key WHERE payerMemberId = ? AND key = ?
            """), arguments: [payer, key]) else {
            try db.cachedStatement(sql: """
                INSERT INTO idempotency_key (payerMemberId, key, fingerprint, state, lockedAt, createdAt)
                VALUES (?, ?, ?, 'running', ?, ?)
                """).execute(arguments: [payer, key, fingerprint, now.timeIntervalSince1970, now.timeIntervalSince1970])
            return .started
        }
        guard (row["fingerprint"] as String) == fingerprint else {
            throw ErrorBody.make(ErrorCode.paymentsIdempotencyMismatch, details: ["field": field])
        }
        if (row["state"] as String) == "done", let orderId = row["orderId"] as String? { return .replay(orderId: orderId) }
        guard (row["lockedAt"] as Double) < now.timeIntervalSince1970 - staleAfter else {
            throw ErrorBody.make(ErrorCode.paymentsRequestInProgress, details: ["field": field])
        }
        try db.cachedStatement(sql: "UPDATE idempotency_key SET lockedAt = ? WHERE payerMemberId = ? AND key = ?").execute(arguments: [now.timeIntervalSince1970, payer, key])
        return .started
    }

    /// When the key's first request began. A request taking over from a dead instance derives what
    /// it sends onwards from this, not from its own clock, so it repeats the first request exactly
    /// (dues remembers the reservation's request, expiry included).
    public static func firstSeen(_ db: Database, payer: String, key: String) throws -> Date? {
        try Double.fetchOne(db.cachedStatement(sql: "SELECT createdAt FROM idempotency_key WHERE payerMemberId = ? AND key = ?"),
                            arguments: [payer, key]).map(Date.init(timeIntervalSince1970:))
    }

    /// The work made `orderId`: later calls with the key replay it. In the transaction that stores the order.
    public static func finish(_ db: Database, payer: String, key: String, orderId: String) throws {
        try db.cachedStatement(sql: "UPDATE idempotency_key SET state = 'done', orderId = ? WHERE payerMemberId = ? AND key = ?").execute(arguments: [orderId, payer, key])
    }

    /// The work failed before anything was made (dues refused, bad input): free the key so a retry runs again.
    public static func abandon(_ db: Database, payer: String, key: String) throws {
        try db.cachedStatement(sql: "DELETE FROM idempotency_key WHERE payerMemberId = ? AND key = ? AND state = 'running'").execute(arguments: [payer, key])
    }

    /// Forgets finished keys older than `retention` (at least 24 h, a setting). Returns how many.
    @discardableResult
    public static func prune(_ db: Database, now: Date, retention: TimeInterval) throws -> Int {
        try db.cachedStatement(sql: "DELETE FROM idempotency_key WHERE state = 'done' AND createdAt < ?").execute(arguments: [now.timeIntervalSince1970 - max(retention, 24 * 3600)])
        return db.changesCount
    }
}
