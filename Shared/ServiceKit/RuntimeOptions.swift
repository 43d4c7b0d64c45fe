import ArgumentParser
import Foundation
import Logging

public enum LogFormat: String, ExpressibleByArgument, Sendable, CaseIterable {
    case text, json
}

/// What every executable (the broker included) accepts: logging, metrics, instance name.
public struct RuntimeOptions: ParsableArguments, Sendable {
    @Option(name: .customLong("log-format"), help: "text or json (JSON lines). Env DJ_LOG_FORMAT.")
    public var logFormat: LogFormat = LogFormat(rawValue: Env.string("DJ_LOG_FORMAT", "text")) ?? .text

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error, critical. Env DJ_LOG_LEVEL.")
    public var logLevel: String = Env.string("DJ_LOG_LEVEL", "info")

    @Option(name: .customLong("metrics-port"), help: "Serve Prometheus text at http://HOST:PORT/metrics (off when absent). Env DJ_METRICS_PORT.")
    public var metricsPort: Int? = Env.optionalInt("DJ_METRICS_PORT")

    @Option(name: .customLong("metrics-host"), help: "Address the metrics are served on: 127.0.0.1, or 0.0.0.0 where Prometheus scrapes from another host (a pod). Env DJ_METRICS_HOST.")
    public var metricsHost: String = Env.string("DJ_METRICS_HOST", "127.0.0.1")

    @Option(help: "Name of this instance in logs and health replies. Env DJ_INSTANCE.")
    public var instance: String = Env.string("DJ_INSTANCE", "\(ProcessInfo.processInfo.hostName)-\(getpid())")

    public init() {}

    public var level: Logger.Level { Logger.Level(rawValue: logLevel) ?? .info }
}

/// What every business service accepts on top: where the broker and the event proxy are, where its data lives.
public struct BusOptions: ParsableArguments, Sendable {
    @Option(help: "Broker request/reply endpoint, or several separated by commas: a worker registers with each, a request goes to one that is up. Env DJ_BROKER.")
    public var broker: String = Env.string("DJ_BROKER", "tcp://127.0.0.1:5555")

    @Option(name: .customLong("events-in"), help: "Broker endpoint(s) where publishers send events (its XSUB); with several, each gets every event. Env DJ_EVENTS_IN.")
    public var eventsIn: String = Env.string("DJ_EVENTS_IN", "tcp://127.0.0.1:5556")

    @Option(name: .customLong("events-out"), help: "Broker endpoint(s) where subscribers read events (its XPUB); with several, copies are dropped by sequence. Env DJ_EVENTS_OUT.")
    public var eventsOut: String = Env.string("DJ_EVENTS_OUT", "tcp://127.0.0.1:5557")

    @Option(name: .customLong("data-dir"), help: "Directory of this service's SQLite store. Env DJ_DATA_DIR.")
    public var dataDir: String = Env.string("DJ_DATA_DIR", "./var/data")

    @Option(help: "Requests served at once by this process (one MDP worker socket each). Env DJ_CONCURRENCY.")
    public var concurrency: Int = Env.int("DJ_CONCURRENCY", 8)

    @OptionGroup public var curve: CurveOptions

    public init() {}
}
