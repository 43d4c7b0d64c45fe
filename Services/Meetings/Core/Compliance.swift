import Authority
import Foundation
import GRDB
import Schema

/// 组织生活开展情况: for every branch at and below an organization, each kind of meeting held against
/// its rhythm (a setting per kind) in the periods of the year that are over; rolled up like the dues
/// collection rate, with the branches behind listed. A meeting counts once held (someone checked in,
/// or it was recorded afterwards).
public enum Compliance {
    public static func report(_ db: Database, _ q: ComplianceQuery, by actor: Actor, settings: MeetingsSettings, now: Date) throws
        -> ComplianceReport {
        guard let scope = try Access.administeredPath(db, actor) else { throw Access.forbidden("query.orgCode") }
        guard let code = q.orgCode ?? actor.orgCode, let org = try OrgRow.fetch(db, code), Authority.isWithin(org.path, scope: scope) else {
            throw ErrorBody.make(ErrorCode.meetingsOrgInvalid, details: ["field": "query.orgCode"])
        }
        let current = BeijingYear.calendar.dateComponents([.year, .month], from: now)
        let year = q.year ?? current.year!
        guard (2000...2100).contains(year) else { throw ErrorBody.make(ErrorCode.meetingsQueryInvalid, details: ["field": "query.year"]) }
        let limit = min(max(q.limit ?? 20, 1), 500)
        // Months over: all of a past year, those before this month in the current one.
        let monthsOver = year < current.year! ? 12 : year == current.year! ? current.month! - 1 : 0

        let kinds = MeetingKind.allCases.filter { (settings.rhythm[$0] ?? .none) != .none }
        func due(_ rhythm: MeetingRhythm) -> Int {
            switch rhythm {
            case .monthly: monthsOver
            case .quarterly: monthsOver / 3
            case .yearly: monthsOver / 12
            case .none: 0
            }
        }
        // Each held meeting's period (month 0–11, quarter 0–3, year 0) and whether that period is over.
        var period = "CASE kind", dueCase = "CASE kind"
        for kind in kinds {
            let rhythm = settings.rhythm[kind]!
            let expression = switch rhythm {
            case .monthly: "month - 1"
            case .quarterly: "(month - 1) / 3"
            default: "0"
            }
            period += " WHEN '\(kind.rawValue)' THEN \(expression)"
            dueCase += " WHEN '\(kind.rawValue)' THEN \(due(rhythm))"
        }
        period += " ELSE NULL END"; dueCase += " ELSE 0 END"

        let (low, high) = PathRange.bounds(org.path)
        let (start, end) = BeijingYear.bounds(year)
        var held: [String: [MeetingKind: Int]] = [:]
        var meetingsHeld = 0
        let rows = try Row.fetchCursor(db, sql: """
            SELECT orgCode, kind, COUNT(DISTINCT p) AS periods, COUNT(*) AS meetings FROM (
                SELECT orgCode, kind, \(period) AS p, \(dueCase) AS d FROM meeting INDEXED BY meeting_held
                WHERE held = 1 AND orgPath >= ? AND orgPath < ? AND startsAt >= ? AND startsAt < ?)
            WHERE p IS NOT NULL AND p < d GROUP BY orgCode, kind
            """, arguments: [low, high, start.timeIntervalSince1970, end.timeIntervalSince1970])
        while let row = try rows.next() {
            guard let kind = MeetingKind(rawValue: row["kind"]) else { continue }
            held[row["orgCode"], default: [:]][kind] = row["periods"]
        }
        meetingsHeld = try Int.fetchOne(db, sql: """
            SELECT COUNT(*) FROM meeting INDEXED BY meeting_held WHERE held = 1 AND orgPath >= ? AND orgPath < ? AND startsAt >= ? AND startsAt < ?
            """, arguments: [low, high, start.timeIntervalSince1970, end.timeIntervalSince1970]) ?? 0

        let branches = try Row.fetchAll(db, sql: """
            SELECT code, name FROM org WHERE path >= ? AND path < ? AND type = 'branch' AND dissolved = 0 ORDER BY code
            """, arguments: [low, high]).map { (code: $0["code"] as String, name: $0["name"] as String) }
        let report = kinds.map { kind in
            let rhythm = settings.rhythm[kind]!, periodsDue = due(rhythm)
            var compliant = 0, behindTotal = 0, behind: [BranchBehind] = []
            for branch in branches {
                let n = held[branch.code]?[kind] ?? 0
                if n >= periodsDue { compliant += 1; continue }
                behindTotal += 1
                if behind.count < limit { behind.append(BranchBehind(orgCode: branch.code, orgName: branch.name, held: n, due: periodsDue)) }
            }
            return KindCompliance(kind: kind, kindName: kind.chineseName, rhythm: rhythm, periodsDue: periodsDue, branches: branches.count,
                                  compliant: compliant, behindTotal: behindTotal, behind: behind)
        }
        return ComplianceReport(orgCode: org.code, orgName: org.name, year: year, meetingsHeld: meetingsHeld, kinds: report)
    }
}
