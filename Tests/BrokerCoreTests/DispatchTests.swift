import XCTest
@testable import BrokerCore

/// Request/reply routing: exact frames, reuse, partials, bodies.
final class DispatchTests: XCTestCase {
    let client = f("C1")
    let worker = f("W1")

    func testReadyThenRequestSendsWorkerRequestFrames() {
        var h = Harness()
        XCTAssertEqual(h.send(worker, Msg.ready("echo")), [])
        XCTAssertEqual(h.broker.workerCount(service: "echo"), 1)
        let out = h.send(client, Msg.request("echo", f("hello")))
        XCTAssertEqual(out, [Outgoing(peer: worker, frames: [f("MDPW02"), [0x02], client, [], f("hello")])])
        XCTAssertEqual(h.broker.stats.requests, 1)
    }

    func testFinalGoesToClientAndWorkerIsReusable() {
        var h = Harness()
        h.send(worker, Msg.ready("echo"))
        h.send(client, Msg.request("echo", f("one")))
        let reply = h.send(worker, Msg.final(client, f("ONE")))
        XCTAssertEqual(reply, [Outgoing(peer: client, frames: [f("MDPC02"), [0x03], f("echo"), f("ONE")])])

        // Back on the waiting list: the next request goes to it straight away.
        let client2 = f("C2")
        XCTAssertEqual(h.send(client2, Msg.request("echo", f("two"))),
                       [Expect.workerRequest(worker, client: client2, f("two"))])
        XCTAssertEqual(h.send(worker, Msg.final(client2, f("TWO"))),
                       [Expect.clientFinal(client2, service: "echo", f("TWO"))])
        XCTAssertEqual(h.broker.stats.replies, 2)
        XCTAssertEqual(h.broker.stats.queued, 0)
    }

    func testPartialsAreForwardedInOrderBeforeFinal() {
        var h = Harness()
        h.send(worker, Msg.ready("stream"))
        h.send(client, Msg.request("stream", f("go")))
        var out: [Outgoing] = []
        out += h.send(worker, Msg.partial(client, f("p1")))
        out += h.send(worker, Msg.partial(client, f("p2")))
        out += h.send(worker, Msg.final(client, f("done")))
        XCTAssertEqual(out, [
            Expect.clientPartial(client, service: "stream", f("p1")),
            Expect.clientPartial(client, service: "stream", f("p2")),
            Expect.clientFinal(client, service: "stream", f("done")),
        ])
        XCTAssertEqual(h.broker.stats.partials, 2)
        XCTAssertEqual(h.broker.stats.replies, 1)
    }

    func testPartialDoesNotFreeTheWorker() {
        var h = Harness()
        h.send(worker, Msg.ready("stream"))
        h.send(client, Msg.request("stream", f("a")))
        h.send(worker, Msg.partial(client, f("p")))
        // Still busy: a second request must wait for the FINAL.
        XCTAssertEqual(h.send(f("C2"), Msg.request("stream", f("b"))), [])
        XCTAssertEqual(h.broker.stats.queued, 1)
        let out = h.send(worker, Msg.final(client, f("end")))
        XCTAssertEqual(out, [
            Expect.clientFinal(client, service: "stream", f("end")),
            Expect.workerRequest(worker, client: f("C2"), f("b")),
        ])
    }

    func testMultiFrameBodiesArePreservedBothWays() {
        var h = Harness()
        h.send(worker, Msg.ready("echo"))
        let out = h.send(client, Msg.request("echo", f("a"), [], [0x00, 0xFF], f("d")))
        XCTAssertEqual(out, [Expect.workerRequest(worker, client: client, f("a"), [], [0x00, 0xFF], f("d"))])
        let reply = h.send(worker, Msg.final(client, f("x"), [], f("z")))
        XCTAssertEqual(reply, [Expect.clientFinal(client, service: "echo", f("x"), [], f("z"))])
    }

    func testRequestWithoutWorkerIsQueuedThenDispatchedOnReady() {
        var h = Harness()
        XCTAssertEqual(h.send(client, Msg.request("late", f("q"))), [])
        XCTAssertEqual(h.broker.stats.queued, 1)
        XCTAssertEqual(h.send(worker, Msg.ready("late")), [Expect.workerRequest(worker, client: client, f("q"))])
        XCTAssertEqual(h.broker.stats.queued, 0)
    }

    func testQueuedRequestsAreServedFirstInFirstOut() {
        var h = Harness()
        for i in 1...3 { h.send(f("C\(i)"), Msg.request("svc", f("r\(i)"))) }
        var served: [Outgoing] = h.send(worker, Msg.ready("svc"))
        served += h.send(worker, Msg.final(f("C1"), f("ok")))
        served += h.send(worker, Msg.final(f("C2"), f("ok")))
        let requests = served.filter { $0.peer == worker }
        XCTAssertEqual(requests, [
            Expect.workerRequest(worker, client: f("C1"), f("r1")),
            Expect.workerRequest(worker, client: f("C2"), f("r2")),
            Expect.workerRequest(worker, client: f("C3"), f("r3")),
        ])
    }

    func testLeastRecentlyUsedWorkerIsDispatchedFirst() {
        var h = Harness()
        let a = f("WA"), b = f("WB"), c = f("WC")
        for w in [a, b, c] { h.send(w, Msg.ready("svc")) }
        func dispatchedTo(_ client: String) -> Frame? {
            h.send(f(client), Msg.request("svc", f("x"))).first?.peer
        }
        // Waiting longest first: A, B, C in READY order.
        XCTAssertEqual(dispatchedTo("C1"), a)
        XCTAssertEqual(dispatchedTo("C2"), b)
        // B finishes before A: B has now waited longer than A will have.
        h.send(b, Msg.final(f("C2"), f("ok")))
        h.send(a, Msg.final(f("C1"), f("ok")))
        XCTAssertEqual(dispatchedTo("C3"), c)
        XCTAssertEqual(dispatchedTo("C4"), b)
        XCTAssertEqual(dispatchedTo("C5"), a)
        XCTAssertEqual(dispatchedTo("C6"), nil)  // all busy: queued
        XCTAssertEqual(h.broker.stats.queued, 1)
    }

    func testServicesAreKeptApart() {
        var h = Harness()
        h.send(f("WA"), Msg.ready("a"))
        h.send(f("WB"), Msg.ready("b"))
        XCTAssertEqual(h.send(client, Msg.request("b", f("x"))).first?.peer, f("WB"))
        XCTAssertEqual(h.send(client, Msg.request("a", f("x"))).first?.peer, f("WA"))
        XCTAssertEqual(h.broker.workerCount(service: "a"), 1)
        XCTAssertEqual(h.broker.workerCount(service: "c"), 0)
    }
}
