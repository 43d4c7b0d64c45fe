/// identity.member.contacts: how notifications reaches members. Service callers only
/// (`Actor.kind == .service`); the phone is personal data and must never be logged.

public struct MemberContactsRequest: Codable, Sendable, Equatable {
    /// At most 1000 ids.
    public var memberIds: [String]
    public init(memberIds: [String]) { self.memberIds = memberIds }
}

public struct MemberContact: Codable, Sendable, Equatable {
    public var memberId: String
    public var phone: String?
    public var openid: String?
    public init(memberId: String, phone: String?, openid: String?) {
        self.memberId = memberId
        self.phone = phone
        self.openid = openid
    }
}

public struct MemberContacts: Codable, Sendable, Equatable {
    /// One per known member id asked for (unknown ids are left out).
    public var items: [MemberContact]
    public init(items: [MemberContact]) { self.items = items }
}
