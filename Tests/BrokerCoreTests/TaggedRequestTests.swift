import XCTest
@testable import BrokerCore

/// The tagged-requests extension (WIRE.md, "Tagged requests"): a client keeps many requests in flight
/// on one socket, each with its own tag; the worker sees one opaque client address per (client, tag),
/// and every reply goes back to the client with the tag of the request it answers.
final class TaggedRequestTests: XCTestCase {
    let client = f("C")

    func tagged(_ service: String, tag: Frame, _ body: Frame...) -> [Frame] {
        [clientHeader, [0x04], f(service), tag] + body
    }

    /// The client address a worker is given for `tag` from `peer`: 0x00, the routing id's length, the routing id, the tag.
    func address(_ peer: Frame, _ tag: Frame) -> Frame { [0x00, UInt8(peer.count)] + peer + tag }

    func taggedFinal(_ peer: Frame, service: String, tag: Frame, _ body: Frame...) -> Outgoing {
        Outgoing(peer: peer, frames: [clientHeader, [0x03], f(service), tag] + body)
    }

    func testATaggedRequestReachesAPlainWorkerAndItsFinalComesBackWithTheTag() {
        var h = Harness()
        h.send(f("W"), Msg.ready("echo"))
        let sent = h.send(client, tagged("echo", tag: f("t1"), f("body"), [], f("more")))
        XCTAssertEqual(sent, [Expect.workerRequest(f("W"), client: address(client, f("t1")), f("body"), [], f("more"))],
                       "the worker sees the body frames as a plain request's, and one address for client and tag")
        XCTAssertEqual(h.send(f("W"), Msg.final(address(client, f("t1")), f("reply"), f("2"))),
                       [taggedFinal(client, service: "echo", tag: f("t1"), f("reply"), f("2"))])
        XCTAssertEqual(h.broker.stats.requests, 1)
        XCTAssertEqual(h.broker.stats.replies, 1)
    }

    func testManyTaggedRequestsOfOneClientAtACreditWorkerAreEachAnsweredWithTheirOwnTagInAnyOrder() {
        var h = Harness()
        h.send(f("W"), Msg.ready("echo") + [f("credit=3")])
        for index in 1...4 { h.send(client, tagged("echo", tag: f("t\(index)"), f("\(index)"))) }
        XCTAssertEqual(h.broker.stats.inFlight, 3)
        XCTAssertEqual(h.broker.stats.queued, 1, "beyond the credit the fourth waits, as any request")

        // Answered out of order: each reply names its own request, and frees exactly its credit.
        XCTAssertEqual(h.send(f("W"), Msg.final(address(client, f("t2")), f("two"))), [
            taggedFinal(client, service: "echo", tag: f("t2"), f("two")),
            Expect.workerRequest(f("W"), client: address(client, f("t4")), f("4")),
        ])
        XCTAssertEqual(h.send(f("W"), Msg.final(address(client, f("t4")), f("four"))), [taggedFinal(client, service: "echo", tag: f("t4"), f("four"))])
        XCTAssertEqual(h.send(f("W"), Msg.final(address(client, f("t1")), f("one"))), [taggedFinal(client, service: "echo", tag: f("t1"), f("one"))])
        XCTAssertEqual(h.broker.stats.inFlight, 1)
        // A second reply for an answered tag is a reply to nothing: the worker is told to go.
        XCTAssertEqual(h.send(f("W"), Msg.final(address(client, f("t1")), f("again"))), [Expect.disconnect(f("W"))])
    }

    func testAPartialCarriesTheTagAndFreesNothing() {
        var h = Harness()
        h.send(f("W"), Msg.ready("echo") + [f("credit=2")])
        h.send(client, tagged("echo", tag: [0xFF, 0x00], f("x")))
        XCTAssertEqual(h.send(f("W"), Msg.partial(address(client, [0xFF, 0x00]), f("half"))),
                       [Outgoing(peer: client, frames: [clientHeader, [0x02], f("echo"), [0xFF, 0x00], f("half")])])
        XCTAssertEqual(h.broker.stats.inFlight, 1)
    }

    func testTheSameTagFromTwoClientsIsTwoAddresses() {
        var h = Harness()
        h.send(f("W"), Msg.ready("echo") + [f("credit=2")])
        h.send(f("A"), tagged("echo", tag: f("t"), f("a")))
        h.send(f("B"), tagged("echo", tag: f("t"), f("b")))
        XCTAssertEqual(h.send(f("W"), Msg.final(address(f("B"), f("t")), f("to B"))), [taggedFinal(f("B"), service: "echo", tag: f("t"), f("to B"))])
        XCTAssertEqual(h.send(f("W"), Msg.final(address(f("A"), f("t")), f("to A"))), [taggedFinal(f("A"), service: "echo", tag: f("t"), f("to A"))])
    }

    func testAQueuedTaggedRequestKeepsItsTagUntilAWorkerComes() {
        var h = Harness()
        XCTAssertEqual(h.send(client, tagged("echo", tag: f("q"), f("1"))), [])
        XCTAssertEqual(h.send(f("W"), Msg.ready("echo")), [Expect.workerRequest(f("W"), client: address(client, f("q")), f("1"))])
    }

    func testMMIAnswersATaggedQuestionWithTheTag() {
        var h = Harness()
        h.send(f("W"), Msg.ready("echo"))
        XCTAssertEqual(h.send(client, tagged("mmi.service", tag: f("m1"), f("echo"))), [taggedFinal(client, service: "mmi.service", tag: f("m1"), f("200"))])
        XCTAssertEqual(h.send(client, tagged("mmi.service", tag: f("m2"), f("nobody"))), [taggedFinal(client, service: "mmi.service", tag: f("m2"), f("404"))])
    }

    func testMalformedTaggedRequestsAreDroppedAndChangeNothing() {
        var h = Harness()
        h.send(f("W"), Msg.ready("echo"))
        let malformed: [(String, [Frame])] = [
            ("no body", [clientHeader, [0x04], f("echo"), f("t")]),
            ("empty tag", [clientHeader, [0x04], f("echo"), [], f("body")]),
            ("tag over 255 bytes", [clientHeader, [0x04], f("echo"), Frame(repeating: 1, count: 256), f("body")]),
            ("empty service", [clientHeader, [0x04], [], f("t"), f("body")]),
        ]
        for (index, (name, frames)) in malformed.enumerated() {
            XCTAssertEqual(h.send(client, frames), [], name)
            XCTAssertEqual(h.broker.stats.dropped, index + 1, name)
        }
        XCTAssertEqual(h.broker.stats.requests, 0)
        // The worker is still waiting: the next valid request goes to it.
        XCTAssertEqual(h.send(client, tagged("echo", tag: Frame(repeating: 7, count: 255), f("ok"))).count, 1)
    }

    func testADeadCreditWorkersTaggedRequestsGoToAnotherWorkerWithTheirTags() {
        var h = Harness(BrokerConfig(heartbeatInterval: .milliseconds(100), liveness: 3, requestTTL: .seconds(10)))
        h.send(f("Doomed"), Msg.ready("echo") + [f("credit=2")])
        h.send(client, tagged("echo", tag: f("t1"), f("1")))
        h.send(client, tagged("echo", tag: f("t2"), f("2")))
        h.send(f("Survivor"), Msg.ready("echo") + [f("credit=2")])
        var out: [Outgoing] = []
        for step in 1...5 {
            h.send(f("Survivor"), Msg.heartbeat)
            out += h.run(until: .milliseconds(100 * step))
        }
        let resent = out.filter { $0.peer == f("Survivor") && $0.frames.count > 2 && $0.frames[1] == [0x02] }
        XCTAssertEqual(Set(resent.map { $0.frames[2] }), [address(client, f("t1")), address(client, f("t2"))])
        XCTAssertEqual(h.send(f("Survivor"), Msg.final(address(client, f("t2")), f("ok"))), [taggedFinal(client, service: "echo", tag: f("t2"), f("ok"))])
    }

    func testAnUndeliveredTaggedRequestIsRequeuedWithItsTag() {
        var h = Harness()
        h.send(f("Dead"), Msg.ready("echo"))
        h.send(f("Alive"), Msg.ready("echo"))
        let sent = h.send(client, tagged("echo", tag: f("t"), f("x")))
        XCTAssertEqual(sent.first?.peer, f("Dead"))
        var out: [Outgoing] = []
        h.broker.undeliverable(sent[0], now: h.now, out: &out)
        XCTAssertEqual(out, [Expect.workerRequest(f("Alive"), client: address(client, f("t")), f("x"))])
        XCTAssertEqual(h.send(f("Alive"), Msg.final(address(client, f("t")), f("y"))), [taggedFinal(client, service: "echo", tag: f("t"), f("y"))])
    }

    func testAPlainRequestIsUnchangedByteForByte() {
        var h = Harness()
        h.send(f("W"), Msg.ready("echo") + [f("credit=2")])
        XCTAssertEqual(h.send(client, Msg.request("echo", f("p"))), [Expect.workerRequest(f("W"), client: client, f("p"))])
        XCTAssertEqual(h.send(f("W"), Msg.final(client, f("r"))), [Expect.clientFinal(client, service: "echo", f("r"))])
    }
}
