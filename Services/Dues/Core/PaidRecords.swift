import Foundation
import GRDB
import Schema

/// `dues.payment.paid`: for payments' daily reconciliation, the fen of the months each online payment
/// paid, as dues records them now (a month counts while `standard.paymentId` names the payment and it
/// is settled; a reversed payment's months count nothing). Cash records are the branch's, never asked.
public enum PaidRecords {
    /// Ids are read in slices so a 100,000-payment day stays under SQLite's variable limit.
    static let slice = 500

    public static func query(_ db: Database, _ request: PaidPaymentsQuery, by actor: Actor) throws -> PaidPayments {
        guard actor.kind == .service else { throw Access.forbidden(["reason": "services_only"]) }
        var ids = Set(request.paymentIds ?? [])
        if let text = request.day {
            guard let (start, end) = beijingDay(text) else {
                throw ErrorBody.make(ErrorCode.duesDayInvalid, details: ["field": "body.day"])
            }
            let confirmed = try String.fetchAll(db.cachedStatement(sql: """
                SELECT id FROM payment WHERE paidAt >= ? AND paidAt < ? AND way != 'cash'
                """), arguments: [start, end])
            ids.formUnion(confirmed)
        }
        var items: [PaidPayment] = []
        let sorted = ids.sorted()
        var at = 0
        while at < sorted.count {
            let part = Array(sorted[at..<min(at + slice, sorted.count)])
            at += slice
            let marks = Array(repeating: "?", count: part.count).joined(separator: ",")
            let rows = try Row.fetchAll(db, sql: """
                SELECT p.id AS id, p.paidAt AS paidAt, SUM(l.amountFen) AS fen
                FROM payment p
                JOIN payment_line l ON l.paymentId = p.id
                JOIN standard s ON s.memberId = l.memberId AND s.month = l.month AND s.paymentId = p.id AND s.settled = 1
                WHERE p.id IN (\(marks)) AND p.way != 'cash'
                GROUP BY p.id
                """, arguments: StatementArguments(part))
            items += rows.map { row in
                PaidPayment(paymentId: row["id"], paidFen: row["fen"],
                            paidAt: (row["paidAt"] as Double?).map(Date.init(timeIntervalSince1970:)))
            }
        }
        return PaidPayments(items: items.sorted { $0.paymentId < $1.paymentId })
    }

    /// "yyyy-MM-dd" → the Beijing day's [start, end) in Unix seconds (UTC+8, no daylight saving).
    static func beijingDay(_ text: String) -> (Double, Double)? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.count == 10, parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 8 * 3600)!
        guard let date = calendar.date(from: DateComponents(year: y, month: m, day: d)),
              calendar.dateComponents([.year, .month, .day], from: date) == DateComponents(year: y, month: m, day: d) else { return nil }
        let start = date.timeIntervalSince1970
        return (start, start + 86_400)
    }
}
