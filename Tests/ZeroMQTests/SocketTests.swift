import XCTest
import Synchronization
@testable import ZeroMQ

final class SocketTests: XCTestCase {
    func testDealerRouterMultipartRoundTrip() throws {
        let context = try Context()
        let router = try Socket(context, .router)
        try router.bind("tcp://127.0.0.1:*")
        let endpoint = try router.lastEndpoint
        let dealer = try Socket(context, .dealer)
        try dealer.setRoutingID(Array("client-1".utf8))
        try dealer.connect(endpoint)

        let body: [Frame] = [Array("MDPC02".utf8), [0x01], Array("echo".utf8), [], Array("体".utf8), Frame(repeating: 7, count: 100_000)]
        XCTAssertTrue(try dealer.send(body))
        let received = try XCTUnwrap(try router.receive())
        XCTAssertEqual(received.first, Array("client-1".utf8), "ROUTER prepends the peer identity")
        XCTAssertEqual(Array(received.dropFirst()), body, "every frame, empty and large ones included, arrives intact")

        try router.send([received[0], Array("reply".utf8)])
        XCTAssertEqual(try dealer.receive(), [Array("reply".utf8)])
    }

    func testReceiveWithoutWaitingReturnsNilWhenNothingIsThere() throws {
        let context = try Context()
        let pull = try Socket(context, .pull)
        try pull.bind("inproc://nothing")
        XCTAssertNil(try pull.receive(dontWait: true))
    }

    func testRouterMandatoryReportsUnroutablePeer() throws {
        let context = try Context()
        let router = try Socket(context, .router)
        try router.bind("inproc://mandatory")
        XCTAssertThrowsError(try router.send([Array("nobody".utf8), Array("x".utf8)])) { error in
            XCTAssertTrue((error as? ZMQError)?.isUnroutable == true, "got \(error)")
        }
    }

    func testContextShutdownUnblocksABlockingReceiveOnAnotherThread() async throws {
        let context = try Context()
        let outcome = Mutex<ZMQError?>(nil)
        let finished = SocketThread.start(name: "blocked") {
            do {
                let pull = try Socket(context, .pull)
                try pull.bind("inproc://blocked")
                _ = try pull.receive()
            } catch let error as ZMQError {
                outcome.withLock { $0 = error }
            } catch {}
        }
        context.shutdown()
        await finished.wait()
        XCTAssertEqual(outcome.withLock { $0?.isTerminated }, true)
    }

    func testClosedSocketRefusesWork() throws {
        let context = try Context()
        let socket = try Socket(context, .dealer)
        socket.close()
        socket.close()
        XCTAssertTrue(socket.isClosed)
        XCTAssertThrowsError(try socket.send([[1]]))
    }

    func testPublishSubscribeFiltersByPrefix() throws {
        let context = try Context()
        let pub = try Socket(context, .pub)
        try pub.bind("inproc://events")
        let sub = try Socket(context, .sub)
        try sub.subscribe("dues")
        try sub.connect("inproc://events")
        // inproc subscriptions are registered synchronously once connected; send until one arrives
        // to avoid depending on timing.
        var poller = Poller()
        poller.add(sub)
        let deadline = ContinuousClock.now + .seconds(5)
        var got: [Frame]?
        while got == nil && ContinuousClock.now < deadline {
            try pub.send([Array("identity".utf8), Array("skip".utf8)])
            try pub.send([Array("dues".utf8), Array("keep".utf8)])
            if try poller.poll(timeout: .milliseconds(10)) > 0 { got = try sub.receive() }
        }
        XCTAssertEqual(got, [Array("dues".utf8), Array("keep".utf8)])
    }
}
