import Foundation
import GRDB

/// Tables every service's store carries. Migrations here are named "store.*" and registered
/// before the service's own, so a service migration may rely on them.
enum SharedSchema {
    static let eventTable = "store_event"

    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("store.v1") { db in
            // seq is the rowid; assigned as max+1 by EventLog.append, never deleted.
            try db.execute(sql: """
                CREATE TABLE store_event (
                    seq INTEGER PRIMARY KEY,
                    id TEXT NOT NULL UNIQUE,
                    type TEXT NOT NULL,
                    envelope BLOB NOT NULL,
                    createdAt REAL NOT NULL
                );
                CREATE TABLE store_cursor (
                    consumer TEXT NOT NULL,
                    source TEXT NOT NULL,
                    position INTEGER NOT NULL,
                    PRIMARY KEY (consumer, source)
                );
                CREATE TABLE store_inbox (
                    consumer TEXT NOT NULL,
                    eventId TEXT NOT NULL,
                    appliedAt REAL NOT NULL,
                    PRIMARY KEY (consumer, eventId)
                );
                CREATE TABLE store_lease (
                    name TEXT PRIMARY KEY NOT NULL,
                    holder TEXT NOT NULL,
                    expiresAt REAL NOT NULL
                );
                CREATE TABLE store_processed_request (
                    requestId TEXT PRIMARY KEY NOT NULL,
                    type TEXT NOT NULL,
                    reply BLOB NOT NULL,
                    createdAt REAL NOT NULL
                );
                CREATE INDEX store_processed_request_createdAt ON store_processed_request(createdAt);
                """)
        }
        // The body's fingerprint beside its reply: a request id (an HTTP Idempotency-Key) reused
        // for another body is refused instead of answered with the first body's reply.
        migrator.registerMigration("store.v2") { db in
            try db.execute(sql: "ALTER TABLE store_processed_request ADD COLUMN fingerprint TEXT")
        }
    }
}

/// All store times are REAL seconds since 1970 (UTC): exact numeric comparison for lease
/// expiry and pruning, and readable from any language's SQLite client.
extension Date {
    var storeSeconds: Double { timeIntervalSince1970 }

    /// The Date as it reads back from the store, so values we return equal values we fetch.
    var storeRounded: Date { Date(timeIntervalSince1970: timeIntervalSince1970) }
}
