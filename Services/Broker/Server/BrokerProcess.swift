import BrokerCore
import Logging
import Metrics
import ServiceLifecycle
import Synchronization
import ZeroMQ

/// Runs the broker's sockets on one dedicated thread: the MDP ROUTER driven by `BrokerCore`, and the
/// XSUB/XPUB event proxy. Stops on graceful shutdown after telling every worker to DISCONNECT.
final class BrokerProcess: Service, Sendable {
    struct Endpoints: Sendable {
        var requests: String
        var eventsIn: String
        var eventsOut: String
    }

    private let mailbox: Mailbox<Bool>
    private let finished: SocketThread.Finished
    private let ready = StartupState()
    private let context: Context

    init(endpoints: Endpoints, config: BrokerConfig, security: BrokerSecurity?, logger: Logger) throws {
        let context = try Context()
        let mailbox = try Mailbox<Bool>()
        self.context = context
        self.mailbox = mailbox
        let ready = self.ready
        finished = SocketThread.start(name: "broker") {
            do {
                let loop = try BrokerLoop(context: context, endpoints: endpoints, config: config, security: security,
                                          mailbox: mailbox, logger: logger)
                ready.withLock { $0.bound = true }
                try loop.run()
            } catch {
                logger.critical("broker failed: \(error)")
                ready.withLock { $0.error = "\(error)" }
            }
        }
    }

    /// Waits until the sockets are bound (or binding failed), so "listening" is only logged when true.
    func started() async throws {
        let deadline = ContinuousClock.now + .seconds(5)
        while ContinuousClock.now < deadline {
            let state = ready.withLock { $0 }
            if let error = state.error { throw BrokerStartError(reason: error) }
            if state.bound { return }
            try await Task.sleep(for: .milliseconds(5))
        }
        throw BrokerStartError(reason: "sockets not bound within 5 s")
    }

    func run() async throws {
        await withGracefulShutdownHandler {
            await finished.wait()
        } onGracefulShutdown: { [mailbox] in
            mailbox.post(true)
        }
        if let error = ready.withLock({ $0.error }) { throw BrokerStartError(reason: error) }
    }
}

/// Whether the socket thread bound its endpoints, shared with the thread.
final class StartupState: Sendable {
    private let state = Mutex<(bound: Bool, error: String?)>((false, nil))
    func withLock<T>(_ body: (inout (bound: Bool, error: String?)) -> T) -> T { state.withLock { body(&$0) } }
}

struct BrokerStartError: Error, CustomStringConvertible {
    let reason: String
    var description: String { "broker could not start: \(reason)" }
}

private final class BrokerLoop {
    let router: Socket
    let xsub: Socket
    let xpub: Socket
    let mailbox: Mailbox<Bool>
    let logger: Logger
    var core: BrokerCore
    var out: [Outgoing] = []
    var unroutable = 0
    let metrics = BrokerMetrics()
    /// With CURVE on: the ZAP handler, and monitors that log handshakes refused before ZAP is asked (plaintext peers).
    let zap: ZAPHandler?
    let monitors: [Socket]
    var handshakeLogs = LogThrottle()

    init(context: Context, endpoints: BrokerProcess.Endpoints, config: BrokerConfig, security: BrokerSecurity?,
         mailbox: Mailbox<Bool>, logger: Logger) throws {
        // The ZAP handler first: a CURVE socket bound before it would admit any key.
        zap = try security.map { try ZAPHandler(context: context, security: $0, logger: logger) }
        router = try Socket(context, .router)
        xsub = try Socket(context, .xsub)
        xpub = try Socket(context, .xpub)
        var monitors: [Socket] = []
        if let security {
            for (socket, name) in [(router, "requests"), (xsub, "events-in"), (xpub, "events-out")] {
                try socket.makeCurveServer(secretKey: security.keys.secretKey, zapDomain: BrokerSecurity.zapDomain)
                monitors.append(try socket.monitor(events: MonitorEvent.handshakeFailures, into: context, name: name))
            }
        }
        self.monitors = monitors
        try router.setSendHighWaterMark(100_000)
        try router.setReceiveHighWaterMark(100_000)
        try router.bind(endpoints.requests)
        try xsub.bind(endpoints.eventsIn)
        try xpub.setXPubVerbose(true)
        try xpub.setSendHighWaterMark(200_000)
        try xpub.bind(endpoints.eventsOut)
        self.mailbox = mailbox
        self.logger = logger
        core = BrokerCore(config: config)
        out.reserveCapacity(64)
    }

    func run() throws {
        var poller = Poller()
        poller.add(fileDescriptor: mailbox.fileDescriptor)
        poller.add(router)
        poller.add(xsub)
        poller.add(xpub)
        if let zap { poller.add(zap.socket) }
        for monitor in monitors { poller.add(monitor) }
        while true {
            let now = ContinuousClock.now
            _ = try poller.poll(timeout: max(.zero, core.nextTick(now: now) - now))
            if poller.isReadable(0), !mailbox.drain().isEmpty { break }
            if poller.isReadable(1) { try pumpRequests() }
            if poller.isReadable(2) { try forward(from: xsub, to: xpub) }
            if poller.isReadable(3) { try forward(from: xpub, to: xsub) }
            if let zap, poller.isReadable(4) { try zap.answer() }
            for (index, monitor) in monitors.enumerated() where poller.isReadable(5 + index) { try logHandshakes(monitor) }
            let later = ContinuousClock.now
            if later >= core.nextTick(now: later) {
                core.tick(now: later, out: &out)
                try flush()
                metrics.update(core.stats, services: core.serviceLoads, unroutable: unroutable)
            }
        }
        core.shutdown(out: &out)
        try flush()
        metrics.update(core.stats, services: core.serviceLoads, unroutable: unroutable)
        // A short linger so the DISCONNECTs reach the workers; events in the proxy are not owed to anyone.
        router.close(linger: .milliseconds(500))
        xsub.close()
        xpub.close()
        for monitor in monitors { monitor.close() }
        zap?.socket.close()
    }

    private func logHandshakes(_ monitor: Socket) throws {
        while let frames = try monitor.receive(dontWait: true) {
            guard let event = MonitorEvent(frames) else { continue }
            // Failures ZAP refused were logged there with the key's fingerprint; these are the rest.
            if event.isAuthenticationRefusal { continue }
            zap?.refusals.increment()
            if let held = handshakeLogs.admit(event.endpoint + event.reason) {
                logger.warning("bus connection refused at handshake",
                               metadata: ["reason": "\(event.reason)", "endpoint": "\(event.endpoint)", "repeats": "\(held)"])
            }
        }
    }

    /// Drains what is waiting (bounded, so heartbeats and the proxy are never starved).
    private func pumpRequests() throws {
        var budget = 4096
        let now = ContinuousClock.now
        while budget > 0, var frames = try router.receive(dontWait: true) {
            budget -= 1
            guard frames.count >= 2 else { continue }
            let peer = frames.removeFirst()
            core.receive(from: peer, frames: frames, now: now, out: &out)
            if out.count >= 256 { try flush() }
        }
        try flush()
    }

    private func flush() throws {
        // A failed send is reported to the core, which forgets an unreachable worker at once and
        // re-dispatches a REQUEST it never received, appending to `out` while we walk it: hence the
        // index loop over the growing array. Each append forgets a worker or re-dispatches a request it
        // was serving, so the growth is bounded by the workers and requests in flight now; the limit
        // only guards against a core bug livelocking us.
        let growthLimit = out.count + core.stats.workers + core.stats.inFlight
        var reportTime: ContinuousClock.Instant?
        var index = 0
        while index < out.count {
            let message = out[index]
            index += 1
            let sent: Bool
            do {
                sent = try router.send(head: message.peer, message.frames, dontWait: true)
            } catch let error as ZMQError where error.isUnroutable {
                // The peer is gone (ROUTER_MANDATORY tells us instead of dropping silently).
                sent = false
            }
            if sent { continue }
            // Peer gone or its pipe full: a client will retry, a worker is dropped now rather than
            // at purge time and the request it never got goes to another.
            unroutable += 1
            guard out.count <= growthLimit else { continue }
            let now = reportTime ?? ContinuousClock.now
            reportTime = now
            core.undeliverable(message, now: now, out: &out)
        }
        out.removeAll(keepingCapacity: true)
    }

    private func forward(from source: Socket, to target: Socket) throws {
        var budget = 4096
        while budget > 0, let frames = try source.receive(dontWait: true) {
            budget -= 1
            _ = try target.send(frames, dontWait: true)
        }
    }
}

/// Broker figures for Prometheus.
final class BrokerMetrics {
    /// Per service; a service once seen keeps its series at 0 when its last worker is gone (the alert's case).
    var perService: [String: (workers: Gauge, queued: Gauge)] = [:]
    let requests = Gauge(label: "broker_requests_total")
    let replies = Gauge(label: "broker_replies_total")
    let expired = Gauge(label: "broker_expired_requests_total")
    let dropped = Gauge(label: "broker_dropped_messages_total")
    let unroutable = Gauge(label: "broker_unroutable_messages_total")

    func update(_ stats: BrokerStats, services: [ServiceLoad], unroutable count: Int) {
        var seen = Set<String>()
        for load in services where !load.service.hasPrefix("mmi.") {
            seen.insert(load.service)
            let gauges = perService[load.service] ?? {
                let made = (Gauge(label: "broker_workers", dimensions: [("service", load.service)]),
                            Gauge(label: "broker_queued_requests", dimensions: [("service", load.service)]))
                perService[load.service] = made
                return made
            }()
            gauges.workers.record(load.workers)
            gauges.queued.record(load.queued)
        }
        for (service, gauges) in perService where !seen.contains(service) {
            gauges.workers.record(0)
            gauges.queued.record(0)
        }
        requests.record(stats.requests)
        replies.record(stats.replies)
        expired.record(stats.expired)
        dropped.record(stats.dropped)
        unroutable.record(count)
    }
}
