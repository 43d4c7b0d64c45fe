import Schema

extension Authority {
    /// Is the actor at committee level: an administrator of an active 党委/党工委, the city, or a
    /// service? Those reassign (划拨) and remove members.
    public static func isCommitteeAdministrator(_ actor: Actor, actorOrg: Org?) -> Decision {
        switch actor.kind {
        case .anonymous: return .denied(.anonymous)
        case .member: return .denied(.notAdmin)
        case .service: return .allowed
        case .admin:
            if actor.roles.contains(cityRole) { return .allowed }
            guard let actorOrg, !actorOrg.dissolved, actorOrg.type?.isCommittee == true else { return .denied(.notACommittee) }
            return .allowed
        }
    }

    /// A committee-only act on whatever sits at `path`: committee level, and the position in scope.
    public static func actsAsCommittee(_ actor: Actor, path: String, actorOrg: Org?) -> Decision {
        let level = isCommitteeAdministrator(actor, actorOrg: actorOrg)
        guard level.isAllowed else { return level }
        return administers(actor, path: path, actorOrg: actorOrg)
    }

    /// The nearest committee (党委/党工委) among `ancestors`, given nearest first.
    public static func nearestCommittee(_ ancestors: [Org]) -> Org? {
        ancestors.first { $0.type?.isCommittee == true }
    }

    /// Reduced or exempt dues of a branch are approved by its next committee: an administrator of
    /// the nearest committee above it (`ancestors`, nearest first), or a service.
    public static func approvesAsNextCommittee(_ actor: Actor, ancestors: [Org], actorOrg: Org?) -> Decision {
        switch actor.kind {
        case .anonymous: return .denied(.anonymous)
        case .member: return .denied(.notAdmin)
        case .service: return .allowed
        case .admin:
            guard let committee = nearestCommittee(ancestors), let actorOrg, !actorOrg.dissolved,
                  actorOrg.code == committee.code
            else { return .denied(.notTheNextCommittee) }
            return .allowed
        }
    }
}
