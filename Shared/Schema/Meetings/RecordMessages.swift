import Foundation

// 会后补录 (minutes, decisions, photos) and compliance with the rhythm of organizational life.

/// 会后补录: the minutes and decisions of a meeting held (attendance is checked in by hand).
public struct RecordMeetingRequest: Codable, Sendable, Equatable {
    public var meetingId: String
    public var minutes: String
    public var decisions: String?
    public init(meetingId: String, minutes: String, decisions: String? = nil) {
        self.meetingId = meetingId; self.minutes = minutes; self.decisions = decisions
    }
}

/// One photo of the meeting or of its paper minutes (JPEG or PNG).
public struct PhotoUploadRequest: Codable, Sendable, Equatable {
    public var meetingId: String
    public var fileName: String?
    public var contentBase64: String
    public init(meetingId: String, fileName: String? = nil, contentBase64: String) {
        self.meetingId = meetingId; self.fileName = fileName; self.contentBase64 = contentBase64
    }
}

public struct PhotoRef: Codable, Sendable, Equatable {
    public var meetingId: String
    public var sha256: String
    public init(meetingId: String, sha256: String) { self.meetingId = meetingId; self.sha256 = sha256 }
}

public struct PhotoView: Codable, Sendable, Equatable {
    public var sha256: String
    public var fileName: String
    public var contentType: String
    public var bytes: Int
    public init(sha256: String, fileName: String, contentType: String, bytes: Int) {
        self.sha256 = sha256; self.fileName = fileName; self.contentType = contentType; self.bytes = bytes
    }
}

public struct MeetingMinutesView: Codable, Sendable, Equatable {
    public var minutes: String?
    public var decisions: String?
    public var recordedByName: String?
    public var recordedAt: Date?
    public var photos: [PhotoView]
    public init(minutes: String?, decisions: String?, recordedByName: String?, recordedAt: Date?, photos: [PhotoView]) {
        self.minutes = minutes; self.decisions = decisions; self.recordedByName = recordedByName; self.recordedAt = recordedAt
        self.photos = photos
    }
}

/// How often the 支部工作条例 asks for a kind of meeting (a setting per kind).
public enum MeetingRhythm: String, Codable, Sendable, CaseIterable, SchemaEnum {
    case monthly, quarterly, yearly, none

    public var chineseName: String {
        switch self {
        case .monthly: "每月"
        case .quarterly: "每季度"
        case .yearly: "每年"
        case .none: "不要求"
        }
    }
}

/// 组织生活开展情况: the branches at and below an organization against the rhythm, for a year.
public struct ComplianceQuery: Codable, Sendable, Equatable {
    /// Default the administrator's own organization.
    public var orgCode: String?
    /// Default the current year (Beijing).
    public var year: Int?
    /// How many branches behind to list per kind (default 20).
    public var limit: Int?
    public init(orgCode: String? = nil, year: Int? = nil, limit: Int? = nil) { self.orgCode = orgCode; self.year = year; self.limit = limit }
}

public struct BranchBehind: Codable, Sendable, Equatable {
    public var orgCode: String
    public var orgName: String
    /// Periods (months, quarters, the year) with a meeting of the kind held.
    public var held: Int
    public var due: Int
    public init(orgCode: String, orgName: String, held: Int, due: Int) {
        self.orgCode = orgCode; self.orgName = orgName; self.held = held; self.due = due
    }
}

public struct KindCompliance: Codable, Sendable, Equatable {
    public var kind: MeetingKind
    public var kindName: String
    public var rhythm: MeetingRhythm
    /// Periods elapsed in the year so far (a period counts once it is over).
    public var periodsDue: Int
    public var branches: Int
    /// Branches that held the kind in every period due.
    public var compliant: Int
    public var behindTotal: Int
    /// The first `limit` branches behind, by code.
    public var behind: [BranchBehind]
    public init(kind: MeetingKind, kindName: String, rhythm: MeetingRhythm, periodsDue: Int, branches: Int, compliant: Int,
                behindTotal: Int, behind: [BranchBehind]) {
        self.kind = kind; self.kindName = kindName; self.rhythm = rhythm; self.periodsDue = periodsDue; self.branches = branches
        self.compliant = compliant; self.behindTotal = behindTotal; self.behind = behind
    }
}

public struct ComplianceReport: Codable, Sendable, Equatable {
    public var orgCode: String
    public var orgName: String
    public var year: Int
    /// Held meetings counted (check-ins or 会后补录) in the year, for every branch in scope.
    public var meetingsHeld: Int
    public var kinds: [KindCompliance]
    public init(orgCode: String, orgName: String, year: Int, meetingsHeld: Int, kinds: [KindCompliance]) {
        self.orgCode = orgCode; self.orgName = orgName; self.year = year; self.meetingsHeld = meetingsHeld; self.kinds = kinds
    }
}

public enum LedgerFormat: String, Codable, Sendable, CaseIterable, SchemaEnum {
    case pdf, xlsx
}

/// 工作台账: one organization's meetings held in a year, as PDF or XLSX.
public struct LedgerQuery: Codable, Sendable, Equatable {
    /// Default the administrator's own organization.
    public var orgCode: String?
    public var year: Int
    public var format: LedgerFormat
    public init(orgCode: String? = nil, year: Int, format: LedgerFormat) { self.orgCode = orgCode; self.year = year; self.format = format }
}
