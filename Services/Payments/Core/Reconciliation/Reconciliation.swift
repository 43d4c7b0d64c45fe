import Authority
import Foundation
import GRDB
import Schema
import Store

/// What reconciliation asks of dues: the fen of months it records as paid per online payment.
public protocol DuesRecordsPort: Sendable {
    func paid(_ query: PaidPaymentsQuery) async throws(ErrorBody) -> PaidPayments
}

/// The daily reconciliation (对账) of one Beijing day: every enabled channel's statement downloaded
/// and checked, our orders read, dues asked, `ThreeWayMatch` run, and the report stored as the day's
/// newest run in one transaction — a failed download stores nothing. Installation-wide: the merchant
/// accounts belong to the installation, so only administrators of the root organization (role
/// `city`, the finance administrator) and services may run or read it.
public struct Reconciliation: Sendable {
    let store: Store
    let sources: [any StatementSource]
    let dues: any DuesRecordsPort
    let cutOverSeconds: TimeInterval
    let now: @Sendable () -> Date

    public init(store: Store, sources: [any StatementSource], dues: any DuesRecordsPort, cutOverSeconds: TimeInterval = 300,
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store; self.sources = sources; self.dues = dues; self.cutOverSeconds = cutOverSeconds; self.now = now
    }

    static func authorize(_ actor: Actor) throws {
        guard Authority.isTopLevel(actor) else {
            throw ErrorBody.make(ErrorCode.paymentsForbidden, details: ["reason": "finance_administrators_only"])
        }
    }

    /// "yyyy-MM-dd", not after today (Beijing).
    func day(_ text: String, field: String) throws -> BeijingDay {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.count == 10, parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              parts[1].count == 2, parts[2].count == 2, let day = BeijingDay(year: y, month: m, day: d), day.description == text,
              day <= BeijingDay(now()) else {
            throw ErrorBody.make(ErrorCode.paymentsReconciliationDayInvalid, details: ["field": field])
        }
        return day
    }

    public func run(_ request: ReconciliationRunRequest, by actor: Actor) async throws -> ReconciliationSummary {
        try Self.authorize(actor)
        let day = try request.day.map { try self.day($0, field: "body.day") } ?? BeijingDay(now()).previous
        return try await run(day: day, by: actor)
    }

    /// The run itself (the schedule calls it as the service).
    public func run(day: BeijingDay, by actor: Actor) async throws -> ReconciliationSummary {
        try Self.authorize(actor)
        let report = try await report(day: day)
        let ranAt = now(), ranBy = actor.id
        return try await store.write { db in try ReconciliationRuns.insert(db, report, ranAt: ranAt, ranBy: ranBy) }
    }

    /// Downloads, reads and matches, storing nothing.
    public func report(day: BeijingDay) async throws -> ReconciliationReport {
        let statements = try await withThrowingTaskGroup(of: ProviderStatement.self) { group in
            for source in sources {
                group.addTask { try await source.statement(for: day) }
            }
            var all: [ProviderStatement] = []
            for try await statement in group { all.append(statement) }
            return all.sorted { $0.channel.rawValue < $1.channel.rawValue }
        }
        let (orders, neighbours, topUps) = try await store.read { db in
            let (orders, neighbours) = try ReconciliationOrders.fetch(db, day: day)
            let topUps = try String.fetchAll(db.cachedStatement(sql: """
                SELECT id FROM payment_order WHERE purpose != 'dues' AND paidAt >= ? AND paidAt < ?
                """), arguments: [day.previous.start.timeIntervalSince1970, day.next.end.timeIntervalSince1970])
            return (orders, neighbours, Set(topUps))
        }
        let paid = try await dues.paid(PaidPaymentsQuery(day: day.description, paymentIds: orders.filter { !topUps.contains($0.id) }.map(\.id)))
        var duesPaid: [String: Int64] = [:]
        duesPaid.reserveCapacity(paid.items.count)
        for item in paid.items { duesPaid[item.paymentId] = item.paidFen }
        var input = ReconciliationInput(day: day, orders: orders, neighbourOrders: neighbours, statements: statements,
                                        duesPaid: duesPaid, cutOverSeconds: cutOverSeconds)
        input.notDues = topUps
        return ThreeWayMatch.reconcile(input)
    }

    public func list(_ query: ReconciliationListQuery, by actor: Actor) async throws -> ReconciliationList {
        try Self.authorize(actor)
        let limit = min(max(query.limit ?? 30, 1), 366)
        return ReconciliationList(items: try await store.read { db in try ReconciliationRuns.list(db, limit: limit) })
    }

    public func get(_ ref: ReconciliationDayRef, by actor: Actor) async throws -> ReconciliationView {
        let (summary, report) = try await latest(ref, by: actor)
        return ReconciliationView(summary: summary, differences: report.differences.map(ReconciliationRuns.view))
    }

    /// The report as CSV (UTF-8 with a BOM, Chinese headers: `ReconciliationReport.csv`).
    public func export(_ ref: ReconciliationDayRef, by actor: Actor) async throws -> ExportReply {
        let (_, report) = try await latest(ref, by: actor)
        return ExportReply(fileName: "对账报告-\(report.day).csv", contentType: "text/csv; charset=utf-8",
                           contentBase64: report.csv().base64EncodedString(), rows: report.differences.count)
    }

    func latest(_ ref: ReconciliationDayRef, by actor: Actor) async throws -> (ReconciliationSummary, ReconciliationReport) {
        try Self.authorize(actor)
        let day = try self.day(ref.day, field: "path.day").description
        guard let found = try await store.read({ db in try ReconciliationRuns.latest(db, day: day) }) else {
            throw ErrorBody.make(ErrorCode.paymentsReconciliationNotFound, details: ["day": day])
        }
        return found
    }
}
