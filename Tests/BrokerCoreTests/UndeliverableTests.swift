import XCTest
@testable import BrokerCore

/// Sends the socket loop reports as failed (peer gone, pipe full): the worker is
/// forgotten at once and a REQUEST it never got is served by another.
final class UndeliverableTests: XCTestCase {
    let client = f("C1")
    let dead = f("W-dead")
    let alive = f("W-alive")

    /// Reports `message` undeliverable at the harness's instant; returns what is sent instead.
    func report(_ h: inout Harness, _ message: Outgoing) -> [Outgoing] {
        var out: [Outgoing] = []
        h.broker.undeliverable(message, now: h.now, out: &out)
        return out
    }

    func testRequestToDeadWorkerGoesToNextWaitingWorker() {
        var h = Harness()
        h.send(dead, Msg.ready("echo"))
        h.send(alive, Msg.ready("echo"))
        let body: [Frame] = [f("a"), [], [0x00, 0xFF], f("d")]
        let sent = h.send(client, [clientHeader, [0x01], f("echo")] + body)
        XCTAssertEqual(sent, [Outgoing(peer: dead, frames: [workerHeader, [0x02], client, []] + body)])

        let redispatched = report(&h, sent[0])
        // Same client address and body frames, to the other worker; no DISCONNECT to the dead one.
        XCTAssertEqual(redispatched, [Outgoing(peer: alive, frames: [workerHeader, [0x02], client, []] + body)])
        XCTAssertEqual(h.broker.stats.workers, 1)
        XCTAssertEqual(h.broker.workerCount(service: "echo"), 1)
        XCTAssertEqual(h.broker.stats.undeliverable, 1)
        XCTAssertEqual(h.broker.stats.disconnectsSent, 0)
        XCTAssertEqual(h.broker.stats.purged, 0)
        XCTAssertEqual(h.broker.stats.requests, 1, "a re-dispatch is not a new request")
        XCTAssertEqual(h.broker.stats.queued, 0)

        XCTAssertEqual(h.send(alive, Msg.final(client, f("A"))), [Expect.clientFinal(client, service: "echo", f("A"))])
        XCTAssertEqual(h.broker.stats.requests, 1)
        XCTAssertEqual(h.broker.stats.replies, 1)
    }

    func testDeadWorkerIsNoLongerDispatchedTo() {
        var h = Harness()
        h.send(dead, Msg.ready("svc"))
        h.send(alive, Msg.ready("svc"))
        let first = h.send(client, Msg.request("svc", f("1")))
        XCTAssertEqual(report(&h, first[0]).first?.peer, alive)
        h.send(alive, Msg.final(client, f("ok")))
        // Only the live worker is left, for every later request.
        for i in 2...4 {
            let c = f("C\(i)")
            XCTAssertEqual(h.send(c, Msg.request("svc", f("\(i)"))), [Expect.workerRequest(alive, client: c, f("\(i)"))])
            h.send(alive, Msg.final(c, f("ok")))
        }
        // A late message from the dead identity is a stranger's: told to go away.
        XCTAssertEqual(h.send(dead, Msg.heartbeat), [Expect.disconnect(dead)])
        XCTAssertEqual(h.broker.stats.requests, 4)
        XCTAssertEqual(h.broker.stats.replies, 4)
    }

    func testWithoutAnotherWorkerTheRequestWaitsAtTheHeadForTheNextReady() {
        var h = Harness()
        h.send(dead, Msg.ready("svc"))
        let sent = h.send(client, Msg.request("svc", f("first")))
        h.now = h.start + .milliseconds(100)
        XCTAssertEqual(h.send(f("C2"), Msg.request("svc", f("second"))), [], "the only worker is busy: queued")

        XCTAssertEqual(report(&h, sent[0]), [], "no worker to take it: queued")
        XCTAssertEqual(h.broker.stats.workers, 0)
        XCTAssertEqual(h.broker.stats.queued, 2)

        // The re-queued request arrived first, so it is served first.
        let w = f("W-new")
        XCTAssertEqual(h.send(w, Msg.ready("svc")), [Expect.workerRequest(w, client: client, f("first"))])
        XCTAssertEqual(h.send(w, Msg.final(client, f("1"))), [
            Expect.clientFinal(client, service: "svc", f("1")),
            Expect.workerRequest(w, client: f("C2"), f("second")),
        ])
        h.send(w, Msg.final(f("C2"), f("2")))
        XCTAssertEqual(h.broker.stats.requests, 2)
        XCTAssertEqual(h.broker.stats.replies, 2)
        XCTAssertEqual(h.broker.stats.queued, 0)
    }

    func testRequeuedBeforeARequestQueuedAtTheSameInstant() {
        var h = Harness()
        h.send(dead, Msg.ready("svc"))
        let sent = h.send(client, Msg.request("svc", f("first")))
        h.send(f("C2"), Msg.request("svc", f("second")))
        _ = report(&h, sent[0])
        let w = f("W-new")
        XCTAssertEqual(h.send(w, Msg.ready("svc")), [Expect.workerRequest(w, client: client, f("first"))])
    }

    func testRequeuedRequestsKeepTheirArrivalOrder() {
        var h = Harness()
        h.send(f("WA"), Msg.ready("svc"))
        h.send(f("WB"), Msg.ready("svc"))
        let toA = h.send(f("C1"), Msg.request("svc", f("1")))
        h.now = h.start + .milliseconds(10)
        let toB = h.send(f("C2"), Msg.request("svc", f("2")))
        h.now = h.start + .milliseconds(20)
        h.send(f("C3"), Msg.request("svc", f("3")))
        // Failures reported in the opposite order still leave 1, 2, 3.
        XCTAssertEqual(report(&h, toB[0]), [])
        XCTAssertEqual(report(&h, toA[0]), [])
        let w = f("W-new")
        var served = h.send(w, Msg.ready("svc"))
        served += h.send(w, Msg.final(f("C1"), f("ok")))
        served += h.send(w, Msg.final(f("C2"), f("ok")))
        XCTAssertEqual(served.filter { $0.peer == w }, [
            Expect.workerRequest(w, client: f("C1"), f("1")),
            Expect.workerRequest(w, client: f("C2"), f("2")),
            Expect.workerRequest(w, client: f("C3"), f("3")),
        ])
    }

    /// TTL runs from the client's original REQUEST, not from the failed delivery.
    func testRequeuedRequestKeepsItsOriginalDeadline() {
        var h = Harness(BrokerConfig(heartbeatInterval: .seconds(1), liveness: 100, requestTTL: .seconds(3)))
        h.send(client, Msg.request("svc", f("x")))  // queued at 0 s: expires at 3 s
        h.run(until: .seconds(2))
        let sent = h.send(dead, Msg.ready("svc"))
        XCTAssertEqual(sent, [Expect.workerRequest(dead, client: client, f("x"))])
        XCTAssertEqual(report(&h, sent[0]), [])
        XCTAssertEqual(h.broker.stats.queued, 1)
        h.run(until: .milliseconds(2999))
        XCTAssertEqual(h.broker.stats.queued, 1)
        h.run(until: .seconds(3))
        XCTAssertEqual(h.broker.stats.queued, 0)
        XCTAssertEqual(h.broker.stats.expired, 1)
        XCTAssertEqual(h.send(f("W-new"), Msg.ready("svc")), [])
    }

    func testAlreadyExpiredRequestIsDroppedNotRequeued() {
        var h = Harness(BrokerConfig(heartbeatInterval: .seconds(1), liveness: 100, requestTTL: .seconds(3)))
        h.send(dead, Msg.ready("svc"))
        h.send(alive, Msg.ready("svc"))
        let sent = h.send(client, Msg.request("svc", f("x")))
        h.now = h.start + .seconds(3)  // reported only after its client gave up
        XCTAssertEqual(report(&h, sent[0]), [])
        XCTAssertEqual(h.broker.stats.expired, 1)
        XCTAssertEqual(h.broker.stats.queued, 0)
        XCTAssertEqual(h.send(f("C2"), Msg.request("svc", f("y"))), [Expect.workerRequest(alive, client: f("C2"), f("y"))])
    }

    func testRedispatchToAnotherDeadWorkerEndsWhenWorkersRunOut() {
        var h = Harness()
        let workers = (1...3).map { f("W\($0)") }
        for w in workers { h.send(w, Msg.ready("svc")) }
        var pending = h.send(client, Msg.request("svc", f("x")))
        var reported = 0
        // As the socket loop does when every worker is dead: report each failure in turn.
        while !pending.isEmpty {
            let message = pending.removeFirst()
            pending += report(&h, message)
            reported += 1
        }
        XCTAssertEqual(reported, 3)
        XCTAssertEqual(h.broker.stats.workers, 0)
        XCTAssertEqual(h.broker.stats.undeliverable, 3)
        XCTAssertEqual(h.broker.stats.queued, 1)
        XCTAssertEqual(h.broker.stats.requests, 1)
    }

    func testUndeliverableFinalToClientOnlyCounts() {
        var h = Harness()
        h.send(alive, Msg.ready("echo"))
        h.send(client, Msg.request("echo", f("x")))
        let reply = h.send(alive, Msg.final(client, f("X")))
        let before = h.broker.stats
        XCTAssertEqual(report(&h, reply[0]), [])
        var expected = before
        expected.undeliverable += 1
        XCTAssertEqual(h.broker.stats, expected)
        XCTAssertEqual(h.send(f("C2"), Msg.request("echo", f("y"))), [Expect.workerRequest(alive, client: f("C2"), f("y"))])
    }

    func testUndeliverableToUnknownPeerOnlyCounts() {
        var h = Harness()
        h.send(alive, Msg.ready("echo"))
        let before = h.broker.stats
        XCTAssertEqual(report(&h, Expect.disconnect(f("gone"))), [])
        XCTAssertEqual(h.broker.stats.undeliverable, before.undeliverable + 1)
        XCTAssertEqual(h.broker.stats.workers, 1)
    }

    func testUndeliverableHeartbeatForgetsWaitingWorkerWithoutDisconnect() {
        var h = Harness()
        h.send(dead, Msg.ready("svc"))
        XCTAssertEqual(report(&h, Expect.heartbeat(dead)), [])
        XCTAssertEqual(h.broker.stats.workers, 0)
        XCTAssertEqual(h.broker.stats.disconnectsSent, 0)
        XCTAssertEqual(h.send(client, Msg.request("svc", f("x"))), [], "queued, not sent to the dead worker")
        XCTAssertEqual(h.broker.stats.queued, 1)
    }

    /// A busy worker whose heartbeat fails is forgotten, but its reply, should it
    /// still come (pipe full, not dead), reaches the client as after a purge.
    func testUndeliverableHeartbeatToBusyWorkerKeepsItsReplyDeliverable() {
        var h = Harness()
        h.send(dead, Msg.ready("svc"))
        h.send(client, Msg.request("svc", f("x")))
        XCTAssertEqual(report(&h, Expect.heartbeat(dead)), [])
        XCTAssertEqual(h.broker.stats.workers, 0)
        XCTAssertEqual(h.broker.stats.queued, 0, "delivered before: not re-queued")
        XCTAssertEqual(h.send(dead, Msg.final(client, f("late"))), [
            Expect.clientFinal(client, service: "svc", f("late")),
            Expect.disconnect(dead),
        ])
    }

    func testRingBufferInsertKeepsOrderAcrossWrapAround() {
        var ring = RingBuffer<Int>()
        for i in 0..<14 { ring.append(i) }
        for _ in 0..<10 { _ = ring.popFirst() }  // head near the end of 16 slots
        for i in 14..<20 { ring.append(i) }       // wraps
        ring.insert(100, at: 0)
        ring.insert(200, at: 3)
        ring.insert(300, at: ring.count)
        XCTAssertEqual(Array(ring), [100, 10, 11, 200, 12, 13, 14, 15, 16, 17, 18, 19, 300])
        XCTAssertEqual(ring.firstOffset { $0 >= 200 }, 3)
        XCTAssertEqual(ring.firstOffset { $0 == 12 }, 4)
        XCTAssertEqual(ring.firstOffset { $0 < 0 }, ring.count)
        for i in 0..<30 { ring.insert(i, at: 1) }  // grows while inserting
        XCTAssertEqual(ring.count, 43)
        XCTAssertEqual(ring.first, 100)
    }
}
