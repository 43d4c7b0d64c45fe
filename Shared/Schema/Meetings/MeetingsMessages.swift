import Foundation

// Bodies of the meetings service (组织生活：三会一课). Operations: MeetingsAPI.swift.

/// The kinds of meeting the 支部工作条例 sets a rhythm for (seed 003), and 其他 (named by a setting).
public enum MeetingKind: String, Codable, Sendable, CaseIterable, SchemaEnum {
    /// 支部党员大会: about quarterly; votes need quorum (条例第十一条).
    case assembly
    /// 支委会: monthly.
    case committee
    /// 党小组会: monthly.
    case group
    /// 党课.
    case lecture
    /// 主题党日: monthly.
    case themeDay = "theme_day"
    /// 组织生活会: yearly.
    case lifeMeeting = "life_meeting"
    /// Another kind, named by the installation's `otherKinds` setting.
    case other

    public var chineseName: String {
        switch self {
        case .assembly: "支部党员大会"
        case .committee: "支委会"
        case .group: "党小组会"
        case .lecture: "党课"
        case .themeDay: "主题党日"
        case .lifeMeeting: "组织生活会"
        case .other: "其他"
        }
    }
}

public enum MeetingMode: String, Codable, Sendable, CaseIterable, SchemaEnum {
    /// 线下: check-in by the QR code or by hand.
    case offline
    /// 线上: clicking 参加 is check-in; topics carry votes and comments.
    case online

    public var chineseName: String { self == .online ? "线上" : "线下" }
}

/// A member's answer to an invitation.
public enum MeetingAnswer: String, Codable, Sendable, CaseIterable, SchemaEnum {
    /// 报名.
    case register
    /// 请假 (with a reason).
    case leave

    public var chineseName: String { self == .register ? "报名" : "请假" }
}

public enum CheckInMethod: String, Codable, Sendable, CaseIterable, SchemaEnum {
    /// Scanned the meeting's QR code.
    case qr
    /// Checked in by the administrator (members without WeChat, seed 003).
    case manual
    /// 参加 in an online meeting.
    case online

    public var chineseName: String {
        switch self {
        case .qr: "扫码签到"
        case .manual: "手动签到"
        case .online: "线上参加"
        }
    }
}

/// 发布会议.
public struct PublishMeetingRequest: Codable, Sendable, Equatable {
    /// The organization holding it; default the administrator's own.
    public var orgCode: String?
    public var kind: MeetingKind
    /// With kind `other`: one of the installation's `otherKinds`.
    public var otherKind: String?
    public var name: String
    public var startsAt: Date
    public var endsAt: Date
    public var place: String?
    public var topic: String
    public var mode: MeetingMode
    /// The invited members (within the organization's scope).
    public var inviteeIds: [String]?
    /// Invite every active member of the organization and below (a committee-wide 党课).
    public var inviteAll: Bool?
    public init(orgCode: String? = nil, kind: MeetingKind, otherKind: String? = nil, name: String, startsAt: Date, endsAt: Date,
                place: String? = nil, topic: String, mode: MeetingMode, inviteeIds: [String]? = nil, inviteAll: Bool? = nil) {
        self.orgCode = orgCode; self.kind = kind; self.otherKind = otherKind; self.name = name; self.startsAt = startsAt
        self.endsAt = endsAt; self.place = place; self.topic = topic; self.mode = mode; self.inviteeIds = inviteeIds
        self.inviteAll = inviteAll
    }
}

public struct MeetingRef: Codable, Sendable, Equatable {
    public var meetingId: String
    public init(meetingId: String) { self.meetingId = meetingId }
}

/// 报名 or 请假 (reason required).
public struct MeetingReplyRequest: Codable, Sendable, Equatable {
    public var meetingId: String
    public var answer: MeetingAnswer
    public var reason: String?
    public init(meetingId: String, answer: MeetingAnswer, reason: String? = nil) {
        self.meetingId = meetingId; self.answer = answer; self.reason = reason
    }
}

/// A scan of the meeting's QR code: the token it carries.
public struct CheckInRequest: Codable, Sendable, Equatable {
    public var meetingId: String
    public var token: String
    public init(meetingId: String, token: String) { self.meetingId = meetingId; self.token = token }
}

/// The administrator checks in members by hand.
public struct ManualCheckInRequest: Codable, Sendable, Equatable {
    public var meetingId: String
    public var memberIds: [String]
    public init(meetingId: String, memberIds: [String]) { self.meetingId = meetingId; self.memberIds = memberIds }
}

/// The meeting's check-in code (its publisher only): the URL a phone opens, and the code as PNG and SVG.
public struct CheckInCode: Codable, Sendable, Equatable {
    public var meetingId: String
    public var url: String
    public var token: String
    public var validFrom: Date
    public var expiresAt: Date
    public var pngBase64: String
    public var svg: String
    public init(meetingId: String, url: String, token: String, validFrom: Date, expiresAt: Date, pngBase64: String, svg: String) {
        self.meetingId = meetingId; self.url = url; self.token = token; self.validFrom = validFrom; self.expiresAt = expiresAt
        self.pngBase64 = pngBase64; self.svg = svg
    }
}

/// 条例第十一条 for a 支部党员大会: who may vote (正式党员 of the organization), who of them is present,
/// and whether more than half are.
public struct QuorumView: Codable, Sendable, Equatable {
    /// 应到会有表决权的党员 (active full members; 预备党员 do not vote).
    public var entitled: Int
    /// Of them, checked in.
    public var presentEntitled: Int
    /// Checked-in 预备党员 (present, without a vote).
    public var presentProbationary: Int
    /// More than half of the entitled are present.
    public var quorate: Bool
    /// The least number of present voters for quorum (entitled / 2 + 1).
    public var needed: Int
    public init(entitled: Int, presentEntitled: Int, presentProbationary: Int, quorate: Bool, needed: Int) {
        self.entitled = entitled; self.presentEntitled = presentEntitled; self.presentProbationary = presentProbationary
        self.quorate = quorate; self.needed = needed
    }
}

/// One invited member, as the publisher sees them.
public struct AttendeeView: Codable, Sendable, Equatable {
    public var memberId: String
    public var name: String
    public var memberType: String
    /// nil: 未确认.
    public var answer: MeetingAnswer?
    public var leaveReason: String?
    public var checkedIn: Bool
    public var checkInMethod: CheckInMethod?
    public var checkedInAt: Date?
    public init(memberId: String, name: String, memberType: String, answer: MeetingAnswer?, leaveReason: String?, checkedIn: Bool,
                checkInMethod: CheckInMethod?, checkedInAt: Date?) {
        self.memberId = memberId; self.name = name; self.memberType = memberType; self.answer = answer
        self.leaveReason = leaveReason; self.checkedIn = checkedIn; self.checkInMethod = checkInMethod; self.checkedInAt = checkedInAt
    }
}

public struct MeetingCounts: Codable, Sendable, Equatable {
    public var invited: Int
    public var registered: Int
    public var onLeave: Int
    /// 未确认人员.
    public var unconfirmed: Int
    public var checkedIn: Int
    public init(invited: Int, registered: Int, onLeave: Int, unconfirmed: Int, checkedIn: Int) {
        self.invited = invited; self.registered = registered; self.onLeave = onLeave; self.unconfirmed = unconfirmed
        self.checkedIn = checkedIn
    }
}

public struct MeetingView: Codable, Sendable, Equatable {
    public var meetingId: String
    public var orgCode: String
    public var orgName: String
    public var kind: MeetingKind
    /// 支部党员大会…, or the `otherKind` name.
    public var kindName: String
    public var name: String
    public var startsAt: Date
    public var endsAt: Date
    public var place: String?
    public var topic: String
    public var mode: MeetingMode
    public var publishedByName: String
    public var publishedAt: Date
    public var counts: MeetingCounts
    /// A 支部党员大会's quorum.
    public var quorum: QuorumView?
    /// The asking member's own invitation, when they are invited.
    public var mine: AttendeeView?
    /// Every invited member: for administrators over the meeting's organization.
    public var attendees: [AttendeeView]?
    /// Whether the asker may see the check-in code (its publisher only).
    public var canShowCode: Bool
    /// Whether the asker manages it (reminders, hand check-in, topics, 会后补录): the organization that
    /// published or holds it, not the levels above.
    public var canManage: Bool
    public var topics: [TopicView]
    /// 会后补录, once something is recorded.
    public var record: MeetingMinutesView?
    public init(meetingId: String, orgCode: String, orgName: String, kind: MeetingKind, kindName: String, name: String, startsAt: Date,
                endsAt: Date, place: String?, topic: String, mode: MeetingMode, publishedByName: String, publishedAt: Date,
                counts: MeetingCounts, quorum: QuorumView?, mine: AttendeeView?, attendees: [AttendeeView]?, canShowCode: Bool,
                canManage: Bool = false, topics: [TopicView], record: MeetingMinutesView? = nil) {
        self.meetingId = meetingId; self.orgCode = orgCode; self.orgName = orgName; self.kind = kind; self.kindName = kindName
        self.name = name; self.startsAt = startsAt; self.endsAt = endsAt; self.place = place; self.topic = topic; self.mode = mode
        self.publishedByName = publishedByName; self.publishedAt = publishedAt; self.counts = counts; self.quorum = quorum
        self.mine = mine; self.attendees = attendees; self.canShowCode = canShowCode; self.canManage = canManage; self.topics = topics
        self.record = record
    }
}

public struct MeetingSummary: Codable, Sendable, Equatable {
    public var meetingId: String
    public var orgCode: String
    public var orgName: String
    public var kind: MeetingKind
    public var kindName: String
    public var name: String
    public var startsAt: Date
    public var endsAt: Date
    public var mode: MeetingMode
    public var counts: MeetingCounts
    public var mine: AttendeeView?
    public init(meetingId: String, orgCode: String, orgName: String, kind: MeetingKind, kindName: String, name: String, startsAt: Date,
                endsAt: Date, mode: MeetingMode, counts: MeetingCounts, mine: AttendeeView?) {
        self.meetingId = meetingId; self.orgCode = orgCode; self.orgName = orgName; self.kind = kind; self.kindName = kindName
        self.name = name; self.startsAt = startsAt; self.endsAt = endsAt; self.mode = mode; self.counts = counts; self.mine = mine
    }
}

/// Meetings of the administrator's scope (会议管理), or the member's own (我的会议), newest first.
public struct MeetingListQuery: Codable, Sendable, Equatable {
    public var kind: MeetingKind?
    /// The year (Beijing) the meeting starts in.
    public var year: Int?
    /// 我的会议 only: instead of the member's invitations, the meetings of their own branch that have
    /// begun, invited or not (我的组织生活, seed 002).
    public var branch: Bool?
    public var offset: Int?
    public var limit: Int?
    public init(kind: MeetingKind? = nil, year: Int? = nil, branch: Bool? = nil, offset: Int? = nil, limit: Int? = nil) {
        self.kind = kind; self.year = year; self.branch = branch; self.offset = offset; self.limit = limit
    }
}

public struct MeetingPage: Codable, Sendable, Equatable {
    public var items: [MeetingSummary]
    public var total: Int
    public var offset: Int
    public var limit: Int
    public init(items: [MeetingSummary], total: Int, offset: Int, limit: Int) {
        self.items = items; self.total = total; self.offset = offset; self.limit = limit
    }
}

/// 提醒未确认人员: a reminder to each invited member who has not answered.
public struct RemindReply: Codable, Sendable, Equatable {
    public var reminded: Int
    public init(reminded: Int) { self.reminded = reminded }
}

public struct ManualCheckInReply: Codable, Sendable, Equatable {
    /// Newly checked in.
    public var checkedIn: [String]
    /// Already checked in before (nothing changed for them).
    public var already: [String]
    public var meeting: MeetingView
    public init(checkedIn: [String], already: [String], meeting: MeetingView) {
        self.checkedIn = checkedIn; self.already = already; self.meeting = meeting
    }
}
