import Authority
import Foundation
import GRDB
import Schema

/// Meetings' adapter over `Authority`: who sees a meeting, who manages it, who sees its check-in code.
enum Access {
    static func forbidden(_ field: String = "body.meetingId") -> ErrorBody {
        ErrorBody.make(ErrorCode.meetingsForbidden, details: ["field": field])
    }

    /// The organization an administrator actor administers, as the copy holds it.
    static func actorOrg(_ db: Database, _ actor: Actor) throws -> OrgRow? {
        guard actor.kind == .admin, let code = actor.orgCode else { return nil }
        return try OrgRow.fetch(db, code)
    }

    static func administeredPath(_ db: Database, _ actor: Actor) throws -> String? {
        Authority.administeredPath(actor, actorOrg: try actorOrg(db, actor)?.authority)
    }

    /// Administrators over the meeting's organization (and services) see everything of it.
    static func administers(_ db: Database, _ actor: Actor, _ m: MeetingRecord) throws -> Bool {
        guard let scope = try administeredPath(db, actor) else { return false }
        return Authority.isWithin(m.orgPath, scope: scope)
    }

    /// Manages it (reminders, hand check-in, topics): the organization that published it or holds
    /// it, not the levels above (seed 003); services.
    static func manages(_ db: Database, _ actor: Actor, _ m: MeetingRecord) throws -> Bool {
        if actor.kind == .service { return true }
        guard actor.kind == .admin, let org = try actorOrg(db, actor), !org.dissolved else { return false }
        return org.code == m.publisherOrgCode || org.code == m.orgCode
    }

    /// The check-in code: its publisher's organization only (seed 003: higher committees cannot).
    static func showsCode(_ db: Database, _ actor: Actor, _ m: MeetingRecord) throws -> Bool {
        guard actor.kind == .admin, let org = try actorOrg(db, actor), !org.dissolved else { return false }
        return org.code == m.publisherOrgCode
    }

    /// The meeting `id`, which the actor must see: invited members, members of its organization, and
    /// administrators over it.
    static func require(_ db: Database, _ actor: Actor, _ id: String) throws -> MeetingRecord {
        guard let m = try MeetingRecord.fetch(db, id) else {
            throw ErrorBody.make(ErrorCode.meetingsNotFound, details: ["field": "body.meetingId"])
        }
        switch actor.kind {
        case .service: return m
        case .admin: if try administers(db, actor, m) { return m }
        case .member:
            if try InviteeRow.fetch(db, meetingId: id, memberId: actor.id) != nil { return m }
            if let me = try MemberRow.fetch(db, actor.id), me.orgCode == m.orgCode { return m }
        case .anonymous: break
        }
        throw forbidden()
    }

    static func requireManager(_ db: Database, _ actor: Actor, _ id: String) throws -> MeetingRecord {
        let m = try require(db, actor, id)
        guard try manages(db, actor, m) else { throw forbidden() }
        return m
    }

    /// The acting member's invitation to `m`, or `meetings.not_invited`.
    static func invitation(_ db: Database, _ actor: Actor, _ m: MeetingRecord) throws -> InviteeRow {
        guard actor.kind == .member, let row = try InviteeRow.fetch(db, meetingId: m.id, memberId: actor.id) else {
            throw ErrorBody.make(ErrorCode.meetingsNotInvited, details: ["field": "body.meetingId"])
        }
        return row
    }

    /// The name a publication shows for the actor.
    static func actorName(_ db: Database, _ actor: Actor) throws -> String {
        switch actor.kind {
        case .member: return try MemberRow.fetch(db, actor.id)?.name ?? "党员"
        case .admin: return (try actorOrg(db, actor)?.name).map { "\($0)管理员" } ?? "管理员"
        case .service: return "系统"
        case .anonymous: return "访客"
        }
    }
}
