import Foundation
import GRDB
import Schema

/// The stored reports (`reconciliation_run`): one row per day and run, written in one transaction;
/// the latest run is the day's report.
public enum ReconciliationRuns {
    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.dateEncodingStrategy = .secondsSince1970
        return e
    }()
    static let decoder: JSONDecoder = {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .secondsSince1970
        return d
    }()

    /// Stores the report as the day's next run and returns its summary.
    public static func insert(_ db: Database, _ report: ReconciliationReport, ranAt: Date, ranBy: String) throws -> ReconciliationSummary {
        let run = (try Int.fetchOne(db.cachedStatement(sql: "SELECT MAX(run) FROM reconciliation_run WHERE day = ?"), arguments: [report.day]) ?? 0) + 1
        let summary = Self.summary(report, run: run, ranAt: ranAt)
        try db.cachedStatement(sql: """
            INSERT INTO reconciliation_run (day, run, ranAt, ranBy, matchedCount, differenceCount, summary, report)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [report.day, run, ranAt.timeIntervalSince1970, ranBy, report.matchedCount, report.differences.count,
                             String(decoding: try encoder.encode(summary), as: UTF8.self), try encoder.encode(report)])
        return summary
    }

    /// Newest day first, each day's latest run.
    public static func list(_ db: Database, limit: Int) throws -> [ReconciliationSummary] {
        try String.fetchAll(db.cachedStatement(sql: """
            SELECT r.summary FROM reconciliation_run r
            WHERE r.run = (SELECT MAX(run) FROM reconciliation_run WHERE day = r.day)
            ORDER BY r.day DESC LIMIT ?
            """), arguments: [limit]).map { try decoder.decode(ReconciliationSummary.self, from: Data($0.utf8)) }
    }

    /// The day's latest run: its summary and report; nil before the first run.
    public static func latest(_ db: Database, day: String) throws -> (ReconciliationSummary, ReconciliationReport)? {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT summary, report FROM reconciliation_run WHERE day = ? ORDER BY run DESC LIMIT 1
            """), arguments: [day]) else { return nil }
        let summary: String = row["summary"], report: Data = row["report"]
        return (try decoder.decode(ReconciliationSummary.self, from: Data(summary.utf8)),
                try decoder.decode(ReconciliationReport.self, from: report))
    }

    public static func runCount(_ db: Database, day: String) throws -> Int {
        try Int.fetchOne(db.cachedStatement(sql: "SELECT COUNT(*) FROM reconciliation_run WHERE day = ?"), arguments: [day]) ?? 0
    }

    static func summary(_ report: ReconciliationReport, run: Int, ranAt: Date) -> ReconciliationSummary {
        ReconciliationSummary(
            day: report.day, run: run, ranAt: ranAt, channels: report.channels, matchedCount: report.matchedCount,
            matchedFen: report.matchedFen, statementPaymentFen: report.statementPaymentFen, statementRefundFen: report.statementRefundFen,
            ourPaidFen: report.ourPaidFen, differenceCount: report.differences.count,
            kinds: ReconciliationDifference.Kind.allCases.map { kind in
                ReconciliationKindCount(kind: kind.rawValue, title: kind.title, action: kind.action, count: report.count(kind),
                                        fen: report.fenByKind[kind.rawValue] ?? 0)
            })
    }

    static func view(_ d: ReconciliationDifference) -> ReconciliationDifferenceView {
        ReconciliationDifferenceView(kind: d.kind.rawValue, title: d.kind.title, action: d.kind.action, channel: d.channel, orderId: d.orderId,
                                     providerTradeNo: d.providerTradeNo, ourFen: d.ourFen, providerFen: d.providerFen, duesFen: d.duesFen,
                                     ourTime: d.ourTime, providerTime: d.providerTime, statementLine: d.statementLine, detail: d.detail)
    }
}
