import Foundation
import GRDB
import Schema

/// Who may act on what.
///
/// - An administrator (`kind == .admin`) acts on `actor.orgCode` and everything below it (the
///   organizations whose `path` starts with its own). Role "city" (the city organization
///   department) administers every root.
/// - A member (`kind == .member`, `id` = member id) acts only for themself. A member with role
///   "secretary" who is the secretary (post) of their branch also reviews its profile changes
///   (see ProfileChanges).
/// - A service (`kind == .service`: the operator CLI, or identity itself) is trusted with everything.
/// - Anonymous: nothing.
public enum Scope {
    public static let cityRole = "city"
    public static let secretaryRole = "secretary"

    public struct Decision: Sendable, Equatable {
        public var allowed: Bool
        /// "anonymous", "out_of_scope", "not_self", "org_not_found", "member_not_found"
        public var reason: String?

        public static let allow = Decision(allowed: true, reason: nil)
        public static func deny(_ reason: String) -> Decision { Decision(allowed: false, reason: reason) }
    }

    /// The path prefix the actor administers: "/" for everything, nil for nothing (members,
    /// anonymous, an administrator whose organization is unknown or dissolved).
    public static func administeredPath(_ db: Database, _ actor: Actor) throws -> String? {
        switch actor.kind {
        case .service: return "/"
        case .admin:
            if actor.roles.contains(cityRole) { return "/" }
            guard let code = actor.orgCode, let org = try OrganizationRecord.fetch(db, code: code), org.isActive
            else { return nil }
            return org.path
        case .member, .anonymous: return nil
        }
    }

    /// May `actor` act on the organization `code` (and so on its subtree)?
    public static func organization(_ db: Database, _ actor: Actor, code: String) throws -> Decision {
        guard actor.kind != .anonymous else { return .deny("anonymous") }
        guard let org = try OrganizationRecord.fetch(db, code: code) else { return .deny("org_not_found") }
        guard let path = try administeredPath(db, actor), org.path.hasPrefix(path) else { return .deny("out_of_scope") }
        return .allow
    }

    /// May `actor` act on (read, change) the member `memberId`?
    public static func member(_ db: Database, _ actor: Actor, memberId: String) throws -> Decision {
        guard actor.kind != .anonymous else { return .deny("anonymous") }
        guard let member = try MemberRecord.fetch(db, id: memberId) else { return .deny("member_not_found") }
        return try decide(db, actor, member: member)
    }

    static func decide(_ db: Database, _ actor: Actor, member: MemberRecord) throws -> Decision {
        switch actor.kind {
        case .anonymous: return .deny("anonymous")
        case .member: return actor.id == member.id ? .allow : .deny("not_self")
        case .admin, .service:
            guard let path = try administeredPath(db, actor), member.orgPath.hasPrefix(path) else { return .deny("out_of_scope") }
            return .allow
        }
    }

    /// Is the actor an administrator of a committee (党委/党工委), the city, or a service: those
    /// who reassign (划拨) and remove members.
    public static func isCommitteeAdministrator(_ db: Database, _ actor: Actor) throws -> Bool {
        switch actor.kind {
        case .service: return true
        case .admin:
            if actor.roles.contains(cityRole) { return true }
            guard let code = actor.orgCode, let org = try OrganizationRecord.fetch(db, code: code), org.isActive
            else { return false }
            return org.type.isCommittee
        case .member, .anonymous: return false
        }
    }

    /// Does the actor administer everything (a service or the city)?
    static func isTopLevel(_ actor: Actor) -> Bool {
        actor.kind == .service || (actor.kind == .admin && actor.roles.contains(cityRole))
    }

    // MARK: Throwing forms for the directory's functions

    static func forbidden(_ field: String? = nil, reason: String = "out_of_scope") -> ErrorBody {
        var details = ["reason": reason]
        if let field { details["field"] = field }
        return ErrorBody.make(ErrorCode.identityForbidden, details: details)
    }

    /// Only administrators and services pass.
    static func requireAdministrator(_ actor: Actor) throws {
        guard actor.kind == .admin || actor.kind == .service else {
            throw forbidden(reason: actor.kind == .anonymous ? "anonymous" : "not_admin")
        }
    }

    /// An active organization the actor administers, or org_not_found / forbidden naming `field`.
    static func requireOrganization(_ db: Database, _ actor: Actor, code: String, field: String) throws -> OrganizationRecord {
        let org = try OrganizationRecord.active(db, code: code, field: field)
        guard let path = try administeredPath(db, actor), org.path.hasPrefix(path) else { throw forbidden(field) }
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
        let org = try requireOrganization(db, actor, code: code, field: field)
        if !isTopLevel(actor), let path = try administeredPath(db, actor), org.path == path {
            throw forbidden(field, reason: "own_organization")
        }
        return org
    }
}
