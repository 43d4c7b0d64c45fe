import Foundation
import GRDB
import Schema

/// `dues.member.paid_through` (党费交到, for transfers' 介绍信): the latest month M such that every month
/// of the member's standards up to M is settled — paid (settled 1) or nothing due, i.e. exempt or
/// zero (settled 2). The first month still owing ends the run: a later paid month does not count.
public enum PaidThroughRule {
    public static func query(_ db: Database, _ request: PaidThroughQuery, by actor: Actor) throws -> PaidThrough {
        guard actor.kind == .service else { throw Access.forbidden(["reason": "services_only"]) }
        let member = try MemberRow.require(db, request.memberId)
        let rows = try Row.fetchAll(db.cachedStatement(sql: "SELECT month, settled FROM standard WHERE memberId = ? ORDER BY month"),
                                    arguments: [member.id]).map { (month: $0["month"] as Int, settled: $0["settled"] as Int) }
        return PaidThrough(memberId: member.id, month: paidThrough(rows).map { Month(key: $0).description })
    }

    /// Months as dues keys them, oldest first, with their `settled`; the last month of the settled run.
    static func paidThrough(_ months: [(month: Int, settled: Int)]) -> Int? {
        var through: Int?
        for row in months {
            guard row.settled != 0 else { break }
            through = row.month
        }
        return through
    }
}
