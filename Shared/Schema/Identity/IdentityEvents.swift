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
