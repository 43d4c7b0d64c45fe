import Foundation
import GRDB

/// One entry of the service's durable event log ("outbox").
public struct StoredEvent: Sendable, Equatable, Codable {
    /// Per-service, strictly increasing, contiguous from 1.
    public var seq: Int64
    /// The event envelope's id, unique.
    public var id: String
    public var type: String
    /// The full event envelope as JSON bytes, stored verbatim.
    public var envelope: Data
    public var createdAt: Date

    public init(seq: Int64, id: String, type: String, envelope: Data, createdAt: Date) {
        self.seq = seq
        self.id = id
        self.type = type
        self.envelope = envelope
        self.createdAt = createdAt
    }
}

extension StoredEvent: FetchableRecord {
    public init(row: Row) throws {
        self.init(
            seq: row["seq"],
            id: row["id"],
            type: row["type"],
            envelope: row["envelope"],
            createdAt: Date(timeIntervalSince1970: row["createdAt"]))
    }
}

/// The service's durable event log. Append in the SAME transaction as the state change.
public enum EventLog {
    /// Largest page `since` returns, whatever the caller asks.
    public static let maxLimit = 1000

    /// Appends an event with seq = max(seq)+1. Computing and inserting in one statement keeps
    /// it atomic even outside a transaction; inside Store.write (IMMEDIATE) no other writer
    /// can commit in between, so commit order equals seq order and a rollback leaves no gap.
    @discardableResult
    public static func append(
        _ db: Database, id: String, type: String, envelope: Data, now: Date = Date()
    ) throws -> StoredEvent {
        try db.cachedStatement(sql: """
                INSERT INTO store_event (seq, id, type, envelope, createdAt)
                SELECT COALESCE(MAX(seq), 0) + 1, ?, ?, ?, ? FROM store_event
                """).execute(arguments: [id, type, envelope, now.storeSeconds])
        return StoredEvent(
            seq: db.lastInsertedRowID, id: id, type: type, envelope: envelope,
            createdAt: now.storeRounded)
    }

    /// Events with seq > `after`, ascending, at most `limit` (capped at `maxLimit`).
    public static func since(_ db: Database, after seq: Int64, limit: Int) throws -> [StoredEvent] {
        let limit = min(limit, maxLimit)
        guard limit > 0 else { return [] }
        return try StoredEvent.fetchAll(
            db,
            sql: """
                SELECT seq, id, type, envelope, createdAt FROM store_event
                WHERE seq > ? ORDER BY seq LIMIT ?
                """,
            arguments: [seq, limit])
    }

    /// The last seq, 0 when the log is empty.
    public static func head(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT COALESCE(MAX(seq), 0) FROM store_event")) ?? 0
    }
}
