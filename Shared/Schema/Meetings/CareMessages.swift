import Foundation

// 党员关爱 (seed 002): a branch records care activities, and files care requests that the organization
// above it approves and handles; the member concerned follows the requests about them.

public enum CareKind: String, Codable, Sendable, CaseIterable, SchemaEnum {
    /// 走访慰问.
    case visit
    /// 困难帮扶.
    case hardship
    /// 政治生日.
    case birthday
    case other

    public var chineseName: String {
        switch self {
        case .visit: "走访慰问"
        case .hardship: "困难帮扶"
        case .birthday: "政治生日"
        case .other: "其他关爱"
        }
    }
}

public enum CareRequestStatus: String, Codable, Sendable, CaseIterable, SchemaEnum {
    case pending, approved, rejected, handled

    public var chineseName: String {
        switch self {
        case .pending: "待审批"
        case .approved: "已批准，待办理"
        case .rejected: "未批准"
        case .handled: "已办理"
        }
    }
}

public struct RecordCareRequest: Codable, Sendable, Equatable {
    public var memberId: String
    public var kind: CareKind
    public var content: String
    /// yyyy-MM-dd.
    public var date: String
    public init(memberId: String, kind: CareKind, content: String, date: String) {
        self.memberId = memberId; self.kind = kind; self.content = content; self.date = date
    }
}

public struct CareRecordView: Codable, Sendable, Equatable {
    public var recordId: String
    public var orgCode: String
    public var orgName: String
    public var memberId: String
    public var memberName: String
    public var kind: CareKind
    public var content: String
    public var date: String
    public var recordedByName: String
    public init(recordId: String, orgCode: String, orgName: String, memberId: String, memberName: String, kind: CareKind, content: String,
                date: String, recordedByName: String) {
        self.recordId = recordId; self.orgCode = orgCode; self.orgName = orgName; self.memberId = memberId; self.memberName = memberName
        self.kind = kind; self.content = content; self.date = date; self.recordedByName = recordedByName
    }
}

public struct FileCareRequest: Codable, Sendable, Equatable {
    public var memberId: String
    public var kind: CareKind
    public var reason: String
    public init(memberId: String, kind: CareKind, reason: String) { self.memberId = memberId; self.kind = kind; self.reason = reason }
}

public struct CareDecision: Codable, Sendable, Equatable {
    public var requestId: String
    public var approve: Bool
    public var comment: String?
    public init(requestId: String, approve: Bool, comment: String? = nil) {
        self.requestId = requestId; self.approve = approve; self.comment = comment
    }
}

public struct CareHandling: Codable, Sendable, Equatable {
    public var requestId: String
    /// What was done (e.g. 慰问金 500 元已发放).
    public var handling: String
    public init(requestId: String, handling: String) { self.requestId = requestId; self.handling = handling }
}

public struct CareRequestView: Codable, Sendable, Equatable {
    public var requestId: String
    public var orgCode: String
    public var orgName: String
    public var memberId: String
    public var memberName: String
    public var kind: CareKind
    public var reason: String
    public var status: CareRequestStatus
    /// The organization above the branch, which approves and handles it.
    public var handlerOrgCode: String
    public var handlerOrgName: String
    public var comment: String?
    public var handling: String?
    public var createdAt: Date
    public var decidedAt: Date?
    public var handledAt: Date?
    public init(requestId: String, orgCode: String, orgName: String, memberId: String, memberName: String, kind: CareKind, reason: String,
                status: CareRequestStatus, handlerOrgCode: String, handlerOrgName: String, comment: String?, handling: String?,
                createdAt: Date, decidedAt: Date?, handledAt: Date?) {
        self.requestId = requestId; self.orgCode = orgCode; self.orgName = orgName; self.memberId = memberId; self.memberName = memberName
        self.kind = kind; self.reason = reason; self.status = status; self.handlerOrgCode = handlerOrgCode
        self.handlerOrgName = handlerOrgName; self.comment = comment; self.handling = handling; self.createdAt = createdAt
        self.decidedAt = decidedAt; self.handledAt = handledAt
    }
}

public struct CareQuery: Codable, Sendable, Equatable {
    /// Only the requests waiting for the administrator's own organization (待审批 and 待办理).
    public var waitingForMe: Bool?
    public var limit: Int?
    public init(waitingForMe: Bool? = nil, limit: Int? = nil) { self.waitingForMe = waitingForMe; self.limit = limit }
}

/// Newest first: an administrator's scope, or a member's own (我的党员关爱).
public struct CareList: Codable, Sendable, Equatable {
    public var records: [CareRecordView]
    public var requests: [CareRequestView]
    public init(records: [CareRecordView], requests: [CareRequestView]) { self.records = records; self.requests = requests }
}
