import XCTest
@testable import BrokerCore

/// Service discovery (ZeroMQ RFC 8), answered by the broker itself.
final class MMITests: XCTestCase {
    let c = f("C1")

    func mmi(_ h: inout Harness, _ service: String, _ body: String) -> [Outgoing] {
        h.send(c, Msg.request(service, f(body)))
    }

    func testServiceLookupAnswers200WhenAWorkerIsRegistered() {
        var h = Harness()
        h.send(f("W1"), Msg.ready("echo"))
        XCTAssertEqual(mmi(&h, "mmi.service", "echo"),
                       [Outgoing(peer: c, frames: [f("MDPC02"), [0x03], f("mmi.service"), f("200")])])
        // Busy workers still count as registered.
        h.send(f("C2"), Msg.request("echo", f("x")))
        XCTAssertEqual(mmi(&h, "mmi.service", "echo"), [Expect.clientFinal(c, service: "mmi.service", f("200"))])
    }

    func testServiceLookupAnswers404WithoutWorker() {
        var h = Harness()
        XCTAssertEqual(mmi(&h, "mmi.service", "echo"), [Expect.clientFinal(c, service: "mmi.service", f("404"))])
        // Queued requests do not make a service known.
        h.send(f("C2"), Msg.request("echo", f("x")))
        XCTAssertEqual(mmi(&h, "mmi.service", "echo"), [Expect.clientFinal(c, service: "mmi.service", f("404"))])
        h.send(f("W1"), Msg.ready("echo"))
        h.send(f("W1"), Msg.disconnect)
        XCTAssertEqual(mmi(&h, "mmi.service", "echo"), [Expect.clientFinal(c, service: "mmi.service", f("404"))])
    }

    func testOtherMMIServicesAnswer501() {
        var h = Harness()
        h.send(f("W1"), Msg.ready("mmi.echo"))  // never reached: the broker owns mmi.*
        XCTAssertEqual(mmi(&h, "mmi.echo", "x"), [Expect.clientFinal(c, service: "mmi.echo", f("501"))])
        XCTAssertEqual(mmi(&h, "mmi.", "x"), [Expect.clientFinal(c, service: "mmi.", f("501"))])
        XCTAssertEqual(h.broker.stats.requests, 2)
        XCTAssertEqual(h.broker.stats.replies, 2)
        XCTAssertEqual(h.broker.stats.queued, 0)
    }
}
