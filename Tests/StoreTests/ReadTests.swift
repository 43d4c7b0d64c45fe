import Foundation
import GRDB
import Store
import Synchronization
import XCTest

/// `Store.read` on the Store's own read threads (`ReadThreads`): each read one consistent
/// transaction that sees every committed write, reads side by side, errors thrown to the caller.
final class ReadTests: XCTestCase {
    func migrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("t") { db in try db.execute(sql: "CREATE TABLE t (n INTEGER NOT NULL)") }
    }

    func testAReadSeesEveryWriteCommittedBeforeItAndNothingLater() async throws {
        let (store, _) = try makeStore(migrations: migrations)
        for n in 1...3 {
            try await store.write { db in try db.execute(sql: "INSERT INTO t (n) VALUES (?)", arguments: [n]) }
            let sum = try await store.read { db in try Int.fetchOne(db, sql: "SELECT sum(n) FROM t") }
            XCTAssertEqual(sum, n * (n + 1) / 2, "the write just committed is read")
        }
        // A read is one snapshot: a write committed while it runs is not half seen.
        let reading = DispatchSemaphore(value: 0), written = DispatchSemaphore(value: 0)
        let task = Task {
            try await store.read { db -> [Int] in
                let before = try Int.fetchOne(db, sql: "SELECT count(*) FROM t")!
                reading.signal()
                written.wait()
                return [before, try Int.fetchOne(db, sql: "SELECT count(*) FROM t")!]
            }
        }
        reading.wait()
        try store.writeSync { db in try db.execute(sql: "INSERT INTO t (n) VALUES (4)") }
        written.signal()
        let counts = try await task.value
        XCTAssertEqual(counts, [3, 3], "the read's snapshot holds for its whole transaction")
        let after = try await store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM t") }
        XCTAssertEqual(after, 4)
    }

    func testReadsRunSideBySide() async throws {
        let (store, _) = try makeStore(migrations: migrations)
        // Two reads that each wait for the other to have started: both finish only if they overlap.
        let started = [DispatchSemaphore(value: 0), DispatchSemaphore(value: 0)]
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<2 {
                group.addTask {
                    try await store.read { _ in
                        started[index].signal()
                        return started[1 - index].wait(timeout: .now() + 5) == .success
                    }
                }
            }
            for try await overlapped in group { XCTAssertTrue(overlapped, "a read waited alone for 5 s") }
        }
    }

    func testReadsSeeASchemaChangedByAnotherProcess() async throws {
        let (store, path) = try makeStore(migrations: migrations)
        // Every read thread caches the table's columns (20 reads over a few threads)...
        for _ in 0..<20 {
            let columns = try await store.read { db in try db.columns(in: "t").map(\.name) }
            XCTAssertEqual(columns, ["n"])
        }
        // ...then another process's Store migrates the file.
        try Store(path: path).writeSync { db in try db.execute(sql: "ALTER TABLE t ADD COLUMN m TEXT") }
        for _ in 0..<20 {
            let columns = try await store.read { db in try db.columns(in: "t").map(\.name) }
            XCTAssertEqual(columns, ["n", "m"], "a read thread kept the schema it had cached")
        }
    }

    func testAReadsErrorIsThrownAndTheThreadsGoOnServing() async throws {
        let (store, _) = try makeStore(migrations: migrations)
        do {
            _ = try await store.read { db in try Int.fetchOne(db, sql: "SELECT * FROM missing") }
            XCTFail("the read of a missing table succeeded")
        } catch let error as DatabaseError {
            XCTAssertEqual(error.resultCode, .SQLITE_ERROR)
        }
        do {
            try await store.read { db in try db.execute(sql: "INSERT INTO t (n) VALUES (1)") }
            XCTFail("a read wrote")
        } catch let error as DatabaseError {
            XCTAssertEqual(error.resultCode, .SQLITE_READONLY, "reads use read-only connections")
        }
        let count = try await store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM t") }
        XCTAssertEqual(count, 0)
    }
}
