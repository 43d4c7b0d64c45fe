/// Message type strings of identity's directory part (organizations, members, profile changes,
/// import, authorize). Request/reply and event bodies are in DirectoryMessages.swift. The
/// authentication part adds its own constants in an `extension IdentityType`.
public enum IdentityType {
    // MARK: Organizations
    /// CreateOrganization → OrganizationView (command)
    public static let orgCreate = "identity.org.create"
    /// UpdateOrganization → OrganizationView (command)
    public static let orgUpdate = "identity.org.update"
    /// MoveOrganization → OrganizationView (command)
    public static let orgMove = "identity.org.move"
    /// OrganizationRef → OrganizationView (command; the returned view is the dissolved organization)
    public static let orgDissolve = "identity.org.dissolve"
    /// OrganizationRef → OrganizationView (query)
    public static let orgGet = "identity.org.get"
    /// SubtreeQuery → OrganizationPage (query)
    public static let orgSubtree = "identity.org.subtree"
    /// OrganizationRef → OrganizationList, root first (query)
    public static let orgAncestors = "identity.org.ancestors"
    /// OrganizationRef → OrganizationList (query)
    public static let orgChildren = "identity.org.children"
    /// OrganizationSearch → OrganizationSuggestions (query)
    public static let orgSearch = "identity.org.search"

    // MARK: Members
    /// CreateMember → MemberView (command)
    public static let memberCreate = "identity.member.create"
    /// UpdateMember → MemberView (command, administrators)
    public static let memberUpdate = "identity.member.update"
    /// MemberRef → MemberView (query; full ID number/phone only for an administrator in scope or the member)
    public static let memberGet = "identity.member.get"
    /// MemberSearch → MemberPage, masked (query)
    public static let memberSearch = "identity.member.search"
    /// ChangeMemberStatus → MemberView (command)
    public static let memberStatus = "identity.member.status"
    /// ReassignMember → MemberView (command, committee administrators: 划拨)
    public static let memberReassign = "identity.member.reassign"
    /// MemberRef → MemberHistory (query)
    public static let memberHistory = "identity.member.history"

    // MARK: Profile changes (Shenzhen)
    /// SubmitProfileChange → ProfileChangeView (command, the member)
    public static let profileSubmit = "identity.profile.submit"
    /// ReviewProfileChange → ProfileChangeView (command, branch secretary or administrator)
    public static let profileReview = "identity.profile.review"
    /// PendingProfileChanges → ProfileChangeList (query)
    public static let profilePending = "identity.profile.pending"
    /// MemberProfileChanges → ProfileChangeList (query; a member's own changes)
    public static let profileMine = "identity.profile.mine"

    // MARK: Other services and operators
    /// AuthorizeRequest → AuthorizeReply (query)
    public static let authorize = "identity.authorize"
    /// ImportRequest → ImportReply (command, administrators; errors → identity.import_invalid)
    public static let importCSV = "identity.import"
}

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
