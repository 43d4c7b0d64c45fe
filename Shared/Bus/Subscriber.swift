import Logging
import ZeroMQ

/// Receives events from the broker's XPUB endpoint on a dedicated socket thread and hands them to
/// async code as a stream. Subscriptions are prefixes of the first frame (the source service).
public final class Subscriber: Sendable {
    public let messages: AsyncStream<[Frame]>
    private let mailbox: Mailbox<Bool>
    private let finished: SocketThread.Finished

    public init(context: Context, endpoint: String, prefixes: [String],
                logger: Logger = Logger(label: "bus.subscriber")) throws {
        let mailbox = try Mailbox<Bool>()
        self.mailbox = mailbox
        // Bounded: a consumer that falls far behind loses notices, not events — it catches up from
        // the source's log when it sees the gap.
        let (stream, continuation) = AsyncStream<[Frame]>.makeStream(bufferingPolicy: .bufferingOldest(200_000))
        messages = stream
        finished = SocketThread.start(name: "bus-subscriber") {
            defer { continuation.finish() }
            do {
                let socket = try Socket(context, .sub)
                defer { socket.close() }
                try socket.setReceiveHighWaterMark(200_000)
                try socket.setReconnectInterval(.milliseconds(100), max: .seconds(1))
                for prefix in prefixes { try socket.subscribe(prefix) }
                try socket.connect(all: endpoint)
                var poller = Poller()
                poller.add(fileDescriptor: mailbox.fileDescriptor)
                poller.add(socket)
                while true {
                    _ = try poller.poll(timeout: .seconds(1))
                    if poller.isReadable(0), !mailbox.drain().isEmpty { return }
                    if poller.isReadable(1) {
                        while let frames = try socket.receive(dontWait: true) { continuation.yield(frames) }
                    }
                }
            } catch {
                logger.error("subscriber stopped: \(error)")
            }
        }
    }

    public func close() async {
        mailbox.post(true)
        await finished.wait()
    }
}
