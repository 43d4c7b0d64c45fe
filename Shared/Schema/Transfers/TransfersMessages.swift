import Foundation

// Bodies of the transfers service (组织关系转接). Operations: TransfersAPI.swift.

/// The four kinds of transfer (seed 002).
public enum TransferKind: String, Codable, Sendable, CaseIterable, SchemaEnum {
    /// 市内转接: to another branch of the installation (no letter).
    case withinCity = "within_city"
    /// 转到市外: out of the installation, with an introduction letter (介绍信) and its 回执.
    case outbound
    /// 从市外转入: an applicant with no account yet comes into a branch of the installation.
    case inbound
    /// 单位内部调整: to another branch under the same committee (one unit).
    case withinUnit = "within_unit"

    public var chineseName: String {
        switch self {
        case .withinCity: "市内转接"
        case .outbound: "转到市外"
        case .inbound: "从市外转入"
        case .withinUnit: "单位内部调整"
        }
    }
}

/// Where a transfer stands (after OWIP's ow_member_out statuses).
public enum TransferStatus: String, Codable, Sendable, CaseIterable, SchemaEnum {
    /// Waiting for the step `currentStep`.
    case pending
    /// 返回修改: an approver sent it back; the applicant (or the administrator who opened it) edits and resubmits.
    case returned
    /// 撤回: the applicant withdrew it before it completed.
    case withdrawn
    /// Approved; identity is being told (moments, unless identity is down).
    case approved
    /// Done: identity moved the member (or marked them transferred out, or created them).
    case completed
    /// 撤销: a completed transfer undone by a committee; the member is restored.
    case revoked

    public var chineseName: String {
        switch self {
        case .pending: "审批中"
        case .returned: "退回修改"
        case .withdrawn: "已撤回"
        case .approved: "审批通过，办理中"
        case .completed: "已完成"
        case .revoked: "已撤销"
        }
    }

    /// Still moving: a member has at most one open transfer.
    public var isOpen: Bool { self == .pending || self == .returned || self == .approved }
}

/// What a step asks of its organization.
public enum StepAction: String, Codable, Sendable, CaseIterable, SchemaEnum {
    /// 审核: the sending branch, then each level up to the committee with authority.
    case review
    /// 划拨: the receiving committee assigns the transfer to a branch (and may correct the branch named).
    case assign
    /// 接收: the receiving branch confirms.
    case confirm

    public var chineseName: String {
        switch self {
        case .review: "审核"
        case .assign: "划拨"
        case .confirm: "接收确认"
        }
    }
}

public enum StepState: String, Codable, Sendable, CaseIterable, SchemaEnum {
    /// Not yet reached.
    case upcoming
    /// The organization whose turn it is.
    case waiting
    case approved
    /// Sent back for changes at this step (the step is asked again after resubmission).
    case returned
}

/// One step of a transfer's approval chain, as the timeline shows it (seed 002: 我的组织关系).
public struct TransferStep: Codable, Sendable, Equatable {
    public var index: Int
    public var action: StepAction
    /// The organization that acts at this step.
    public var orgCode: String
    public var orgName: String
    public var state: StepState
    /// Who acted (an administrator's or secretary's name), when, and what they wrote.
    public var actorName: String?
    public var actedAt: Date?
    public var comment: String?
    public init(index: Int, action: StepAction, orgCode: String, orgName: String, state: StepState,
                actorName: String? = nil, actedAt: Date? = nil, comment: String? = nil) {
        self.index = index; self.action = action; self.orgCode = orgCode; self.orgName = orgName; self.state = state
        self.actorName = actorName; self.actedAt = actedAt; self.comment = comment
    }
}

/// One entry of the transfer's history (every act, in order): the timeline.
public struct TransferEventEntry: Codable, Sendable, Equatable {
    /// submitted, approved, returned, resubmitted, withdrawn, assigned, confirmed, completed, revoked,
    /// letter_issued, letter_printed, letter_voided, receipt_uploaded, receipt_posted, receipt_reminded
    public var what: String
    /// In Chinese, for the timeline.
    public var title: String
    public var actorName: String?
    public var comment: String?
    public var at: Date
    public init(what: String, title: String, actorName: String? = nil, comment: String? = nil, at: Date) {
        self.what = what; self.title = title; self.actorName = actorName; self.comment = comment; self.at = at
    }
}

public enum LetterState: String, Codable, Sendable, CaseIterable, SchemaEnum {
    /// Made, not yet printed.
    case issued
    /// Printed in colour, once: printing again needs a committee to void it and issue a new one.
    case printed
    /// Voided by a committee administrator (a new letter with a new number replaces it).
    case voided
}

/// 介绍信: what the printed letter says (all three parts: 存根, 介绍信, 回执联).
public struct IntroductionLetter: Codable, Sendable, Equatable {
    /// Year + sequence, e.g. "2026000123": the letter's number (字第…号).
    public var number: String
    public var state: LetterState
    public var memberName: String
    /// "男" / "女".
    public var sex: String
    public var age: Int
    public var ethnicity: String
    /// "正式" or "预备".
    public var memberType: String
    /// Masked in views (the printed PDF carries it whole).
    public var idNumber: String
    /// The sending organization (the branch the member leaves).
    public var fromOrgName: String
    /// The receiving organization's title (介绍信接受地党组织) and the organization and unit the member goes to.
    public var toOrgTitle: String
    public var toOrgName: String
    public var toUnit: String
    /// 党费交到: yyyy-MM, as dues answered when the letter was made; nil if none was ever paid.
    public var duesPaidThrough: String?
    public var validDays: Int
    /// Letterhead of the issuing committee.
    public var issuerName: String
    public var issuerAddress: String
    public var issuerPhone: String
    public var issuerFax: String
    public var issuerPostcode: String
    public var issuedAt: Date
    public var printedAt: Date?
    public var voidedAt: Date?
    public var voidReason: String?
    public init(number: String, state: LetterState, memberName: String, sex: String, age: Int, ethnicity: String,
                memberType: String, idNumber: String, fromOrgName: String, toOrgTitle: String, toOrgName: String,
                toUnit: String, duesPaidThrough: String?, validDays: Int, issuerName: String, issuerAddress: String,
                issuerPhone: String, issuerFax: String, issuerPostcode: String, issuedAt: Date,
                printedAt: Date? = nil, voidedAt: Date? = nil, voidReason: String? = nil) {
        self.number = number; self.state = state; self.memberName = memberName; self.sex = sex; self.age = age
        self.ethnicity = ethnicity; self.memberType = memberType; self.idNumber = idNumber; self.fromOrgName = fromOrgName
        self.toOrgTitle = toOrgTitle; self.toOrgName = toOrgName; self.toUnit = toUnit; self.duesPaidThrough = duesPaidThrough
        self.validDays = validDays; self.issuerName = issuerName; self.issuerAddress = issuerAddress
        self.issuerPhone = issuerPhone; self.issuerFax = issuerFax; self.issuerPostcode = issuerPostcode
        self.issuedAt = issuedAt; self.printedAt = printedAt; self.voidedAt = voidedAt; self.voidReason = voidReason
    }
}

public enum LetterReceiptState: String, Codable, Sendable, CaseIterable, SchemaEnum {
    /// The letter went out; its 回执 has not come back.
    case awaiting
    /// A photo or scan was uploaded.
    case uploaded
    /// Marked as received by post.
    case posted
}

/// The 回执 of an outbound transfer's letter.
public struct LetterReceipt: Codable, Sendable, Equatable {
    public var state: LetterReceiptState
    /// Due this many days after the letter (setting): then the branch is reminded once.
    public var dueAt: Date
    public var fileName: String?
    public var contentType: String?
    public var bytes: Int?
    /// Hex SHA-256 of the stored file.
    public var sha256: String?
    public var receivedAt: Date?
    public var receivedBy: String?
    public var remindedAt: Date?
    public init(state: LetterReceiptState, dueAt: Date, fileName: String? = nil, contentType: String? = nil, bytes: Int? = nil,
                sha256: String? = nil, receivedAt: Date? = nil, receivedBy: String? = nil, remindedAt: Date? = nil) {
        self.state = state; self.dueAt = dueAt; self.fileName = fileName; self.contentType = contentType; self.bytes = bytes
        self.sha256 = sha256; self.receivedAt = receivedAt; self.receivedBy = receivedBy; self.remindedAt = remindedAt
    }
}

/// The person coming in from outside (从市外转入), as they filled the form. ID number and phone are
/// masked in every view but the applicant's own (with the access code) and the receiving branch's.
public struct InboundApplicant: Codable, Sendable, Equatable {
    public var name: String
    public var sex: Sex
    public var ethnicity: String
    public var idNumber: String
    public var phone: String
    public var memberType: MemberType
    /// yyyy-MM-dd
    public var joinDate: String
    /// The organization they come from (outside the installation), as on their letter.
    public var fromOrgName: String
    /// Their introduction letter's number, if they have one.
    public var letterNumber: String?
    public var unit: String?
    public init(name: String, sex: Sex, ethnicity: String, idNumber: String, phone: String, memberType: MemberType,
                joinDate: String, fromOrgName: String, letterNumber: String? = nil, unit: String? = nil) {
        self.name = name; self.sex = sex; self.ethnicity = ethnicity; self.idNumber = idNumber; self.phone = phone
        self.memberType = memberType; self.joinDate = joinDate; self.fromOrgName = fromOrgName
        self.letterNumber = letterNumber; self.unit = unit
    }
}

/// A transfer as its member, the administrators in scope on either side, or the inbound applicant see it.
public struct TransferView: Codable, Sendable, Equatable {
    public var transferId: String
    public var kind: TransferKind
    public var status: TransferStatus
    /// Nil for an inbound transfer until the member exists in identity.
    public var memberId: String?
    public var memberName: String
    /// The branch the member leaves (nil for inbound).
    public var fromOrgCode: String?
    public var fromOrgName: String
    /// The receiving branch inside the installation (nil for outbound).
    public var toOrgCode: String?
    public var toOrgName: String
    public var toUnit: String
    /// Outbound: 介绍信接受地党组织, the receiving organization's title outside the installation.
    public var toOrgTitle: String?
    public var reason: String
    /// "member", "admin" (opened on the member's behalf) or "applicant" (inbound).
    public var openedBy: String
    public var steps: [TransferStep]
    /// Index into `steps` of the step waiting (pending only).
    public var currentStep: Int?
    public var history: [TransferEventEntry]
    /// The current letter (outbound, once approved), and every voided one before it.
    public var letter: IntroductionLetter?
    public var voidedLetters: [IntroductionLetter]
    public var receipt: LetterReceipt?
    public var applicant: InboundApplicant?
    public var createdAt: Date
    public var updatedAt: Date
    public var completedAt: Date?
    public init(transferId: String, kind: TransferKind, status: TransferStatus, memberId: String?, memberName: String,
                fromOrgCode: String?, fromOrgName: String, toOrgCode: String?, toOrgName: String, toUnit: String,
                toOrgTitle: String?, reason: String, openedBy: String, steps: [TransferStep], currentStep: Int?,
                history: [TransferEventEntry], letter: IntroductionLetter?, voidedLetters: [IntroductionLetter],
                receipt: LetterReceipt?, applicant: InboundApplicant?, createdAt: Date, updatedAt: Date, completedAt: Date?) {
        self.transferId = transferId; self.kind = kind; self.status = status; self.memberId = memberId
        self.memberName = memberName; self.fromOrgCode = fromOrgCode; self.fromOrgName = fromOrgName
        self.toOrgCode = toOrgCode; self.toOrgName = toOrgName; self.toUnit = toUnit; self.toOrgTitle = toOrgTitle
        self.reason = reason; self.openedBy = openedBy; self.steps = steps; self.currentStep = currentStep
        self.history = history; self.letter = letter; self.voidedLetters = voidedLetters; self.receipt = receipt
        self.applicant = applicant; self.createdAt = createdAt; self.updatedAt = updatedAt; self.completedAt = completedAt
    }
}

/// A line of 转接记录查询 (no history, no letter body).
public struct TransferSummary: Codable, Sendable, Equatable {
    public var transferId: String
    public var kind: TransferKind
    public var status: TransferStatus
    public var memberId: String?
    public var memberName: String
    public var fromOrgName: String
    public var toOrgName: String
    /// The step waiting and its organization (pending only).
    public var waitingAction: StepAction?
    public var waitingOrgCode: String?
    public var waitingOrgName: String?
    public var letterNumber: String?
    public var receiptState: LetterReceiptState?
    public var createdAt: Date
    public var updatedAt: Date
    public init(transferId: String, kind: TransferKind, status: TransferStatus, memberId: String?, memberName: String,
                fromOrgName: String, toOrgName: String, waitingAction: StepAction?, waitingOrgCode: String?,
                waitingOrgName: String?, letterNumber: String?, receiptState: LetterReceiptState?, createdAt: Date, updatedAt: Date) {
        self.transferId = transferId; self.kind = kind; self.status = status; self.memberId = memberId
        self.memberName = memberName; self.fromOrgName = fromOrgName; self.toOrgName = toOrgName
        self.waitingAction = waitingAction; self.waitingOrgCode = waitingOrgCode; self.waitingOrgName = waitingOrgName
        self.letterNumber = letterNumber; self.receiptState = receiptState; self.createdAt = createdAt; self.updatedAt = updatedAt
    }
}

// MARK: - Requests

/// A member applies for themself; an administrator opens one for a member in scope (`memberId`).
public struct ApplyTransferRequest: Codable, Sendable, Equatable {
    /// within_city, outbound or within_unit (inbound has its own form).
    public var kind: TransferKind
    /// Default: the acting member.
    public var memberId: String?
    /// within_city / within_unit: the receiving branch, picked from `transfers.targets` (never typed free).
    public var toOrgCode: String?
    /// outbound: 介绍信接受地党组织 (the receiving organization's title), the organization and the unit.
    public var toOrgTitle: String?
    public var toOrgName: String?
    public var toUnit: String?
    public var reason: String
    public init(kind: TransferKind, memberId: String? = nil, toOrgCode: String? = nil, toOrgTitle: String? = nil,
                toOrgName: String? = nil, toUnit: String? = nil, reason: String) {
        self.kind = kind; self.memberId = memberId; self.toOrgCode = toOrgCode; self.toOrgTitle = toOrgTitle
        self.toOrgName = toOrgName; self.toUnit = toUnit; self.reason = reason
    }
}

/// After 返回修改: the applicant (or the administrator who opened it) corrects and submits again.
public struct ResubmitTransferRequest: Codable, Sendable, Equatable {
    public var transferId: String
    public var toOrgCode: String?
    public var toOrgTitle: String?
    public var toOrgName: String?
    public var toUnit: String?
    public var reason: String?
    public init(transferId: String, toOrgCode: String? = nil, toOrgTitle: String? = nil, toOrgName: String? = nil,
                toUnit: String? = nil, reason: String? = nil) {
        self.transferId = transferId; self.toOrgCode = toOrgCode; self.toOrgTitle = toOrgTitle; self.toOrgName = toOrgName
        self.toUnit = toUnit; self.reason = reason
    }
}

public struct TransferRef: Codable, Sendable, Equatable {
    public var transferId: String
    public init(transferId: String) { self.transferId = transferId }
}

/// Approve (审核通过 / 接收) or return (返回修改, comment required) the waiting step.
public struct TransferDecision: Codable, Sendable, Equatable {
    public var transferId: String
    public var comment: String?
    public init(transferId: String, comment: String? = nil) { self.transferId = transferId; self.comment = comment }
}

/// 划拨: the receiving committee assigns the transfer to a branch below it (may correct the one named).
public struct AssignTransferRequest: Codable, Sendable, Equatable {
    public var transferId: String
    public var toOrgCode: String
    public var comment: String?
    public init(transferId: String, toOrgCode: String, comment: String? = nil) {
        self.transferId = transferId; self.toOrgCode = toOrgCode; self.comment = comment
    }
}

/// 撤销 a completed transfer (committee), or any act that needs a reason.
public struct TransferReasonRequest: Codable, Sendable, Equatable {
    public var transferId: String
    public var reason: String
    public init(transferId: String, reason: String) { self.transferId = transferId; self.reason = reason }
}

/// 转接记录查询 (seed 003): by direction relative to the administrator's organization, kind, status and date.
public struct TransferListQuery: Codable, Sendable, Equatable {
    /// in (转入: into the scope from outside it), out (转出), within (内部: both ends in scope). Default all.
    public var direction: String?
    public var kind: TransferKind?
    public var status: TransferStatus?
    /// Only the transfers whose waiting step belongs to the administrator's own organization (待办).
    public var waitingForMe: Bool?
    /// Created on or after / before or on, yyyy-MM-dd (Beijing).
    public var from: String?
    public var to: String?
    /// Part of the member's name.
    public var name: String?
    public var offset: Int?
    public var limit: Int?
    public init(direction: String? = nil, kind: TransferKind? = nil, status: TransferStatus? = nil, waitingForMe: Bool? = nil,
                from: String? = nil, to: String? = nil, name: String? = nil, offset: Int? = nil, limit: Int? = nil) {
        self.direction = direction; self.kind = kind; self.status = status; self.waitingForMe = waitingForMe
        self.from = from; self.to = to; self.name = name; self.offset = offset; self.limit = limit
    }
}

public struct TransferPage: Codable, Sendable, Equatable {
    public var items: [TransferSummary]
    public var total: Int
    public var offset: Int
    public var limit: Int
    public init(items: [TransferSummary], total: Int, offset: Int, limit: Int) {
        self.items = items; self.total = total; self.offset = offset; self.limit = limit
    }
}

/// The acting member's transfers, newest first (我的组织关系).
public struct TransferList: Codable, Sendable, Equatable {
    public var items: [TransferView]
    public init(items: [TransferView]) { self.items = items }
}

/// Fuzzy suggestions of where to go (seed 002: "国土局" finds "国土资源局"), from transfers' copy of the tree.
public struct TargetSearch: Codable, Sendable, Equatable {
    /// Part of the organization's name or unit (at least one character).
    public var q: String
    /// branch (default) or committee (the inbound form picks the committee first).
    public var type: String?
    /// Only organizations under this committee (the inbound form's branch, after the committee).
    public var committeeCode: String?
    public var limit: Int?
    public init(q: String, type: String? = nil, committeeCode: String? = nil, limit: Int? = nil) {
        self.q = q; self.type = type; self.committeeCode = committeeCode; self.limit = limit
    }
}

public struct TargetSuggestion: Codable, Sendable, Equatable {
    public var code: String
    public var name: String
    public var unit: String
    /// The names above it, root first, joined by " / " (so two branches of the same name can be told apart).
    public var within: String
    public init(code: String, name: String, unit: String, within: String) {
        self.code = code; self.name = name; self.unit = unit; self.within = within
    }
}

public struct TargetSuggestions: Codable, Sendable, Equatable {
    public var items: [TargetSuggestion]
    public init(items: [TargetSuggestion]) { self.items = items }
}

// MARK: Inbound (从市外转入), from the login page, no account

public struct InboundApplyRequest: Codable, Sendable, Equatable {
    public var applicant: InboundApplicant
    /// The receiving committee and branch, from suggestions.
    public var toCommitteeCode: String
    public var toOrgCode: String
    public var reason: String
    public init(applicant: InboundApplicant, toCommitteeCode: String, toOrgCode: String, reason: String) {
        self.applicant = applicant; self.toCommitteeCode = toCommitteeCode; self.toOrgCode = toOrgCode; self.reason = reason
    }
}

/// What the applicant keeps: the transfer's number and a code to look at it, change it after 返回修改,
/// or withdraw it (修改申请 on the login page).
public struct InboundApplied: Codable, Sendable, Equatable {
    public var transferId: String
    public var accessCode: String
    public var transfer: TransferView
    public init(transferId: String, accessCode: String, transfer: TransferView) {
        self.transferId = transferId; self.accessCode = accessCode; self.transfer = transfer
    }
}

public struct InboundRef: Codable, Sendable, Equatable {
    public var transferId: String
    public var accessCode: String
    public init(transferId: String, accessCode: String) { self.transferId = transferId; self.accessCode = accessCode }
}

public struct InboundResubmitRequest: Codable, Sendable, Equatable {
    public var transferId: String
    public var accessCode: String
    public var applicant: InboundApplicant
    public var toCommitteeCode: String
    public var toOrgCode: String
    public var reason: String
    public init(transferId: String, accessCode: String, applicant: InboundApplicant, toCommitteeCode: String,
                toOrgCode: String, reason: String) {
        self.transferId = transferId; self.accessCode = accessCode; self.applicant = applicant
        self.toCommitteeCode = toCommitteeCode; self.toOrgCode = toOrgCode; self.reason = reason
    }
}

// MARK: Letters and receipts

/// Void a letter (a committee administrator), naming it by number; a new letter with a new number replaces it.
public struct VoidLetterRequest: Codable, Sendable, Equatable {
    public var transferId: String
    public var letterNumber: String
    public var reason: String
    public init(transferId: String, letterNumber: String, reason: String) {
        self.transferId = transferId; self.letterNumber = letterNumber; self.reason = reason
    }
}

/// A photo or scan of the 回执: JPEG, PNG or PDF (told by its bytes), at most the size setting.
public struct ReceiptUploadRequest: Codable, Sendable, Equatable {
    public var transferId: String
    public var fileName: String
    public var contentBase64: String
    public init(transferId: String, fileName: String, contentBase64: String) {
        self.transferId = transferId; self.fileName = fileName; self.contentBase64 = contentBase64
    }
}

/// 发函单位 details a committee prints on its letters.
public struct Letterhead: Codable, Sendable, Equatable {
    public var orgCode: String
    public var address: String
    public var phone: String
    public var fax: String
    public var postcode: String
    public init(orgCode: String, address: String, phone: String, fax: String, postcode: String) {
        self.orgCode = orgCode; self.address = address; self.phone = phone; self.fax = fax; self.postcode = postcode
    }
}

public struct LetterheadRef: Codable, Sendable, Equatable {
    /// Default: the administrator's own organization.
    public var orgCode: String?
    public init(orgCode: String? = nil) { self.orgCode = orgCode }
}
