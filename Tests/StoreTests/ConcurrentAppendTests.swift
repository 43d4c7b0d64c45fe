import Foundation
import GRDB
import Store
import XCTest

/// Several processes of one service write the same file; each has its own connection pool.
/// Separate Store instances on one file model that (separate SQLite connections and locks).
final class ConcurrentAppendTests: XCTestCase {
    func testConcurrentWritersWithOwnStoresGetAGapFreeStrictlyIncreasingSequence() async throws {
        let writers = 4
        let perWriter = 500
        let path = try temporaryDirectory().appendingPathComponent("shared.sqlite").path
        let stores = try (0..<writers).map { _ in try Store(path: path) }

        let returned = try await withThrowingTaskGroup(of: (Int, [Int64]).self) { group in
            for (w, store) in stores.enumerated() {
                group.addTask {
                    var seqs: [Int64] = []
                    for i in 0..<perWriter {
                        let id = "w\(w)-\(i)"
                        let event = try await store.write {
                            try EventLog.append($0, id: id, type: "t", envelope: envelope(id))
                        }
                        seqs.append(event.seq)
                    }
                    return (w, seqs)
                }
            }
            var byWriter: [Int: [Int64]] = [:]
            for try await (w, seqs) in group { byWriter[w] = seqs }
            return byWriter
        }

        let events = try stores[0].readSync { db in
            var all: [StoredEvent] = []
            while true {
                let page = try EventLog.since(db, after: all.last?.seq ?? 0, limit: 1000)
                if page.isEmpty { return all }
                all += page
            }
        }
        let total = writers * perWriter
        XCTAssertEqual(events.map(\.seq), (1...Int64(total)).map { $0 })
        XCTAssertEqual(Set(events.map(\.id)).count, total, "each id present once")
        XCTAssertEqual(try stores[1].readSync(EventLog.head), Int64(total))

        let seqOfId = Dictionary(uniqueKeysWithValues: events.map { ($0.id, $0.seq) })
        for w in 0..<writers {
            let stored = (0..<perWriter).map { seqOfId["w\(w)-\($0)"] }
            XCTAssertEqual(stored, returned[w]?.map { Optional($0) }, "append returns the committed seq")
            let seqs = stored.compactMap { $0 }
            XCTAssertEqual(seqs.count, perWriter)
            XCTAssertTrue(zip(seqs, seqs.dropFirst()).allSatisfy { $0 < $1 },
                          "writer \(w)'s events are sequenced in the order it wrote them")
        }
    }

    func testManyInstancesOpeningAFreshFileTogetherAllMigrate() async throws {
        let path = try temporaryDirectory().appendingPathComponent("fresh/fresh.sqlite").path
        let instances = 8
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<instances {
                group.addTask {
                    let store = try Store(path: path) { migrator in
                        migrator.registerMigration("svc.v1") { db in
                            try db.execute(sql: "CREATE TABLE svc_thing (id INTEGER PRIMARY KEY)")
                        }
                    }
                    _ = try await store.write { try EventLog.append($0, id: UUID().uuidString, type: "t", envelope: Data()) }
                }
            }
            try await group.waitForAll()
        }
        let store = try Store(path: path)
        XCTAssertEqual(try store.readSync(EventLog.head), Int64(instances))
        let applied = try store.readSync {
            try String.fetchAll($0, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid")
        }
        XCTAssertEqual(applied, ["store.v1", "store.v2", "svc.v1"])
    }
}
