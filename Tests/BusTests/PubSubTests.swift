import Bus
import Synchronization
import XCTest
import ZeroMQ

/// The broker's event proxy in miniature: XSUB (publishers connect) ⇄ XPUB (subscribers connect),
/// forwarding events down and subscriptions up, on its own socket thread.
final class EventProxy: Sendable {
    let input: String
    let output: String
    private let mailbox: Mailbox<Bool>
    private let finished: SocketThread.Finished

    init(context: Context, input: String, output: String) throws {
        let mailbox = try Mailbox<Bool>()
        self.mailbox = mailbox
        self.input = input
        self.output = output
        let bound = DispatchSemaphore(value: 0)
        let failure = Mutex<(any Error)?>(nil)
        finished = SocketThread.start(name: "event-proxy") {
            do {
                let xsub = try Socket(context, .xsub)
                let xpub = try Socket(context, .xpub)
                defer { xsub.close(); xpub.close() }
                try xsub.bind(input)
                try xpub.bind(output)
                bound.signal()
                var poller = Poller()
                poller.add(fileDescriptor: mailbox.fileDescriptor)
                poller.add(xsub)
                poller.add(xpub)
                while true {
                    _ = try poller.poll(timeout: .milliseconds(100))
                    if poller.isReadable(0), !mailbox.drain().isEmpty { return }
                    if poller.isReadable(1) {
                        while let message = try xsub.receive(dontWait: true) { try xpub.send(message) }
                    }
                    if poller.isReadable(2) {
                        while let subscription = try xpub.receive(dontWait: true) { try xsub.send(subscription) }
                    }
                }
            } catch {
                failure.withLock { $0 = error }
                bound.signal()
            }
        }
        bound.wait()
        if let error = failure.withLock({ $0 }) { throw error }
    }

    func stop() async {
        mailbox.post(true)
        await finished.wait()
    }
}

final class PubSubTests: XCTestCase {
    func testSubscriberGetsItsPrefixOnlyThroughTheProxy() async throws {
        let context = try Context()
        let proxy = try EventProxy(context: context, input: uniqueEndpoint("events-in"), output: uniqueEndpoint("events-out"))
        let publisher = try Publisher(context: context, endpoint: proxy.input)
        let subscriber = try Subscriber(context: context, endpoint: proxy.output, prefixes: ["counter"])
        let inbox = Box<[[Frame]]>([])
        let reader = Task {
            for await message in subscriber.messages { inbox.update { $0.append(message) } }
        }

        // Slow joiner: the subscription takes a moment to reach the publisher, so publish until one arrives.
        var seq = 0
        let joined = await eventually(timeout: .seconds(10), every: .milliseconds(20)) {
            seq += 1
            publisher.publish([f("dues"), f("\(seq)"), f("dues-body")])
            publisher.publish([f("counter"), f("\(seq)"), f("counter-body")])
            return !inbox.get.isEmpty
        }
        XCTAssertTrue(joined, "no event arrived through the proxy")

        // Now the path is up: a dues event followed by a marker; the marker arriving proves the dues
        // event had its chance (one publisher, one path: order is kept).
        publisher.publish([f("dues"), f("99999"), f("late")])
        publisher.publish([f("counter"), f("99999"), f("marker")])
        let marked = await eventually { inbox.get.last?.last == f("marker") }
        XCTAssertTrue(marked)

        let received = inbox.get
        XCTAssertFalse(received.isEmpty)
        for message in received {
            XCTAssertEqual(message.count, 3, "[source, seq, body]")
            XCTAssertEqual(message.first, f("counter"), "only the subscribed prefix arrives")
        }
        XCTAssertEqual(received.first?.last, f("counter-body"))
        XCTAssertNotNil(Int(text(received[0][1])), "seq frame is decimal text")
        // Events of one source arrive in publish order.
        let seqs = received.compactMap { Int(text($0[1])) }
        XCTAssertEqual(seqs, seqs.sorted())

        await subscriber.close()
        await reader.value  // the stream finishes when the subscriber closes
        await publisher.close()
        await proxy.stop()
    }
}
