import Foundation
import GRDB
import Schema
import Store

/// 会议管理 (an administrator's scope) and 我的会议 (a member's invitations), newest first.
public enum Queries {
    public static func get(_ db: Database, _ r: MeetingRef, by actor: Actor, settings: MeetingsSettings, now: Date) throws -> MeetingView {
        try Views.meeting(db, try Access.require(db, actor, r.meetingId), for: actor, now: now, settings: settings)
    }

    public static func list(_ db: Database, _ q: MeetingListQuery, by actor: Actor) throws -> MeetingPage {
        guard let scope = try Access.administeredPath(db, actor) else { throw Access.forbidden("query") }
        let (low, high) = PathRange.bounds(scope)
        var sql = "FROM meeting WHERE orgPath >= ? AND orgPath < ?"
        var args: [any DatabaseValueConvertible] = [low, high]
        try filter(q, &sql, &args, table: "meeting")
        return try page(db, q, sql: sql, args: args, actor: actor)
    }

    public static func mine(_ db: Database, _ q: MeetingListQuery, by actor: Actor, now: Date = Date()) throws -> MeetingPage {
        var sql = "FROM meeting JOIN invitee ON invitee.meetingId = meeting.id WHERE invitee.memberId = ?"
        var args: [any DatabaseValueConvertible] = [actor.id]
        if q.branch == true {
            // 我的组织生活: what the member's branch has held, whoever was invited.
            sql = "FROM meeting WHERE meeting.orgPath = ? AND meeting.startsAt <= ?"
            args = [try MemberRow.fetch(db, actor.id)?.orgPath ?? "", now.timeIntervalSince1970]
        }
        try filter(q, &sql, &args, table: "meeting")
        return try page(db, q, sql: sql, args: args, actor: actor)
    }

    private static func filter(_ q: MeetingListQuery, _ sql: inout String, _ args: inout [any DatabaseValueConvertible], table: String) throws {
        if let kind = q.kind { sql += " AND \(table).kind = ?"; args.append(kind.rawValue) }
        if let year = q.year {
            guard (2000...2100).contains(year) else { throw ErrorBody.make(ErrorCode.meetingsQueryInvalid, details: ["field": "query.year"]) }
            let (start, end) = BeijingYear.bounds(year)
            sql += " AND \(table).startsAt >= ? AND \(table).startsAt < ?"
            args += [start.timeIntervalSince1970, end.timeIntervalSince1970]
        }
    }

    private static func page(_ db: Database, _ q: MeetingListQuery, sql: String, args: [any DatabaseValueConvertible],
                             actor: Actor) throws -> MeetingPage {
        let offset = max(q.offset ?? 0, 0), limit = min(max(q.limit ?? 20, 1), 200)
        let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) " + sql, arguments: StatementArguments(args)) ?? 0
        let rows = try Row.fetchAll(db, sql: "SELECT meeting.* " + sql + " ORDER BY meeting.startsAt DESC, meeting.id LIMIT ? OFFSET ?",
                                    arguments: StatementArguments(args + [limit, offset]))
        let items = try rows.map(MeetingRecord.init).map { m in
            var mine: AttendeeView?
            if actor.kind == .member, let row = try InviteeRow.fetch(db, meetingId: m.id, memberId: actor.id) {
                mine = row.view(memberType: try MemberRow.fetch(db, actor.id)?.memberType)
            }
            return MeetingSummary(meetingId: m.id, orgCode: m.orgCode, orgName: m.orgName, kind: m.kind, kindName: m.kindName, name: m.name,
                                  startsAt: m.startsAt, endsAt: m.endsAt, mode: m.mode, counts: try Views.counts(db, m.id), mine: mine)
        }
        return MeetingPage(items: items, total: total, offset: offset, limit: limit)
    }
}

/// The instants a Beijing calendar year starts and ends.
enum BeijingYear {
    static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai")!
        return calendar
    }()

    static func bounds(_ year: Int) -> (Date, Date) {
        let start = calendar.date(from: DateComponents(year: year, month: 1, day: 1))!
        let end = calendar.date(from: DateComponents(year: year + 1, month: 1, day: 1))!
        return (start, end)
    }
}
