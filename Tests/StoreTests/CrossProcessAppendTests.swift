import Foundation
import GRDB
import Store
import XCTest

/// Real second OS processes: the test binary re-runs itself with only `testChildWriter`
/// selected, told through the environment which file to write and under which name.
final class CrossProcessAppendTests: XCTestCase {
    static let pathKey = "STORE_TESTS_CHILD_DB"
    static let writerKey = "STORE_TESTS_CHILD_WRITER"
    static let perWriter = 500

    /// Runs only as a child; skipped in a normal test run.
    func testChildWriter() throws {
        let env = ProcessInfo.processInfo.environment
        guard let path = env[Self.pathKey], let writer = env[Self.writerKey] else {
            throw XCTSkip("child writer for CrossProcessAppendTests")
        }
        let store = try Store(path: path)
        for i in 0..<Self.perWriter {
            let id = "\(writer)-\(i)"
            try store.writeSync { try EventLog.append($0, id: id, type: "t", envelope: envelope(id)) }
        }
    }

    func testTwoProcessesAndTwoInProcessStoresShareOneGapFreeSequence() async throws {
        let path = try temporaryDirectory().appendingPathComponent("shared.sqlite").path
        let local = try (0..<2).map { _ in try Store(path: path) }

        let children = ["p0", "p1"].map { name in
            let child = Process()
            child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
            child.arguments = ["StoreTests.CrossProcessAppendTests/testChildWriter"]
            child.environment = ProcessInfo.processInfo.environment
                .merging([Self.pathKey: path, Self.writerKey: name]) { $1 }
            child.standardOutput = FileHandle.nullDevice
            child.standardError = FileHandle.nullDevice
            return child
        }
        let exits = children.map { child in
            AsyncStream<Int32> { continuation in
                child.terminationHandler = { continuation.yield($0.terminationStatus); continuation.finish() }
            }
        }
        for child in children { try child.run() }

        try await withThrowingTaskGroup(of: Void.self) { group in
            for (w, store) in local.enumerated() {
                group.addTask {
                    for i in 0..<Self.perWriter {
                        let id = "l\(w)-\(i)"
                        try await store.write { try EventLog.append($0, id: id, type: "t", envelope: envelope(id)) }
                    }
                }
            }
            try await group.waitForAll()
        }
        for exit in exits {
            var status: Int32?
            for await s in exit { status = s }
            XCTAssertEqual(status, 0, "child writer failed")
        }

        let events = try local[0].readSync { db in
            try StoredEvent.fetchAll(db, sql: "SELECT * FROM store_event ORDER BY seq")
        }
        let writers = ["p0", "p1", "l0", "l1"]
        XCTAssertEqual(events.map(\.seq), (1...Int64(writers.count * Self.perWriter)).map { $0 })
        XCTAssertEqual(Set(events.map(\.id)).count, events.count)
        let seqOfId = Dictionary(uniqueKeysWithValues: events.map { ($0.id, $0.seq) })
        for writer in writers {
            let seqs = (0..<Self.perWriter).compactMap { seqOfId["\(writer)-\($0)"] }
            XCTAssertEqual(seqs.count, Self.perWriter, writer)
            XCTAssertTrue(zip(seqs, seqs.dropFirst()).allSatisfy { $0 < $1 }, writer)
        }
    }
}
