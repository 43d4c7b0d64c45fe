import Foundation
import GRDB

/// The transitions after creation. Each is one conditional UPDATE, so two instances of `payments`
/// running the same sweep never both act on one order.
public enum OrderLifecycle {
    /// Open orders past their expiry become `expired`; returns their ids.
    public static func expireDue(_ db: Database, now: Date) throws -> [String] {
        let ids = try String.fetchAll(db, sql: "SELECT id FROM payment_order WHERE status = 'open' AND expiresAt <= ?",
                                      arguments: [now.timeIntervalSince1970])
        for id in ids {
            try db.execute(sql: "UPDATE payment_order SET status = 'expired' WHERE id = ? AND status = 'open'", arguments: [id])
        }
        return ids
    }

    /// Expired (or failed debit) orders whose months dues still holds (release is idempotent in dues, so a crash between
    /// releasing and `markReleased` only repeats it).
    public static func pendingReleases(_ db: Database, limit: Int = 100) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT id FROM payment_order WHERE status IN ('expired', 'failed') AND duesReleased = 0 LIMIT ?",
                            arguments: [limit])
    }

    public static func markReleased(_ db: Database, id: String) throws {
        try db.execute(sql: "UPDATE payment_order SET duesReleased = 1 WHERE id = ?", arguments: [id])
    }

    /// Open orders close to expiry with no notification yet, each handed out once: the active query
    /// the providers ask merchants to make.
    public static func claimForQuery(_ db: Database, now: Date, lead: TimeInterval) throws -> [String] {
        let ids = try String.fetchAll(db, sql: """
            SELECT id FROM payment_order WHERE status = 'open' AND lastQueriedAt IS NULL AND expiresAt <= ?
            """, arguments: [now.timeIntervalSince1970 + lead])
        for id in ids {
            try db.execute(sql: "UPDATE payment_order SET lastQueriedAt = ? WHERE id = ?", arguments: [now.timeIntervalSince1970, id])
        }
        return ids
    }

    /// Paid orders dues has not confirmed yet (the confirmation is retried until dues answers).
    public static func unconfirmed(_ db: Database, limit: Int = 100) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT id FROM payment_order WHERE status = 'paid' ORDER BY paidAt LIMIT ?", arguments: [limit])
    }

    /// Dues marked the months paid.
    @discardableResult
    public static func confirmed(_ db: Database, id: String) throws -> Bool {
        try db.execute(sql: "UPDATE payment_order SET status = 'confirmed' WHERE id = ? AND status = 'paid'", arguments: [id])
        return db.changesCount == 1
    }

    /// Dues refused the months (paid in cash meanwhile, reservation gone): the money goes back.
    @discardableResult
    public static func refusedByDues(_ db: Database, id: String, code: String) throws -> Bool {
        try db.execute(sql: "UPDATE payment_order SET status = 'refunding', refusal = ? WHERE id = ? AND status = 'paid'",
                       arguments: [code, id])
        return db.changesCount == 1
    }
}
