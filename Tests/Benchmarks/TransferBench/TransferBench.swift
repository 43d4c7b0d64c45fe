import Foundation
import GRDB
import Logging
import Payments
import Schema
import Store
import Transfers

/// transferbench (release): the issue's two figures, each beside a baseline measured in the same run.
///
/// 1. 转接记录查询: a committee with 10,000 transfers (made by the service's own acts on a real SQLite
///    file: applications, reviews, 划拨, completions, returns and withdrawals) lists its first page by
///    kind and status, by direction, and its 待办. Baseline: `transfers.get` of one transfer (a
///    primary-key read and its view), the cheapest read the service answers.
/// 2. 介绍信 PDF: p50 per letter. Baseline: the payments voucher (the same PDF stack, one page).
///
///     swift run -c release transferbench [transfers]
@main
struct TransferBench {
    static func main() async throws {
        let count = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 10_000
        // TRANSFERBENCH_KEEP=1 keeps the store (its path is printed) for EXPLAIN QUERY PLAN and profiling.
        let keep = ProcessInfo.processInfo.environment["TRANSFERBENCH_KEEP"] != nil
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("transferbench-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { if keep { say("store kept: \(dir.path)/transfers.sqlite") } else { try? FileManager.default.removeItem(at: dir) } }
        let store = try Store(path: dir.appendingPathComponent("transfers.sqlite").path, migrations: TransfersMigrations.register)

        let seedStart = ContinuousClock.now
        let city = BenchCity(members: count)
        try city.seed(store)
        let ids = try await city.transfers(store, count: count)
        say("seeded \(count) transfers in \(seconds(ContinuousClock.now - seedStart)) (\(try await statusCounts(store)))")

        // 1. Lists, against the one-transfer read.
        let committee = Actor(kind: .admin, id: "adm-001001", orgCode: BenchCity.sendingCommittee)
        let branch = Actor(kind: .admin, id: "adm-b", orgCode: city.branches[0])
        let queries: [(String, TransferListQuery, Actor)] = [
            ("all, first page", TransferListQuery(), committee),
            ("by kind outbound + status completed", TransferListQuery(kind: .outbound, status: .completed), committee),
            ("by kind within_city + status pending", TransferListQuery(kind: .withinCity, status: .pending), committee),
            ("direction out", TransferListQuery(direction: "out"), committee),
            ("待办 of a branch", TransferListQuery(waitingForMe: true), branch),
        ]
        let baseline = try measure(rounds: 2_000) { i in
            _ = try store.readSync { db in try Queries.get(db, TransferRef(transferId: ids[(i * 7919) % ids.count]), by: committee) }
        }
        say(String(format: "baseline transfers.get (one transfer): p50 %.3f ms, p99 %.3f ms", baseline.p50, baseline.p99))
        for (name, query, actor) in queries {
            var rows = 0, total = 0
            let t = try measure(rounds: 500) { _ in
                let page = try store.readSync { db in try Queries.list(db, query, by: actor) }
                rows = page.items.count; total = page.total
            }
            say(String(format: "transfers.list %@ (%d of %d): p50 %.3f ms, p99 %.3f ms (%.1f× the baseline's p99)%@",
                        name, rows, total, t.p50, t.p99, t.p99 / baseline.p99, t.p99 < 20 ? "" : "  ← over the 20 ms target"))
        }

        // 2. Letters, against the payments voucher.
        let letter = city.letter()
        let voucher = PaymentVoucher(voucherNumber: "V2026112800001", payerName: "张三",
                                     items: [.init(memberName: "张三", year: 2026, month: 11, amountFen: 1_250)],
                                     channel: .alipay, providerTradeNumber: "2026112822001400000001", paidAt: Date(),
                                     organizationName: "第一党支部", issuer: "中共示范市委组织部")
        let voucherTime = try measure(rounds: 40) { _ in _ = try voucher.pdf() }
        var size = 0
        let letterTime = try measure(rounds: 40) { _ in size = try LetterPDF.render(letter).count }
        say(String(format: "baseline payments voucher PDF: p50 %.1f ms", voucherTime.p50))
        say(String(format: "介绍信 PDF (%d bytes): p50 %.1f ms, p99 %.1f ms (%.2f× the voucher)", size, letterTime.p50, letterTime.p99,
                   letterTime.p50 / voucherTime.p50))
    }

    struct Timing { let p50: Double; let p99: Double }

    /// Wall time per round in milliseconds (after 5 % warm-up rounds), sorted for percentiles.
    static func measure(rounds: Int, _ body: (Int) throws -> Void) throws -> Timing {
        for i in 0..<max(1, rounds / 20) { try body(i) }
        var times: [Double] = []
        times.reserveCapacity(rounds)
        for i in 0..<rounds {
            let start = ContinuousClock.now
            try body(i)
            let d = ContinuousClock.now - start
            times.append(Double(d.components.seconds) * 1_000 + Double(d.components.attoseconds) / 1e15)
        }
        times.sort()
        return Timing(p50: times[times.count / 2], p99: times[min(times.count - 1, Int(Double(times.count) * 0.99))])
    }

    static func statusCounts(_ store: Store) async throws -> String {
        try await store.read { db in
            try Row.fetchAll(db, sql: "SELECT status, COUNT(*) AS n FROM transfer GROUP BY status ORDER BY status")
                .map { "\($0["status"] as String) \($0["n"] as Int)" }.joined(separator: ", ")
        }
    }

    static func seconds(_ d: Duration) -> String {
        String(format: "%.1f s", Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18)
    }

    static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}
