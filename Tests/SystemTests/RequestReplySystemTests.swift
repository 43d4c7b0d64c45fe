import Bus
import Foundation
import GRDB
import Schema
import Synchronization
import XCTest

/// Broker + worker processes + concurrent clients, all real processes and sockets.
final class RequestReplySystemTests: XCTestCase {
    var cluster: Cluster!

    override func setUp() async throws {
        cluster = try Cluster()
    }

    override func tearDown() async throws {
        if let run = testRun, run.failureCount > 0 { print(cluster.logs()) }
        await cluster.shutdown()
    }

    /// Fires `perClient` `counter.add` requests from each client at once; returns who served each.
    private static func hammer(_ clients: [BusClient], perClient: Int, answered: Tally? = nil) async throws -> [String] {
        try await withThrowingTaskGroup(of: [String].self) { group in
            for client in clients {
                group.addTask {
                    try await withThrowingTaskGroup(of: String.self) { inner in
                        for _ in 0..<perClient {
                            inner.addTask {
                                // One id per logical request: retries reuse it, the worker deduplicates.
                                let reply = try await client.call("counter.add", Add(amount: 1), as: Added.self)
                                answered?.increment()
                                return reply.servedBy
                            }
                        }
                        return try await inner.reduce(into: []) { $0.append($1) }
                    }
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
    }

    private func appliedCount() throws -> (total: Int, rows: Int) {
        try cluster.database("counter").read { db in
            (try Int.fetchOne(db, sql: "SELECT total FROM counter_total") ?? -1,
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM counter_applied") ?? -1)
        }
    }

    func testThousandRequestsFromFourClientsAreAllAnsweredAndSharedByBothWorkers() async throws {
        try cluster.startBroker()
        try cluster.startFixture("counter", instance: "worker-a")
        try cluster.startFixture("counter", instance: "worker-b")
        try await cluster.waitUntilServing("counter")
        try await waitUntilAnswering(["worker-a", "worker-b"])

        let clients = try (0..<4).map { _ in try cluster.client(inFlight: 8) }
        let servedBy = try await Self.hammer(clients, perClient: 250)

        XCTAssertEqual(servedBy.count, 1000, "every request answered")
        let shares = Dictionary(grouping: servedBy, by: { $0 }).mapValues(\.count)
        XCTAssertEqual(Set(shares.keys), ["worker-a", "worker-b"], "both workers served a share: \(shares)")
        XCTAssertGreaterThan(shares["worker-a"] ?? 0, 100, "\(shares)")
        XCTAssertGreaterThan(shares["worker-b"] ?? 0, 100, "\(shares)")
        let applied = try appliedCount()
        XCTAssertEqual(applied.total, 1000)
        XCTAssertEqual(applied.rows, 1000)
    }

    func testKillingAWorkerMidRunLosesNoRequestAndAppliesNoneTwice() async throws {
        try cluster.startBroker()
        let doomed = try cluster.startFixture("counter", instance: "worker-doomed")
        try cluster.startFixture("counter", instance: "worker-survivor")
        try await cluster.waitUntilServing("counter")
        try await waitUntilAnswering(["worker-doomed", "worker-survivor"])

        let answered = Tally()
        let clients = try (0..<4).map { _ in try cluster.client(inFlight: 8, timeout: .milliseconds(700), retries: 12) }
        async let servedBy = Self.hammer(clients, perClient: 250, answered: answered)
        try await eventually("a third of the requests answered") { answered.value >= 300 }
        doomed.crash()
        let served = try await servedBy

        XCTAssertEqual(served.count, 1000, "every request answered despite kill -9")
        XCTAssertTrue(served.contains("worker-doomed"), "the killed worker served some before dying")
        let applied = try appliedCount()
        XCTAssertEqual(applied.total, 1000, "each request applied exactly once (retries deduplicated by request id)")
        XCTAssertEqual(applied.rows, 1000)
    }

    func testWorkersReRegisterAfterTheBrokerRestartsAndRequestsSucceedWithinFiveSeconds() async throws {
        let broker = try cluster.startBroker()
        try cluster.startFixture("counter", instance: "worker-a")
        try await cluster.waitUntilServing("counter")
        let client = try cluster.client(inFlight: 1, timeout: .milliseconds(300), retries: 0)
        _ = try await client.call("counter.echo", Echo(text: "before"), as: Echo.self)

        broker.crash()
        try cluster.startBroker(name: "broker-restarted")
        let restartedAt = ContinuousClock.now
        try await eventually("a request succeeds through the new broker", timeout: .seconds(10)) {
            (try? await client.call("counter.echo", Echo(text: "after"), as: Echo.self)) != nil
        }
        let recovery = ContinuousClock.now - restartedAt
        XCTAssertLessThan(recovery, .seconds(5), "workers re-registered on their own in \(recovery)")
    }

    func testBadInputGetsSchemaInvalidNamingTheFieldAndTheWorkerKeepsServing() async throws {
        try cluster.startBroker()
        try cluster.startFixture("counter", instance: "worker-a")
        try await cluster.waitUntilServing("counter")
        let client = try cluster.client(inFlight: 1)

        do {
            _ = try await client.call("counter.add", ["amont": 1], as: Added.self)
            XCTFail("a body without amount must be refused")
        } catch {
            XCTAssertEqual(error.code, "schema.invalid")
            XCTAssertEqual(error.details["field"], "body.amount")
            XCTAssertTrue(error.message.contains("body.amount"))
        }
        let raw = try await client.request(service: "counter", body: [Array("not json".utf8)])
        let header = try Wire.decodeHeader(raw[0])
        XCTAssertEqual(header.error?.code, "schema.invalid")
        XCTAssertEqual(header.error?.details["field"], "$")
        do {
            _ = try await client.call("counter.unknown", Empty(), as: Empty.self)
            XCTFail("an unknown type must be refused")
        } catch {
            XCTAssertEqual(error.code, "bus.unknown_type")
        }
        let total = try await client.call("counter.add", Add(amount: 2), as: Added.self).total
        XCTAssertEqual(total, 2, "nothing of the bad requests was applied, and the worker still serves")
    }

    func testMMIAnswersForRegisteredAndUnknownServices() async throws {
        try cluster.startBroker()
        try cluster.startFixture("counter", instance: "worker-a")
        try await cluster.waitUntilServing("counter")
        let client = try cluster.client(inFlight: 1)
        let known = try await client.request(service: "mmi.service", body: [Array("counter".utf8)])
        let unknown = try await client.request(service: "mmi.service", body: [Array("nobody".utf8)])
        let unsupported = try await client.request(service: "mmi.unknown", body: [Array("counter".utf8)])
        XCTAssertEqual(known, [Array("200".utf8)])
        XCTAssertEqual(unknown, [Array("404".utf8)])
        XCTAssertEqual(unsupported, [Array("501".utf8)])
        let health = try await client.call("counter.health", Empty(), as: Health.Reply.self)
        XCTAssertEqual(health.service, "counter")
        XCTAssertEqual(health.instance, "worker-a")
    }

    /// Both fixture processes have logged that they serve (their sockets sent READY).
    /// MMI only says "some worker"; a process that logged "serving" may not have registered yet
    /// (its READY still on the way), so wait until health replies have come from every instance.
    func waitUntilAnswering(_ instances: Set<String>) async throws {
        let probe = try cluster.client(inFlight: 1)
        let seen = Mutex(Set<String>())
        try await eventually("\(instances.sorted()) answering") {
            for _ in 0..<16 {
                let reply = try await probe.call("counter.health", Empty(), as: Health.Reply.self)
                seen.withLock { _ = $0.insert(reply.instance) }
            }
            return seen.withLock { $0 } == instances
        }
    }
}

/// A counter shared by concurrent tasks.
final class Tally: Sendable {
    private let count = Atomic<Int>(0)
    func increment() { count.add(1, ordering: .relaxed) }
    var value: Int { count.load(ordering: .relaxed) }
}
