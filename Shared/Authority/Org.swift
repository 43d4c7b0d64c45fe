import Schema

extension Authority {
    /// An organization as a service's copy of the tree holds it.
    public struct Org: Sendable, Hashable {
        public var code: String
        /// Materialized path, root first, e.g. "/001/001002/".
        public var path: String
        /// Nil where the service's copy does not keep the type (notifications): such an
        /// organization is neither a branch nor a committee for the level-bound acts.
        public var type: OrganizationType?
        public var dissolved: Bool

        public init(code: String, path: String, type: OrganizationType?, dissolved: Bool) {
            self.code = code
            self.path = path
            self.type = type
            self.dissolved = dissolved
        }
    }

    /// A member's place in their branch, as a service's copy of members holds it: what the
    /// secretary rule needs to know of the acting member.
    public struct Membership: Sendable, Hashable {
        public var memberId: String
        public var orgCode: String
        public var post: MemberPost
        public var status: MemberStatus

        public init(memberId: String, orgCode: String, post: MemberPost, status: MemberStatus) {
            self.memberId = memberId
            self.orgCode = orgCode
            self.post = post
            self.status = status
        }
    }
}
