import ArgumentParser
import BrokerCore
import Logging
import ServiceKit
import ServiceLifecycle
import ZeroMQ

@main
struct BrokerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "broker",
        abstract: "The Dangjian message broker: Majordomo (MDP/0.2, ZeroMQ RFC 18) request/reply and the event proxy.",
        discussion: """
        Clients (DEALER) send ["MDPC02", 0x01, service, body…] to --bind; workers (DEALER) register
        there with ["MDPW02", 0x01, service]. Requests go to the least recently used worker of a
        service; with no worker they wait up to --request-ttl-ms. The broker itself answers the MMI
        service "mmi.service" (200/404). Events: publishers connect PUB to --events-in (XSUB),
        subscribers connect SUB to --events-out (XPUB). See Shared/Schema/WIRE.md.
        """
    )

    @Option(help: "Request/reply endpoint (ROUTER) for clients and workers. Env DJ_BROKER_BIND.")
    var bind: String = Env.string("DJ_BROKER_BIND", "tcp://127.0.0.1:5555")

    // The *_BIND variables first: where the other processes list two brokers in DJ_EVENTS_IN/OUT, the
    // broker still binds its own one endpoint.
    @Option(name: .customLong("events-in"), help: "Endpoint where publishers send events (XSUB). Env DJ_EVENTS_IN_BIND, else DJ_EVENTS_IN.")
    var eventsIn: String = Env.optionalString("DJ_EVENTS_IN_BIND") ?? Env.string("DJ_EVENTS_IN", "tcp://127.0.0.1:5556")

    @Option(name: .customLong("events-out"), help: "Endpoint where subscribers receive events (XPUB). Env DJ_EVENTS_OUT_BIND, else DJ_EVENTS_OUT.")
    var eventsOut: String = Env.optionalString("DJ_EVENTS_OUT_BIND") ?? Env.string("DJ_EVENTS_OUT", "tcp://127.0.0.1:5557")

    @Option(name: .customLong("heartbeat-ms"), help: "Heartbeat interval with workers, in milliseconds.")
    var heartbeatMs: Int = 1000

    @Option(help: "Heartbeats a worker may miss before it is purged.")
    var liveness: Int = 5

    @Option(name: .customLong("request-ttl-ms"), help: "How long a request waits for a worker of its service before it is dropped.")
    var requestTTLMs: Int = 10_000

    @OptionGroup var runtime: RuntimeOptions
    @OptionGroup var curve: CurveOptions

    func run() async throws {
        LoggingSetup.bootstrap(runtime, service: "broker")
        MetricsSetup.bootstrap()
        let logger = Logger(label: "broker")
        let config = BrokerConfig(
            heartbeatInterval: .milliseconds(heartbeatMs), liveness: liveness, requestTTL: .milliseconds(requestTTLMs))
        let broker = try BrokerProcess(
            endpoints: .init(requests: bind, eventsIn: eventsIn, eventsOut: eventsOut), config: config,
            security: try security(), logger: logger)
        try await broker.started()
        logger.info("broker listening", metadata: ["requests": "\(bind)", "events-in": "\(eventsIn)", "events-out": "\(eventsOut)"])

        var services: [any Service] = [broker]
        if let port = runtime.metricsPort { services.append(MetricsServer(port: port, host: runtime.metricsHost, logger: logger)) }
        let group = ServiceGroup(configuration: .init(
            services: services.map { .init(service: $0) },
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
        try await group.run()
        logger.info("broker stopped")
    }
}

extension BrokerCommand {
    /// With --curve: the broker's own pair and its clients' key directory, both required.
    func security() throws -> BrokerSecurity? {
        guard curve.enabled else { return nil }
        guard let keyFile = curve.keyFile else { throw ValidationError("--curve needs --curve-key (DJ_CURVE_KEY): the broker's .key file") }
        guard let clients = curve.clientsDirectory else {
            throw ValidationError("--curve needs --curve-clients (DJ_CURVE_CLIENTS): the directory of admitted .pub files")
        }
        return BrokerSecurity(keys: try CurveKeyFile.loadPair(keyFile), clientsDirectory: clients)
    }
}
