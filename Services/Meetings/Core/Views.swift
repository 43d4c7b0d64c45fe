import Foundation
import GRDB
import Schema

/// What each asker sees of a meeting: administrators over it every invitation; an invited member
/// their own; the check-in code's availability for its publisher only.
enum Views {
    static func meeting(_ db: Database, _ m: MeetingRecord, for actor: Actor, now: Date = Date(),
                        settings: MeetingsSettings = MeetingsSettings()) throws -> MeetingView {
        let seesAll = try Access.administers(db, actor, m)
        var mine: AttendeeView?
        if actor.kind == .member, let row = try InviteeRow.fetch(db, meetingId: m.id, memberId: actor.id) {
            mine = row.view(memberType: try MemberRow.fetch(db, actor.id)?.memberType)
        }
        var attendees: [AttendeeView]?
        if seesAll {
            attendees = try Row.fetchAll(db.cachedStatement(sql: """
                SELECT i.*, m.memberType FROM invitee i LEFT JOIN member m ON m.id = i.memberId WHERE i.meetingId = ? ORDER BY i.name, i.memberId
                """), arguments: [m.id]).map { row in
                InviteeRow(row: row).view(memberType: (row["memberType"] as String?).flatMap(MemberType.init(rawValue:)))
            }
        }
        let topics = try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM topic WHERE meetingId = ? ORDER BY createdAt, id"), arguments: [m.id])
            .map(TopicRecord.init)
        return MeetingView(
            meetingId: m.id, orgCode: m.orgCode, orgName: m.orgName, kind: m.kind, kindName: m.kindName, name: m.name, startsAt: m.startsAt,
            endsAt: m.endsAt, place: m.place, topic: m.topic, mode: m.mode, publishedByName: m.publishedByName, publishedAt: m.publishedAt,
            counts: try counts(db, m.id), quorum: m.kind == .assembly ? try Quorum.assembly(db, m) : nil, mine: mine,
            attendees: attendees, canShowCode: try m.mode == .offline && Access.showsCode(db, actor, m), canManage: try Access.manages(db, actor, m),
            topics: try topics.map { try topic(db, $0, m, for: actor, now: now, settings: settings) },
            record: try Records.view(db, meetingId: m.id))
    }

    static func counts(_ db: Database, _ meetingId: String) throws -> MeetingCounts {
        let row = try Row.fetchOne(try db.cachedStatement(sql: """
            SELECT COUNT(*) AS invited,
                   COALESCE(SUM(answer = 'register'), 0) AS registered,
                   COALESCE(SUM(answer = 'leave'), 0) AS onLeave,
                   COALESCE(SUM(answer IS NULL), 0) AS unconfirmed,
                   COALESCE(SUM(checkInMethod IS NOT NULL), 0) AS checkedIn
            FROM invitee WHERE meetingId = ?
            """), arguments: [meetingId])!
        return MeetingCounts(invited: row["invited"], registered: row["registered"], onLeave: row["onLeave"],
                             unconfirmed: row["unconfirmed"], checkedIn: row["checkedIn"])
    }

    /// A topic: how many voted (never who voted how); results once closed; comments signed.
    static func topic(_ db: Database, _ t: TopicRecord, _ m: MeetingRecord, for actor: Actor, now: Date,
                      settings: MeetingsSettings) throws -> TopicView {
        let voted = try Int.fetchOne(db.cachedStatement(sql: "SELECT COUNT(*) FROM topic_voter WHERE topicId = ?"), arguments: [t.id]) ?? 0
        var iVoted = false, iMayVote = false
        if actor.kind == .member {
            iVoted = try Int.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM topic_voter WHERE topicId = ? AND memberId = ?"), arguments: [t.id, actor.id]) != nil
            if !iVoted, t.status == .open, now < settings.checkInWindow(startsAt: m.startsAt, endsAt: m.endsAt).1,
               let row = try InviteeRow.fetch(db, meetingId: m.id, memberId: actor.id), row.checkInMethod != nil,
               let me = try MemberRow.fetch(db, actor.id), me.memberType == .full, me.status == .active {
                iMayVote = true
            }
        }
        let comments = try Row.fetchAll(db.cachedStatement(sql: "SELECT name, text, at FROM topic_comment WHERE topicId = ? ORDER BY seq"), arguments: [t.id])
            .map { TopicComment(name: $0["name"], text: $0["text"], at: Date(timeIntervalSince1970: $0["at"])) }
        return TopicView(topicId: t.id, title: t.title, description: t.description, status: t.status, voted: voted, iVoted: iVoted,
                         iMayVote: iMayVote, results: t.status == .closed ? t.results : nil, comments: comments)
    }
}
