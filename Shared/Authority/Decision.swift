extension Authority {
    /// Why an act is refused. Raw values are the stable strings services put in error details and
    /// `identity.authorize` replies.
    public enum Reason: String, Sendable, Hashable, CaseIterable {
        case anonymous
        /// A member or another non-administrator asks for an administrator's act.
        case notAdmin = "not_admin"
        /// A member acts on another member.
        case notSelf = "not_self"
        case outOfScope = "out_of_scope"
        /// The act belongs to a branch and the organization is of another type.
        case notABranch = "not_a_branch"
        /// The act belongs to a committee (党委/党工委) and the actor administers none.
        case notACommittee = "not_a_committee"
        /// The act belongs to the branch itself (its administrator or secretary), not to this actor.
        case notTheBranch = "not_the_branch"
        /// The approval belongs to the branch's nearest committee, not to this actor.
        case notTheNextCommittee = "not_the_next_committee"
        /// The organization is dissolved: nobody acts for it any more.
        case dissolved
        /// Only the city or a service moves or dissolves the organization an administrator administers.
        case ownOrganization = "own_organization"
    }

    public enum Decision: Sendable, Hashable {
        case allowed
        case denied(Reason)

        public var isAllowed: Bool { self == .allowed }

        public var reason: Reason? {
            if case .denied(let reason) = self { return reason }
            return nil
        }
    }
}
