import Foundation
import GRDB

/// The transitions after creation. Each is one conditional UPDATE, so two instances of `payments`
/// running the same sweep never both act on one order.
public enum OrderLifecycle {
    /// Open orders past their expiry, each with whether it reached a provider (the payer was shown
    /// what to pay with), so the provider is asked once more before it expires.
    public static func due(_ db: Database, now: Date, limit: Int = 500) throws -> [(id: String, placed: Bool)] {
        try Row.fetchAll(db.cachedStatement(sql: """
            SELECT id, qrCode IS NOT NULL OR payParams IS NOT NULL AS placed FROM payment_order
            WHERE status = 'open' AND expiresAt <= ? ORDER BY expiresAt LIMIT ?
            """), arguments: [now.timeIntervalSince1970, limit]).map { ($0["id"], $0["placed"]) }
    }

    /// These open orders become `expired` (one that turned paid meanwhile stays paid).
    public static func expire(_ db: Database, ids: [String]) throws {
        for id in ids {
            try db.cachedStatement(sql: "UPDATE payment_order SET status = 'expired' WHERE id = ? AND status = 'open'").execute(arguments: [id])
        }
    }

    /// Expired (or failed debit) orders whose months dues still holds (release is idempotent in dues, so a crash between
    /// releasing and `markReleased` only repeats it).
    public static func pendingReleases(_ db: Database, limit: Int = 100) throws -> [String] {
        try String.fetchAll(db.cachedStatement(sql: "SELECT id FROM payment_order WHERE status IN ('expired', 'failed') AND duesReleased = 0 LIMIT ?"),
                            arguments: [limit])
    }

    public static func markReleased(_ db: Database, id: String) throws {
        try db.cachedStatement(sql: "UPDATE payment_order SET duesReleased = 1 WHERE id = ?").execute(arguments: [id])
    }

    /// Open orders close to expiry with no notification yet, each handed out once: the active query
    /// the providers ask merchants to make.
    public static func claimForQuery(_ db: Database, now: Date, lead: TimeInterval) throws -> [String] {
        let ids = try String.fetchAll(db.cachedStatement(sql: """
            SELECT id FROM payment_order WHERE status = 'open' AND lastQueriedAt IS NULL AND expiresAt <= ?
            """), arguments: [now.timeIntervalSince1970 + lead])
        for id in ids {
            try db.cachedStatement(sql: "UPDATE payment_order SET lastQueriedAt = ? WHERE id = ?").execute(arguments: [now.timeIntervalSince1970, id])
        }
        return ids
    }

    /// Paid orders dues has not confirmed yet (the confirmation is retried until dues answers).
    public static func unconfirmed(_ db: Database, limit: Int = 100) throws -> [String] {
        try String.fetchAll(db.cachedStatement(sql: "SELECT id FROM payment_order WHERE status = 'paid' ORDER BY paidAt LIMIT ?"), arguments: [limit])
    }

    /// Dues marked the months paid.
    @discardableResult
    public static func confirmed(_ db: Database, id: String) throws -> Bool {
        try db.cachedStatement(sql: "UPDATE payment_order SET status = 'confirmed' WHERE id = ? AND status = 'paid'").execute(arguments: [id])
        return db.changesCount == 1
    }

    /// Dues refused the months (paid in cash meanwhile, reservation gone): the money goes back.
    @discardableResult
    public static func refusedByDues(_ db: Database, id: String, code: String) throws -> Bool {
        try db.cachedStatement(sql: "UPDATE payment_order SET status = 'refunding', refusal = ? WHERE id = ? AND status = 'paid'").execute(arguments: [code, id])
        return db.changesCount == 1
    }
}
