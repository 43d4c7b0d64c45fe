import Schema

/// Who administers what: the one statement of the rules every service applies to its own copy of
/// the organization tree. Pure functions over `Actor` and small values (`Authority.Org`,
/// `Authority.Membership`) that each service fills from its own store; loading those rows is the
/// service's I/O, deciding is here.
///
/// - A service actor (operator tooling, a service acting on its own) is trusted with everything.
/// - An administrator acts on their organization and everything below it (path prefix); role
///   `city` (市委组织部) administers everything. An administrator of an unknown or dissolved
///   organization administers nothing.
/// - A member acts on themself only; a branch secretary (role `secretary`, post 书记 in an active
///   branch, active) also acts as that branch for the branch-only acts.
/// - Branch-only acts (setting dues standards) belong to the branch itself: its administrator or
///   its secretary. Committee-only acts (划拨, removing members) belong to administrators of a
///   党委/党工委, the city and services.
/// - Anonymous callers act on nothing.
public enum Authority {
    public static let cityRole = "city"
    public static let secretaryRole = "secretary"
    /// The administered path of those who administer everything.
    public static let everything = "/"

    /// Does the actor administer everything (a service, or an administrator with role `city`)?
    public static func isTopLevel(_ actor: Actor) -> Bool {
        actor.kind == .service || (actor.kind == .admin && actor.roles.contains(cityRole))
    }

    /// The path prefix the actor administers: "/" for the city and services; the path of
    /// `actorOrg` (the organization the actor administers, as the service's copy holds it) for
    /// other administrators; nil for nothing (members, anonymous, an administrator whose
    /// organization is unknown or dissolved).
    public static func administeredPath(_ actor: Actor, actorOrg: Org?) -> String? {
        switch actor.kind {
        case .service: return everything
        case .admin:
            if actor.roles.contains(cityRole) { return everything }
            guard let actorOrg, !actorOrg.dissolved else { return nil }
            return actorOrg.path
        case .member, .anonymous: return nil
        }
    }

    /// Is `path` inside `scope`, a prefix `administeredPath` returned? For callers that check many
    /// positions against one scope (bulk import). "/" covers every position, even one a service's
    /// copy does not know yet.
    public static func isWithin(_ path: String, scope: String) -> Bool {
        scope == everything || path.hasPrefix(scope)
    }
}
