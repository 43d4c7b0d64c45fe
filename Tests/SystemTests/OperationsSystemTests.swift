import Bus
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Schema
import XCTest

/// What operators rely on: metrics over HTTP, health, and logs without personal data.
final class OperationsSystemTests: XCTestCase {
    var cluster: Cluster!

    override func setUp() async throws {
        cluster = try Cluster()
    }

    override func tearDown() async throws {
        if let run = testRun, run.failureCount > 0 { print(cluster.logs()) }
        await cluster.shutdown()
    }

    private func metrics(port: Int) async throws -> String {
        let (data, response) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/metrics")!)
        XCTAssertEqual((response as? HTTPURLResponse)?.statusCode, 200)
        return String(decoding: data, as: UTF8.self)
    }

    func testServicesAndBrokerServePrometheusMetricsThatMoveWithTraffic() async throws {
        let brokerPort = Cluster.freePort(), counterPort = Cluster.freePort()
        try cluster.startBroker(extraEnvironment: ["DJ_METRICS_PORT": String(brokerPort)])
        try cluster.startFixture("counter", instance: "counter-1", extraEnvironment: ["DJ_METRICS_PORT": String(counterPort)])
        try await cluster.waitUntilServing("counter")
        let client = try cluster.client(inFlight: 1)
        for _ in 0..<3 { _ = try await client.call("counter.add", Add(amount: 1), as: Added.self) }
        _ = try? await client.call("counter.add", ["wrong": 1], as: Added.self)

        var text = ""
        try await eventually("counter metrics show the requests") {
            text = (try? await self.metrics(port: counterPort)) ?? ""
            return text.contains("requests_total") && text.contains("counter.add")
        }
        let lines = text.split(separator: "\n").filter { $0.hasPrefix("requests_total") && $0.contains("counter.add") }
        XCTAssertTrue(lines.contains { $0.contains(#"outcome="ok""#) && $0.hasSuffix(" 3") }, "\(lines)")
        XCTAssertTrue(lines.contains { $0.contains(#"outcome="error""#) && $0.hasSuffix(" 1") }, "\(lines)")

        try await eventually("broker metrics show the counter's worker") {
            let broker = (try? await self.metrics(port: brokerPort)) ?? ""
            return broker.split(separator: "\n").contains { $0.hasPrefix(#"broker_workers{service="counter"}"#) && !$0.hasSuffix(" 0") }
        }
    }

    func testLogsNeverCarryIDNumbersOrPhoneNumbers() async throws {
        try cluster.startBroker()
        let counter = try cluster.startFixture("counter", instance: "counter-1")
        try await cluster.waitUntilServing("counter")
        let client = try cluster.client(inFlight: 1)
        let id = "11010519491231002X", phone = "13812345678"
        let echoed = try await client.call("counter.echo", Echo(text: "党员 \(id) 电话 \(phone)"), as: Echo.self)
        XCTAssertTrue(echoed.text.contains(id), "the reply itself is not masked; only logs are")

        try await eventually("the echo was logged") { counter.log.contains("党员") }
        let log = counter.log
        XCTAssertFalse(log.contains(id), "no ID number in logs")
        XCTAssertFalse(log.contains(phone), "no phone number in logs")
        XCTAssertTrue(log.contains("1101**********002X"), "masked ID present")
        XCTAssertTrue(log.contains("138****5678"), "masked phone present")
        for line in log.split(separator: "\n") where line.hasPrefix("{") {
            XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(line.utf8)), "every line is JSON: \(line)")
        }
    }
}
