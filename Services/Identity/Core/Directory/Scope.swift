import Authority
import Foundation
import GRDB
import Schema

/// Identity's adapter over `Authority` (Shared/Authority): loads the organizations and members the
/// rules need from identity's tables, applies the rules, and turns refusals into identity's errors
/// (`identity.forbidden` with the reason and the field).
public enum Scope {
    public struct Decision: Sendable, Equatable {
        public var allowed: Bool
        /// "anonymous", "out_of_scope", "not_self", "org_not_found", "member_not_found"
        public var reason: String?

        public static let allow = Decision(allowed: true, reason: nil)
        public static func deny(_ reason: String) -> Decision { Decision(allowed: false, reason: reason) }

        static func of(_ decision: Authority.Decision) -> Decision {
            Decision(allowed: decision.isAllowed, reason: decision.reason?.rawValue)
        }
    }

    /// The organization an administrator actor administers, as identity holds it (nil for others).
    static func actorOrg(_ db: Database, _ actor: Actor) throws -> Authority.Org? {
        guard actor.kind == .admin, let code = actor.orgCode else { return nil }
        return try OrganizationRecord.fetch(db, code: code)?.authority
    }

    /// The path prefix the actor administers: "/" for everything, nil for nothing.
    public static func administeredPath(_ db: Database, _ actor: Actor) throws -> String? {
        Authority.administeredPath(actor, actorOrg: try actorOrg(db, actor))
    }

    /// May `actor` act on the organization `code` (and so on its subtree)?
    public static func organization(_ db: Database, _ actor: Actor, code: String) throws -> Decision {
        guard actor.kind != .anonymous else { return .deny("anonymous") }
        guard let org = try OrganizationRecord.fetch(db, code: code) else { return .deny("org_not_found") }
        return .of(Authority.administers(actor, org: org.authority, actorOrg: try actorOrg(db, actor)))
    }

    /// May `actor` act on (read, change) the member `memberId`?
    public static func member(_ db: Database, _ actor: Actor, memberId: String) throws -> Decision {
        guard actor.kind != .anonymous else { return .deny("anonymous") }
        guard let member = try MemberRecord.fetch(db, id: memberId) else { return .deny("member_not_found") }
        return try decide(db, actor, member: member)
    }

    static func decide(_ db: Database, _ actor: Actor, member: MemberRecord) throws -> Decision {
        .of(Authority.actsOnMember(actor, memberId: member.id, orgPath: member.orgPath, actorOrg: try actorOrg(db, actor)))
    }

    /// Is the actor at committee level (党委/党工委 administrator, the city, a service): those who
    /// reassign (划拨) and remove members.
    public static func isCommitteeAdministrator(_ db: Database, _ actor: Actor) throws -> Bool {
        Authority.isCommitteeAdministrator(actor, actorOrg: try actorOrg(db, actor)).isAllowed
    }

    /// Does the actor administer everything (a service or the city)?
    static func isTopLevel(_ actor: Actor) -> Bool { Authority.isTopLevel(actor) }

    // MARK: Throwing forms for the directory's functions

    static func forbidden(_ field: String? = nil, reason: String = "out_of_scope") -> ErrorBody {
        var details = ["reason": reason]
        if let field { details["field"] = field }
        return ErrorBody.make(ErrorCode.identityForbidden, details: details)
    }

    static func forbidden(_ field: String?, _ decision: Authority.Decision) -> ErrorBody {
        forbidden(field, reason: decision.reason?.rawValue ?? Authority.Reason.outOfScope.rawValue)
    }

    /// Only administrators and services pass.
    static func requireAdministrator(_ actor: Actor) throws {
        let decision = Authority.isAdministrator(actor)
        guard decision.isAllowed else { throw forbidden(nil, decision) }
    }

    /// An active organization the actor administers, or org_not_found / forbidden naming `field`.
    static func requireOrganization(_ db: Database, _ actor: Actor, code: String, field: String) throws -> OrganizationRecord {
        let org = try OrganizationRecord.active(db, code: code, field: field)
        // An administrator reading their own organization (the usual case) needs it fetched once.
        let own = actor.kind == .admin && actor.orgCode == code ? org.authority : try actorOrg(db, actor)
        let decision = Authority.administers(actor, org: org.authority, actorOrg: own)
        guard decision.isAllowed else { throw forbidden(field, decision) }
        return org
    }

    /// A member the actor may act on, or member_not_found / forbidden naming `field`.
    static func requireMember(_ db: Database, _ actor: Actor, memberId: String, field: String) throws -> MemberRecord {
        let member = try MemberRecord.existing(db, id: memberId, field: field)
        let decision = try decide(db, actor, member: member)
        guard decision.allowed else { throw forbidden(field, reason: decision.reason ?? "out_of_scope") }
        return member
    }

    /// Like requireOrganization, but the organization must lie strictly below the administrator's
    /// own (nobody moves or dissolves the organization they administer, except the city or a service).
    static func requireBelow(_ db: Database, _ actor: Actor, code: String, field: String) throws -> OrganizationRecord {
        let org = try OrganizationRecord.active(db, code: code, field: field)
        let decision = Authority.administersBelow(actor, org: org.authority, actorOrg: try actorOrg(db, actor))
        guard decision.isAllowed else { throw forbidden(field, decision) }
        return org
    }

    /// Is the acting member the secretary of the branch `code` (see `Authority.isBranchSecretary`)?
    static func isBranchSecretary(_ db: Database, _ actor: Actor, branchCode: String) throws -> Bool {
        guard actor.kind == .member, let branch = try OrganizationRecord.fetch(db, code: branchCode) else { return false }
        let membership = try MemberRecord.fetch(db, id: actor.id)?.membership
        return Authority.isBranchSecretary(actor, of: branch.authority, membership: membership)
    }
}

extension OrganizationRecord {
    /// The organization as the authority rules see it.
    var authority: Authority.Org { Authority.Org(code: code, path: path, type: type, dissolved: !isActive) }
}

extension MemberRecord {
    var membership: Authority.Membership { Authority.Membership(memberId: id, orgCode: orgCode, post: post, status: status) }
}
