import XCTest
@testable import BrokerCore

/// Request expiry, heartbeats and purging, with an injected clock.
final class TimingTests: XCTestCase {
    // interval 1 s, liveness 5 → purge after 5 s of silence; TTL 10 s.
    let config = BrokerConfig(heartbeatInterval: .seconds(1), liveness: 5, requestTTL: .seconds(10))

    func testQueuedRequestExpiresAfterTTL() {
        var h = Harness(config)
        h.send(f("C1"), Msg.request("nobody", f("q")))
        XCTAssertEqual(h.broker.nextTick(now: h.now), h.start + .seconds(1), "polls at most an interval")
        h.run(until: .milliseconds(9_999))
        XCTAssertEqual(h.broker.stats.queued, 1)
        XCTAssertEqual(h.broker.nextTick(now: h.now), h.start + .seconds(10), "wakes for the expiry")
        h.run(until: .seconds(10))
        XCTAssertEqual(h.broker.stats.queued, 0)
        XCTAssertEqual(h.broker.stats.expired, 1)
        // Gone: a worker arriving now gets nothing.
        XCTAssertEqual(h.send(f("W1"), Msg.ready("nobody")), [])
    }

    func testExpiredRequestIsSkippedWhenWorkerArrivesBeforeTick() {
        var h = Harness(config)
        h.send(f("C1"), Msg.request("svc", f("old")))
        h.now = h.start + .seconds(5)
        h.send(f("C2"), Msg.request("svc", f("new")))
        h.now = h.start + .seconds(11)  // no tick in between
        XCTAssertEqual(h.send(f("W1"), Msg.ready("svc")),
                       [Expect.workerRequest(f("W1"), client: f("C2"), f("new"))])
        XCTAssertEqual(h.broker.stats.expired, 1)
        XCTAssertEqual(h.broker.stats.queued, 0)
    }

    func testOnlyExpiredRequestsAreDroppedFromQueue() {
        var h = Harness(config)
        h.send(f("C1"), Msg.request("svc", f("a")))
        h.run(until: .seconds(4))
        h.send(f("C2"), Msg.request("svc", f("b")))
        h.run(until: .seconds(10))
        XCTAssertEqual(h.broker.stats.expired, 1)
        XCTAssertEqual(h.broker.stats.queued, 1)
        h.run(until: .seconds(14))
        XCTAssertEqual(h.broker.stats.expired, 2)
        XCTAssertEqual(h.broker.stats.queued, 0)
    }

    func testHeartbeatsAreSentAfterTheInterval() {
        var h = Harness(config)
        let a = f("WA"), b = f("WB")
        h.send(a, Msg.ready("svc"))
        h.send(b, Msg.ready("svc"))
        XCTAssertEqual(h.run(until: .milliseconds(500)), [], "nothing due yet")
        let beats = h.run(until: .seconds(1))
        XCTAssertEqual(Set(beats.map(\.peer)), [a, b])
        XCTAssertTrue(beats.allSatisfy { $0.frames == [workerHeader, [0x05]] })
        // Keep the workers alive and count heartbeats over ten more seconds.
        var count = 0
        for second in 2...11 {
            h.send(a, Msg.heartbeat)
            h.send(b, Msg.heartbeat)
            count += h.run(until: .seconds(second)).count
        }
        XCTAssertEqual(count, 20, "one per worker per interval")
    }

    func testNoHeartbeatToWorkerThatWasJustSentARequest() {
        var h = Harness(config)
        let a = f("WA"), b = f("WB")
        h.send(a, Msg.ready("svc"))
        h.send(b, Msg.ready("svc"))
        h.now = h.start + .milliseconds(600)
        XCTAssertEqual(h.send(f("C1"), Msg.request("svc", f("x"))).first?.peer, a)
        XCTAssertEqual(h.run(until: .seconds(1)), [Expect.heartbeat(b)])
        XCTAssertEqual(h.run(until: .milliseconds(1_600)), [Expect.heartbeat(a)])
    }

    func testSilentWorkerIsPurgedAndNoLongerDispatched() {
        var h = Harness(config)
        let w = f("W1")
        h.send(w, Msg.ready("svc"))
        let before = h.run(until: .milliseconds(4_999))
        XCTAssertTrue(before.allSatisfy { $0 == Expect.heartbeat(w) })
        XCTAssertEqual(h.broker.workerCount(service: "svc"), 1)
        let at = h.run(until: .seconds(5))
        XCTAssertEqual(at, [], "no DISCONNECT to a peer considered dead")
        XCTAssertEqual(h.broker.workerCount(service: "svc"), 0)
        XCTAssertEqual(h.broker.stats.purged, 1)
        XCTAssertEqual(h.broker.stats.workers, 0)
        XCTAssertEqual(h.send(f("C1"), Msg.request("svc", f("x"))), [])
        XCTAssertEqual(h.broker.stats.queued, 1)
        XCTAssertEqual(h.run(until: .seconds(8)), [], "no heartbeats to a purged worker")
    }

    func testAnyWorkerMessageRefreshesLiveness() {
        var h = Harness(config)
        let w = f("W1"), c = f("C1")
        h.send(w, Msg.ready("svc"))
        h.run(until: .seconds(4))
        h.send(w, Msg.heartbeat)                       // alive until 9 s
        h.run(until: .seconds(8))
        h.send(c, Msg.request("svc", f("x")))
        h.send(w, Msg.partial(c, f("p")))               // alive until 13 s
        h.run(until: .seconds(12))
        h.send(w, Msg.final(c, f("f")))                 // alive until 17 s
        h.run(until: .milliseconds(16_999))
        XCTAssertEqual(h.broker.workerCount(service: "svc"), 1)
        h.run(until: .seconds(17))
        XCTAssertEqual(h.broker.workerCount(service: "svc"), 0)
    }

    func testBusyWorkerIsPurgedAndItsRequestIsNotResent() {
        var h = Harness(config)
        h.send(f("W1"), Msg.ready("svc"))
        h.send(f("C1"), Msg.request("svc", f("x")))
        h.run(until: .seconds(3))
        h.send(f("W2"), Msg.ready("svc"))
        let out = h.run(until: .seconds(5))
        XCTAssertEqual(h.broker.stats.purged, 1)
        XCTAssertFalse(out.contains { $0.frames.count > 2 }, "the lost request is not resent to W2")
        XCTAssertEqual(h.broker.stats.queued, 0)
    }

    func testNextTickTracksTheEarliestDueWork() {
        var h = Harness(config)
        XCTAssertEqual(h.broker.nextTick(now: h.now), h.start + .seconds(1))
        h.now = h.start + .milliseconds(300)
        h.send(f("W1"), Msg.ready("svc"))
        XCTAssertEqual(h.broker.nextTick(now: h.start + .milliseconds(500)), h.start + .milliseconds(1_300))
    }
}
