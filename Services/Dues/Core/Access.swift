import Authority
import Foundation
import GRDB
import Schema

/// Dues's adapter over `Authority` (Shared/Authority): loads the organizations and members the rules
/// need from dues's copy of the tree and turns refusals into dues's errors. What dues adds of its own:
/// a member also pays for (and reads the months of) members who authorised them (代交).
public enum Access {
    static func forbidden(_ details: [String: String] = [:]) -> ErrorBody {
        ErrorBody.make(ErrorCode.duesForbidden, details: details)
    }

    /// The organization an administrator actor administers, as dues's copy holds it (nil for others).
    static func actorOrg(_ db: Database, _ actor: Actor) throws -> Authority.Org? {
        guard actor.kind == .admin, let code = actor.orgCode else { return nil }
        return try OrgRow.fetch(db, code)?.authority
    }

    /// The path prefix the actor administers, or nil.
    public static func administeredPath(_ db: Database, _ actor: Actor) throws -> String? {
        Authority.administeredPath(actor, actorOrg: try actorOrg(db, actor))
    }

    /// The organization `code` (default the actor's), which the actor must administer.
    static func administeredOrg(_ db: Database, _ actor: Actor, code: String?, field: String = "body.orgCode") throws -> OrgRow {
        guard let code = code ?? actor.orgCode else { throw forbidden(["field": field]) }
        guard let org = try OrgRow.fetch(db, code) else {
            throw ErrorBody.make(ErrorCode.duesOrgNotFound, details: ["field": field, "orgCode": code])
        }
        guard try mayManage(db, actor, orgPath: org.path) else { throw forbidden(["field": field]) }
        return org
    }

    /// Is the actor "the branch" `branch`: its administrator, or its secretary?
    static func isBranch(_ db: Database, _ actor: Actor, branch: OrgRow) throws -> Bool {
        try actsAsBranch(db, actor, branch: branch).isAllowed
    }

    static func actsAsBranch(_ db: Database, _ actor: Actor, branch: OrgRow) throws -> Authority.Decision {
        // Only a member's own record can make them the secretary; administrators need none.
        let membership = actor.kind == .member ? try MemberRow.fetch(db, actor.id)?.membership : nil
        return Authority.actsAsBranch(actor, branch: branch.authority, actorOrg: try actorOrg(db, actor), membership: membership)
    }

    /// The branch `code` if the actor is that branch; else `dues.not_a_branch` / `dues.forbidden`.
    static func requireBranch(_ db: Database, _ actor: Actor, code: String, field: String = "body.orgCode") throws -> OrgRow {
        guard let org = try OrgRow.fetch(db, code) else {
            throw ErrorBody.make(ErrorCode.duesOrgNotFound, details: ["field": field, "orgCode": code])
        }
        switch try actsAsBranch(db, actor, branch: org) {
        case .allowed: return org
        case .denied(.notABranch): throw ErrorBody.make(ErrorCode.duesNotABranch, details: ["field": field])
        case .denied: throw forbidden(["field": field])
        }
    }

    /// May the actor approve reduced/exempt standards of `branch` (its next committee, or a service)?
    static func approvesAsNextCommittee(_ db: Database, _ actor: Actor, branch: OrgRow) throws -> Bool {
        let ancestors = try branch.ancestorCodes.compactMap { try OrgRow.fetch(db, $0)?.authority }
        return Authority.approvesAsNextCommittee(actor, ancestors: ancestors, actorOrg: try actorOrg(db, actor)).isAllowed
    }

    /// May the actor look at (and, for administrators, record for) this member's months in branch path `orgPath`?
    static func mayManage(_ db: Database, _ actor: Actor, orgPath: String) throws -> Bool {
        Authority.administers(actor, path: orgPath, actorOrg: try actorOrg(db, actor)).isAllowed
    }

    /// Does `proxy` hold an active authorisation to pay for `member`?
    static func isProxy(_ db: Database, proxy: String, for member: String) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS(SELECT 1 FROM proxy WHERE proxyMemberId = ? AND memberId = ? AND status = 'active')"),
                          arguments: [proxy, member]) ?? false
    }

    /// Reading a member's dues: the member, their active proxies, administrators in scope.
    /// The branch that collected older months may still read them; the new scope is enough otherwise.
    static func requireMayRead(_ db: Database, _ actor: Actor, member: MemberRow) throws {
        if Authority.actsOnMember(actor, memberId: member.id, orgPath: member.orgPath, actorOrg: try actorOrg(db, actor)).isAllowed {
            return
        }
        if actor.kind == .member, try isProxy(db, proxy: actor.id, for: member.id) { return }
        throw forbidden(["memberId": member.id])
    }
}

extension OrgRow {
    /// The organization as the authority rules see it.
    var authority: Authority.Org { Authority.Org(code: code, path: path, type: type, dissolved: dissolved) }
}

extension MemberRow {
    var membership: Authority.Membership { Authority.Membership(memberId: id, orgCode: orgCode, post: post, status: status) }
}
