import Foundation

/// Event type strings meetings emits. None of them says how anyone voted.
public enum MeetingsEvent {
    /// MeetingInvitationEvent: a meeting published; notifications tells each invited member
    /// (WeChat template message, else SMS, and always the inbox).
    public static let published = "meetings.meeting.published"
    /// MeetingInvitationEvent: 提醒未确认人员, the members who have not answered.
    public static let reminded = "meetings.meeting.reminded"
    /// CareRequestView: a care request filed (the organization above is told), decided or handled (the member is).
    public static let careChanged = "meetings.care.changed"
}

public struct MeetingInvitationEvent: Codable, Sendable, Equatable {
    public var meetingId: String
    public var orgCode: String
    public var orgName: String
    public var kindName: String
    public var name: String
    public var startsAt: Date
    public var place: String?
    public var mode: MeetingMode
    /// Who to tell.
    public var memberIds: [String]
    public init(meetingId: String, orgCode: String, orgName: String, kindName: String, name: String, startsAt: Date, place: String?,
                mode: MeetingMode, memberIds: [String]) {
        self.meetingId = meetingId; self.orgCode = orgCode; self.orgName = orgName; self.kindName = kindName; self.name = name
        self.startsAt = startsAt; self.place = place; self.mode = mode; self.memberIds = memberIds
    }
}
