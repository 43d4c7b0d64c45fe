import ArgumentParser
import Bus
import Foundation
import Schema
import Synchronization
import ZeroMQ

/// `swift run -c release busbench`: raw DEALER→ROUTER echo against the same echo through the
/// broker and a worker process, 200-byte bodies, printed side by side with their ratios.
@main
struct BusBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "busbench",
        abstract: "Bus benchmark: raw ZeroMQ echo vs. the same through the MDP broker and a worker process.",
        subcommands: [Run.self, EchoServer.self, EchoWorker.self],
        defaultSubcommand: Run.self)
}

struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Run the whole benchmark (default).")

    @Option(help: "Body size in bytes.") var bodySize = 200
    @Option(help: "Round trips measured one at a time, for latency.") var latencySamples = 20_000
    @Option(help: "Seconds of each throughput run.") var seconds = 5.0
    @Option(help: "Plain MDP client sockets kept busy through the broker, one request in flight each; also the requests the async client and the tagged loop keep in flight.") var clientSockets = 128
    @Option(help: "Worker sockets in the worker process (requests it serves at once).") var workerSockets = 32
    @Option(help: "Requests kept in flight on the raw DEALER.") var rawWindow = 256
    @Option(help: "tcp (loopback) or ipc (unix sockets).") var transport = "tcp"

    func run() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("busbench-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let body = Frame(repeating: UInt8(ascii: "x"), count: bodySize)
        let context = try Context()
        print("busbench: \(bodySize)-byte bodies, libzmq \(Context.libraryVersion), \(ProcessInfo.processInfo.activeProcessorCount) cores, \(transport)")
        func endpoint(_ name: String) -> String {
            transport == "ipc" ? "ipc://\(directory.path)/\(name).sock" : "tcp://127.0.0.1:\(freePort())"
        }

        // (a) raw
        let rawEndpoint = endpoint("echo")
        let echo = try Child.start(Child.selfPath, ["echo-server", "--bind", rawEndpoint])
        defer { echo.stop() }
        let rawLatency = try RawClient.latency(context: context, endpoint: rawEndpoint, body: body, samples: latencySamples)
        let rawRate = try RawClient.throughput(context: context, endpoint: rawEndpoint, body: body, window: rawWindow, seconds: seconds)
        print(String(format: "(a) raw DEALER→ROUTER echo      p50 %7.1f µs  p99 %7.1f µs  pipelined %9.0f req/s", rawLatency.p50, rawLatency.p99, rawRate))
        let rawOneEach = try RawClient.throughputOneInFlightEach(context: context, endpoint: rawEndpoint, body: body, sockets: clientSockets, seconds: seconds)
        print(String(format: "(a') raw echo, %d DEALERs with one request in flight each (MDP's shape, one hop)  %9.0f req/s", clientSockets, rawOneEach))

        // (b) through the broker
        let brokerEndpoint = endpoint("broker")
        let broker = try Child.start(Child.sibling("broker"), [
            "--bind", brokerEndpoint, "--events-in", endpoint("events-in"), "--events-out", endpoint("events-out"),
            "--log-level", "warning"])
        defer { broker.stop() }
        // (b)–(d): a worker of plain MDP sockets, one request in flight each (the baseline of (e)).
        let worker = try Child.start(Child.selfPath, ["echo-worker", "--broker", brokerEndpoint, "--sockets", "\(workerSockets)"])

        let brokerLatency = try await Self.asyncLatency(context: context, endpoint: brokerEndpoint, body: body, samples: latencySamples)

        let syncLatency = try RawMDPClient.latency(context: context, endpoint: brokerEndpoint, body: body, samples: latencySamples)
        print(String(format: "(b'') through broker + worker, blocking MDP DEALER as in (a)  p50 %7.1f µs  p99 %7.1f µs  (%.2f× / %.2f× raw)",
                     syncLatency.p50, syncLatency.p99, syncLatency.p50 / rawLatency.p50, syncLatency.p99 / rawLatency.p99))
        let rawMDPRate = try RawMDPClient.throughput(context: context, endpoint: brokerEndpoint, body: body, sockets: clientSockets, seconds: seconds)
        print(String(format: "(b') broker + worker, synchronous MDP client loop (no async client)  %9.0f req/s", rawMDPRate))
        let client = try BusClient(context: context, options: .init(endpoint: brokerEndpoint, inFlight: clientSockets, timeout: .seconds(5), retries: 0))
        let brokerRate = try await Self.throughput(client: client, body: body, concurrency: clientSockets * 2, seconds: seconds)
        print(String(format: "(b) through broker + worker     p50 %7.1f µs  p99 %7.1f µs  many in flight %7.0f req/s", brokerLatency.p50, brokerLatency.p99, brokerRate))

        // (d) typed envelopes (JSON both ends) through the same path, for what services actually pay.
        let envelopeRate = try await Self.envelopeThroughput(client: client, bodySize: bodySize, concurrency: clientSockets * 2, seconds: seconds)
        await client.close()
        print(String(format: "(d) same, typed JSON envelopes                                  many in flight %7.0f req/s", envelopeRate))

        worker.stop()

        // (e) the same broker with a credit worker (one socket, `workerSockets` requests in flight on it),
        // and clients that keep many requests in flight on one socket each (tagged requests).
        let creditWorker = try Child.start(Child.selfPath, ["echo-worker", "--broker", brokerEndpoint, "--sockets", "\(workerSockets)", "--credit"])
        defer { creditWorker.stop() }
        let creditAsyncLatency = try await Self.asyncLatency(context: context, endpoint: brokerEndpoint, body: body, samples: latencySamples)
        let creditSyncLatency = try RawMDPClient.latency(context: context, endpoint: brokerEndpoint, body: body, samples: latencySamples)
        let plainSyncRate = try RawMDPClient.throughput(context: context, endpoint: brokerEndpoint, body: body, sockets: clientSockets, seconds: seconds)
        let pids = [("broker", broker.process.processIdentifier), ("worker", creditWorker.process.processIdentifier), ("client", getpid())]
        let cpuBefore = pids.map { cpuSeconds($0.1) }
        let creditStart = ContinuousClock.now
        let creditSyncRate = try RawTaggedClient.throughput(context: context, endpoint: brokerEndpoint, body: body, window: clientSockets, seconds: seconds)
        let creditRequests = creditSyncRate * (ContinuousClock.now - creditStart).seconds
        let cpuPerRequest = zip(pids, cpuBefore).map { ($0.0, (cpuSeconds($0.1) - $1) / creditRequests * 1e6) }
        let creditClient = try BusClient(context: context, options: .init(endpoint: brokerEndpoint, inFlight: clientSockets, timeout: .seconds(5), retries: 0))
        let creditAsyncRate = try await Self.throughput(client: creditClient, body: body, concurrency: clientSockets * 2, seconds: seconds)
        await creditClient.close()
        print(String(format: "(e) credit worker (1 socket, credit %d): %d plain sockets %9.0f req/s; one socket, %d tagged in flight: synchronous loop %9.0f req/s (%.2f× (b')), async client %9.0f req/s (%.2f× (b))",
                     workerSockets, clientSockets, plainSyncRate, clientSockets, creditSyncRate, creditSyncRate / rawMDPRate, creditAsyncRate, creditAsyncRate / brokerRate))
        print(String(format: "(e) low load: blocking p50 %7.1f µs  p99 %7.1f µs (%.2f× raw p50);  async p50 %7.1f µs  p99 %7.1f µs (%.2f× blocking)",
                     creditSyncLatency.p50, creditSyncLatency.p99, creditSyncLatency.p50 / rawLatency.p50,
                     creditAsyncLatency.p50, creditAsyncLatency.p99, creditAsyncLatency.p50 / creditSyncLatency.p50))
        print("    CPU per request during (e)'s synchronous tagged run (2 cores = 2 s of CPU per second): "
              + cpuPerRequest.map { String(format: "%@ %.1f µs", $0.0, $0.1) }.joined(separator: ", ")
              + String(format: "; total %.1f µs → at most %.0f req/s on 2 cores", cpuPerRequest.map(\.1).reduce(0, +),
                       2e6 / cpuPerRequest.map(\.1).reduce(0, +)))
        let best = max(creditSyncRate, creditAsyncRate)
        print(String(format: "    targets (e): ≥ 100000 req/s → %@ (%.0f); p50 ≤ 2.5× raw → %@ (%.2f×); async within 1.3× of blocking → %@ (%.2f×)",
                     best >= 100_000 ? "met" : "NOT met", best,
                     creditSyncLatency.p50 <= 2.5 * rawLatency.p50 ? "met" : "NOT met", creditSyncLatency.p50 / rawLatency.p50,
                     creditAsyncLatency.p50 <= 1.3 * creditSyncLatency.p50 ? "met" : "NOT met", creditAsyncLatency.p50 / creditSyncLatency.p50))

        print(String(format: "(c) ratios: broker/raw p50 %.2f×  p99 %.2f×  throughput %.2f (broker %.0f vs raw %.0f req/s)",
                     brokerLatency.p50 / rawLatency.p50, brokerLatency.p99 / rawLatency.p99, brokerRate / rawRate, brokerRate, rawRate))
        print(String(format: "    broker path vs its one-hop bound (a'): %.2f (each request crosses two such hops)", max(brokerRate, rawMDPRate) / rawOneEach))
        print(String(format: "    targets: through broker ≥ 100000 req/s → %@; p50 ≤ 2.5× raw → %@ (async client), %@ (blocking DEALER)",
                     brokerRate >= 100_000 ? "met" : "NOT met", brokerLatency.p50 <= 2.5 * rawLatency.p50 ? "met" : "NOT met",
                     syncLatency.p50 <= 2.5 * rawLatency.p50 ? "met" : "NOT met"))
    }

    /// One request at a time from the async client, once an echo worker is registered and after a
    /// warm-up (the first requests may meet a worker that has just gone: the broker resends them).
    static func asyncLatency(context: Context, endpoint: String, body: Frame, samples count: Int) async throws -> Percentiles {
        let probe = try BusClient(context: context, options: .init(endpoint: endpoint, inFlight: 1, timeout: .seconds(1), retries: 2))
        let deadline = ContinuousClock.now + .seconds(10)
        while !(await probe.isServiceAvailable("echo")) {
            guard ContinuousClock.now < deadline else { throw ValidationError("echo worker did not register") }
        }
        for _ in 0..<1000 { _ = try await probe.request(service: "echo", body: [body]) }
        var samples: [Double] = []
        samples.reserveCapacity(count)
        for _ in 0..<count {
            let start = ContinuousClock.now
            _ = try await probe.request(service: "echo", body: [body])
            samples.append((ContinuousClock.now - start).microseconds)
        }
        await probe.close()
        return Percentiles(samples)
    }

    static func throughput(client: BusClient, body: Frame, concurrency: Int, seconds: Double) async throws -> Double {
        let done = Tally()
        let stop = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<concurrency {
                group.addTask {
                    while ContinuousClock.now < stop {
                        _ = try await client.request(service: "echo", body: [body])
                        done.increment()
                    }
                }
            }
            try await group.waitForAll()
        }
        return Double(done.value) / (ContinuousClock.now - start).seconds
    }

    static func envelopeThroughput(client: BusClient, bodySize: Int, concurrency: Int, seconds: Double) async throws -> Double {
        let done = Tally()
        let text = String(repeating: "x", count: max(0, bodySize - 120))
        let stop = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<concurrency {
                group.addTask {
                    while ContinuousClock.now < stop {
                        let reply = try await client.call("echo.text", EchoText(text: text), as: EchoText.self)
                        precondition(reply.text == text)
                        done.increment()
                    }
                }
            }
            try await group.waitForAll()
        }
        return Double(done.value) / (ContinuousClock.now - start).seconds
    }
}

struct EchoText: Codable, Sendable { var text: String }

struct Percentiles {
    let p50: Double
    let p99: Double
    init(_ samples: [Double]) {
        let sorted = samples.sorted()
        p50 = sorted[sorted.count / 2]
        p99 = sorted[min(sorted.count - 1, Int(Double(sorted.count) * 0.99))]
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
    var microseconds: Double { seconds * 1e6 }
}

/// A counter shared by the benchmark's tasks.
final class Tally: Sendable {
    private let count = Atomic<Int>(0)
    func increment() { count.add(1, ordering: .relaxed) }
    var value: Int { count.load(ordering: .relaxed) }
}

/// CPU seconds (user + system) a process has used so far, from /proc/PID/stat.
func cpuSeconds(_ pid: Int32) -> Double {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
          let close = stat.lastIndex(of: ")") else { return 0 }
    let fields = stat[stat.index(after: close)...].split(separator: " ")
    // After the command: state is field 3, utime 14 and stime 15 (1-based in proc(5)).
    guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
    return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
}
