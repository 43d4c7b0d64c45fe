import Schema

extension Authority {
    /// Administrators and services pass; members are `not_admin`.
    public static func isAdministrator(_ actor: Actor) -> Decision {
        switch actor.kind {
        case .admin, .service: .allowed
        case .member: .denied(.notAdmin)
        case .anonymous: .denied(.anonymous)
        }
    }

    /// May the actor act on whatever sits at `path` (an organization, a member's branch)?
    /// A member administers nothing, not even their own branch.
    public static func administers(_ actor: Actor, path: String, actorOrg: Org?) -> Decision {
        guard actor.kind != .anonymous else { return .denied(.anonymous) }
        guard let scope = administeredPath(actor, actorOrg: actorOrg), isWithin(path, scope: scope) else {
            return .denied(.outOfScope)
        }
        return .allowed
    }

    /// May the actor act on `org` and its subtree? A dissolved organization inside the scope
    /// stays readable; acts that need it active check that themselves.
    public static func administers(_ actor: Actor, org: Org, actorOrg: Org?) -> Decision {
        administers(actor, path: org.path, actorOrg: actorOrg)
    }

    /// Like `administers`, but `org` must lie strictly below the administrator's own: nobody
    /// moves or dissolves the organization they administer, except the city or a service.
    public static func administersBelow(_ actor: Actor, org: Org, actorOrg: Org?) -> Decision {
        let decision = administers(actor, org: org, actorOrg: actorOrg)
        guard decision.isAllowed else { return decision }
        if !isTopLevel(actor), org.path == administeredPath(actor, actorOrg: actorOrg) { return .denied(.ownOrganization) }
        return .allowed
    }

    /// May the actor act on (read, change) the member `memberId` of the branch at `orgPath`?
    /// A member: only themself. An administrator: members in their subtree.
    public static func actsOnMember(_ actor: Actor, memberId: String, orgPath: String, actorOrg: Org?) -> Decision {
        switch actor.kind {
        case .anonymous: return .denied(.anonymous)
        case .member: return !memberId.isEmpty && actor.id == memberId ? .allowed : .denied(.notSelf)
        case .admin, .service: return administers(actor, path: orgPath, actorOrg: actorOrg)
        }
    }

    /// May the actor read what concerns the administrator account `accountId` of the organization at
    /// `orgPath` (its messages)? The account itself, and administrators over that organization.
    public static func actsOnAdministrator(_ actor: Actor, accountId: String, orgPath: String, actorOrg: Org?) -> Decision {
        switch actor.kind {
        case .anonymous: return .denied(.anonymous)
        case .member: return .denied(.notAdmin)
        case .admin where !accountId.isEmpty && actor.id == accountId: return .allowed
        case .admin, .service: return administers(actor, path: orgPath, actorOrg: actorOrg)
        }
    }
}
