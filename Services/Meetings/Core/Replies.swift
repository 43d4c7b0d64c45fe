import Foundation
import GRDB
import Schema
import Store

/// 报名 / 请假, and reminding those who have not answered (未确认人员).
public enum Replies {
    public static func reply(_ db: Database, _ r: MeetingReplyRequest, by actor: Actor, now: Date) throws -> MeetingView {
        let m = try Access.require(db, actor, r.meetingId)
        _ = try Access.invitation(db, actor, m)
        guard now < m.startsAt else { throw ErrorBody.make(ErrorCode.meetingsReplyClosed, details: ["field": "body.meetingId"]) }
        var reason: String?
        if r.answer == .leave {
            reason = try Checks.text(r.reason, 2...200, ErrorCode.meetingsReasonRequired, field: "body.reason")
        }
        try db.cachedStatement(sql: "UPDATE invitee SET answer = ?, leaveReason = ?, answeredAt = ? WHERE meetingId = ? AND memberId = ?").execute(arguments: [r.answer.rawValue, reason, now.timeIntervalSince1970, m.id, actor.id])
        return try Views.meeting(db, m, for: actor)
    }

    /// Tells each member who has not answered, once per call (notifications deduplicates by event).
    public static func remind(_ db: Database, _ r: MeetingRef, by actor: Actor, now: Date, requestId: String?) throws -> RemindReply {
        let m = try Access.requireManager(db, actor, r.meetingId)
        guard now < m.startsAt else { throw ErrorBody.make(ErrorCode.meetingsReplyClosed, details: ["field": "body.meetingId"]) }
        let ids = try String.fetchAll(db.cachedStatement(sql: "SELECT memberId FROM invitee WHERE meetingId = ? AND answer IS NULL ORDER BY memberId"),
                                      arguments: [m.id])
        if !ids.isEmpty {
            try EventWriter.append(db, type: MeetingsEvent.reminded, body: MeetingInvitationEvent(
                meetingId: m.id, orgCode: m.orgCode, orgName: m.orgName, kindName: m.kindName, name: m.name, startsAt: m.startsAt,
                place: m.place, mode: m.mode, memberIds: ids), actor: actor, correlationId: requestId)
        }
        return RemindReply(reminded: ids.count)
    }
}
