import Logging
import Synchronization
import ZeroMQ

/// Request/reply through the broker: many requests in flight on one DEALER socket, each tagged
/// (WIRE.md, "Tagged requests"), Lazy Pirate's retries per request (ZeroMQ guide, chapter 4).
///
/// MDP/0.2 clients are synchronous, one request per socket; a pool of sockets polled together cost
/// the gateway a system call per socket on every wake-up, and sent every message alone on its
/// connection. Here one socket, owned by one thread, carries up to `inFlight` requests at once and
/// callers beyond that wait in line. A request that times out is sent again, same frames (a reply to
/// either attempt answers it); callers that may be retried must carry an id the worker deduplicates.
/// When the socket has heard nothing at all since the timed-out attempt went out, the socket itself is
/// replaced first, as Lazy Pirate does, and everything in flight is sent again on the new one: libzmq
/// does not reconnect after a refused handshake (CURVE), and a broker that lost our requests may be
/// one whose connection is not yet seen as gone.
public final class BusClient: Sendable {
    public struct Options: Sendable {
        /// One broker, or several comma-separated (WIRE.md, "Two brokers").
        public var endpoint: String
        /// Requests in flight at once; more wait in line.
        public var inFlight: Int
        public var timeout: Duration
        public var retries: Int

        public init(endpoint: String, inFlight: Int = 8, timeout: Duration = .seconds(3), retries: Int = 2) {
            self.endpoint = endpoint
            self.inFlight = max(1, inFlight)
            self.timeout = timeout
            self.retries = max(0, retries)
        }
    }

    private let mailbox: Mailbox<ClientCommand>
    private let finished: SocketThread.Finished
    // Posting under this lock guarantees the loop sees every request posted before `stop`, so none is left hanging.
    private let closed = Mutex(false)
    /// Tags are made by callers, so the client thread only sends what it is handed.
    private let tags = Atomic<UInt64>(0)
    public let options: Options

    public init(context: Context, options: Options, logger: Logger = Logger(label: "bus.client")) throws {
        let mailbox = try Mailbox<ClientCommand>()
        self.mailbox = mailbox
        self.options = options
        finished = SocketThread.start(name: "bus-client") {
            ClientLoop(context: context, options: options, mailbox: mailbox, logger: logger).run()
        }
    }

    /// Sends `body` to `service` and returns the FINAL reply's body frames.
    public func request(
        service: String, body: [Frame], timeout: Duration? = nil, retries: Int? = nil
    ) async throws(BusError) -> [Frame] {
        let tag = tags.add(1, ordering: .relaxed).newValue
        let frames = MDP.taggedRequest(service: service, tag: PendingRequest.frame(of: tag), body: body)
        do {
            return try await withCheckedThrowingContinuation { continuation in
                let request = PendingRequest(
                    service: service, tag: tag, frames: frames,
                    timeout: timeout ?? options.timeout, retries: retries ?? options.retries,
                    continuation: continuation)
                let accepted = closed.withLock { closed in
                    if !closed { mailbox.post(.request(request)) }
                    return !closed
                }
                if !accepted { continuation.resume(throwing: BusError.shuttingDown) }
            }
        } catch let error as BusError {
            throw error
        } catch {
            throw .transport("\(error)")
        }
    }

    /// Fails whatever is queued or in flight with `.shuttingDown` and closes the socket.
    public func close() async {
        closed.withLock { closed in
            if !closed { mailbox.post(.stop) }
            closed = true
        }
        await finished.wait()
    }
}

enum ClientCommand: Sendable {
    case request(PendingRequest)
    case stop
}

/// A caller waiting for a reply. Created by the caller, then touched only by the client thread.
final class PendingRequest: @unchecked Sendable {
    let service: String
    let tag: UInt64
    /// The whole TAGGED REQUEST, tag included: a retry sends it again unchanged.
    let frames: [Frame]
    /// The timeout of one attempt, in nanoseconds (`Monotonic`).
    let timeout: UInt64
    var retriesLeft: Int
    var attempts = 0
    /// When its last attempt went out (the socket has heard nothing since: it may be dead).
    var sentAt: UInt64 = 0
    /// Not yet taken by the socket (no broker connection was up when it was tried).
    var unsent = false
    let continuation: CheckedContinuation<[Frame], any Error>

    init(service: String, tag: UInt64, frames: [Frame], timeout: Duration, retries: Int,
         continuation: CheckedContinuation<[Frame], any Error>) {
        self.service = service
        self.tag = tag
        self.frames = frames
        self.timeout = Monotonic.nanoseconds(timeout)
        retriesLeft = retries
        self.continuation = continuation
    }

    /// A tag on the wire: its eight bytes, little-endian.
    static func frame(of tag: UInt64) -> Frame {
        withUnsafeBytes(of: tag.littleEndian) { Array($0) }
    }

    static func tag(of frame: Frame) -> UInt64? {
        guard frame.count == 8 else { return nil }
        return frame.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
    }
}

/// Runs on the client's own thread; owns the socket.
private final class ClientLoop {
    let context: Context
    let options: BusClient.Options
    let mailbox: Mailbox<ClientCommand>
    let logger: Logger
    var socket: Socket!
    var poller = Poller()
    /// When the socket last received anything.
    var lastHeard = Monotonic.now()
    /// Sent (or being sent) and not yet answered, by tag.
    var inFlight: [UInt64: PendingRequest] = [:]
    /// Beyond `options.inFlight`: first come, first sent.
    var waiting: [PendingRequest] = []
    var waitingHead = 0
    /// Requests in flight whose last attempt the socket did not take (no broker connection up).
    var unsent: [PendingRequest] = []
    /// When each attempt in flight times out, earliest first; entries of answered requests or
    /// earlier attempts are skipped when they come up.
    var deadlines = DeadlineHeap()

    init(context: Context, options: BusClient.Options, mailbox: Mailbox<ClientCommand>, logger: Logger) {
        self.context = context
        self.options = options
        self.mailbox = mailbox
        self.logger = logger
    }

    func run() {
        poller.add(fileDescriptor: mailbox.fileDescriptor)
        do {
            socket = try openSocket()
            poller.add(socket)
            try loop()
        } catch {
            logger.error("bus client stopped: \(error)")
        }
        failAll(BusError.shuttingDown)
        socket?.close()
    }

    private func openSocket() throws -> Socket {
        let socket = try Socket(context, .dealer)
        try socket.setReconnectInterval(.milliseconds(100), max: .seconds(1))
        // Every listed broker: each request goes to one whose connection is up (IMMEDIATE), round robin.
        try socket.connect(all: options.endpoint)
        return socket
    }

    /// A new socket in place of one that hears nothing; every request in flight goes out again on it
    /// (same attempt, same deadline: their replies were lost with the old socket).
    private func replaceSocket() throws {
        socket.close()
        socket = try openSocket()
        poller.replace(1, with: socket)
        lastHeard = Monotonic.now()
        for request in inFlight.values where !request.unsent {
            request.unsent = true
            unsent.append(request)
        }
    }

    private func loop() throws {
        while true {
            var wait: UInt64 = 1_000_000_000
            if !unsent.isEmpty { wait = 5_000_000 }
            if let next = deadlines.earliest {
                let now = Monotonic.now()
                wait = next > now ? min(wait, next - now) : 0
            }
            // Rounded up to whole milliseconds, so a deadline is never polled for a moment early.
            _ = try poller.poll(timeout: .milliseconds((wait + 999_999) / 1_000_000))

            if poller.isReadable(0) {
                for command in mailbox.drain() {
                    switch command {
                    case .request(let request): waiting.append(request)
                    case .stop: return
                    }
                }
            }
            if poller.isReadable(1) { try readReplies() }
            try expire()
            if !unsent.isEmpty { try resendUnsent() }
            try dispatchWaiting()
        }
    }

    private func readReplies() throws {
        while let frames = try socket.receive(dontWait: true) {
            lastHeard = Monotonic.now()
            // ["MDPC02", FINAL|PARTIAL, service, tag, body…]; anything else, or a tag not in flight
            // (a reply to an attempt already answered), is not for anyone.
            guard frames.count >= 4, frames[0] == MDP.clientHeader, frames[1].count == 1,
                  frames[1][0] == MDP.ClientCommand.final.rawValue,
                  let tag = PendingRequest.tag(of: frames[3]),
                  let request = inFlight.removeValue(forKey: tag) else { continue }
            // PARTIAL replies are allowed by MDP/0.2; our services answer with one FINAL, so partials are skipped.
            request.continuation.resume(returning: Array(frames.dropFirst(4)))
        }
    }

    private func expire() throws {
        guard let earliest = deadlines.earliest else { return }
        let now = Monotonic.now()
        guard earliest <= now else { return }
        while let entry = deadlines.popDue(now) {
            guard let request = inFlight[entry.tag], request.attempts == entry.attempt else { continue }
            if lastHeard < request.sentAt { try replaceSocket() }
            if request.retriesLeft > 0 {
                request.retriesLeft -= 1
                try send(request)
            } else {
                inFlight[entry.tag] = nil
                request.continuation.resume(throwing: BusError.timeout(service: request.service, attempts: request.attempts))
            }
        }
    }

    private func dispatchWaiting() throws {
        while waitingHead < waiting.count, inFlight.count < options.inFlight {
            let request = waiting[waitingHead]
            waitingHead += 1
            inFlight[request.tag] = request
            try send(request)
        }
        if waitingHead == waiting.count, waitingHead > 0 {
            waiting.removeAll(keepingCapacity: true)
            waitingHead = 0
        }
    }

    /// One attempt: its deadline starts now, taken by the socket or not.
    private func send(_ request: PendingRequest) throws {
        request.attempts += 1
        request.sentAt = Monotonic.now()
        deadlines.push(at: request.sentAt + request.timeout, tag: request.tag, attempt: request.attempts)
        let taken = try socket.send(request.frames, dontWait: true)
        if !taken && !request.unsent { unsent.append(request) }
        request.unsent = !taken
    }

    private func resendUnsent() throws {
        var still: [PendingRequest] = []
        for request in unsent where request.unsent && inFlight[request.tag] === request {
            if try socket.send(request.frames, dontWait: true) {
                request.unsent = false
            } else {
                still.append(request)
            }
        }
        unsent = still
    }

    private func failAll(_ error: BusError) {
        for request in inFlight.values { request.continuation.resume(throwing: error) }
        inFlight.removeAll()
        for request in waiting[waitingHead...] { request.continuation.resume(throwing: error) }
        waiting.removeAll()
        waitingHead = 0
        for command in mailbox.drain() {
            if case .request(let request) = command { request.continuation.resume(throwing: error) }
        }
    }
}
