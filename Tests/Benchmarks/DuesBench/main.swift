import Dues
import Foundation
import GRDB
import Schema
import Store

// duesbench: a synthetic city of 1,000,000 members in 20,000 branches (10 committees × 20 general
// branches × 100 branches × 50 members), in a real SQLite file.
//
//   swift run -c release duesbench [--members-per-branch 50] [--keep]
//
// Measures: opening a new month for every branch (carry every standard forward and compute arrears)
// against a raw SQLite INSERT … SELECT of the same rows; p50/p99 of the first page of the unpaid list
// of one committee (100,000 members); fetching and exporting that whole list (CSV and XLSX); peak memory.

let arguments = CommandLine.arguments
func option(_ name: String, _ fallback: Int) -> Int {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count, let v = Int(arguments[i + 1]) else { return fallback }
    return v
}
let perBranch = option("--members-per-branch", 50)
let committees = 10, generals = 20, branchesPerGeneral = 100
let branches = committees * generals * branchesPerGeneral
let members = branches * perBranch

let dir = FileManager.default.temporaryDirectory.appendingPathComponent("duesbench-\(UUID().uuidString.prefix(8))")
let store = try Store(path: dir.appendingPathComponent("dues.sqlite").path, migrations: DuesMigrations.register)
defer { if !arguments.contains("--keep") { try? FileManager.default.removeItem(at: dir) } }

func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
func time<T>(_ body: () throws -> T) rethrows -> (T, Double) {
    let start = ContinuousClock.now
    let value = try body()
    return (value, seconds(ContinuousClock.now - start))
}
func maxRSSMegabytes() -> Double {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return Double(usage.ru_maxrss) / 1024  // Linux: kilobytes
}

var settings = DuesSettings()
let previous = Month("2026-10")!, month = Month("2026-11")!
let now = ISO8601DateFormatter().date(from: "2026-11-16T02:00:00Z")!   // 10:00 on the 16th in Shanghai
print("duesbench: \(members) members in \(branches) branches; SQLite \(try store.pool.read { db in try String.fetchOne(db, sql: "SELECT sqlite_version()")! })")

// MARK: Synthetic data (untimed)
let (_, seedTime) = try time {
    try store.pool.write { db in
        try db.execute(sql: "INSERT INTO org VALUES ('001', '中共示范市委', 'committee', NULL, '/001/', 0)")
        let insertOrg = try db.makeStatement(sql: "INSERT INTO org VALUES (?, ?, ?, ?, ?, 0)")
        for c in 1...committees {
            let cc = String(format: "001%03d", c)
            try insertOrg.execute(arguments: [cc, "第\(c)党委", "committee", "001", "/001/\(cc)/"])
            for g in 1...generals {
                let gc = cc + String(format: "%03d", g)
                try insertOrg.execute(arguments: [gc, "第\(c)-\(g)党总支", "general_branch", cc, "/001/\(cc)/\(gc)/"])
                for b in 1...branchesPerGeneral {
                    let bc = gc + String(format: "%03d", b)
                    try insertOrg.execute(arguments: [bc, "第\(c)-\(g)-\(b)党支部", "branch", gc, "/001/\(cc)/\(gc)/\(bc)/"])
                }
            }
        }
        // Members: branch index b = i / perBranch.
        try db.execute(sql: """
            WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?1),
            x AS (SELECT i, i / ?2 AS b FROM n),
            y AS (SELECT i, b / 2000 + 1 AS c, (b / 100) % 20 + 1 AS g, b % 100 + 1 AS k FROM x)
            INSERT INTO member (id, name, orgCode, orgPath, memberType, post, status)
            SELECT printf('m%07d', i), '党员' || i, printf('001%03d%03d%03d', c, g, k),
                   printf('/001/001%03d/001%03d%03d/001%03d%03d%03d/', c, c, g, c, g, k), 'full',
                   CASE WHEN i % ?2 = 0 THEN 'secretary' ELSE 'member' END, 'active'
            FROM y
            """, arguments: [members, perBranch])
        // Last month: submitted; 95% paid; the unpaid 5% carry 0–5 earlier unpaid months.
        try db.execute(sql: "INSERT INTO branch_month (orgCode, month, status, openedAt, submittedAt) SELECT code, ?, 'submitted', 0, 0 FROM org WHERE type = 'branch'",
                       arguments: [previous.key])
        try db.execute(sql: """
            INSERT INTO standard (memberId, month, orgCode, orgPath, kind, baseFen, rateBp, amountFen, submitted, settled, paidAt, way, paidBy, arrears)
            SELECT id, ?, orgCode, orgPath, 'employed', base, rate, (base * rate + 5000) / 10000, 1, paid, CASE WHEN paid = 1 THEN 0 END,
                   CASE WHEN paid = 1 THEN 'online' END, CASE WHEN paid = 1 THEN id END, CASE WHEN paid = 1 THEN 0 ELSE h % 6 END
            FROM (SELECT id, orgCode, orgPath, h, 200000 + (h % 1000000) AS base,
                         CASE WHEN 200000 + (h % 1000000) <= 300000 THEN 50 WHEN 200000 + (h % 1000000) <= 500000 THEN 100
                              WHEN 200000 + (h % 1000000) <= 1000000 THEN 150 ELSE 200 END AS rate,
                         CASE WHEN h % 100 < 5 THEN 0 ELSE 1 END AS paid
                  FROM (SELECT id, orgCode, orgPath, (CAST(substr(id, 2) AS INTEGER) * 7919) % 1000003 AS h FROM member))
            """, arguments: [previous.key])
    }
    try store.pool.writeWithoutTransaction { db in try db.execute(sql: "ANALYZE") }
}
print(String(format: "seeded in %.1f s", seedTime))

// MARK: Opening a month: carry forward + arrears + flags, one transaction
let (opened, openTime) = try time {
    try store.pool.write { db in
        try Standards.carryForward(db, scopePath: "/001/", month: month, settings: settings, now: now,
                                   actor: .service("duesbench"), requestId: nil)
    }
}
print(String(format: "open %@ for every branch: %.2f s (%d branches, %d standards carried, %d members flagged)",
             month.description, openTime, opened.branches, opened.carried, opened.flagged))

// The same million rows by a raw INSERT … SELECT into the same table and indexes (then removed, untimed).
let scratch = Month("2030-01")!
let (rawCount, rawTime) = try time {
    try store.pool.write { db -> Int in
        try db.execute(sql: """
            INSERT INTO standard (memberId, month, orgCode, orgPath, kind, baseFen, rateBp, amountFen, approval, note, submitted, settled, arrears)
            SELECT memberId, ?, orgCode, orgPath, kind, baseFen, rateBp, amountFen, approval, note, 0, 0, arrears FROM standard WHERE month = ?
            """, arguments: [scratch.key, previous.key])
        return db.changesCount
    }
}
print(String(format: "raw INSERT … SELECT of %d rows: %.2f s → opening is %.2f× the raw copy (target ≤ 4×)", rawCount, rawTime, openTime / rawTime))
try store.pool.write { db in try db.execute(sql: "DELETE FROM standard WHERE month = ?", arguments: [scratch.key]) }

// Every branch submits (提交并通知交纳): nobody has paid the new month yet.
let (_, submitTime) = try time {
    try store.pool.write { db in
        try db.execute(sql: "UPDATE branch_month SET status = 'submitted', submittedAt = ? WHERE month = ?", arguments: [now.timeIntervalSince1970, month.key])
        try db.execute(sql: "UPDATE standard SET submitted = 1 WHERE month = ?", arguments: [month.key])
    }
}
print(String(format: "(submitting every branch's month, set-based: %.2f s)", submitTime))

// MARK: The unpaid list of one committee (100,000 members)
let committee = "001001"
let cityActor = Actor(kind: .admin, id: "bench-city", orgCode: "001", roles: ["city"])
var samples: [Double] = []
var firstPage: DuesRecordPage?
for i in 0..<300 {
    let (page, t) = try time {
        try store.pool.read { db in
            try Queries.unpaid(db, UnpaidQuery(orgCode: committee, month: month.description, limit: 50), by: cityActor, settings: settings, now: now)
        }
    }
    if i >= 20 { samples.append(t) }  // the first few warm the page cache
    firstPage = page
}
samples.sort()
let p50 = samples[samples.count / 2] * 1000, p99 = samples[Int(Double(samples.count) * 0.99)] * 1000
print(String(format: "unpaid list, first page of %d (total %d): p50 %.2f ms, p99 %.2f ms (target p99 < 20 ms)",
             firstPage!.items.count, firstPage!.total, p50, p99))

let (table, listTime) = try time {
    try store.pool.read { db in try Exports.unpaidTable(db, orgCode: committee, month: month) }
}
print(String(format: "unpaid list, whole (%d rows) fetched: %.3f s (target < 1 s)", table.rows.count, listTime))
let (csv, csvTime) = time { Exports.csv(table) }
print(String(format: "  + CSV written: %.3f s (%.1f MB)", csvTime, Double(csv.count) / 1e6))
let (xlsx, xlsxTime) = try time { try Exports.xlsx(table) }
print(String(format: "  + XLSX written: %.3f s (%.1f MB)", xlsxTime, Double(xlsx.count) / 1e6))
print(String(format: "peak memory (maxrss): %.0f MB", maxRSSMegabytes()))

// MARK: Paying at this scale: quote + reserve + confirm, one member at a time (as payments would)
let paymentsActor = Actor.service("payments")
var payTimes: [Double] = []
for i in 0..<500 {
    let memberId = String(format: "m%07d", (i * 1_997) % members)
    let (_, t) = try time {
        let quote = try store.pool.read { db in
            try Paying.quote(db, QuoteRequest(memberIds: [memberId]), by: paymentsActor, settings: settings, now: now)
        }
        let paymentId = "bench-\(i)"
        try store.pool.write { db in
            _ = try Paying.reserve(db, ReservePaymentRequest(paymentId: paymentId, payerMemberId: memberId,
                                                             items: [PaymentItem(memberId: memberId, months: quote.lines.map(\.month))],
                                                             amountFen: quote.totalFen), by: paymentsActor, settings: settings, now: now)
        }
        try store.pool.write { db in _ = try Paying.confirm(db, PaymentRef(paymentId: paymentId), by: paymentsActor, now: now) }
    }
    payTimes.append(t)
}
payTimes.sort()
print(String(format: "quote + reserve + confirm (3 transactions): p50 %.2f ms, p99 %.2f ms",
             payTimes[payTimes.count / 2] * 1000, payTimes[Int(Double(payTimes.count) * 0.99)] * 1000))
print(String(format: "peak memory at the end (maxrss): %.0f MB", maxRSSMegabytes()))
