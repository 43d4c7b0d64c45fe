import Schema

extension Authority {
    /// Is the acting member the secretary of `branch`: role `secretary`, active, post 书记 in it,
    /// and the branch an active 党支部? `membership` is the acting member's own record.
    public static func isBranchSecretary(_ actor: Actor, of branch: Org, membership: Membership?) -> Bool {
        guard actor.kind == .member, actor.roles.contains(secretaryRole), branch.type == .branch, !branch.dissolved,
              let membership, membership.memberId == actor.id
        else { return false }
        return membership.orgCode == branch.code && membership.post == .secretary && membership.status == .active
    }

    /// A branch-only act (setting dues standards): the actor must be the branch itself, that is
    /// its administrator or its secretary. Higher administrators, the city and services are
    /// `not_the_branch`: they may look (`administers`) but the branch decides.
    ///
    /// The organization's type is checked first: acting "as a branch" on a 党委 is `not_a_branch`
    /// whoever asks.
    public static func actsAsBranch(_ actor: Actor, branch: Org, actorOrg: Org?, membership: Membership?) -> Decision {
        guard branch.type == .branch else { return .denied(.notABranch) }
        guard !branch.dissolved else { return .denied(.dissolved) }
        switch actor.kind {
        case .anonymous:
            return .denied(.anonymous)
        case .admin:
            guard let actorOrg, !actorOrg.dissolved, actorOrg.code == branch.code else { return .denied(.notTheBranch) }
            return .allowed
        case .member:
            return isBranchSecretary(actor, of: branch, membership: membership) ? .allowed : .denied(.notTheBranch)
        case .service:
            return .denied(.notTheBranch)
        }
    }
}
