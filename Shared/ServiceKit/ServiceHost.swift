import Bus
import Foundation
import GRDB
import Logging
import Schema
import ServiceLifecycle
import Store
import Synchronization
import ZeroMQ

/// Everything a service executable wires together: its store, the bus (worker, client, event relay
/// and consumer), health, metrics, logging and graceful shutdown. A service's `main` only says what
/// it is called, what its store holds, and which handlers it has — the rules live in its library.
public final class ServiceHost: Sendable {
    public let name: String
    public let store: Store
    public let client: BusClient
    public let router: ServiceRouter
    public let logger: Logger
    public let runtime: RuntimeOptions
    public let bus: BusOptions
    let context: Context
    let consumers = Mutex<[(sources: [String], handler: EventConsumer.Handler)]>([])
    let extraServices = Mutex<[any Service]>([])
    let startedAt = Date()

    init(name: String, bus: BusOptions, runtime: RuntimeOptions,
         migrations: (inout DatabaseMigrator) -> Void) throws {
        self.name = name
        self.bus = bus
        self.runtime = runtime
        logger = Logger(label: name)
        store = try Store(path: URL(fileURLWithPath: bus.dataDir).appendingPathComponent("\(name).sqlite").path,
                          migrations: migrations)
        context = try bus.curve.context()
        // As many calls out as requests in hand: each request being served may be waiting on another service.
        client = try BusClient(context: context, options: .init(endpoint: bus.broker, inFlight: max(8, bus.concurrency)),
                               logger: Logger(label: "\(name).client"))
        router = ServiceRouter(service: name, logger: logger)
        registerStandardHandlers()
    }

    /// Consume events of `sources` (service names) into this service's store, exactly once each.
    public func consume(_ sources: [String], _ handler: @escaping EventConsumer.Handler) {
        consumers.withLock { $0.append((sources, handler)) }
    }

    /// Runs `service` beside the worker for the life of the process (stopped before the relay and
    /// consumers, after the worker stops taking requests).
    public func addService(_ service: any Service) {
        extraServices.withLock { $0.append(service) }
    }

    private func registerStandardHandlers() {
        let name = self.name, instance = runtime.instance, startedAt = self.startedAt, store = self.store
        router.query(Health.operation(name)) { _, _ in
            let head = try await store.read { db in try EventLog.head(db) }
            return Health.Reply(status: "ok", service: name, instance: instance, pid: getpid(),
                                startedAt: startedAt, version: ServiceHost.version, eventsHead: head)
        }
        router.query(EventsSince.operation(name)) { request, _ in
            guard request.after >= 0, request.limit > 0 else {
                throw ErrorBody.make(ErrorCode.schemaInvalid, details: ["field": request.after < 0 ? "body.after" : "body.limit", "reason": "invalid_value"])
            }
            let (events, head) = try await store.read { db in
                (try EventLog.since(db, after: request.after, limit: min(request.limit, 500)), try EventLog.head(db))
            }
            let records = try events.map { stored in
                EventsSince.Record(seq: stored.seq, event: try Wire.decode(JSONValue.self, from: stored.envelope))
            }
            return EventsSince.Reply(events: records, head: head)
        }
    }

    public static let version = "0.1.0"

    /// Runs the service until SIGTERM/SIGINT: stops taking requests, finishes those in flight,
    /// stops relay and consumers, closes sockets, returns (the process then exits 0).
    public static func run(
        name: String, contract: [OperationDescriptor]? = nil, bus: BusOptions, runtime: RuntimeOptions,
        migrations: (inout DatabaseMigrator) -> Void = { _ in },
        configure: (ServiceHost) throws -> Void
    ) async throws {
        LoggingSetup.bootstrap(runtime, service: name)
        MetricsSetup.bootstrap()
        let host = try ServiceHost(name: name, bus: bus, runtime: runtime, migrations: migrations)
        try configure(host)
        if let contract { try host.requireHandlers(for: contract) }
        try await host.serve()
    }

    /// A service answers exactly its contract: an operation without a handler, or a handler without
    /// an operation, stops it at start (so every system test that starts it fails on the drift).
    public func requireHandlers(for contract: [OperationDescriptor]) throws {
        let (unhandled, undeclared) = router.mismatches(with: contract)
        guard unhandled.isEmpty, undeclared.isEmpty else {
            logger.critical("handlers do not match the contract", metadata: [
                "unhandled": "\(unhandled.joined(separator: ","))", "undeclared": "\(undeclared.joined(separator: ","))",
            ])
            throw ContractMismatch(unhandled: unhandled, undeclared: undeclared)
        }
    }

    func serve() async throws {
        let router = self.router
        let worker = try BusWorker(
            context: context, options: .init(endpoint: bus.broker, service: name, concurrency: bus.concurrency),
            logger: Logger(label: "\(name).worker")) { frames in await router.handle(frames) }
        let publisher = try Publisher(context: context, endpoint: bus.eventsIn, logger: Logger(label: "\(name).publisher"))

        // ServiceGroup shuts services down in reverse order: the worker first (stop taking work,
        // finish what is in flight), then consumers and the relay.
        var services: [any Service] = [EventRelay(source: name, store: store, publisher: publisher, holder: runtime.instance, logger: logger)]
        var subscribers: [Subscriber] = []
        for consumer in consumers.withLock({ $0 }) {
            let subscriber = try Subscriber(context: context, endpoint: bus.eventsOut, prefixes: consumer.sources,
                                            logger: Logger(label: "\(name).subscriber"))
            subscribers.append(subscriber)
            services.append(EventConsumer(consumer: name, sources: consumer.sources, store: store, subscriber: subscriber,
                                          client: client, holder: runtime.instance, logger: logger, handler: consumer.handler))
        }
        if let port = runtime.metricsPort { services.append(MetricsServer(port: port, host: runtime.metricsHost, logger: logger)) }
        services += extraServices.withLock { $0 }
        services.append(WorkerService(worker: worker))

        logger.info("\(name) serving", metadata: [
            "broker": "\(bus.broker)", "types": "\(router.types.joined(separator: ","))", "instance": "\(runtime.instance)",
        ])
        let group = ServiceGroup(configuration: .init(
            services: services.map { .init(service: $0) }, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        for subscriber in subscribers { await subscriber.close() }
        await publisher.close()
        await client.close()
        logger.info("\(name) stopped")
    }
}

/// The MDP worker as a lifecycle service.
struct WorkerService: Service {
    let worker: BusWorker

    func run() async throws {
        try? await gracefulShutdown()
        await worker.stop()
    }
}

public struct ContractMismatch: Error, Equatable {
    public let unhandled: [String]
    public let undeclared: [String]
}
