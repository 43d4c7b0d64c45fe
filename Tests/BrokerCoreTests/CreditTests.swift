import XCTest
@testable import BrokerCore

/// The credit extension (WIRE.md, "Credit"): a worker that declares credit N in its READY has up to
/// N requests in flight; dispatch goes to the most free credit, least recently used among equals; a
/// lost credit worker's requests go back in line; a DISCONNECT with requests in flight drains.
final class CreditTests: XCTestCase {
    func ready(_ service: String, credit: String) -> [Frame] { Msg.ready(service) + [f(credit)] }

    func testACreditWorkerGetsUpToItsCreditThenRequestsQueue() {
        var h = Harness()
        h.send(f("W"), ready("echo", credit: "credit=2"))
        XCTAssertEqual(h.send(f("C1"), Msg.request("echo", f("1"))), [Expect.workerRequest(f("W"), client: f("C1"), f("1"))])
        XCTAssertEqual(h.send(f("C2"), Msg.request("echo", f("2"))), [Expect.workerRequest(f("W"), client: f("C2"), f("2"))])
        XCTAssertEqual(h.send(f("C3"), Msg.request("echo", f("3"))), [], "beyond its credit: queued")
        XCTAssertEqual(h.broker.stats.queued, 1)
        XCTAssertEqual(h.broker.stats.inFlight, 2)

        // Replies in any order; each frees one credit, which takes the queued request.
        XCTAssertEqual(h.send(f("W"), Msg.final(f("C2"), f("two"))), [
            Expect.clientFinal(f("C2"), service: "echo", f("two")),
            Expect.workerRequest(f("W"), client: f("C3"), f("3")),
        ])
        XCTAssertEqual(h.send(f("W"), Msg.final(f("C1"), f("one"))), [Expect.clientFinal(f("C1"), service: "echo", f("one"))])
        XCTAssertEqual(h.broker.stats.inFlight, 1)
        XCTAssertEqual(h.broker.stats.queued, 0)
    }

    func testQueuedRequestsFillTheCreditOfAWorkerThatRegistersLate() {
        var h = Harness()
        for index in 1...3 { h.send(f("C\(index)"), Msg.request("echo", f("\(index)"))) }
        let out = h.send(f("W"), ready("echo", credit: "credit=2"))
        XCTAssertEqual(out, [Expect.workerRequest(f("W"), client: f("C1"), f("1")), Expect.workerRequest(f("W"), client: f("C2"), f("2"))])
        XCTAssertEqual(h.broker.stats.queued, 1)
    }

    func testDispatchGoesToTheMostFreeCreditThenTheLeastRecentlyUsed() {
        var h = Harness()
        h.send(f("A"), ready("echo", credit: "credit=3"))
        h.send(f("B"), ready("echo", credit: "credit=1"))
        // A has 3 free, B 1: A, A (now 1 free, used after B registered? B never used: B is older) …
        XCTAssertEqual(h.send(f("C1"), Msg.request("echo", f("1")))[0].peer, f("A"), "3 free beats 1")
        XCTAssertEqual(h.send(f("C2"), Msg.request("echo", f("2")))[0].peer, f("A"), "2 free beats 1")
        XCTAssertEqual(h.send(f("C3"), Msg.request("echo", f("3")))[0].peer, f("B"), "1 each: B was used less recently")
        XCTAssertEqual(h.send(f("C4"), Msg.request("echo", f("4")))[0].peer, f("A"), "B is full")
        XCTAssertEqual(h.send(f("C5"), Msg.request("echo", f("5"))), [], "both full")
    }

    func testAPlainWorkerAndACreditWorkerShareAService() {
        var h = Harness()
        h.send(f("P"), Msg.ready("echo"))
        h.send(f("K"), ready("echo", credit: "credit=2"))
        XCTAssertEqual(h.send(f("C1"), Msg.request("echo", f("1")))[0].peer, f("K"), "2 free beats the plain worker's 1")
        XCTAssertEqual(h.send(f("C2"), Msg.request("echo", f("2")))[0].peer, f("P"), "1 each: the plain one is less recently used")
        XCTAssertEqual(h.send(f("C3"), Msg.request("echo", f("3")))[0].peer, f("K"))
        XCTAssertEqual(h.send(f("C4"), Msg.request("echo", f("4"))), [])
        // The plain worker keeps MDP/0.2's behaviour: after its FINAL it takes the queued request.
        XCTAssertEqual(h.send(f("P"), Msg.final(f("C2"), f("two"))), [
            Expect.clientFinal(f("C2"), service: "echo", f("two")),
            Expect.workerRequest(f("P"), client: f("C4"), f("4")),
        ])
    }

    func testAMalformedCreditFrameIsIgnoredAsAnRFC18BrokerWould() {
        for frame in ["credit=0", "credit=", "credit=abc", "credit=10001", "credits=3", "credit=-1"] {
            var h = Harness()
            h.send(f("W"), ready("echo", credit: frame))
            XCTAssertEqual(h.broker.workerCount(service: "echo"), 1, frame)
            h.send(f("C1"), Msg.request("echo", f("1")))
            XCTAssertEqual(h.send(f("C2"), Msg.request("echo", f("2"))), [], "\(frame): a plain worker, one at a time")
        }
    }

    func testADeadCreditWorkersRequestsGoToAnotherWorkerNoneIsLost() {
        var h = Harness(BrokerConfig(heartbeatInterval: .milliseconds(100), liveness: 3, requestTTL: .seconds(10)))
        h.send(f("Doomed"), ready("echo", credit: "credit=3"))
        for index in 1...3 { h.send(f("C\(index)"), Msg.request("echo", f("\(index)"))) }
        h.send(f("Survivor"), ready("echo", credit: "credit=3"))

        // The doomed worker falls silent; the survivor keeps heartbeating.
        var out: [Outgoing] = []
        for step in 1...5 {
            h.send(f("Survivor"), Msg.heartbeat)
            out += h.run(until: .milliseconds(100 * step))
        }
        let resent = out.filter { $0.peer == f("Survivor") && $0.frames.count > 2 && $0.frames[1] == [0x02] }
        XCTAssertEqual(Set(resent.map { $0.frames[2] }), [f("C1"), f("C2"), f("C3")], "each request it held is retried")
        XCTAssertEqual(h.broker.workerCount(service: "echo"), 1)
        XCTAssertEqual(h.broker.stats.purged, 1)
        XCTAssertEqual(h.broker.stats.inFlight, 3)
        for index in 1...3 {
            XCTAssertEqual(h.send(f("Survivor"), Msg.final(f("C\(index)"), f("ok"))), [Expect.clientFinal(f("C\(index)"), service: "echo", f("ok"))])
        }
    }

    func testADeadCreditWorkersRequestsWaitInTheQueueWithTheirOriginalDeadline() {
        var h = Harness(BrokerConfig(heartbeatInterval: .milliseconds(100), liveness: 3, requestTTL: .seconds(1)))
        h.send(f("Doomed"), ready("echo", credit: "credit=2"))
        h.send(f("C1"), Msg.request("echo", f("1")))
        h.run(until: .milliseconds(500))
        XCTAssertEqual(h.broker.stats.purged, 1)
        XCTAssertEqual(h.broker.stats.queued, 1, "back in line: nobody else to serve it yet")
        // It still expires when its client would have given up (1 s after it arrived), not later.
        h.run(until: .milliseconds(1100))
        XCTAssertEqual(h.broker.stats.queued, 0)
        XCTAssertEqual(h.broker.stats.expired, 1)
    }

    func testAnUnreachableCreditWorkersRequestsAreResentElsewhere() {
        var h = Harness()
        h.send(f("Gone"), ready("echo", credit: "credit=2"))
        let first = h.send(f("C1"), Msg.request("echo", f("1")))[0]
        h.send(f("C2"), Msg.request("echo", f("2")))
        h.send(f("Other"), ready("echo", credit: "credit=2"))
        var out: [Outgoing] = []
        h.broker.undeliverable(first, now: h.now, out: &out)
        XCTAssertEqual(Set(out.map { $0.frames[2] }), [f("C1"), f("C2")])
        XCTAssertTrue(out.allSatisfy { $0.peer == f("Other") })
        XCTAssertEqual(h.broker.workerCount(service: "echo"), 1)
    }

    func testDisconnectWithRequestsInFlightDrainsTheWorker() {
        var h = Harness()
        h.send(f("W"), ready("echo", credit: "credit=2"))
        h.send(f("C1"), Msg.request("echo", f("1")))
        XCTAssertEqual(h.send(f("W"), Msg.disconnect), [])
        XCTAssertEqual(h.send(f("C2"), Msg.request("echo", f("2"))), [], "a draining worker gets nothing new")
        XCTAssertEqual(h.send(f("W"), Msg.final(f("C1"), f("one"))), [Expect.clientFinal(f("C1"), service: "echo", f("one"))],
                       "its reply is still delivered")
        XCTAssertEqual(h.broker.workerCount(service: "echo"), 0, "then it is forgotten")
        XCTAssertEqual(h.broker.stats.queued, 1)
    }

    func testAReplyForARequestItDoesNotServeGetsTheWorkerDisconnected() {
        var h = Harness()
        h.send(f("W"), ready("echo", credit: "credit=2"))
        h.send(f("C1"), Msg.request("echo", f("1")))
        XCTAssertEqual(h.send(f("W"), Msg.final(f("Stranger"), f("x"))), [Expect.disconnect(f("W"))])
        XCTAssertEqual(h.broker.workerCount(service: "echo"), 0)
    }
}
