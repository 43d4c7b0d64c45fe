import Foundation
import GRDB
import Store
import XCTest

final class MigrationTests: XCTestCase {
    func testStoreIsWALWithForeignKeysAndCreatesParentDirectories() throws {
        let (store, path) = try makeStore(file: "nested/deeper/svc.sqlite")
        XCTAssertTrue(FileManager.default.fileExists(atPath: path))
        try store.readSync { db in
            XCTAssertEqual(try String.fetchOne(db, sql: "PRAGMA journal_mode"), "wal")
            XCTAssertEqual(try Bool.fetchOne(db, sql: "PRAGMA foreign_keys"), true)
        }
    }

    func testReopeningKeepsData() throws {
        let (store, path) = try makeStore()
        try store.writeSync { db in
            try EventLog.append(db, id: "a", type: "t", envelope: Data("x".utf8))
            _ = try ConsumerCursor.record(db, consumer: "c", source: "s", seq: 1, eventId: "e1")
        }
        let reopened = try Store(path: path)
        try reopened.readSync { db in
            XCTAssertEqual(try EventLog.since(db, after: 0, limit: 10).map(\.id), ["a"])
            XCTAssertEqual(try ConsumerCursor.position(db, consumer: "c", source: "s"), 1)
        }
        let next = try reopened.writeSync { try EventLog.append($0, id: "b", type: "t", envelope: Data()) }
        XCTAssertEqual(next.seq, 2)
    }

    func testServiceMigrationRunsAfterSharedOnesAndCanUseThem() throws {
        let (store, path) = try makeStore { migrator in
            migrator.registerMigration("members.v1") { db in
                // Depends on the shared tables existing already.
                try db.execute(sql: """
                    CREATE TABLE member (id TEXT PRIMARY KEY, createdBy INTEGER REFERENCES store_event(seq));
                    INSERT INTO store_lease (name, holder, expiresAt) VALUES ('seeded', 'migration', 1e12);
                    """)
            }
        }
        try store.readSync { db in
            XCTAssertEqual(
                try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid"),
                ["store.v1", "store.v2", "members.v1"])
            XCTAssertEqual(try Lease.holder(db, name: "seeded"), "migration")
        }
        // Foreign keys are enforced for service tables.
        XCTAssertThrowsError(try store.writeSync {
            try $0.execute(sql: "INSERT INTO member (id, createdBy) VALUES ('m1', 99)")
        })

        // Reopening with a later service migration applies only the new one.
        let reopened = try Store(path: path) { migrator in
            migrator.registerMigration("members.v1") { _ in XCTFail("already applied") }
            migrator.registerMigration("members.v2") { db in
                try db.execute(sql: "ALTER TABLE member ADD COLUMN name TEXT")
            }
        }
        try reopened.readSync { db in
            XCTAssertEqual(
                try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid"),
                ["store.v1", "store.v2", "members.v1", "members.v2"])
            XCTAssertTrue(try db.columns(in: "member").map(\.name).contains("name"))
        }
    }
}
