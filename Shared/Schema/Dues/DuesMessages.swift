import Foundation

// Request, reply and event bodies of the dues service. Operations: DuesAPI.swift; events: DuesEvents.swift.
// Months are "yyyy-MM"; money is integer fen (Int64), never a fraction. No ID numbers: dues does not hold them.

// MARK: - Vocabulary

/// How a member's monthly amount is set (2008 national rules).
public enum StandardKind: String, Codable, Sendable, CaseIterable, SchemaEnum {
    /// Employed: monthly after-tax regular pay (base) × the bracket's rate.
    case employed
    /// Retired: pension (base) × the bracket's rate.
    case retired
    /// Farmers: a fixed ¥0.20–1.00 chosen per member (`amountFen`).
    case farmer
    /// Students, the unemployed, those on minimum allowance: ¥0.20.
    case student, unemployed
    case minimumAllowance = "minimum_allowance"
    /// An amount typed directly (with an optional base; below the base's bracket amount it is a reduction).
    case manual
    /// 0, exempt. Needs the next committee's approval.
    case exempt

    public var chineseName: String {
        switch self {
        case .employed: "在职"
        case .retired: "离退休"
        case .farmer: "农民"
        case .student: "学生"
        case .unemployed: "下岗失业"
        case .minimumAllowance: "低保"
        case .manual: "手动录入"
        case .exempt: "免交"
        }
    }
}

/// Reduced/exempt standards wait for the next committee.
public enum ApprovalState: String, Codable, Sendable, CaseIterable, SchemaEnum {
    case pending, approved, rejected
}

/// draft (保存草稿) / submitted (提交并通知交纳: members can pay).
public enum BranchMonthStatus: String, Codable, Sendable, CaseIterable, SchemaEnum {
    case draft, submitted
}

/// What a member sees for a month.
public enum MonthState: String, Codable, Sendable, CaseIterable, SchemaEnum {
    /// Paid (已交).
    case paid
    /// Payable now, inside its window (应交).
    case due
    /// Past its window and unpaid: arrears (补交).
    case overdue
    /// Its window has not started (待交): cannot be paid yet.
    case pending
    /// The branch has not submitted standards for it.
    case notSet = "not_set"
    /// Amount 0 (免交).
    case exempt
}

public enum PaymentWay: String, Codable, Sendable, CaseIterable, SchemaEnum {
    /// The member online.
    case online
    /// Another member online on their behalf (代交).
    case proxy
    /// Cash to the branch, recorded by an administrator (线下交纳).
    case cash

    public var chineseName: String {
        switch self {
        case .online: "本人线上交纳"
        case .proxy: "他人代交"
        case .cash: "线下现金交纳"
        }
    }
}

public enum PaymentStatus: String, Codable, Sendable, CaseIterable, SchemaEnum {
    case reserved, confirmed, released, expired
    /// Paid online, then refunded on an approved 退费申请: its months are unpaid again.
    case refunded
}

public enum ExportFormat: String, Codable, Sendable, CaseIterable, SchemaEnum {
    case csv, xlsx
}

// MARK: - Standards

public struct OpenMonthRequest: Codable, Sendable, Equatable {
    /// A branch, or (committee administrators, services) an organization whose branches all open. Default: the actor's.
    public var orgCode: String?
    /// Default: the month whose paying window is open now.
    public var month: String?
    public init(orgCode: String? = nil, month: String? = nil) { self.orgCode = orgCode; self.month = month }
}

public struct OpenMonthReply: Codable, Sendable, Equatable {
    public var month: String
    /// Branches opened now (a branch already open is left as it is).
    public var branchesOpened: Int
    /// Standards carried forward from the previous month (or the member's latest).
    public var standardsCarried: Int
    /// Members flagged for `flagAfterMonths` consecutive unpaid months.
    public var membersFlagged: Int
    public init(month: String, branchesOpened: Int, standardsCarried: Int, membersFlagged: Int) {
        self.month = month; self.branchesOpened = branchesOpened; self.standardsCarried = standardsCarried
        self.membersFlagged = membersFlagged
    }
}

public struct BranchMonthRef: Codable, Sendable, Equatable {
    public var orgCode: String
    public var month: String
    public init(orgCode: String, month: String) { self.orgCode = orgCode; self.month = month }
}

/// One member's standard as the branch enters it.
public struct StandardInput: Codable, Sendable, Equatable {
    public var memberId: String
    public var kind: StandardKind
    /// employed/retired: the base in fen (e.g. 500001 = ¥5000.01); manual: optional.
    public var baseFen: Int64?
    /// farmer (20–100) and manual: the amount in fen.
    public var amountFen: Int64?
    public var note: String?
    public init(memberId: String, kind: StandardKind, baseFen: Int64? = nil, amountFen: Int64? = nil, note: String? = nil) {
        self.memberId = memberId; self.kind = kind; self.baseFen = baseFen; self.amountFen = amountFen; self.note = note
    }
}

public struct SaveStandardsRequest: Codable, Sendable, Equatable {
    public var orgCode: String
    public var month: String
    public var items: [StandardInput]
    public init(orgCode: String, month: String, items: [StandardInput]) {
        self.orgCode = orgCode; self.month = month; self.items = items
    }
}

public struct StandardView: Codable, Sendable, Equatable {
    public var memberId: String
    public var memberName: String
    public var orgCode: String
    public var month: String
    public var kind: StandardKind
    public var baseFen: Int64?
    /// The bracket's rate in basis points (150 = 1.5%), when computed from a base.
    public var rateBasisPoints: Int?
    public var amountFen: Int64
    /// Set for reduced/exempt standards.
    public var approval: ApprovalState?
    public var note: String?
    public var paid: Bool
    public init(memberId: String, memberName: String, orgCode: String, month: String, kind: StandardKind,
                baseFen: Int64?, rateBasisPoints: Int?, amountFen: Int64, approval: ApprovalState?, note: String?, paid: Bool) {
        self.memberId = memberId; self.memberName = memberName; self.orgCode = orgCode; self.month = month
        self.kind = kind; self.baseFen = baseFen; self.rateBasisPoints = rateBasisPoints; self.amountFen = amountFen
        self.approval = approval; self.note = note; self.paid = paid
    }
}

public struct BranchStandardsView: Codable, Sendable, Equatable {
    public var orgCode: String
    public var orgName: String
    public var month: String
    /// nil: the month is not open for this branch yet.
    public var status: BranchMonthStatus?
    public var submittedAt: Date?
    public var items: [StandardView]
    /// Active members of the branch without a standard this month.
    public var missingMemberIds: [String]
    public var totalFen: Int64
    /// Reductions and exemptions entered after submission, waiting for the next committee (approval
    /// `pending`); `items` hold the standards members pay until then.
    public var pendingChanges: [StandardView]
    public init(orgCode: String, orgName: String, month: String, status: BranchMonthStatus?, submittedAt: Date?,
                items: [StandardView], missingMemberIds: [String], totalFen: Int64, pendingChanges: [StandardView] = []) {
        self.orgCode = orgCode; self.orgName = orgName; self.month = month; self.status = status
        self.submittedAt = submittedAt; self.items = items; self.missingMemberIds = missingMemberIds; self.totalFen = totalFen
        self.pendingChanges = pendingChanges
    }
}

// MARK: - Preview (试算)

public struct PreviewStandardsRequest: Codable, Sendable, Equatable {
    /// As they would be saved; `memberId` only labels each answer (nothing is looked up or saved).
    public var items: [StandardInput]
    public init(items: [StandardInput]) { self.items = items }
}

/// What one standard comes to under the rules.
public struct StandardPreview: Codable, Sendable, Equatable {
    public var memberId: String
    public var kind: StandardKind
    public var baseFen: Int64?
    /// The bracket's rate in basis points, when computed from a base.
    public var rateBasisPoints: Int?
    public var amountFen: Int64
    /// Reduced or exempt: the next committee must approve it.
    public var needsApproval: Bool
    public init(memberId: String, kind: StandardKind, baseFen: Int64?, rateBasisPoints: Int?, amountFen: Int64, needsApproval: Bool) {
        self.memberId = memberId; self.kind = kind; self.baseFen = baseFen; self.rateBasisPoints = rateBasisPoints
        self.amountFen = amountFen; self.needsApproval = needsApproval
    }
}

public struct PreviewStandardsReply: Codable, Sendable, Equatable {
    public var items: [StandardPreview]
    public init(items: [StandardPreview]) { self.items = items }
}

public struct ExemptionQuery: Codable, Sendable, Equatable {
    /// Default: the actor's organization.
    public var orgCode: String?
    public init(orgCode: String? = nil) { self.orgCode = orgCode }
}

public struct ExemptionList: Codable, Sendable, Equatable {
    public var items: [StandardView]
    public init(items: [StandardView]) { self.items = items }
}

public struct ReviewExemptionRequest: Codable, Sendable, Equatable {
    public var memberId: String
    public var month: String
    public var approve: Bool
    public var reason: String?
    public init(memberId: String, month: String, approve: Bool, reason: String? = nil) {
        self.memberId = memberId; self.month = month; self.approve = approve; self.reason = reason
    }
}

// MARK: - Proposals

public struct ProposeAmountRequest: Codable, Sendable, Equatable {
    public var amountFen: Int64
    public var note: String?
    public init(amountFen: Int64, note: String? = nil) { self.amountFen = amountFen; self.note = note }
}

public struct ReviewProposalRequest: Codable, Sendable, Equatable {
    public var proposalId: String
    public var approve: Bool
    public var reason: String?
    public init(proposalId: String, approve: Bool, reason: String? = nil) {
        self.proposalId = proposalId; self.approve = approve; self.reason = reason
    }
}

public struct ProposalQuery: Codable, Sendable, Equatable {
    /// A branch (its pending proposals); a committee (proposals below the bracket that the branch
    /// approved and that wait for it as the next committee); absent for a member: their own.
    public var orgCode: String?
    public init(orgCode: String? = nil) { self.orgCode = orgCode }
}

public struct ProposalView: Codable, Sendable, Equatable {
    public var id: String
    public var memberId: String
    public var memberName: String
    public var orgCode: String
    public var amountFen: Int64
    public var note: String?
    /// "pending" | "approved" | "rejected"
    public var status: ApprovalState
    public var submittedAt: Date
    public var reviewedBy: String?
    public var reviewedAt: Date?
    /// The first month the approved amount applies to.
    public var effectiveMonth: String?
    public init(id: String, memberId: String, memberName: String, orgCode: String, amountFen: Int64, note: String?,
                status: ApprovalState, submittedAt: Date, reviewedBy: String?, reviewedAt: Date?, effectiveMonth: String?) {
        self.id = id; self.memberId = memberId; self.memberName = memberName; self.orgCode = orgCode
        self.amountFen = amountFen; self.note = note; self.status = status; self.submittedAt = submittedAt
        self.reviewedBy = reviewedBy; self.reviewedAt = reviewedAt; self.effectiveMonth = effectiveMonth
    }
}

public struct ProposalList: Codable, Sendable, Equatable {
    public var items: [ProposalView]
    public init(items: [ProposalView]) { self.items = items }
}

// MARK: - A member's months, quotes

public struct MemberMonthsQuery: Codable, Sendable, Equatable {
    /// Default: the acting member.
    public var memberId: String?
    /// How many months back from the open month (default 12, at most 60), plus the next (待交) month.
    public var months: Int?
    public init(memberId: String? = nil, months: Int? = nil) { self.memberId = memberId; self.months = months }
}

public struct MonthLine: Codable, Sendable, Equatable {
    public var memberId: String
    public var month: String
    public var amountFen: Int64
    public var state: MonthState
    public init(memberId: String, month: String, amountFen: Int64, state: MonthState) {
        self.memberId = memberId; self.month = month; self.amountFen = amountFen; self.state = state
    }
}

public struct MemberMonthsView: Codable, Sendable, Equatable {
    public var memberId: String
    public var memberName: String
    /// The month whose paying window is open now.
    public var openMonth: String
    /// Newest first.
    public var lines: [MonthLine]
    /// Unpaid months payable now (arrears and the open month) and their total.
    public var payableMonths: [String]
    public var payableTotalFen: Int64
    public init(memberId: String, memberName: String, openMonth: String, lines: [MonthLine],
                payableMonths: [String], payableTotalFen: Int64) {
        self.memberId = memberId; self.memberName = memberName; self.openMonth = openMonth; self.lines = lines
        self.payableMonths = payableMonths; self.payableTotalFen = payableTotalFen
    }
}

public struct QuoteRequest: Codable, Sendable, Equatable {
    /// Default: the acting member. A proxy lists those who authorised them.
    public var memberIds: [String]?
    /// Shaoxing style: the start month (earlier unpaid months are included anyway, oldest first).
    public var fromMonth: String?
    /// Default: the open month. Later than the open month is refused when paying ahead is not allowed.
    public var toMonth: String?
    public init(memberIds: [String]? = nil, fromMonth: String? = nil, toMonth: String? = nil) {
        self.memberIds = memberIds; self.fromMonth = fromMonth; self.toMonth = toMonth
    }
}

public struct QuoteReply: Codable, Sendable, Equatable {
    /// The total first, as members are shown it: the months from the start month to the end month.
    public var totalFen: Int64
    /// Oldest first, per member: the payable months from fromMonth (or the oldest payable) to toMonth.
    public var lines: [MonthLine]
    /// Unpaid months earlier than fromMonth exist (`earlierUnpaid`): paying starts with them.
    public var includesEarlierMonths: Bool
    /// Unpaid months older than the backpay depth: not payable online, ask the branch.
    public var beyondBackpay: [MonthLine]
    /// Unpaid months before fromMonth, oldest first: not in the total, but paying must include them first.
    public var earlierUnpaid: [MonthLine]
    /// Months of the range with no standard set or submitted for the member (state `not_set`): they
    /// cannot be paid until the branch submits one.
    public var withoutStandard: [MonthLine]
    public init(totalFen: Int64, lines: [MonthLine], includesEarlierMonths: Bool, beyondBackpay: [MonthLine],
                earlierUnpaid: [MonthLine] = [], withoutStandard: [MonthLine] = []) {
        self.totalFen = totalFen; self.lines = lines; self.includesEarlierMonths = includesEarlierMonths
        self.beyondBackpay = beyondBackpay; self.earlierUnpaid = earlierUnpaid; self.withoutStandard = withoutStandard
    }
}

// MARK: - Proxies

public struct GrantProxyRequest: Codable, Sendable, Equatable {
    /// The member who pays for the others.
    public var proxyMemberId: String
    /// Who is paid for. A member grants for themself only (absent = themself); an administrator for many (批量委托).
    public var memberIds: [String]?
    public init(proxyMemberId: String, memberIds: [String]? = nil) { self.proxyMemberId = proxyMemberId; self.memberIds = memberIds }
}

public struct ProxyRef: Codable, Sendable, Equatable {
    public var proxyId: String
    public init(proxyId: String) { self.proxyId = proxyId }
}

public enum ProxyStatus: String, Codable, Sendable, CaseIterable, SchemaEnum {
    /// Asked by the member; waits for the proxy's confirmation.
    case pending
    case active, revoked
}

public struct ProxyView: Codable, Sendable, Equatable {
    public var id: String
    public var memberId: String
    public var memberName: String
    public var proxyMemberId: String
    public var proxyName: String
    public var status: ProxyStatus
    public var grantedBy: String
    public var createdAt: Date
    public var confirmedAt: Date?
    public var revokedAt: Date?
    public init(id: String, memberId: String, memberName: String, proxyMemberId: String, proxyName: String,
                status: ProxyStatus, grantedBy: String, createdAt: Date, confirmedAt: Date?, revokedAt: Date?) {
        self.id = id; self.memberId = memberId; self.memberName = memberName; self.proxyMemberId = proxyMemberId
        self.proxyName = proxyName; self.status = status; self.grantedBy = grantedBy; self.createdAt = createdAt
        self.confirmedAt = confirmedAt; self.revokedAt = revokedAt
    }
}

public struct ProxyQuery: Codable, Sendable, Equatable {
    /// Administrators: a branch or higher organization. Members: absent (those they granted and those granted to them).
    public var orgCode: String?
    public init(orgCode: String? = nil) { self.orgCode = orgCode }
}

public struct ProxyList: Codable, Sendable, Equatable {
    public var items: [ProxyView]
    public init(items: [ProxyView]) { self.items = items }
}

public struct ProxyCandidate: Codable, Sendable, Equatable {
    public var memberId: String
    public var memberName: String
    public var orgCode: String
    /// False when the member's branch has not submitted standards (支部还未设置/确认党费).
    public var selectable: Bool
    public var payableTotalFen: Int64
    public init(memberId: String, memberName: String, orgCode: String, selectable: Bool, payableTotalFen: Int64) {
        self.memberId = memberId; self.memberName = memberName; self.orgCode = orgCode
        self.selectable = selectable; self.payableTotalFen = payableTotalFen
    }
}

public struct ProxyCandidates: Codable, Sendable, Equatable {
    public var items: [ProxyCandidate]
    public init(items: [ProxyCandidate]) { self.items = items }
}

// MARK: - Paying

/// One member's months in a payment, oldest first.
public struct PaymentItem: Codable, Sendable, Equatable {
    public var memberId: String
    public var months: [String]
    public init(memberId: String, months: [String]) { self.memberId = memberId; self.months = months }
}

public struct ReservePaymentRequest: Codable, Sendable, Equatable {
    /// The payments service's id; the idempotency key of reserve, confirm and release.
    public var paymentId: String
    /// Who pays: the acting member by default; a service (payments) names them.
    public var payerMemberId: String?
    public var items: [PaymentItem]
    /// What the payer was shown; must equal the sum of the months.
    public var amountFen: Int64
    /// Default: now + reservationMinutes.
    public var expiresAt: Date?
    public init(paymentId: String, payerMemberId: String? = nil, items: [PaymentItem], amountFen: Int64, expiresAt: Date? = nil) {
        self.paymentId = paymentId; self.payerMemberId = payerMemberId; self.items = items
        self.amountFen = amountFen; self.expiresAt = expiresAt
    }
}

public struct PaymentRef: Codable, Sendable, Equatable {
    public var paymentId: String
    public init(paymentId: String) { self.paymentId = paymentId }
}

public struct CashRecordRequest: Codable, Sendable, Equatable {
    /// The record's id (idempotency key); default: the request id.
    public var recordId: String?
    public var memberId: String
    /// Oldest first; must start at the member's oldest unpaid month and leave none out.
    public var months: [String]
    public var amountFen: Int64
    /// When the cash was handed over; default now.
    public var receivedAt: Date?
    public var note: String?
    public init(recordId: String? = nil, memberId: String, months: [String], amountFen: Int64, receivedAt: Date? = nil, note: String? = nil) {
        self.recordId = recordId; self.memberId = memberId; self.months = months; self.amountFen = amountFen
        self.receivedAt = receivedAt; self.note = note
    }
}

public struct PaymentLine: Codable, Sendable, Equatable {
    public var memberId: String
    public var memberName: String
    /// The branch the month belongs to.
    public var orgCode: String
    public var month: String
    public var amountFen: Int64
    public init(memberId: String, memberName: String, orgCode: String, month: String, amountFen: Int64) {
        self.memberId = memberId; self.memberName = memberName; self.orgCode = orgCode; self.month = month; self.amountFen = amountFen
    }
}

public struct PaymentView: Codable, Sendable, Equatable {
    public var paymentId: String
    public var status: PaymentStatus
    public var way: PaymentWay
    public var payerMemberId: String?
    /// The administrator who recorded cash.
    public var recordedBy: String?
    public var lines: [PaymentLine]
    public var totalFen: Int64
    public var expiresAt: Date?
    public var paidAt: Date?
    public init(paymentId: String, status: PaymentStatus, way: PaymentWay, payerMemberId: String?, recordedBy: String?,
                lines: [PaymentLine], totalFen: Int64, expiresAt: Date?, paidAt: Date?) {
        self.paymentId = paymentId; self.status = status; self.way = way; self.payerMemberId = payerMemberId
        self.recordedBy = recordedBy; self.lines = lines; self.totalFen = totalFen; self.expiresAt = expiresAt; self.paidAt = paidAt
    }
}

// MARK: - Queries

public struct UnpaidQuery: Codable, Sendable, Equatable {
    /// Default: the actor's organization; its whole subtree.
    public var orgCode: String?
    /// Default: the open month.
    public var month: String?
    public var offset: Int?
    /// Default 50, at most 500.
    public var limit: Int?
    public init(orgCode: String? = nil, month: String? = nil, offset: Int? = nil, limit: Int? = nil) {
        self.orgCode = orgCode; self.month = month; self.offset = offset; self.limit = limit
    }
}

/// 党费管理: filters by organization, month and paid/unpaid (seed 002), and by name (Xiamen).
public struct RecordQuery: Codable, Sendable, Equatable {
    public var orgCode: String?
    public var month: String?
    public var paid: Bool?
    /// Prefix of the member's name.
    public var memberName: String?
    public var offset: Int?
    public var limit: Int?
    public init(orgCode: String? = nil, month: String? = nil, paid: Bool? = nil, memberName: String? = nil,
                offset: Int? = nil, limit: Int? = nil) {
        self.orgCode = orgCode; self.month = month; self.paid = paid; self.memberName = memberName
        self.offset = offset; self.limit = limit
    }
}

public struct MemberHistoryQuery: Codable, Sendable, Equatable {
    /// Default: the acting member.
    public var memberId: String?
    public var offset: Int?
    public var limit: Int?
    public init(memberId: String? = nil, offset: Int? = nil, limit: Int? = nil) {
        self.memberId = memberId; self.offset = offset; self.limit = limit
    }
}

/// A member's month: what was due and how it was paid.
public struct DuesRecord: Codable, Sendable, Equatable {
    public var memberId: String
    public var memberName: String
    public var orgCode: String
    public var orgName: String
    public var month: String
    public var amountFen: Int64
    public var paid: Bool
    public var paidAt: Date?
    public var way: PaymentWay?
    /// Name of whoever paid (the member, the proxy) or the administrator account id who recorded cash.
    public var paidBy: String?
    public var paymentId: String?
    /// Consecutive unpaid months before this one.
    public var arrearsMonths: Int
    public init(memberId: String, memberName: String, orgCode: String, orgName: String, month: String, amountFen: Int64,
                paid: Bool, paidAt: Date?, way: PaymentWay?, paidBy: String?, paymentId: String?, arrearsMonths: Int) {
        self.memberId = memberId; self.memberName = memberName; self.orgCode = orgCode; self.orgName = orgName
        self.month = month; self.amountFen = amountFen; self.paid = paid; self.paidAt = paidAt; self.way = way
        self.paidBy = paidBy; self.paymentId = paymentId; self.arrearsMonths = arrearsMonths
    }
}

public struct DuesRecordPage: Codable, Sendable, Equatable {
    public var items: [DuesRecord]
    public var total: Int
    public var offset: Int
    public var limit: Int
    public init(items: [DuesRecord], total: Int, offset: Int, limit: Int) {
        self.items = items; self.total = total; self.offset = offset; self.limit = limit
    }
}

public struct CollectionRateQuery: Codable, Sendable, Equatable {
    public var orgCode: String?
    public var month: String?
    public init(orgCode: String? = nil, month: String? = nil) { self.orgCode = orgCode; self.month = month }
}

public struct CollectionRate: Codable, Sendable, Equatable {
    public var orgCode: String
    public var orgName: String
    /// Submitted standards with an amount > 0 in the subtree.
    public var dueMembers: Int
    public var paidMembers: Int
    public var dueFen: Int64
    public var paidFen: Int64
    /// paidMembers / dueMembers in basis points (10000 = 100%); 0 when nothing is due.
    public var rateBasisPoints: Int
    public init(orgCode: String, orgName: String, dueMembers: Int, paidMembers: Int, dueFen: Int64, paidFen: Int64, rateBasisPoints: Int) {
        self.orgCode = orgCode; self.orgName = orgName; self.dueMembers = dueMembers; self.paidMembers = paidMembers
        self.dueFen = dueFen; self.paidFen = paidFen; self.rateBasisPoints = rateBasisPoints
    }
}

public struct CollectionRateReply: Codable, Sendable, Equatable {
    public var month: String
    /// The organization, rolled up over its subtree.
    public var total: CollectionRate
    /// Each child, rolled up over its own subtree.
    public var children: [CollectionRate]
    public init(month: String, total: CollectionRate, children: [CollectionRate]) {
        self.month = month; self.total = total; self.children = children
    }
}

// MARK: - Exports

public struct ExportBranchMonthRequest: Codable, Sendable, Equatable {
    public var orgCode: String
    public var month: String
    public var format: ExportFormat
    public init(orgCode: String, month: String, format: ExportFormat) { self.orgCode = orgCode; self.month = month; self.format = format }
}

public struct ExportMemberHistoryRequest: Codable, Sendable, Equatable {
    public var memberId: String?
    public var format: ExportFormat
    public init(memberId: String? = nil, format: ExportFormat) { self.memberId = memberId; self.format = format }
}

public struct ExportUnpaidRequest: Codable, Sendable, Equatable {
    /// Default: the actor's organization (its subtree).
    public var orgCode: String?
    /// Default: the open month.
    public var month: String?
    public var format: ExportFormat
    public init(orgCode: String? = nil, month: String? = nil, format: ExportFormat) { self.orgCode = orgCode; self.month = month; self.format = format }
}


// MARK: - Flagged members (连续六个月未交)

public struct FlaggedQuery: Codable, Sendable, Equatable {
    /// A branch or an organization above it; default the administrator's organization (a branch
    /// secretary: their branch).
    public var orgCode: String?
    /// Default: the open month.
    public var month: String?
    public var offset: Int?
    /// Default 50, at most 500.
    public var limit: Int?
    public init(orgCode: String? = nil, month: String? = nil, offset: Int? = nil, limit: Int? = nil) {
        self.orgCode = orgCode; self.month = month; self.offset = offset; self.limit = limit
    }
}

/// A member unpaid for `flagAfterMonths` consecutive months or more before the month asked.
public struct FlaggedMember: Codable, Sendable, Equatable {
    public var memberId: String
    public var memberName: String
    public var orgCode: String
    public var orgName: String
    /// The consecutive unpaid months, oldest first.
    public var months: [String]
    public var consecutiveMonths: Int
    /// What those months come to.
    public var unpaidFen: Int64
    public init(memberId: String, memberName: String, orgCode: String, orgName: String, months: [String],
                consecutiveMonths: Int, unpaidFen: Int64) {
        self.memberId = memberId; self.memberName = memberName; self.orgCode = orgCode; self.orgName = orgName
        self.months = months; self.consecutiveMonths = consecutiveMonths; self.unpaidFen = unpaidFen
    }
}

public struct FlaggedList: Codable, Sendable, Equatable {
    public var month: String
    public var items: [FlaggedMember]
    public var total: Int
    public var offset: Int
    public var limit: Int
    public init(month: String, items: [FlaggedMember], total: Int, offset: Int, limit: Int) {
        self.month = month; self.items = items; self.total = total; self.offset = offset; self.limit = limit
    }
}

// MARK: - Events

/// dues.month.opened
public struct MonthOpenedEvent: Codable, Sendable, Equatable {
    public var month: String
    /// The organization the opening was asked for (a branch, or a committee for all its branches).
    public var orgCode: String
    public var branchesOpened: Int
    public var standardsCarried: Int
    public init(month: String, orgCode: String, branchesOpened: Int, standardsCarried: Int) {
        self.month = month; self.orgCode = orgCode; self.branchesOpened = branchesOpened; self.standardsCarried = standardsCarried
    }
}

public struct MemberAmount: Codable, Sendable, Hashable {
    public var memberId: String
    public var amountFen: Int64
    public init(memberId: String, amountFen: Int64) { self.memberId = memberId; self.amountFen = amountFen }
}

/// dues.standards.submitted: everything notifications needs to tell each member what to pay.
public struct StandardsSubmittedEvent: Codable, Sendable, Equatable {
    public var orgCode: String
    public var orgName: String
    public var month: String
    /// Every member with a standard this month, exempt ones with 0; for a change to a month already
    /// submitted (a new submission), only the members whose standard changed.
    public var members: [MemberAmount]
    public var totalFen: Int64
    public init(orgCode: String, orgName: String, month: String, members: [MemberAmount], totalFen: Int64) {
        self.orgCode = orgCode; self.orgName = orgName; self.month = month; self.members = members; self.totalFen = totalFen
    }
}

/// dues.paid
public struct PaidEvent: Codable, Sendable, Equatable {
    public var paymentId: String
    public var way: PaymentWay
    public var payerMemberId: String?
    public var recordedBy: String?
    public var lines: [PaymentLine]
    public var totalFen: Int64
    public var paidAt: Date
    public init(paymentId: String, way: PaymentWay, payerMemberId: String?, recordedBy: String?, lines: [PaymentLine], totalFen: Int64, paidAt: Date) {
        self.paymentId = paymentId; self.way = way; self.payerMemberId = payerMemberId; self.recordedBy = recordedBy
        self.lines = lines; self.totalFen = totalFen; self.paidAt = paidAt
    }
}

/// dues.member.flagged: unpaid for `consecutiveMonths` months in a row (党章: 视为自行脱党), flagged to the branch.
public struct MemberFlaggedEvent: Codable, Sendable, Equatable {
    public var memberId: String
    public var memberName: String
    public var orgCode: String
    /// The unpaid months, oldest first.
    public var months: [String]
    public var consecutiveMonths: Int
    public init(memberId: String, memberName: String, orgCode: String, months: [String], consecutiveMonths: Int) {
        self.memberId = memberId; self.memberName = memberName; self.orgCode = orgCode; self.months = months
        self.consecutiveMonths = consecutiveMonths
    }
}

/// dues.proxy.changed
public struct ProxyEvent: Codable, Sendable, Equatable {
    public var proxy: ProxyView
    public init(proxy: ProxyView) { self.proxy = proxy }
}
