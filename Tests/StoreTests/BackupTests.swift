import Foundation
import GRDB
import Store
import XCTest

/// `Backup`: the stores and content files copied with their event positions, checked on restore,
/// and a consumer copied ahead of its producer moved back so that it applies the producer's next
/// events (while one it applied before is still refused by its id).
final class BackupTests: XCTestCase {
    /// A data directory with a producer (`alpha`, three events) and a consumer (`beta`) that applied
    /// five of alpha's events: copied after alpha moved on, as a backup of a running platform can be.
    func makeDataDirectory() throws -> URL {
        let data = try temporaryDirectory().appendingPathComponent("data")
        let alpha = try Store(path: data.appendingPathComponent("alpha.sqlite").path)
        try alpha.pool.write { db in
            for i in 1...3 { try EventLog.append(db, id: "e\(i)", type: "alpha.thing", envelope: Data("{}".utf8)) }
        }
        let beta = try Store(path: data.appendingPathComponent("beta.sqlite").path)
        try beta.pool.write { db in
            for i in 1...5 {
                XCTAssertEqual(try ConsumerCursor.record(db, consumer: "beta", source: "alpha", seq: Int64(i), eventId: "e\(i)"), .applied)
            }
        }
        try FileManager.default.createDirectory(at: data.appendingPathComponent("photos"), withIntermediateDirectories: true)
        try Data([0xFF, 0xD8, 0xFF, 0xE0]).write(to: data.appendingPathComponent("photos/ab12.jpg"))
        return data
    }

    func testARestoredConsumerAheadOfItsProducerIsRewoundAndAppliesItsNextEvents() throws {
        let data = try makeDataDirectory()
        let backup = data.deletingLastPathComponent().appendingPathComponent("backup")
        let manifest = try Backup.take(dataDir: data, to: backup)
        XCTAssertEqual(manifest.stores.map(\.name), ["alpha", "beta"])
        XCTAssertEqual(manifest.stores[0].eventHead, 3)
        XCTAssertEqual(manifest.stores[1].cursors, [Backup.Cursor(consumer: "beta", source: "alpha", position: 5)])
        XCTAssertEqual(manifest.files.map(\.path), ["photos/ab12.jpg"])

        let restored = data.deletingLastPathComponent().appendingPathComponent("restored")
        let rewinds = try Backup.restore(from: backup, into: restored)
        XCTAssertEqual(rewinds, [Backup.Rewind(store: "beta", consumer: "beta", source: "alpha", from: 5, to: 3)])
        XCTAssertEqual(try Data(contentsOf: restored.appendingPathComponent("photos/ab12.jpg")), Data([0xFF, 0xD8, 0xFF, 0xE0]))
        let alpha = try Store(path: restored.appendingPathComponent("alpha.sqlite").path)
        let beta = try Store(path: restored.appendingPathComponent("beta.sqlite").path)
        XCTAssertEqual(try alpha.pool.read { db in try EventLog.head(db) }, 3)
        // alpha's next event has seq 4 and a new id: beta applies it. The old fourth event, if it were
        // ever sent again, is still known by its id.
        let next = try alpha.pool.write { db in try EventLog.append(db, id: "n4", type: "alpha.thing", envelope: Data("{}".utf8)) }
        XCTAssertEqual(next.seq, 4)
        try beta.pool.write { db in
            XCTAssertEqual(try ConsumerCursor.record(db, consumer: "beta", source: "alpha", seq: 4, eventId: "e4"), .duplicate)
            XCTAssertEqual(try ConsumerCursor.record(db, consumer: "beta", source: "alpha", seq: 4, eventId: "n4"), .applied)
            XCTAssertEqual(try ConsumerCursor.position(db, consumer: "beta", source: "alpha"), 4)
        }
    }

    func testACorruptBackupOrAnOccupiedDirectoryIsRefusedAndNothingIsWritten() throws {
        let data = try makeDataDirectory()
        let root = data.deletingLastPathComponent()
        let backup = root.appendingPathComponent("backup")
        try Backup.take(dataDir: data, to: backup)
        XCTAssertThrowsError(try Backup.take(dataDir: data, to: backup), "a backup never mixes with another")

        // A store already in the target: refused, the store untouched.
        XCTAssertThrowsError(try Backup.restore(from: backup, into: data))
        XCTAssertEqual(try Store(path: data.appendingPathComponent("alpha.sqlite").path).pool.read { db in try EventLog.head(db) }, 3)

        // One byte changed in the copy: refused before anything is written.
        let copy = backup.appendingPathComponent("alpha.sqlite")
        var bytes = try Data(contentsOf: copy)
        bytes[bytes.count - 1] ^= 0xFF
        try bytes.write(to: copy)
        let target = root.appendingPathComponent("restored")
        XCTAssertThrowsError(try Backup.restore(from: backup, into: target)) { error in
            XCTAssertTrue("\(error)".contains("alpha.sqlite"), "\(error)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: target.path))
    }
}
