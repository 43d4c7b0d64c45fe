import Dues
import Foundation
import GRDB
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The money path as real processes: broker, provider simulator, identity, dues (seeded with a `CitySeed`),
/// payments and the gateway (the providers' callbacks come in through it), on ipc sockets and free
/// ports in a private directory. Used by `paybench` and the payments fault test; they drive it over
/// the bus (orders) and the simulator's HTTP hooks (the payer paying).
public final class PayRig: @unchecked Sendable {
    public let work: URL
    public let binDirectory: URL
    public let city: CitySeed
    public let simulatorURL: String
    public let gatewayURL: String
    public let brokerEndpoint: String
    let simulatorPort: Int, gatewayPort: Int
    let simulatorExtra: [String]
    let paymentsExtra: [String: Any]
    let orderSeconds: Int
    private let lock = NSLock()
    private var running: [String: Process] = [:]
    private var commands: [String: (String, [String])] = [:]
    private var environment: [String: String] = [:]

    /// `simulatorArguments`: extra provider-sim flags (resend scales, notification chaos…);
    /// `payments`: extra keys of payments' settings.
    /// Requests each of payments and dues serves at once (`DJ_CONCURRENCY`): a payment waits on dues,
    /// identity and the provider, so a dues day needs more than the default 8.
    public let concurrency: Int

    public init(binDirectory: URL, city: CitySeed, orderSeconds: Int = 900, simulatorArguments: [String] = [],
                payments: [String: Any] = [:], concurrency: Int = 8, work: URL? = nil) {
        self.concurrency = concurrency
        self.binDirectory = binDirectory
        self.city = city
        self.work = work ?? FileManager.default.temporaryDirectory.appendingPathComponent("dj-payrig-\(UUID().uuidString.prefix(8))")
        simulatorPort = Self.freePort()
        gatewayPort = Self.freePort()
        simulatorURL = "http://127.0.0.1:\(simulatorPort)"
        gatewayURL = "http://127.0.0.1:\(gatewayPort)"
        brokerEndpoint = "ipc://\(self.work.path)/broker.sock"
        simulatorExtra = simulatorArguments
        paymentsExtra = payments
        self.orderSeconds = orderSeconds
    }

    public var dataDirectory: URL { work.appendingPathComponent("data") }
    public var logDirectory: URL { work.appendingPathComponent("log") }

    /// Seeds dues, makes keys and settings, starts everything and waits until the gateway answers and
    /// the simulator listens (callers wait for the services on the bus: `BusClient.isServiceAvailable`).
    public func start() async throws {
        for dir in [dataDirectory, logDirectory] { try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true) }
        try city.write(toDuesStoreAt: dataDirectory.appendingPathComponent("dues.sqlite").path)
        try city.write(toIdentityStoreAt: dataDirectory.appendingPathComponent("identity.sqlite").path)
        let keys = try ProviderKeys(in: work.appendingPathComponent("keys"))
        let paymentsFile = work.appendingPathComponent("payments-settings.json")
        let settings = try keys.paymentsSettings(simulator: simulatorURL, gateway: gatewayURL, orderSeconds: orderSeconds, extra: paymentsExtra)
        try JSONSerialization.data(withJSONObject: settings).write(to: paymentsFile)
        let duesFile = work.appendingPathComponent("dues-settings.json")
        try Data(#"{"openMonthsAutomatically": false}"#.utf8).write(to: duesFile)
        environment = ["DJ_BROKER": brokerEndpoint, "DJ_EVENTS_IN": "ipc://\(work.path)/in.sock",
                       "DJ_EVENTS_OUT": "ipc://\(work.path)/out.sock", "DJ_DATA_DIR": dataDirectory.path, "DJ_LOG_FORMAT": "json",
                       "DJ_PAYMENTS_SETTINGS": paymentsFile.path, "DJ_DUES_SETTINGS": duesFile.path,
                       "DJ_SMS_URL": simulatorURL + "/", "DJ_WECHAT_URL": simulatorURL, "DJ_REALNAME_URL": simulatorURL]
        commands = [
            "broker": ("broker", ["--bind", brokerEndpoint, "--events-in", environment["DJ_EVENTS_IN"]!,
                                  "--events-out", environment["DJ_EVENTS_OUT"]!]),
            "provider-sim": ("provider-sim", ["--port", String(simulatorPort)] + keys.simulatorArguments + simulatorExtra),
            // Dues asks it for the payer's real-name status (not required here), the gateway for token keys.
            "identity": ("identity", []),
            "dues": ("dues", ["--concurrency", String(concurrency)]),
            "payments": ("payments", ["--concurrency", String(concurrency)]),
            "gateway": ("gateway", ["--port", String(gatewayPort)]),
        ]
        for name in ["broker", "provider-sim", "identity", "dues", "payments", "gateway"] { try launch(name) }
        try await waitUntil("the gateway and the simulator answer", timeout: .seconds(60)) {
            let gateway = await Self.answers(self.gatewayURL + "/healthz")
            let simulator = await Self.answers(self.simulatorURL + "/_sim/sms/messages")
            return gateway && simulator
        }
    }

    /// Starts (or restarts) one process under its name.
    public func launch(_ name: String) throws {
        guard let (executable, arguments) = commands[name] else { throw RigError("no process named \(name)") }
        let process = Process()
        process.executableURL = binDirectory.appendingPathComponent(executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let log = logDirectory.appendingPathComponent("\(name).log")
        if !FileManager.default.fileExists(atPath: log.path) { FileManager.default.createFile(atPath: log.path, contents: nil) }
        let handle = try FileHandle(forWritingTo: log)
        handle.seekToEndOfFile()
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        lock.withLock { running[name] = process }
    }

    /// `kill -9`: no shutdown, no flush; whatever SQLite committed is all that survives.
    public func killHard(_ name: String) {
        guard let process = lock.withLock({ running.removeValue(forKey: name) }) else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    public func pid(_ name: String) -> Int32? { lock.withLock { running[name]?.processIdentifier } }

    /// Resident memory of a process, in KiB (VmRSS).
    public func residentKiB(_ name: String) -> Int? {
        guard let pid = pid(name), let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") }
        return line.flatMap { Int($0.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") }
    }

    /// The processes the rig runs, by name.
    public var names: [String] { lock.withLock { running.keys.sorted() } }

    /// CPU time a process has used so far, user and system, in seconds (/proc/PID/stat).
    public func cpuSeconds(_ name: String) -> Double? {
        guard let pid = pid(name) else { return nil }
        return Self.cpuSeconds(path: "/proc/\(pid)/stat")
    }

    /// utime + stime of /proc/…/stat, in seconds.
    public static func cpuSeconds(path: String) -> Double? {
        guard let stat = try? String(contentsOfFile: path, encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        // After the command name (which may hold spaces): state is field 3, utime 14, stime 15.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// A service's SQLite file, read-only: the witness of what happened.
    public func database(_ service: String) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(10)
        return try DatabaseQueue(path: dataDirectory.appendingPathComponent("\(service).sqlite").path, configuration: configuration)
    }

    public func stop(keepFiles: Bool = false) {
        let all = lock.withLock { () -> [Process] in defer { running = [:] }; return Array(running.values) }
        for process in all where process.isRunning { process.interrupt() }
        for process in all { process.waitUntilExit() }
        if !keepFiles { try? FileManager.default.removeItem(at: work) }
    }

    // MARK: Helpers

    static func answers(_ url: String) async -> Bool {
        var request = URLRequest(url: URL(string: url)!)
        request.timeoutInterval = 2
        guard let (_, response) = try? await URLSession.shared.data(for: request) else { return false }
        return (response as? HTTPURLResponse)?.statusCode == 200
    }

    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// Waits for a condition with a deadline (never a bare sleep as synchronisation).
public func waitUntil(_ what: String, timeout: Duration, poll: Duration = .milliseconds(50),
                      _ condition: () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + timeout
    while true {
        if try await condition() { return }
        if ContinuousClock.now >= deadline { throw RigError("timed out waiting for: \(what)") }
        try await Task.sleep(for: poll)
    }
}
