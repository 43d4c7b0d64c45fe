import Foundation
import GRDB

/// Request de-duplication for workers: a retried request (same envelope id) gets the stored
/// reply instead of being applied twice. Check `reply` and `remember` in the same write
/// transaction as the request's effect.
public enum ProcessedRequests {
    /// The reply stored for `requestId`, nil if it was never processed (or was pruned).
    public static func reply(_ db: Database, requestId: String) throws -> Data? {
        try Data.fetchOne(
            db,
            sql: "SELECT reply FROM store_processed_request WHERE requestId = ?",
            arguments: [requestId])
    }

    /// Stores the reply for `requestId`. A second `remember` of the same id THROWS (a
    /// DatabaseError with SQLITE_CONSTRAINT): the caller's transaction then rolls back, so a
    /// request that slipped past `reply` twice still has its effect applied once.
    public static func remember(
        _ db: Database, requestId: String, type: String, reply: Data, now: Date = Date()
    ) throws {
        try db.execute(
            sql: """
                INSERT INTO store_processed_request (requestId, type, reply, createdAt)
                VALUES (?, ?, ?, ?)
                """,
            arguments: [requestId, type, reply, now.storeSeconds])
    }

    /// Forgets requests remembered before `olderThan`; returns how many.
    public static func prune(_ db: Database, olderThan: Date) throws -> Int {
        try db.execute(
            sql: "DELETE FROM store_processed_request WHERE createdAt < ?",
            arguments: [olderThan.storeSeconds])
        return db.changesCount
    }
}
