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
    func startBroker(name: String = "broker", extraEnvironment: [String: String] = [:]) throws -> ServiceProcess {
        let process = ServiceProcess(
            name: name, executable: "broker",
            arguments: ["--bind", brokerEndpoint, "--events-in", eventsIn, "--events-out", eventsOut],
            environment: ["DJ_LOG_FORMAT": "json"].merging(extraEnvironment) { $1 }, logDirectory: directory)
        try process.start()
        processes.append(process)
        return process
    }

    /// Starts a fixture service (`counter` or `sink`) as instance `instance`.
    @discardableResult
    func startFixture(_ role: String, instance: String, concurrency: Int = 4,
                      extraEnvironment: [String: String] = [:]) throws -> ServiceProcess {
        var environment = busEnvironment.merging(extraEnvironment) { $1 }
        environment["DJ_INSTANCE"] = instance
        environment["DJ_CONCURRENCY"] = String(concurrency)
        let process = ServiceProcess(name: instance, executable: "bus-fixture", arguments: [role],
                                     environment: environment, logDirectory: directory)
        try process.start()
        processes.append(process)
        return process
    }

    /// Starts a service executable (`identity`, `notifications`…) on the cluster's bus.
    @discardableResult
    func startService(_ executable: String, instance: String? = nil, arguments: [String] = [],
                      extraEnvironment: [String: String] = [:]) throws -> ServiceProcess {
        var environment = busEnvironment.merging(extraEnvironment) { $1 }
        environment["DJ_INSTANCE"] = instance ?? executable
        if let simulatorURL { environment.merge(Self.providerEnvironment(simulatorURL)) { old, _ in old } }
        let process = ServiceProcess(name: instance ?? executable, executable: executable, arguments: arguments,
                                     environment: environment, logDirectory: directory)
        try process.start()
        processes.append(process)
        return process
    }

    private(set) var simulatorURL: String?

    /// Starts the provider simulator on a free port and waits until it listens.
    @discardableResult
    func startSimulator() async throws -> String {
        let port = Self.freePort()
        let process = ServiceProcess(name: "provider-sim", executable: "provider-sim", arguments: ["--port", String(port)],
                                     logDirectory: directory)
        try process.start()
        processes.append(process)
        try await eventually("provider-sim listening") { process.log.contains("listening") }
        simulatorURL = "http://127.0.0.1:\(port)"
        return simulatorURL!
    }

    static func providerEnvironment(_ url: String) -> [String: String] {
        ["DJ_SMS_URL": url + "/", "DJ_WECHAT_URL": url, "DJ_REALNAME_URL": url]
    }

    func client(inFlight: Int = 4, timeout: Duration = .seconds(2), retries: Int = 3) throws -> BusClient {
        let client = try BusClient(context: context, options: .init(endpoint: brokerEndpoint, inFlight: inFlight,
                                                                     timeout: timeout, retries: retries))
        clients.append(client)
        return client
    }

    /// Waits until the broker knows at least `workers`... of `service` (via MMI), i.e. it can serve.
    func waitUntilServing(_ service: String, timeout: Duration = .seconds(30)) async throws {
        let probe = try client(inFlight: 1)
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

    /// Runs the operator tool on this cluster's stores; the test fails if it does.
    @discardableResult
    func djctl(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let process = Process()
        process.executableURL = ServiceProcess.binDirectory.appendingPathComponent("djctl")
        process.arguments = arguments + ["--data-dir", dataDirectory.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        // Read before waiting: a full pipe would otherwise block djctl forever.
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "djctl \(arguments.first ?? ""): \(text)", file: file, line: line)
        return text
    }

    /// An installation as the operator makes one: `djctl init`, then the party statistics CSVs imported.
    func install(_ demo: DemoData, rootName: String = "中共示范市委") throws {
        try djctl(["init", "--code", demo.rootCode, "--name", rootName, "--admin", "cityadmin"])
        let orgs = directory.appendingPathComponent("orgs.csv"), members = directory.appendingPathComponent("members.csv")
        try demo.organizationsCSV.write(to: orgs, atomically: true, encoding: .utf8)
        try demo.membersCSV.write(to: members, atomically: true, encoding: .utf8)
        try djctl(["import", "--organizations", orgs.path, "--members", members.path])
    }

    /// A process a test started itself, so that teardown stops it with the others.
    func track(_ process: ServiceProcess) {
        processes.append(process)
    }

    func shutdown() async {
        for client in clients { await client.close() }
        for process in processes { process.stopForTeardown() }
    }

    /// A free TCP port on loopback (the kernel picks it; a tiny race with other processes is acceptable in tests).
    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    func logs() -> String { processes.map { "=== \($0.name)\n\($0.log.suffix(4000))" }.joined(separator: "\n") }
}
