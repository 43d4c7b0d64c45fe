import Foundation
import GRDB
import Schema

/// Who may do what in dues:
/// - a member acts for themself, and pays for members who authorised them (代交);
/// - an administrator acts on their organization and everything below it (their org's `path` prefix;
///   role "city" and services: everything);
/// - only a branch sets standards: an administrator of a branch-type organization, or the branch's
///   secretary (a member with role "secretary" whose post there is 书记);
/// - reduced/exempt standards are approved by an administrator of the branch's nearest committee (党委/党工委).
public enum Access {
    public static let cityRole = "city"
    public static let secretaryRole = "secretary"

    static func forbidden(_ details: [String: String] = [:]) -> ErrorBody {
        ErrorBody.make(ErrorCode.duesForbidden, details: details)
    }

    /// The path prefix the actor administers, or nil.
    public static func administeredPath(_ db: Database, _ actor: Actor) throws -> String? {
        switch actor.kind {
        case .service: return "/"
        case .admin:
            if actor.roles.contains(cityRole) { return "/" }
            guard let code = actor.orgCode, let org = try OrgRow.fetch(db, code), !org.dissolved else { return nil }
            return org.path
        case .member, .anonymous: return nil
        }
    }

    /// The organization `code` (default the actor's), which the actor must administer.
    static func administeredOrg(_ db: Database, _ actor: Actor, code: String?, field: String = "body.orgCode") throws -> OrgRow {
        guard let code = code ?? actor.orgCode else { throw forbidden(["field": field]) }
        guard let org = try OrgRow.fetch(db, code) else {
            throw ErrorBody.make(ErrorCode.duesOrgNotFound, details: ["field": field, "orgCode": code])
        }
        guard let path = try administeredPath(db, actor), org.path.hasPrefix(path) else { throw forbidden(["field": field]) }
        return org
    }

    /// Is the actor "the branch" `branch`: its administrator, or its secretary?
    static func isBranch(_ db: Database, _ actor: Actor, branch: OrgRow) throws -> Bool {
        guard branch.type == .branch, !branch.dissolved else { return false }
        switch actor.kind {
        case .admin:
            return actor.orgCode == branch.code
        case .member:
            guard actor.roles.contains(secretaryRole), let m = try MemberRow.fetch(db, actor.id) else { return false }
            return m.orgCode == branch.code && m.post == .secretary && m.status == .active
        case .service, .anonymous:
            return false
        }
    }

    /// The branch `code` if the actor is that branch; else `dues.not_a_branch` / `dues.forbidden`.
    static func requireBranch(_ db: Database, _ actor: Actor, code: String, field: String = "body.orgCode") throws -> OrgRow {
        guard let org = try OrgRow.fetch(db, code) else {
            throw ErrorBody.make(ErrorCode.duesOrgNotFound, details: ["field": field, "orgCode": code])
        }
        guard org.type == .branch else { throw ErrorBody.make(ErrorCode.duesNotABranch, details: ["field": field]) }
        guard try isBranch(db, actor, branch: org) else { throw forbidden(["field": field]) }
        return org
    }

    /// The nearest committee-type (党委/党工委) ancestor of an organization.
    static func nearestCommittee(_ db: Database, of org: OrgRow) throws -> OrgRow? {
        for code in org.ancestorCodes {
            if let a = try OrgRow.fetch(db, code), a.type.isCommittee { return a }
        }
        return nil
    }

    /// May the actor look at (and, for administrators, record for) this member's months in branch path `orgPath`?
    static func mayManage(_ db: Database, _ actor: Actor, orgPath: String) throws -> Bool {
        guard let path = try administeredPath(db, actor) else { return false }
        return orgPath.hasPrefix(path)
    }

    /// Does `proxy` hold an active authorisation to pay for `member`?
    static func isProxy(_ db: Database, proxy: String, for member: String) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM proxy WHERE proxyMemberId = ? AND memberId = ? AND status = 'active')",
                          arguments: [proxy, member]) ?? false
    }

    /// Reading a member's dues: the member, their active proxies, administrators in scope.
    static func requireMayRead(_ db: Database, _ actor: Actor, member: MemberRow) throws {
        switch actor.kind {
        case .member:
            if actor.id == member.id { return }
            if try isProxy(db, proxy: actor.id, for: member.id) { return }
        case .admin, .service:
            if try mayManage(db, actor, orgPath: member.orgPath) { return }
            // The branch that collected older months may still read them; the new scope is enough otherwise.
        case .anonymous: break
        }
        throw forbidden(["memberId": member.id])
    }
}
