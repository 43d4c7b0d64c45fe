import Logging
import Synchronization
import ZeroMQ

/// Request/reply through the broker, Lazy Pirate style (ZeroMQ guide, chapter 4).
///
/// MDP clients are synchronous — one request in flight per socket — so the client keeps a small pool
/// of DEALER sockets, all owned by one dedicated thread, and queues callers beyond the pool. When an
/// attempt times out its socket is closed (dropping any late reply) and the request is sent again on
/// a fresh one; callers that may be retried must carry an id the worker deduplicates.
public final class BusClient: Sendable {
    public struct Options: Sendable {
        public var endpoint: String
        /// Requests in flight at once (one DEALER socket each).
        public var sockets: Int
        public var timeout: Duration
        public var retries: Int

        public init(endpoint: String, sockets: Int = 8, timeout: Duration = .seconds(3), retries: Int = 2) {
            self.endpoint = endpoint
            self.sockets = max(1, sockets)
            self.timeout = timeout
            self.retries = max(0, retries)
        }
    }

    private let mailbox: Mailbox<ClientCommand>
    private let finished: SocketThread.Finished
    // Posting under this lock guarantees the loop sees every request posted before `stop`, so none is left hanging.
    private let closed = Mutex(false)
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
        do {
            return try await withCheckedThrowingContinuation { continuation in
                let request = PendingRequest(
                    service: service, frames: MDP.clientRequest(service: service, body: body),
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

    /// Fails whatever is queued or in flight with `.shuttingDown` and closes the sockets.
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
    let frames: [Frame]
    let timeout: Duration
    var retriesLeft: Int
    var attempts = 0
    let continuation: CheckedContinuation<[Frame], any Error>

    init(service: String, frames: [Frame], timeout: Duration, retries: Int,
         continuation: CheckedContinuation<[Frame], any Error>) {
        self.service = service
        self.frames = frames
        self.timeout = timeout
        retriesLeft = retries
        self.continuation = continuation
    }
}

/// Runs on the client's own thread; owns every socket.
private final class ClientLoop {
    struct Slot {
        var socket: Socket
        var request: PendingRequest?
        var deadline: ContinuousClock.Instant = .now
        /// The DEALER had no live connection (IMMEDIATE) when we tried to send.
        var unsent = false
    }

    let context: Context
    let options: Options
    let mailbox: Mailbox<ClientCommand>
    let logger: Logger
    var slots: [Slot] = []
    var free: [Int] = []
    var waiting: [PendingRequest] = []
    var waitingHead = 0
    var poller = Poller()
    typealias Options = BusClient.Options

    init(context: Context, options: Options, mailbox: Mailbox<ClientCommand>, logger: Logger) {
        self.context = context
        self.options = options
        self.mailbox = mailbox
        self.logger = logger
    }

    func run() {
        poller.add(fileDescriptor: mailbox.fileDescriptor)
        do {
            for index in 0..<options.sockets {
                let socket = try openSocket()
                slots.append(Slot(socket: socket))
                poller.add(socket)
                free.append(index)
            }
            try loop()
        } catch {
            logger.error("bus client stopped: \(error)")
        }
        failAll(BusError.shuttingDown)
        for slot in slots { slot.socket.close() }
    }

    private func openSocket() throws -> Socket {
        let socket = try Socket(context, .dealer)
        try socket.setReconnectInterval(.milliseconds(100), max: .seconds(1))
        // Every listed broker: a request goes to one that is up (IMMEDIATE), and its retry, on a new
        // socket, to one that is up then; the request id keeps a retry from being applied twice.
        try socket.connect(all: options.endpoint)
        return socket
    }

    private func loop() throws {
        while true {
            let now = ContinuousClock.now
            var wait = Duration.seconds(1)
            for slot in slots where slot.request != nil {
                wait = min(wait, slot.unsent ? .milliseconds(5) : slot.deadline - now)
            }
            _ = try poller.poll(timeout: max(.zero, wait))

            if poller.isReadable(0) {
                for command in mailbox.drain() {
                    switch command {
                    case .request(let request): waiting.append(request)
                    case .stop: return
                    }
                }
            }
            for index in slots.indices where poller.isReadable(index + 1) {
                try readReplies(slot: index)
            }
            try expireAndResend()
            try dispatchWaiting()
        }
    }

    private func readReplies(slot index: Int) throws {
        while let frames = try slots[index].socket.receive(dontWait: true) {
            // ["MDPC02", FINAL|PARTIAL, service, body…]; anything else is not for us.
            guard frames.count >= 3, frames[0] == MDP.clientHeader, frames[1].count == 1,
                  let request = slots[index].request else { continue }
            if frames[1][0] == MDP.ClientCommand.final.rawValue {
                slots[index].request = nil
                free.append(index)
                request.continuation.resume(returning: Array(frames.dropFirst(3)))
            }
            // PARTIAL replies are allowed by MDP/0.2; our services answer with one FINAL, so partials are skipped.
        }
    }

    private func expireAndResend() throws {
        let now = ContinuousClock.now
        for index in slots.indices {
            guard let request = slots[index].request else { continue }
            if slots[index].deadline <= now {
                // Lazy Pirate: a socket that may still deliver a stale reply is thrown away.
                slots[index].socket.close()
                slots[index].socket = try openSocket()
                poller.replace(index + 1, with: slots[index].socket)
                if request.retriesLeft > 0 {
                    request.retriesLeft -= 1
                    try send(request, on: index)
                } else {
                    slots[index].request = nil
                    free.append(index)
                    request.continuation.resume(throwing: BusError.timeout(service: request.service, attempts: request.attempts))
                }
            } else if slots[index].unsent {
                try trySend(index)
            }
        }
    }

    private func dispatchWaiting() throws {
        while waitingHead < waiting.count, let index = free.popLast() {
            let request = waiting[waitingHead]
            waitingHead += 1
            try send(request, on: index)
        }
        if waitingHead == waiting.count, waitingHead > 0 {
            waiting.removeAll(keepingCapacity: true)
            waitingHead = 0
        }
    }

    private func send(_ request: PendingRequest, on index: Int) throws {
        request.attempts += 1
        slots[index].request = request
        slots[index].deadline = .now + request.timeout
        slots[index].unsent = true
        try trySend(index)
    }

    private func trySend(_ index: Int) throws {
        guard let request = slots[index].request else { return }
        slots[index].unsent = !(try slots[index].socket.send(request.frames, dontWait: true))
    }

    private func failAll(_ error: BusError) {
        for index in slots.indices {
            slots[index].request?.continuation.resume(throwing: error)
            slots[index].request = nil
        }
        for request in waiting[waitingHead...] { request.continuation.resume(throwing: error) }
        waiting.removeAll()
        waitingHead = 0
        for command in mailbox.drain() {
            if case .request(let request) = command { request.continuation.resume(throwing: error) }
        }
    }
}
