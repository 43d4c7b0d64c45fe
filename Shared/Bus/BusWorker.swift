import Logging
import Synchronization
import ZeroMQ

/// Serves one service name through the broker (MDP/0.2 worker side).
///
/// MDP hands a worker one request at a time. With credit (the default; WIRE.md, "Credit") the worker
/// opens one DEALER socket and declares in its READY that it takes `concurrency` requests at once; the
/// broker keeps up to that many in flight to it. Against a broker without the extension, or with
/// `credit` off, it opens `concurrency` sockets, each a plain MDP worker. All are owned by one thread;
/// handlers run as tasks, and their replies come back to the socket thread through the mailbox.
public final class BusWorker: Sendable {
    public typealias Handler = @Sendable (_ body: [Frame]) async -> [Frame]

    public struct Options: Sendable {
        public var endpoint: String
        public var service: String
        public var concurrency: Int
        public var heartbeat: Duration
        public var liveness: Int
        /// After DISCONNECT, how long to keep serving requests the broker sent before it read it.
        public var drainWindow: Duration
        /// One socket declaring `concurrency` as its credit; false: `concurrency` plain MDP sockets.
        public var credit: Bool

        public init(endpoint: String, service: String, concurrency: Int = 4, heartbeat: Duration = .seconds(1),
                    liveness: Int = 5, drainWindow: Duration = .milliseconds(250), credit: Bool = true) {
            self.endpoint = endpoint
            self.service = service
            self.credit = credit
            self.concurrency = max(1, concurrency)
            self.heartbeat = heartbeat
            self.liveness = max(1, liveness)
            self.drainWindow = drainWindow
        }
    }

    private let mailbox: Mailbox<WorkerCommand>
    private let finished: SocketThread.Finished
    private let counters: WorkerCounters
    public let options: Options

    public init(context: Context, options: Options, logger: Logger = Logger(label: "bus.worker"),
                handler: @escaping Handler) throws {
        let mailbox = try Mailbox<WorkerCommand>()
        let counters = WorkerCounters()
        self.mailbox = mailbox
        self.options = options
        self.counters = counters
        finished = SocketThread.start(name: "bus-worker-\(options.service)") {
            WorkerLoop(context: context, options: options, mailbox: mailbox, counters: counters,
                       logger: logger, handler: handler).run()
        }
    }

    /// Graceful stop: tells the broker (DISCONNECT), finishes every request in flight or still
    /// arriving within the drain window, sends their replies, then closes. Returns when done.
    public func stop() async {
        mailbox.post(.stop)
        await finished.wait()
    }

    public var isStopped: Bool { finished.isDone }
    /// Requests served so far (replies sent).
    public var served: Int { counters.served.load(ordering: .relaxed) }
    /// Times a socket was replaced after losing the broker or being told to DISCONNECT.
    public var reconnects: Int { counters.reconnects.load(ordering: .relaxed) }
}

final class WorkerCounters: Sendable {
    let served = Atomic<Int>(0)
    let reconnects = Atomic<Int>(0)
}

enum WorkerCommand: Sendable {
    case reply(slot: Int, generation: Int, client: Frame, body: [Frame])
    case run(UnownedJob)
    case stop
}

/// Runs handler tasks on the worker's own socket thread, between polls. A handler that completes
/// without waiting (a health check, a cached read) then costs no thread switch at all; one that
/// awaits the store suspends and comes back here when the store answers. Handlers must not block:
/// a blocked handler delays heartbeats (the broker tolerates `liveness` missed beats).
final class WorkerExecutor: TaskExecutor, Sendable {
    let mailbox: Mailbox<WorkerCommand>

    init(mailbox: Mailbox<WorkerCommand>) { self.mailbox = mailbox }

    func enqueue(_ job: consuming ExecutorJob) {
        mailbox.post(.run(UnownedJob(job)))
    }
}

private final class WorkerLoop {
    struct Slot {
        var socket: Socket
        /// The broker this socket registers with (one set of sockets per listed broker).
        let endpoint: String
        /// Requests this socket takes at once: its declared credit, or 1 for a plain MDP worker.
        let capacity: Int
        let declaresCredit: Bool
        var generation = 0
        var inFlight = 0
        var busy: Bool { inFlight > 0 }
        var registered = false
        var reconnectAfterReply = false
        var lastHeard: ContinuousClock.Instant
        var lastSent: ContinuousClock.Instant
    }

    let context: Context
    let options: BusWorker.Options
    let mailbox: Mailbox<WorkerCommand>
    let counters: WorkerCounters
    let logger: Logger
    let handler: BusWorker.Handler
    var slots: [Slot] = []
    var poller = Poller()
    lazy var executor = WorkerExecutor(mailbox: mailbox)
    var stoppingSince: ContinuousClock.Instant?
    var lastRequestAt: ContinuousClock.Instant = .now

    init(context: Context, options: BusWorker.Options, mailbox: Mailbox<WorkerCommand>, counters: WorkerCounters,
         logger: Logger, handler: @escaping BusWorker.Handler) {
        self.context = context
        self.options = options
        self.mailbox = mailbox
        self.counters = counters
        self.logger = logger
        self.handler = handler
    }

    func run() {
        // Handler jobs and replies posted from this thread need no wake-up: the loop drains until empty.
        mailbox.adopt()
        poller.add(fileDescriptor: mailbox.fileDescriptor)
        do {
            // Registered with every listed broker, so that losing one loses no worker (WIRE.md, "Two brokers").
            let sockets = options.credit ? 1 : options.concurrency
            for endpoint in Socket.endpoints(options.endpoint) {
                for _ in 0..<sockets {
                    let now = ContinuousClock.now
                    slots.append(Slot(socket: try openSocket(endpoint), endpoint: endpoint,
                                      capacity: options.credit ? options.concurrency : 1,
                                      declaresCredit: options.credit, lastHeard: now, lastSent: now))
                    poller.add(slots[slots.count - 1].socket)
                }
            }
            for index in slots.indices { try register(index) }
            try loop()
        } catch {
            logger.error("bus worker stopped: \(error)", metadata: ["service": "\(options.service)"])
        }
        // Replies were queued with a linger so they reach the broker even as we close.
        for slot in slots { slot.socket.close(linger: .seconds(1)) }
    }

    private func openSocket(_ endpoint: String) throws -> Socket {
        let socket = try Socket(context, .dealer)
        try socket.setReconnectInterval(.milliseconds(100), max: .seconds(1))
        try socket.connect(endpoint)
        return socket
    }

    private func loop() throws {
        while true {
            let now = ContinuousClock.now
            if let since = stoppingSince, slots.allSatisfy({ !$0.busy }),
               now - max(since, lastRequestAt) >= options.drainWindow {
                return
            }
            let pendingRegistration = slots.contains { !$0.registered }
            _ = try poller.poll(timeout: pendingRegistration ? .milliseconds(10) : min(options.heartbeat, .milliseconds(100)))
            for index in slots.indices where poller.isReadable(index + 1) {
                try readRequests(slot: index)
            }
            // Handler jobs and replies: run until nothing is left, so a handler that completes at
            // once has its reply sent in this same pass.
            // The eventfd is read only when the poll found it written.
            var batch = mailbox.drain(clearingWakeUp: poller.isReadable(0))
            while !batch.isEmpty {
                for command in batch { try handle(command) }
                batch = mailbox.drain(clearingWakeUp: false)
            }
            try keepAlive()
        }
    }

    private func handle(_ command: WorkerCommand) throws {
        switch command {
        case .reply(let index, let generation, let client, let body):
            guard slots[index].generation == generation else { return }
            if try slots[index].socket.send(MDP.worker(.final, [client, []] + body), dontWait: true) {
                counters.served.add(1, ordering: .relaxed)
            } else {
                // No live connection to the broker: the client's retry (same request id) will be
                // answered from the store's record, so nothing is applied twice.
                logger.warning("reply could not be queued to the broker", metadata: ["service": "\(options.service)"])
            }
            slots[index].inFlight -= 1
            slots[index].lastSent = .now
            // A credit socket said DISCONNECT at the stop and the broker drains it; a plain one says
            // it once its one request is answered.
            if slots[index].declaresCredit || slots[index].busy { return }
            if stoppingSince != nil {
                try sendDisconnect(index)
            } else if slots[index].reconnectAfterReply {
                try reconnect(index)
            }
        case .run(let job):
            job.runSynchronously(on: executor.asUnownedTaskExecutor())
        case .stop:
            guard stoppingSince == nil else { return }
            stoppingSince = .now
            // A credit socket at once, busy or not: the broker then sends it nothing new and still
            // delivers the replies to what it serves.
            for index in slots.indices where !slots[index].busy || slots[index].declaresCredit { try sendDisconnect(index) }
        }
    }

    private func readRequests(slot index: Int) throws {
        let generation = slots[index].generation
        while slots[index].generation == generation, let frames = try slots[index].socket.receive(dontWait: true) {
            slots[index].lastHeard = .now
            guard frames.count >= 2, frames[0] == MDP.workerHeader, frames[1].count == 1,
                  let command = MDP.WorkerCommand(rawValue: frames[1][0]) else {
                logger.warning("invalid message from broker dropped", metadata: ["service": "\(options.service)"])
                continue
            }
            switch command {
            case .request:
                guard frames.count >= 4, slots[index].inFlight < slots[index].capacity else { continue }
                let client = frames[2]
                let body = Array(frames.dropFirst(4))
                slots[index].inFlight += 1
                lastRequestAt = .now
                let handler = self.handler, mailbox = self.mailbox
                Task(executorPreference: executor) {
                    let reply = await handler(body)
                    mailbox.post(.reply(slot: index, generation: generation, client: client, body: reply))
                }
            case .heartbeat:
                break
            case .disconnect:
                // The broker forgot us (it restarted, or purged us): register again on a new socket. A
                // credit socket does so at once (the broker put what we serve back in line).
                if stoppingSince != nil { continue }
                if slots[index].busy && !slots[index].declaresCredit { slots[index].reconnectAfterReply = true } else { try reconnect(index) }
            default:
                continue
            }
        }
    }

    private func keepAlive() throws {
        let now = ContinuousClock.now
        for index in slots.indices {
            if stoppingSince != nil {
                // Draining: still alive to the broker while requests are being finished, so that a slow one
                // is not taken for a dead worker's (and sent again elsewhere) before its reply.
                if slots[index].busy, now - slots[index].lastSent >= options.heartbeat,
                   try slots[index].socket.send(MDP.worker(.heartbeat), dontWait: true) {
                    slots[index].lastSent = now
                }
                continue
            }
            if !slots[index].registered {
                try register(index)
            } else if now - slots[index].lastHeard > options.heartbeat * options.liveness {
                logger.info("broker silent, reconnecting", metadata: ["service": "\(options.service)"])
                if slots[index].busy && !slots[index].declaresCredit { slots[index].reconnectAfterReply = true } else { try reconnect(index) }
            } else if now - slots[index].lastSent >= options.heartbeat {
                if try slots[index].socket.send(MDP.worker(.heartbeat), dontWait: true) {
                    slots[index].lastSent = now
                }
            }
        }
    }

    private func register(_ index: Int) throws {
        var ready = [Array(options.service.utf8)]
        if slots[index].declaresCredit { ready.append(Array("credit=\(slots[index].capacity)".utf8)) }
        if try slots[index].socket.send(MDP.worker(.ready, ready), dontWait: true) {
            slots[index].registered = true
            slots[index].lastSent = .now
            slots[index].lastHeard = .now
        }
    }

    private func reconnect(_ index: Int) throws {
        counters.reconnects.add(1, ordering: .relaxed)
        slots[index].socket.close()
        slots[index].socket = try openSocket(slots[index].endpoint)
        poller.replace(index + 1, with: slots[index].socket)
        slots[index].generation += 1
        // Replies to what the old socket received are dropped (their generation is gone).
        slots[index].inFlight = 0
        slots[index].registered = false
        slots[index].reconnectAfterReply = false
        try register(index)
    }

    private func sendDisconnect(_ index: Int) throws {
        _ = try slots[index].socket.send(MDP.worker(.disconnect), dontWait: true)
    }
}
