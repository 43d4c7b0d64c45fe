import Bus
import Foundation
import GRDB
import Schema
import XCTest

/// SIGTERM: every process exits 0 within 5 s, and a request in flight still gets its reply.
final class ShutdownSystemTests: XCTestCase {
    var cluster: Cluster!

    override func setUp() async throws {
        cluster = try Cluster()
    }

    override func tearDown() async throws {
        if let run = testRun, run.failureCount > 0 { print(cluster.logs()) }
        await cluster.shutdown()
    }

    func testSigtermFinishesTheRequestInFlightAndEveryProcessExitsZeroWithinFiveSeconds() async throws {
        let broker = try cluster.startBroker()
        let counter = try cluster.startFixture("counter", instance: "counter-1")
        let sink = try cluster.startFixture("sink", instance: "sink-1")
        try await cluster.waitUntilServing("counter")
        try await cluster.waitUntilServing("sink")
        let client = try cluster.client(inFlight: 2, timeout: .seconds(10), retries: 0)

        // A slow request is being served when SIGTERM arrives; the worker must finish and answer it.
        async let slow = client.call("counter.slow", Slow(milliseconds: 1500), as: Echo.self)
        try await eventually("the slow request reached the worker", timeout: .seconds(10)) {
            self.counter(counter, logged: "slow request started")
        }
        counter.signal(SIGTERM)
        let reply = try await slow
        XCTAssertEqual(reply.text, "counter-1", "the request in flight was answered")
        let counterStatus = await counter.waitForExit(timeout: .seconds(5))
        XCTAssertEqual(counterStatus, 0, "counter exits 0 within 5 s of SIGTERM")

        sink.signal(SIGTERM)
        let sinkStatus = await sink.waitForExit(timeout: .seconds(5))
        XCTAssertEqual(sinkStatus, 0, "sink exits 0 within 5 s of SIGTERM")

        broker.signal(SIGTERM)
        let brokerStatus = await broker.waitForExit(timeout: .seconds(5))
        XCTAssertEqual(brokerStatus, 0, "broker exits 0 within 5 s of SIGTERM")
    }

    /// With the broker gone, a consumer's steps fail and wait for their timeouts while ticks pile up;
    /// SIGTERM must still end it within 5 s, not after working through every tick it buffered.
    func testAConsumerStopsWithinFiveSecondsEvenWithTheBrokerGone() async throws {
        let broker = try cluster.startBroker()
        try cluster.startFixture("counter", instance: "counter-1")
        let sink = try cluster.startFixture("sink", instance: "sink-1")
        try await cluster.waitUntilServing("counter")
        try await cluster.waitUntilServing("sink")
        broker.crash()
        try await eventually("the sink's steps fail", timeout: .seconds(20)) {
            sink.log.components(separatedBy: "consumer step failed").count - 1 >= 2
        }
        let signalled = ContinuousClock.now
        sink.signal(SIGTERM)
        let status = await sink.waitForExit(timeout: .seconds(5))
        XCTAssertEqual(status, 0, "sink exits 0 within 5 s of SIGTERM (took \(ContinuousClock.now - signalled))")
    }

    private func counter(_ process: ServiceProcess, logged text: String) -> Bool {
        process.log.contains(text)
    }
}
