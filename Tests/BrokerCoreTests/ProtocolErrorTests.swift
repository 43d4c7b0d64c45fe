import XCTest
@testable import BrokerCore

/// Valid-but-unexpected commands (DISCONNECT and forget) and invalid messages (drop and count).
final class ProtocolErrorTests: XCTestCase {
    let w = f("W1"), c = f("C1")

    func testWorkerDisconnectRemovesIt() {
        var h = Harness()
        h.send(w, Msg.ready("svc"))
        XCTAssertEqual(h.send(w, Msg.disconnect), [], "no answer to DISCONNECT")
        XCTAssertEqual(h.broker.workerCount(service: "svc"), 0)
        XCTAssertEqual(h.send(c, Msg.request("svc", f("x"))), [])
        XCTAssertEqual(h.broker.stats.queued, 1)
        XCTAssertEqual(h.run(until: .seconds(3)), [], "no heartbeats either")
    }

    func testSecondReadyGetsDisconnectAndWorkerIsForgotten() {
        var h = Harness()
        h.send(w, Msg.ready("svc"))
        XCTAssertEqual(h.send(w, Msg.ready("svc")), [Expect.disconnect(w)])
        XCTAssertEqual(h.broker.workerCount(service: "svc"), 0)
        XCTAssertEqual(h.broker.stats.disconnectsSent, 1)
        XCTAssertEqual(h.send(c, Msg.request("svc", f("x"))), [])
    }

    func testHeartbeatFromUnknownPeerGetsDisconnect() {
        var h = Harness()
        XCTAssertEqual(h.send(w, Msg.heartbeat), [Expect.disconnect(w)])
        XCTAssertEqual(h.broker.stats.workers, 0)
        XCTAssertEqual(h.broker.stats.dropped, 0)
    }

    func testFinalFromUnknownPeerIsNotForwarded() {
        var h = Harness()
        XCTAssertEqual(h.send(w, Msg.final(c, f("who?"))), [Expect.disconnect(w)])
        XCTAssertEqual(h.broker.stats.replies, 0)
    }

    func testRequestCommandFromWorkerGetsDisconnect() {
        var h = Harness()
        h.send(w, Msg.ready("svc"))
        XCTAssertEqual(h.send(w, [workerHeader, [0x02], c, [], f("x")]), [Expect.disconnect(w)])
        XCTAssertEqual(h.broker.workerCount(service: "svc"), 0)
    }

    func testUnknownCommandFromWorkerGetsDisconnect() {
        var h = Harness()
        h.send(w, Msg.ready("svc"))
        XCTAssertEqual(h.send(w, [workerHeader, [0x09]]), [Expect.disconnect(w)])
        XCTAssertEqual(h.broker.workerCount(service: "svc"), 0)
    }

    func testFinalFromIdleWorkerIsUnexpectedAndNotForwarded() {
        var h = Harness()
        h.send(w, Msg.ready("svc"))
        XCTAssertEqual(h.send(w, Msg.final(c, f("stray"))), [Expect.disconnect(w)])
        XCTAssertEqual(h.broker.workerCount(service: "svc"), 0)
    }

    func testFinalForAnotherClientIsUnexpected() {
        var h = Harness()
        h.send(w, Msg.ready("svc"))
        h.send(c, Msg.request("svc", f("x")))
        XCTAssertEqual(h.send(w, Msg.final(f("C9"), f("y"))), [Expect.disconnect(w)])
        XCTAssertEqual(h.broker.stats.replies, 0)
    }

    func testClientRequestFromAWorkerSocketIsUnexpected() {
        var h = Harness()
        h.send(w, Msg.ready("svc"))
        XCTAssertEqual(h.send(w, Msg.request("svc", f("x"))), [Expect.disconnect(w)])
        XCTAssertEqual(h.broker.stats.requests, 0)
        XCTAssertEqual(h.broker.stats.workers, 0)
    }

    func testFinalFromPurgedWorkerIsForwardedThenDisconnected() {
        var h = Harness(BrokerConfig(heartbeatInterval: .seconds(1), liveness: 3))
        h.send(w, Msg.ready("slow"))
        h.send(c, Msg.request("slow", f("x")))
        h.run(until: .seconds(3))
        XCTAssertEqual(h.broker.stats.purged, 1)
        XCTAssertEqual(h.send(w, Msg.partial(c, f("late-p"))), [
            Expect.clientPartial(c, service: "slow", f("late-p")),
            Expect.disconnect(w),
        ])
        XCTAssertEqual(h.send(w, Msg.final(c, f("late"))), [
            Expect.clientFinal(c, service: "slow", f("late")),
            Expect.disconnect(w),
        ])
        XCTAssertEqual(h.broker.stats.replies, 1)
        // Delivered once only: a repeat is just unexpected.
        XCTAssertEqual(h.send(w, Msg.final(c, f("again"))), [Expect.disconnect(w)])
        XCTAssertEqual(h.broker.stats.workers, 0)
    }

    func testFinalFromWorkerDisconnectedByShutdownIsForwarded() {
        var h = Harness()
        h.send(w, Msg.ready("svc"))
        h.send(c, Msg.request("svc", f("x")))
        var out: [Outgoing] = []
        h.broker.shutdown(out: &out)
        XCTAssertEqual(out, [Expect.disconnect(w)])
        XCTAssertEqual(h.send(w, Msg.final(c, f("y"))), [
            Expect.clientFinal(c, service: "svc", f("y")),
            Expect.disconnect(w),
        ])
    }

    func testOrphanedRequestIsForgottenAfterTTL() {
        var h = Harness(BrokerConfig(heartbeatInterval: .seconds(1), liveness: 3, requestTTL: .seconds(10)))
        h.send(w, Msg.ready("slow"))
        h.send(c, Msg.request("slow", f("x")))
        h.run(until: .seconds(14))  // purged at 3 s, orphan kept until 13 s
        XCTAssertEqual(h.send(w, Msg.final(c, f("too late"))), [Expect.disconnect(w)])
    }

    func testInvalidMessagesAreDroppedAndCounted() {
        var h = Harness()
        h.send(w, Msg.ready("svc"))
        let invalid: [(String, [Frame])] = [
            ("wrong protocol header", [f("MDPC01"), [0x01], f("svc"), f("x")]),
            ("one frame", [clientHeader]),
            ("no frames", []),
            ("bad client command byte", [clientHeader, [0x07], f("svc"), f("x")]),
            ("client sends FINAL", [clientHeader, [0x03], f("svc"), f("x")]),
            ("two-byte command frame", [clientHeader, [0x01, 0x01], f("svc"), f("x")]),
            ("REQUEST without service", [clientHeader, [0x01]]),
            ("REQUEST with empty service", [clientHeader, [0x01], [], f("x")]),
            ("REQUEST without body", [clientHeader, [0x01], f("svc")]),
            ("worker bad command byte from unknown peer", [workerHeader, [0x00]]),
            ("READY without service", [workerHeader, [0x01]]),
            ("READY with empty service", [workerHeader, [0x01], []]),
            ("HEARTBEAT with extra frame", [workerHeader, [0x05], f("x")]),
        ]
        for (index, (name, frames)) in invalid.enumerated() {
            XCTAssertEqual(h.send(c, frames), [], name)
            XCTAssertEqual(h.broker.stats.dropped, index + 1, name)
        }
        // A registered worker's malformed FINAL is dropped too, and it stays registered.
        h.send(c, Msg.request("svc", f("x")))
        XCTAssertEqual(h.send(w, [workerHeader, [0x04], c, f("not empty"), f("y")]), [])
        XCTAssertEqual(h.send(w, [workerHeader, [0x04], c, []]), [], "FINAL without body")
        XCTAssertEqual(h.broker.stats.dropped, invalid.count + 2)
        XCTAssertEqual(h.broker.stats.requests, 1)
        XCTAssertEqual(h.broker.stats.workers, 1)
        XCTAssertEqual(h.broker.stats.disconnectsSent, 0)
    }

    func testInvalidMessageDoesNotCountAsHeartbeat() {
        var h = Harness(BrokerConfig(heartbeatInterval: .seconds(1), liveness: 2))
        h.send(w, Msg.ready("svc"))
        h.now = h.start + .seconds(1)
        h.send(w, [workerHeader, [0x05], f("junk")])
        h.run(until: .seconds(2))
        XCTAssertEqual(h.broker.stats.purged, 1)
    }
}
