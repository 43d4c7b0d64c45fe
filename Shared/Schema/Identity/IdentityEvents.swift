/// Event type strings of the directory part. Bodies: DirectoryMessages.swift ("Events").
public enum IdentityEvent {
    /// OrganizationEvent
    public static let orgCreated = "identity.org.created"
    /// OrganizationEvent
    public static let orgUpdated = "identity.org.updated"
    /// OrganizationMovedEvent
    public static let orgMoved = "identity.org.moved"
    /// OrganizationEvent (the organization as it was when dissolved)
    public static let orgDissolved = "identity.org.dissolved"
    /// MemberEvent
    public static let memberCreated = "identity.member.created"
    /// MemberEvent
    public static let memberUpdated = "identity.member.updated"
    /// MemberEvent with `previousOrgCode` (划拨)
    public static let memberMoved = "identity.member.moved"
    /// MemberEvent with `previousStatus` and `reason`: the member left active status
    /// (transferred_out, deceased, removed)
    public static let memberRemoved = "identity.member.removed"
}

extension IdentityEvent {
    /// ProfileChangeSubmittedEvent: a member's profile change waits for the branch secretary.
    public static let profileSubmitted = "identity.profile.submitted"
    /// AdminEvent: an administrator account created, edited, disabled or enabled (the account as it now is).
    public static let adminChanged = "identity.admin.changed"
}

/// identity.profile.submitted
public struct ProfileChangeSubmittedEvent: Codable, Sendable, Equatable {
    public var changeId: String
    public var memberId: String
    public var memberName: String
    /// The member's branch: its secretary and administrators review the change.
    public var orgCode: String
    /// The fields that wait for review (names as in ProfileFields).
    public var fields: [String]
    public init(changeId: String, memberId: String, memberName: String, orgCode: String, fields: [String]) {
        self.changeId = changeId; self.memberId = memberId; self.memberName = memberName
        self.orgCode = orgCode; self.fields = fields
    }
}

/// identity.admin.changed: what notifications needs to reach an administrator (an inbox, an SMS).
/// The mobile is personal data: consumers keep it to send and never log it.
public struct AdminEvent: Codable, Sendable, Equatable {
    public var accountId: String
    public var orgCode: String
    /// The organization's path ("/001/001002/").
    public var orgPath: String
    public var name: String
    /// 书记, 副书记, 组织委员, 操作员…
    public var post: String
    public var mobile: String?
    public var active: Bool
    public init(accountId: String, orgCode: String, orgPath: String, name: String, post: String, mobile: String?, active: Bool) {
        self.accountId = accountId; self.orgCode = orgCode; self.orgPath = orgPath; self.name = name
        self.post = post; self.mobile = mobile; self.active = active
    }
}
