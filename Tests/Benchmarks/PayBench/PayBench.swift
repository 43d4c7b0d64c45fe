import ArgumentParser
import AsyncHTTPClient
import Bus
import CryptoExtras
import Foundation
import GRDB
import PayCity
import Schema
import ZeroMQ

/// `swift run -c release paybench`: a dues-day peak. N members each pay their open month, end to end:
/// the order (quote and reservation in dues, the provider's precreate at the simulator), the payer
/// paying, the provider's signed notification through the gateway, verification, and dues'
/// confirmation; all real processes on this machine. The baseline, in the same run, is one bus round
/// trip to dues per member (`dues.quote`) at the same concurrency.
@main
struct PayBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "paybench")

    @Option(help: "Members, each paying one month.") var members = 100_000
    @Option(help: "Payments in flight.") var concurrency = 64
    @Option(help: "alipay, wechatpay, unionpay, or mixed (the three in turn).") var channel = "alipay"
    @Option(help: "Members for the dues.quote baseline.") var baseline = 20_000
    @Option(help: "Requests payments and dues each serve at once (DJ_CONCURRENCY).") var serve = 32
    @Option(help: "Directory of the release executables (default: beside this one).") var bin: String?
    @Flag(help: "Keep the data and logs.") var keep = false

    func run() async throws {
        let binDirectory = bin.map { URL(fileURLWithPath: $0) }
            ?? URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        let city = CitySeed(members: members)
        // A notification that times out under the peak comes again in seconds, not after Alipay's 4 minutes:
        // the run measures the rate, not the providers' resend schedules.
        let rig = PayRig(binDirectory: binDirectory, city: city, orderSeconds: 3600,
                         simulatorArguments: ["--alipay-resend-scale", "0.01", "--wechatpay-retry-scale", "0.1", "--unionpay-retry-scale", "0.05"],
                         concurrency: serve)
        say("paybench: \(members) members, month \(city.month), \(concurrency) in flight, payments and dues serving \(serve) each, channel \(channel); \(ProcessInfo.processInfo.activeProcessorCount) cores")
        let (_, seeded) = try await timed { try await rig.start() }
        say(String(format: "seeded and started in %.1f s (work: %@)", seeded, rig.work.path))
        defer { rig.stop(keepFiles: keep) }

        let context = try Context()
        let bus = try BusClient(context: context, options: .init(endpoint: rig.brokerEndpoint, inFlight: concurrency, timeout: .seconds(10), retries: 0))
        try await waitUntil("dues and payments on the bus", timeout: .seconds(30)) {
            let dues = await bus.isServiceAvailable("dues", timeout: .milliseconds(300))
            let payments = await bus.isServiceAvailable("payments", timeout: .milliseconds(300))
            return dues && payments
        }
        let payer = Payer(bus: bus, city: city, simulator: rig.simulatorURL)

        // Baseline: one bus round trip per member, to dues, reading what the order will reserve.
        let quotes = min(baseline, members)
        let (quoteLatencies, quoteTime) = try await Self.load(count: quotes, concurrency: concurrency) { i in
            _ = try await bus.call(DuesAPI.quote.type, QuoteRequest(), as: QuoteReply.self, actor: payer.actor(i))
        }
        let quoteRate = Double(quotes) / quoteTime
        say(String(format: "baseline dues.quote: %d in %.2f s = %.0f/s; p50 %.1f ms, p99 %.1f ms", quotes, quoteTime, quoteRate,
                     Self.percentile(quoteLatencies, 0.5), Self.percentile(quoteLatencies, 0.99)))

        // The peak: order, pay; the notification and the confirmation follow on their own.
        let channels: [PaymentChannel] = channel == "mixed" ? [.alipay, .wechatpay, .unionpay] : [PaymentChannel(rawValue: channel)!]
        let payments = try rig.database("payments")
        let memory = MemorySampler(rig: rig, every: members / 10)
        let signaturesBefore = try await SigningFloor.counts(simulator: rig.simulatorURL)
        let cpuBefore = Self.cpu(of: rig)
        let start = ContinuousClock.now
        let (orderLatencies, orderedIn) = try await Self.load(count: members, concurrency: concurrency) { i in
            let began = ContinuousClock.now
            let order = try await payer.order(member: i, channel: channels[i % channels.count], key: "bench-\(i)", timeout: .seconds(10))
            let latency = ContinuousClock.now - began
            try await payer.pay(order)
            await memory.tick()
            return latency
        }
        try await waitUntil("every order confirmed in dues", timeout: .seconds(600), poll: .milliseconds(100)) {
            try await payments.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM payment_order WHERE status = 'confirmed'")! } >= members
        }
        let total = seconds(ContinuousClock.now - start)
        let cpuAfter = Self.cpu(of: rig)
        let signaturesAfter = try await SigningFloor.counts(simulator: rig.simulatorURL)
        await memory.sample()
        let rate = Double(members) / total
        say(String(format: "orders placed and paid at the simulator in %.1f s; all %d confirmed in dues after %.1f s", orderedIn, members, total))
        say(String(format: "payments/s end to end: %.0f (target ≥ 500) = %.2f× the dues.quote baseline", rate, rate / quoteRate))
        say(String(format: "order creation: p50 %.1f ms, p99 %.1f ms (target p99 < 50 ms), max %.1f ms",
                     Self.percentile(orderLatencies, 0.5), Self.percentile(orderLatencies, 0.99), Self.percentile(orderLatencies, 1)))
        say("payments' resident memory (MiB) after each tenth of the payments: " + (await memory.report()))
        // Where the machine's two cores went: CPU per payment of each process over the peak (from /proc).
        let perPayment = cpuAfter.keys.sorted().compactMap { name -> String? in
            guard let after = cpuAfter[name], let before = cpuBefore[name] else { return nil }
            return String(format: "%@ %.0f", name, (after - before) / Double(members) * 1e6)
        }
        say("CPU µs per payment, by process: " + perPayment.joined(separator: ", ")
            + String(format: " (the peak: %.1f s on %d cores)", total, ProcessInfo.processInfo.activeProcessorCount))

        // What the providers' RSA signatures alone cost a payment here, whatever else gets faster.
        let floor = try SigningFloor.measure(keys: rig.work.appendingPathComponent("keys"),
                                             before: signaturesBefore, after: signaturesAfter, payments: members)
        say(floor.report(cores: ProcessInfo.processInfo.activeProcessorCount))

        // The witnesses: every month paid once in dues, for the fen quoted.
        let dues = try rig.database("dues")
        let (paid, fen) = try await dues.read { db in
            let row = try Row.fetchOne(db, sql: "SELECT COUNT(*), COALESCE(SUM(amountFen), 0) FROM standard WHERE month = ? AND settled = 1",
                                       arguments: [city.month.key])!
            return (row[0] as Int, row[1] as Int64)
        }
        let expected = (0..<members).reduce(Int64(0)) { $0 + CitySeed.amountFen($1) }
        say("dues: \(paid) months paid, \(fen) fen (expected \(members), \(expected) fen) \(paid == members && fen == expected ? "✓" : "✗ MISMATCH")")
        // The day's reconciliation: download the three statements, read our orders and dues', match, store.
        let began = ContinuousClock.now
        let report = try await payer.reconcileToday(timeout: .seconds(600))
        say(String(format: "reconciliation of the day (%d payments, %@): %.1f s, %d matched, %d differences",
                     report.matchedCount, report.channels.joined(separator: "+"), seconds(ContinuousClock.now - began),
                     report.matchedCount, report.differenceCount))
        await bus.close()
        if paid != members || fen != expected { throw ExitCode.failure }
    }

    /// Runs `body(i)` for i in 0..<count with `concurrency` in flight; each returns its measured latency.
    static func load(count: Int, concurrency: Int, _ body: @escaping @Sendable (Int) async throws -> Duration?) async throws -> ([Double], Double) {
        let next = Tickets()
        let start = ContinuousClock.now
        let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
            for _ in 0..<concurrency {
                group.addTask {
                    var mine: [Double] = []
                    while let i = next.take(below: count) {
                        let began = ContinuousClock.now
                        let measured = try await body(i)
                        mine.append(milliseconds(measured ?? (ContinuousClock.now - began)))
                    }
                    return mine
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        return (latencies, seconds(ContinuousClock.now - start))
    }

    static func load(count: Int, concurrency: Int, _ body: @escaping @Sendable (Int) async throws -> Void) async throws -> ([Double], Double) {
        try await load(count: count, concurrency: concurrency) { (i: Int) async throws -> Duration? in try await body(i); return nil }
    }

    /// CPU seconds so far of every process of the rig, and of this one (the load generator).
    static func cpu(of rig: PayRig) -> [String: Double] {
        var seconds: [String: Double] = [:]
        for name in rig.names { seconds[name] = rig.cpuSeconds(name) }
        seconds["paybench"] = PayRig.cpuSeconds(path: "/proc/self/stat")
        return seconds
    }

    static func percentile(_ values: [Double], _ p: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * p))]
    }

    func timed<T>(_ body: () async throws -> T) async throws -> (T, Double) {
        let start = ContinuousClock.now
        let value = try await body()
        return (value, seconds(ContinuousClock.now - start))
    }
}

/// A line to stdout at once (print buffers when stdout is a file, and a long run shows nothing until it ends).
func say(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }

func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
func milliseconds(_ d: Duration) -> Double { seconds(d) * 1000 }

/// payments' resident memory, sampled every `every` payments: flat means it does not grow with them.
actor MemorySampler {
    let rig: PayRig
    let every: Int
    var done = 0
    var samples: [Int] = []
    init(rig: PayRig, every: Int) { self.rig = rig; self.every = max(1, every) }
    func tick() { done += 1; if done % every == 0 { sample() } }
    func sample() { if let kib = rig.residentKiB("payments") { samples.append(kib) } }
    func report() -> String { samples.map { String(format: "%.0f", Double($0) / 1024) }.joined(separator: ", ") }
}
