import Foundation
import GRDB

public enum RecordOutcome: Equatable, Sendable {
    /// Cursor advanced and inbox row inserted: apply the event in this transaction.
    case applied
    /// Already applied: change nothing.
    case duplicate
    /// Events are missing before this one: fetch from `expected` on, change nothing.
    case gap(expected: Int64)
}

/// What a consumer has applied, per source service, kept in the consumer's own store.
/// Call within the transaction that applies the event, so cursor, inbox and effect commit
/// or roll back together.
public enum ConsumerCursor {
    /// The last applied seq from `source`, 0 when none.
    public static func position(_ db: Database, consumer: String, source: String) throws -> Int64 {
        try Int64.fetchOne(
            db,
            sql: "SELECT position FROM store_cursor WHERE consumer = ? AND source = ?",
            arguments: [consumer, source]) ?? 0
    }

    /// Records that event (source, seq, eventId) is being applied in this transaction.
    public static func record(
        _ db: Database, consumer: String, source: String, seq: Int64, eventId: String
    ) throws -> RecordOutcome {
        let current = try position(db, consumer: consumer, source: source)
        if seq <= current { return .duplicate }
        // The inbox catches a re-sent event under a new seq (e.g. a source restored from backup).
        let seen = try Bool.fetchOne(
            db,
            sql: "SELECT EXISTS (SELECT 1 FROM store_inbox WHERE consumer = ? AND eventId = ?)",
            arguments: [consumer, eventId]) ?? false
        if seen { return .duplicate }
        if seq > current + 1 { return .gap(expected: current + 1) }

        try db.cachedStatement(sql: "INSERT INTO store_inbox (consumer, eventId, appliedAt) VALUES (?, ?, ?)").execute(arguments: [consumer, eventId, Date().storeSeconds])
        try db.cachedStatement(sql: """
                INSERT INTO store_cursor (consumer, source, position) VALUES (?, ?, ?)
                ON CONFLICT (consumer, source) DO UPDATE SET position = excluded.position
                """).execute(arguments: [consumer, source, seq])
        return .applied
    }
}
