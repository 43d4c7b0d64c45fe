import Bus
import Foundation
import GRDB
import Schema
import XCTest

/// The durable event log end to end: counter publishes, sink consumes, processes die.
final class EventSystemTests: XCTestCase {
    var cluster: Cluster!

    override func setUp() async throws {
        cluster = try Cluster()
    }

    override func tearDown() async throws {
        if let run = testRun, run.failureCount > 0 { print(cluster.logs()) }
        await cluster.shutdown()
    }

    private func sinkCursor() throws -> Int64 {
        guard FileManager.default.fileExists(atPath: cluster.dataDirectory.appendingPathComponent("sink.sqlite").path) else { return 0 }
        return try cluster.database("sink").read { db in
            try Int64.fetchOne(db, sql: "SELECT position FROM store_cursor WHERE consumer = 'sink' AND source = 'counter'") ?? 0
        }
    }

    /// Every event of counter's log applied by sink exactly once, in log order.
    private func assertAppliedExactlyOnceInOrder(expected: Int, file: StaticString = #filePath, line: UInt = #line) throws {
        let published = try cluster.database("counter").read { db in
            try String.fetchAll(db, sql: "SELECT id FROM store_event ORDER BY seq")
        }
        let applied = try cluster.database("sink").read { db in
            try String.fetchAll(db, sql: "SELECT eventId FROM sink_applied ORDER BY rowid")
        }
        XCTAssertEqual(published.count, expected, file: file, line: line)
        XCTAssertEqual(applied.count, expected, "no event lost, none applied twice", file: file, line: line)
        XCTAssertEqual(Set(applied).count, applied.count, "no duplicates", file: file, line: line)
        XCTAssertTrue(applied == published, "applied in the order of the log", file: file, line: line)
    }

    func testTenThousandEventsAppliedExactlyOnceInOrderWhileTheSubscriberIsKilledTwice() async throws {
        try cluster.startBroker()
        try cluster.startFixture("counter", instance: "counter-1")
        var sink = try cluster.startFixture("sink", instance: "sink-1")
        try await cluster.waitUntilServing("counter")
        let client = try cluster.client(inFlight: 1, timeout: .seconds(5), retries: 3)

        for batch in 1...100 {
            _ = try await client.call("counter.emit", Emit(count: 100), as: Emitted.self)
            if batch == 30 || batch == 65 {
                // kill -9 wherever the sink is; it restarts under a new instance name (a new process).
                sink.crash()
                sink = try cluster.startFixture("sink", instance: "sink-\(batch)")
            }
        }
        try await eventually("sink caught up to 10,000", timeout: .seconds(90)) { try self.sinkCursor() == 10_000 }
        try assertAppliedExactlyOnceInOrder(expected: 10_000)
    }

    func testTwoInstancesOfAConsumerApplyEachEventOnceInTotal() async throws {
        try cluster.startBroker()
        try cluster.startFixture("counter", instance: "counter-1")
        try cluster.startFixture("sink", instance: "sink-a")
        try cluster.startFixture("sink", instance: "sink-b")
        try await cluster.waitUntilServing("counter")
        try await cluster.waitUntilServing("sink")
        let client = try cluster.client(inFlight: 1, timeout: .seconds(5), retries: 3)
        for _ in 0..<20 { _ = try await client.call("counter.emit", Emit(count: 100), as: Emitted.self) }

        try await eventually("sinks caught up to 2,000", timeout: .seconds(60)) { try self.sinkCursor() == 2_000 }
        try assertAppliedExactlyOnceInOrder(expected: 2_000)
    }
}
