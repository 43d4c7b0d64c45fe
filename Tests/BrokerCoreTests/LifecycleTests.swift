import XCTest
@testable import BrokerCore

/// Shutdown, and dead workers left in the waiting list (lazy deletion).
final class LifecycleTests: XCTestCase {
    func testShutdownDisconnectsEveryWorker() {
        var h = Harness()
        let workers = (1...4).map { f("W\($0)") }
        for (i, w) in workers.enumerated() { h.send(w, Msg.ready(i % 2 == 0 ? "a" : "b")) }
        h.send(f("C1"), Msg.request("a", f("x")))  // one busy
        var out: [Outgoing] = []
        h.broker.shutdown(out: &out)
        XCTAssertEqual(out.count, 4)
        XCTAssertEqual(Set(out.map(\.peer)), Set(workers))
        XCTAssertTrue(out.allSatisfy { $0.frames == [workerHeader, [0x06]] })
        XCTAssertEqual(h.broker.stats.workers, 0)
        XCTAssertEqual(h.broker.stats.disconnectsSent, 4)
        XCTAssertEqual(h.run(until: .seconds(3)), [], "nothing more to forgotten workers")
    }

    func testReadyAfterShutdownIsSentAway() {
        var h = Harness()
        var out: [Outgoing] = []
        h.broker.shutdown(out: &out)
        XCTAssertEqual(h.send(f("W1"), Msg.ready("svc")), [Expect.disconnect(f("W1"))])
        XCTAssertEqual(h.broker.workerCount(service: "svc"), 0)
    }

    func testDeadWorkerInWaitingListIsSkipped() {
        var h = Harness()
        let a = f("WA"), b = f("WB"), c = f("WC")
        for w in [a, b, c] { h.send(w, Msg.ready("svc")) }
        h.send(a, Msg.disconnect)          // front of the list, gone
        h.send(b, Msg.ready("svc"))        // unexpected: disconnected and forgotten
        XCTAssertEqual(h.send(f("C1"), Msg.request("svc", f("x"))),
                       [Expect.workerRequest(c, client: f("C1"), f("x"))])
        XCTAssertEqual(h.send(f("C2"), Msg.request("svc", f("y"))), [])
        XCTAssertEqual(h.broker.stats.queued, 1)
    }

    func testReRegisteredWorkerKeepsItsNewPlaceInTheWaitingList() {
        var h = Harness()
        let w1 = f("W1"), w2 = f("W2")
        h.send(f("W0"), Msg.ready("svc"))
        h.send(f("C0"), Msg.request("svc", f("busy")))  // keeps the service entry alive
        h.send(w1, Msg.ready("svc"))
        h.send(w1, Msg.disconnect)
        h.send(w2, Msg.ready("svc"))
        h.send(w1, Msg.ready("svc"))  // same identity again: its old, earlier entry is dead
        XCTAssertEqual(h.send(f("C1"), Msg.request("svc", f("x"))).first?.peer, w2, "W2 waited longer")
        XCTAssertEqual(h.send(f("C2"), Msg.request("svc", f("y"))).first?.peer, w1)
        XCTAssertEqual(h.send(f("C3"), Msg.request("svc", f("z"))), [], "not dispatched twice to one worker")
    }

    func testWaitingListStaysBoundedUnderWorkerChurn() {
        var h = Harness()
        h.send(f("keeper"), Msg.ready("svc"))
        for i in 0..<10_000 {
            let w = f("W\(i)")
            h.send(w, Msg.ready("svc"))
            h.send(w, Msg.disconnect)
        }
        let service = h.broker.services[BytesKey(f("svc"))]!
        XCTAssertEqual(service.waitingLive, 1)
        XCTAssertLessThanOrEqual(service.waiting.count, 2 * service.waitingLive + 17)
        XCTAssertEqual(h.send(f("C1"), Msg.request("svc", f("x"))).first?.peer, f("keeper"))
    }

    func testUnusedServicesAreNotKept() {
        var h = Harness(BrokerConfig(requestTTL: .seconds(2)))
        for i in 0..<100 { h.send(f("C1"), Msg.request("random-\(i)", f("x"))) }
        h.send(f("W1"), Msg.ready("svc"))
        h.send(f("W1"), Msg.disconnect)
        h.run(until: .seconds(3))
        XCTAssertEqual(h.broker.stats.expired, 100)
        XCTAssertTrue(h.broker.services.isEmpty)
    }
}
