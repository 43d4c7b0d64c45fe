import Logging
import ZeroMQ

/// Publishes events to the broker's XSUB endpoint from a dedicated socket thread.
///
/// PUB drops messages by design (no subscriber yet, high-water mark, restarts); events are only
/// notices of a durable log, and subscribers fill gaps from it, so dropping here is acceptable.
public final class Publisher: Sendable {
    private let mailbox: Mailbox<PublisherCommand>
    private let finished: SocketThread.Finished

    public init(context: Context, endpoint: String, logger: Logger = Logger(label: "bus.publisher")) throws {
        let mailbox = try Mailbox<PublisherCommand>()
        self.mailbox = mailbox
        finished = SocketThread.start(name: "bus-publisher") {
            do {
                let socket = try Socket(context, .pub)
                defer { socket.close(linger: .milliseconds(200)) }
                try socket.setSendHighWaterMark(100_000)
                // Every listed broker's proxy gets every event; consumers drop the copies by sequence.
                try socket.connect(all: endpoint)
                var poller = Poller()
                poller.add(fileDescriptor: mailbox.fileDescriptor)
                while true {
                    _ = try poller.poll(timeout: .seconds(1))
                    for command in mailbox.drain() {
                        switch command {
                        case .publish(let frames): _ = try socket.send(frames, dontWait: true)
                        case .stop: return
                        }
                    }
                }
            } catch {
                logger.error("publisher stopped: \(error)")
            }
        }
    }

    public func publish(_ frames: [Frame]) {
        mailbox.post(.publish(frames))
    }

    public func publish(contentsOf messages: [[Frame]]) {
        mailbox.post(contentsOf: messages.map { .publish($0) })
    }

    public func close() async {
        mailbox.post(.stop)
        await finished.wait()
    }
}

enum PublisherCommand: Sendable {
    case publish([Frame])
    case stop
}
