import Authority
import Foundation
import GRDB
import Schema
import Store

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
        // One row per branch and kind: the months with a meeting held; count the periods that are over.
        let (low, high) = PathRange.bounds(org.path)
        var held: [String: [MeetingKind: Int]] = [:]
        var meetingsHeld = 0
        let rows = try Row.fetchCursor(db, sql: """
            SELECT orgCode, kind, months, meetings FROM held_month WHERE year = ? AND orgPath >= ? AND orgPath < ?
            """, arguments: [year, low, high])
        while let row = try rows.next() {
            meetingsHeld += row["meetings"] as Int
            guard let kind = MeetingKind(rawValue: row["kind"]), let rhythm = settings.rhythm[kind], rhythm != .none else { continue }
            held[row["orgCode"], default: [:]][kind] = periods(months: row["months"], rhythm: rhythm, monthsOver: monthsOver)
        }

        let branches = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT code, name FROM org WHERE path >= ? AND path < ? AND type = 'branch' AND dissolved = 0 ORDER BY code
            """), arguments: [low, high]).map { (code: $0["code"] as String, name: $0["name"] as String) }
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

    /// Of the periods over (the first `monthsOver` months), those with a month in `months` (bit 0 = January).
    static func periods(months: Int, rhythm: MeetingRhythm, monthsOver: Int) -> Int {
        switch rhythm {
        case .monthly: return (months & ((1 << monthsOver) - 1)).nonzeroBitCount
        case .quarterly: return (0..<(monthsOver / 3)).filter { months & (0b111 << (3 * $0)) != 0 }.count
        case .yearly: return monthsOver == 12 && months != 0 ? 1 : 0
        case .none: return 0
        }
    }

    /// A meeting becomes held (first check-in, or 会后补录): its month is set in `held_month`, once.
    public static func markHeld(_ db: Database, meetingId: String) throws {
        try db.cachedStatement(sql: "UPDATE meeting SET held = 1 WHERE id = ? AND held = 0").execute(arguments: [meetingId])
        guard db.changesCount == 1, let m = try MeetingRecord.fetch(db, meetingId) else { return }
        let c = BeijingYear.calendar.dateComponents([.year, .month], from: m.startsAt)
        try db.cachedStatement(sql: """
            INSERT INTO held_month (year, orgPath, orgCode, kind, months, meetings) VALUES (?, ?, ?, ?, ?, 1)
            ON CONFLICT(year, orgPath, orgCode, kind) DO UPDATE SET months = months | excluded.months, meetings = meetings + 1
            """).execute(arguments: [c.year!, m.orgPath, m.orgCode, m.kind.rawValue, 1 << (c.month! - 1)])
    }
}
