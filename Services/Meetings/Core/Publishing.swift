import Authority
import Foundation
import GRDB
import Schema
import Store

/// 发布会议: one transaction writes the meeting, its invitations and the event notifications fans out
/// from. The fan-out to thousands of members happens behind it, in notifications.
public enum Publishing {
    public static func publish(_ db: Database, _ r: PublishMeetingRequest, by actor: Actor, settings: MeetingsSettings, now: Date,
                               requestId: String?, newId: () -> String = { Ids.make("MT") }) throws -> MeetingView {
        guard let scope = try Access.administeredPath(db, actor) else { throw Access.forbidden("body.orgCode") }
        guard let orgCode = r.orgCode ?? actor.orgCode, let org = try OrgRow.fetch(db, orgCode), !org.dissolved,
              Authority.isWithin(org.path, scope: scope)
        else { throw ErrorBody.make(ErrorCode.meetingsOrgInvalid, details: ["field": "body.orgCode"]) }

        let kindName: String
        if r.kind == .other {
            guard let other = Checks.nonEmpty(r.otherKind), settings.otherKinds.contains(other) else {
                throw ErrorBody.make(ErrorCode.meetingsKindInvalid, details: ["field": "body.otherKind"])
            }
            kindName = other
        } else {
            kindName = r.kind.chineseName
        }
        let name = try Checks.text(r.name, 2...60, ErrorCode.meetingsNameInvalid, field: "body.name")
        let topic = try Checks.text(r.topic, 2...500, ErrorCode.meetingsTopicInvalid, field: "body.topic")
        let place = Checks.nonEmpty(r.place)
        if r.mode == .offline, place == nil {
            throw ErrorBody.make(ErrorCode.meetingsPlaceRequired, details: ["field": "body.place"])
        }
        guard r.endsAt > r.startsAt, r.endsAt.timeIntervalSince(r.startsAt) <= 24 * 3600 else {
            throw ErrorBody.make(ErrorCode.meetingsTimeInvalid, details: ["field": "body.endsAt"])
        }

        let invitees = try self.invitees(db, r, org: org, settings: settings)
        let publisher = actor.kind == .admin ? (actor.orgCode ?? org.code) : org.code
        let meeting = MeetingRecord(id: newId(), org: org, kind: r.kind, kindName: kindName, name: name, startsAt: r.startsAt,
                                    endsAt: r.endsAt, place: place, topic: topic, mode: r.mode, publisherOrgCode: publisher,
                                    publishedByName: try Access.actorName(db, actor), publishedAt: now)
        try meeting.insert(db)
        let insert = try db.cachedStatement(sql: "INSERT INTO invitee (meetingId, memberId, name) VALUES (?, ?, ?)")
        for m in invitees { try insert.execute(arguments: [meeting.id, m.id, m.name]) }
        // A meeting entered after it ended (to record it, 会后补录) invites nobody by message.
        if r.endsAt > now {
            try EventWriter.append(db, type: MeetingsEvent.published, body: MeetingInvitationEvent(
                meetingId: meeting.id, orgCode: org.code, orgName: org.name, kindName: kindName, name: name, startsAt: r.startsAt,
                place: place, mode: r.mode, memberIds: invitees.map(\.id)), actor: actor, correlationId: requestId)
        }
        return try Views.meeting(db, meeting, for: actor)
    }

    /// The invited members: named ones (each an active member of the organization or below), or all
    /// of them; at least one, at most `maxInvitees`.
    static func invitees(_ db: Database, _ r: PublishMeetingRequest, org: OrgRow, settings: MeetingsSettings) throws -> [(id: String, name: String)] {
        let (low, high) = PathRange.bounds(org.path)
        var found: [(id: String, name: String)] = []
        if r.inviteAll == true {
            let rows = try Row.fetchAll(db.cachedStatement(sql: """
                SELECT id, name FROM member WHERE orgPath >= ? AND orgPath < ? AND status = 'active' ORDER BY orgPath, id
                """), arguments: [low, high])
            found = rows.map { (id: $0["id"], name: $0["name"]) }
        } else {
            let ids = r.inviteeIds ?? []
            guard ids.count <= settings.maxInvitees else {
                throw ErrorBody.make(ErrorCode.meetingsTooManyInvitees, details: ["field": "body.inviteeIds"])
            }
            var seen = Set<String>()
            for (i, id) in ids.enumerated() where seen.insert(id).inserted {
                guard let m = try MemberRow.fetch(db, id), m.status == .active, m.orgPath >= low, m.orgPath < high else {
                    throw ErrorBody.make(ErrorCode.meetingsInviteesInvalid, details: ["field": "body.inviteeIds[\(i)]"])
                }
                found.append((id: m.id, name: m.name))
            }
        }
        guard !found.isEmpty else { throw ErrorBody.make(ErrorCode.meetingsInviteesInvalid, details: ["field": "body.inviteeIds"]) }
        guard found.count <= settings.maxInvitees else {
            throw ErrorBody.make(ErrorCode.meetingsTooManyInvitees, details: ["field": "body.inviteeIds"])
        }
        return found
    }
}
