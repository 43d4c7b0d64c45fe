import XCTest
@testable import BrokerCore

/// Many cycles through the hot path keep the books straight (no timing assertions).
final class ThroughputConsistencyTests: XCTestCase {
    func testHundredThousandCyclesThroughEightWorkers() {
        var broker = BrokerCore()
        var now = ContinuousClock.now
        let workers = (0..<8).map { f("worker-\($0)") }
        let clients = (0..<32).map { f("client-\($0)") }
        let total = 100_000
        var out: [Outgoing] = []
        for w in workers { broker.receive(from: w, frames: Msg.ready("echo"), now: now, out: &out) }
        XCTAssertEqual(out, [])

        var sent = 0, received = 0
        var pending: [Outgoing] = []        // requests handed to workers, not yet answered
        var pendingHead = 0
        var servedBy: [Frame: Int] = [:]
        func request(from client: Frame) {
            broker.receive(from: client, frames: Msg.request("echo", f("req-\(sent)")), now: now, out: &out)
            sent += 1
        }
        func route() {
            for message in out {
                if message.frames[0] == workerHeader {
                    pending.append(message)
                } else {
                    XCTAssertEqual(message.frames[1], [0x03])
                    received += 1
                    if sent < total { request(from: message.peer) }
                }
            }
        }
        // More clients than workers, so requests also pass through the queue.
        for c in clients {
            out.removeAll(keepingCapacity: true)
            request(from: c)
            route()
        }
        while pendingHead < pending.count {
            let job = pending[pendingHead]
            pendingHead += 1
            servedBy[job.peer, default: 0] += 1
            let client = job.frames[2]
            now += .microseconds(1)
            out.removeAll(keepingCapacity: true)
            // Echo the body back, uppercased marker to show it came from the worker.
            broker.receive(from: job.peer, frames: Msg.final(client, job.frames[4] + f("!")), now: now, out: &out)
            XCTAssertEqual(out.first?.peer, client)
            XCTAssertEqual(out.first?.frames.last, job.frames[4] + f("!"))
            route()
        }

        let stats = broker.stats
        XCTAssertEqual(sent, total)
        XCTAssertEqual(received, total)
        XCTAssertEqual(stats.requests, total)
        XCTAssertEqual(stats.replies, total)
        XCTAssertEqual(stats.queued, 0)
        XCTAssertEqual(stats.workers, 8)
        XCTAssertEqual(stats.expired + stats.dropped + stats.purged + stats.disconnectsSent, 0)
        XCTAssertEqual(Set(servedBy.keys), Set(workers))
        XCTAssertTrue(servedBy.values.allSatisfy { $0 > total / 16 }, "LRU spreads the load: \(servedBy.values)")
        // Every worker is waiting again.
        for i in 0..<8 {
            out.removeAll()
            broker.receive(from: f("late-\(i)"), frames: Msg.request("echo", f("x")), now: now, out: &out)
            XCTAssertEqual(out.count, 1)
        }
    }
}
