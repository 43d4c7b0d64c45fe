import Authority
import Foundation
import GRDB
import Schema

/// Transfers' adapter over `Authority`: who sees a transfer and who acts at its steps, from
/// transfers' copy of the tree.
public enum Access {
    static func forbidden(_ details: [String: String] = [:]) -> ErrorBody {
        ErrorBody.make(ErrorCode.transfersForbidden, details: details)
    }

    /// The organization an administrator actor administers, as the copy holds it.
    static func actorOrg(_ db: Database, _ actor: Actor) throws -> OrgRow? {
        guard actor.kind == .admin, let code = actor.orgCode else { return nil }
        return try OrgRow.fetch(db, code)
    }

    static func administeredPath(_ db: Database, _ actor: Actor) throws -> String? {
        Authority.administeredPath(actor, actorOrg: try actorOrg(db, actor)?.authority)
    }

    /// The acting member's branch secretaryship, if any (the branch acts through its secretary too).
    static func secretaryBranch(_ db: Database, _ actor: Actor) throws -> OrgRow? {
        guard actor.kind == .member, actor.roles.contains(Authority.secretaryRole),
              let me = try MemberRow.fetch(db, actor.id), let branch = try OrgRow.fetch(db, me.orgCode),
              Authority.isBranchSecretary(actor, of: branch.authority, membership: me.membership)
        else { return nil }
        return branch
    }

    /// May the actor see (and act on, as far as the step rules let them) this transfer? Its member;
    /// the secretary of either branch; administrators over either end; services.
    static func maySee(_ db: Database, _ actor: Actor, _ t: TransferRecord) throws -> Bool {
        switch actor.kind {
        case .service: return true
        case .anonymous: return false
        case .member:
            if let memberId = t.memberId, memberId == actor.id { return true }
            guard let branch = try secretaryBranch(db, actor) else { return false }
            return branch.code == t.fromOrgCode || branch.code == t.toOrgCode
        case .admin:
            guard let scope = try administeredPath(db, actor) else { return false }
            return [t.fromOrgPath, t.toOrgPath].contains { $0.map { Authority.isWithin($0, scope: scope) } ?? false }
        }
    }

    /// The transfer `id`, which the actor must see: `transfers.not_found` / `transfers.forbidden`.
    static func require(_ db: Database, _ actor: Actor, _ id: String) throws -> TransferRecord {
        guard let t = try TransferRecord.fetch(db, id) else {
            throw ErrorBody.make(ErrorCode.transfersNotFound, details: ["field": "body.transferId"])
        }
        guard try maySee(db, actor, t) else { throw forbidden(["field": "body.transferId"]) }
        return t
    }

    /// May the actor act at `step`? An administrator whose own organization is the step's; the
    /// branch's secretary at a branch review or confirm; a service.
    static func actsAt(_ db: Database, _ actor: Actor, step: TransferStep) throws -> Bool {
        switch actor.kind {
        case .service: return true
        case .anonymous: return false
        case .admin:
            guard let org = try actorOrg(db, actor), !org.dissolved else { return false }
            return org.code == step.orgCode
        case .member:
            guard step.action != .assign, let branch = try secretaryBranch(db, actor) else { return false }
            return branch.code == step.orgCode
        }
    }

    /// The name a step or history entry shows for the actor.
    static func actorName(_ db: Database, _ actor: Actor) throws -> String {
        switch actor.kind {
        case .member: return try MemberRow.fetch(db, actor.id)?.name ?? "党员"
        case .admin: return (try actorOrg(db, actor)?.name).map { "\($0)管理员" } ?? "管理员"
        case .service: return "系统"
        case .anonymous: return "申请人"
        }
    }
}

/// Small shared checks.
enum Checks {
    /// A reason of 2–200 characters (trimmed), or `transfers.reason_invalid` naming `field`.
    static func reason(_ text: String?, field: String = "body.reason") throws -> String {
        let trimmed = (text ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard (2...200).contains(trimmed.count) else {
            throw ErrorBody.make(ErrorCode.transfersReasonInvalid, details: ["field": field])
        }
        return trimmed
    }

    static func nonEmpty(_ text: String?) -> String? {
        let trimmed = (text ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }

    static let beijing = TimeZone(identifier: "Asia/Shanghai")!

    static var calendar: Calendar {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = beijing
        return c
    }
}
