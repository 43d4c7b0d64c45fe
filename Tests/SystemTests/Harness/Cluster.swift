import Bus
import Foundation
import GRDB
import Schema
import XCTest
import ZeroMQ

/// A broker and services started as real processes, talking over ipc endpoints in a private
/// temporary directory (so parallel runs never collide on ports).
final class Cluster: @unchecked Sendable {
    let directory: URL
    let dataDirectory: URL
    let brokerEndpoint: String
    let eventsIn: String
    let eventsOut: String
    let context: Context
    private(set) var processes: [ServiceProcess] = []
    private var clients: [BusClient] = []

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("dj-system-\(UUID().uuidString.prefix(8))")
        dataDirectory = directory.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        brokerEndpoint = "ipc://\(directory.path)/broker.sock"
        eventsIn = "ipc://\(directory.path)/events-in.sock"
        eventsOut = "ipc://\(directory.path)/events-out.sock"
        context = try Context()
    }

    var busEnvironment: [String: String] {
        ["DJ_BROKER": brokerEndpoint, "DJ_EVENTS_IN": eventsIn, "DJ_EVENTS_OUT": eventsOut,
         "DJ_DATA_DIR": dataDirectory.path, "DJ_LOG_FORMAT": "json"]
    }

    @discardableResult
    func startBroker(name: String = "broker") throws -> ServiceProcess {
        let process = ServiceProcess(
            name: name, executable: "broker",
            arguments: ["--bind", brokerEndpoint, "--events-in", eventsIn, "--events-out", eventsOut],
            environment: ["DJ_LOG_FORMAT": "json"], logDirectory: directory)
        try process.start()
        processes.append(process)
        return process
    }

    /// Starts a fixture service (`counter` or `sink`) as instance `instance`.
    @discardableResult
    func startFixture(_ role: String, instance: String, concurrency: Int = 4) throws -> ServiceProcess {
        var environment = busEnvironment
        environment["DJ_INSTANCE"] = instance
        environment["DJ_CONCURRENCY"] = String(concurrency)
        let process = ServiceProcess(name: instance, executable: "bus-fixture", arguments: [role],
                                     environment: environment, logDirectory: directory)
        try process.start()
        processes.append(process)
        return process
    }

    func client(sockets: Int = 4, timeout: Duration = .seconds(2), retries: Int = 3) throws -> BusClient {
        let client = try BusClient(context: context, options: .init(endpoint: brokerEndpoint, sockets: sockets,
                                                                     timeout: timeout, retries: retries))
        clients.append(client)
        return client
    }

    /// Waits until the broker knows at least `workers`... of `service` (via MMI), i.e. it can serve.
    func waitUntilServing(_ service: String, timeout: Duration = .seconds(30)) async throws {
        let probe = try client(sockets: 1)
        try await eventually("\(service) registered at the broker", timeout: timeout) {
            await probe.isServiceAvailable(service, timeout: .milliseconds(300))
        }
    }

    /// Opens a service's SQLite file read-only, as a test's independent witness of what happened.
    func database(_ service: String) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(10)
        return try DatabaseQueue(path: dataDirectory.appendingPathComponent("\(service).sqlite").path, configuration: configuration)
    }

    func shutdown() async {
        for client in clients { await client.close() }
        for process in processes { process.stopForTeardown() }
    }

    func logs() -> String { processes.map { "=== \($0.name)\n\($0.log.suffix(4000))" }.joined(separator: "\n") }
}
