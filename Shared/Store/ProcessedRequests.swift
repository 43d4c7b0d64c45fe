import Foundation
import GRDB
import Schema

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

    /// The reply stored for `requestId` when it was made for the same body; a reused id with another
    /// body throws `request.idempotency_mismatch`.
    public static func reply(_ db: Database, requestId: String, fingerprint: String) throws -> Data? {
        guard let row = try Row.fetchOne(
            db, sql: "SELECT reply, fingerprint FROM store_processed_request WHERE requestId = ?", arguments: [requestId])
        else { return nil }
        if let stored: String = row["fingerprint"], stored != fingerprint {
            throw ErrorBody.make(ErrorCode.requestIdempotencyMismatch, details: ["field": "header.Idempotency-Key"])
        }
        return row["reply"]
    }

    public static func remember(_ db: Database, requestId: String, type: String, fingerprint: String, reply: Data,
                                now: Date = Date()) throws {
        try db.cachedStatement(sql: """
                INSERT INTO store_processed_request (requestId, type, reply, createdAt, fingerprint)
                VALUES (?, ?, ?, ?, ?)
                """).execute(arguments: [requestId, type, reply, now.storeSeconds, fingerprint])
    }

    /// A 64-bit FNV-1a of the type and canonical body, in hex: enough to tell two bodies apart,
    /// and no personal data kept.
    public static func fingerprint(type: String, body: Data) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in Array(type.utf8) + [0] + Array(body) {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return String(hash, radix: 16)
    }

    /// Stores the reply for `requestId`. A second `remember` of the same id THROWS (a
    /// DatabaseError with SQLITE_CONSTRAINT): the caller's transaction then rolls back, so a
    /// request that slipped past `reply` twice still has its effect applied once.
    public static func remember(
        _ db: Database, requestId: String, type: String, reply: Data, now: Date = Date()
    ) throws {
        try db.cachedStatement(sql: """
                INSERT INTO store_processed_request (requestId, type, reply, createdAt)
                VALUES (?, ?, ?, ?)
                """).execute(arguments: [requestId, type, reply, now.storeSeconds])
    }

    /// Forgets requests remembered before `olderThan`; returns how many.
    public static func prune(_ db: Database, olderThan: Date) throws -> Int {
        try db.cachedStatement(sql: "DELETE FROM store_processed_request WHERE createdAt < ?").execute(arguments: [olderThan.storeSeconds])
        return db.changesCount
    }
}
