import Foundation
import GRDB

/// A consumer lease: among several instances of one service sharing the store, only the
/// holder applies events. A lease is a row with an expiry; an instance that dies simply
/// stops renewing and another takes over after `ttl`.
public enum Lease {
    /// Takes or renews the named lease for `holder` if it is free, expired, or already ours.
    /// Returns true if held after the call. `ttl` should be positive.
    public static func acquire(
        _ db: Database, name: String, holder: String, ttl: TimeInterval, now: Date = Date()
    ) throws -> Bool {
        // One upsert, so check-and-take is atomic even outside an IMMEDIATE transaction.
        try db.cachedStatement(sql: """
                INSERT INTO store_lease (name, holder, expiresAt) VALUES (?, ?, ?)
                ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expiresAt = excluded.expiresAt
                WHERE store_lease.holder = excluded.holder OR store_lease.expiresAt <= ?
                """).execute(arguments: [name, holder, now.storeSeconds + ttl, now.storeSeconds])
        return db.changesCount > 0
    }

    /// Gives the lease up if `holder` has it; does nothing otherwise.
    public static func release(_ db: Database, name: String, holder: String) throws {
        try db.cachedStatement(sql: "DELETE FROM store_lease WHERE name = ? AND holder = ?").execute(arguments: [name, holder])
    }

    /// The current holder, nil if free or expired.
    public static func holder(_ db: Database, name: String, now: Date = Date()) throws -> String? {
        try String.fetchOne(
            db,
            sql: "SELECT holder FROM store_lease WHERE name = ? AND expiresAt > ?",
            arguments: [name, now.storeSeconds])
    }
}
