import Foundation

// Request and reply bodies of identity's directory part. Type strings: DirectoryTypes.swift.
// Optional request fields left out mean "not given" (for updates: "unchanged").

// MARK: - Vocabulary

/// 党委 committee · 党工委 working committee · 党总支 general branch · 党支部 branch · 党小组 group.
public enum OrganizationType: String, Codable, Sendable, CaseIterable, SchemaEnum {
    case committee
    case workingCommittee = "working_committee"
    case generalBranch = "general_branch"
    case branch
    case group

    /// The name the party statistics system (党统) and end users use.
    public var chineseName: String {
        switch self {
        case .committee: "党委"
        case .workingCommittee: "党工委"
        case .generalBranch: "党总支"
        case .branch: "党支部"
        case .group: "党小组"
        }
    }

    public init?(chineseName: String) {
        guard let type = Self.allCases.first(where: { $0.chineseName == chineseName }) else { return nil }
        self = type
    }

    /// 党委 and 党工委: the levels that reassign (划拨) and remove members.
    public var isCommittee: Bool { self == .committee || self == .workingCommittee }

    /// Which types may sit directly under this one.
    public var allowedChildren: [OrganizationType] {
        switch self {
        case .committee, .workingCommittee: [.committee, .workingCommittee, .generalBranch, .branch]
        case .generalBranch: [.branch]
        case .branch: [.group]
        case .group: []
        }
    }
}

/// 正式党员 / 预备党员.
public enum MemberType: String, Codable, Sendable, CaseIterable, SchemaEnum {
    case full, probationary

    public var chineseName: String { self == .full ? "正式党员" : "预备党员" }
}

/// Post in the branch: 书记, 副书记, 委员, member.
public enum MemberPost: String, Codable, Sendable, CaseIterable, SchemaEnum {
    case secretary
    case deputySecretary = "deputy_secretary"
    case committeeMember = "committee_member"
    case member

    public var chineseName: String {
        switch self {
        case .secretary: "书记"
        case .deputySecretary: "副书记"
        case .committeeMember: "委员"
        case .member: "党员"
        }
    }
}

/// active, transferred out (已转出), deceased (已去世), removed (已除名/出党).
public enum MemberStatus: String, Codable, Sendable, CaseIterable, SchemaEnum {
    case active
    case transferredOut = "transferred_out"
    case deceased
    case removed
}

public enum Sex: String, Codable, Sendable, CaseIterable, SchemaEnum {
    case male, female
}

// MARK: - Organizations

public struct CreateOrganization: Codable, Sendable, Equatable {
    /// Digits; a child's code starts with its parent's code (default three more digits per level).
    public var code: String
    public var name: String
    public var type: OrganizationType
    /// Absent only for a root (city organization department or operator).
    public var parentCode: String?
    public var unit: String?
    public var secretaryMemberId: String?
    public var isVillage: Bool?

    public init(code: String, name: String, type: OrganizationType, parentCode: String?,
                unit: String? = nil, secretaryMemberId: String? = nil, isVillage: Bool? = nil) {
        self.code = code
        self.name = name
        self.type = type
        self.parentCode = parentCode
        self.unit = unit
        self.secretaryMemberId = secretaryMemberId
        self.isVillage = isVillage
    }
}

/// Rename/update. The code and the type never change; the parent changes by `identity.org.move`.
public struct UpdateOrganization: Codable, Sendable, Equatable {
    public var code: String
    public var name: String?
    public var unit: String?
    /// "" clears the secretary.
    public var secretaryMemberId: String?
    public var isVillage: Bool?

    public init(code: String, name: String? = nil, unit: String? = nil,
                secretaryMemberId: String? = nil, isVillage: Bool? = nil) {
        self.code = code
        self.name = name
        self.unit = unit
        self.secretaryMemberId = secretaryMemberId
        self.isVillage = isVillage
    }
}

public struct MoveOrganization: Codable, Sendable, Equatable {
    public var code: String
    public var newParentCode: String

    public init(code: String, newParentCode: String) {
        self.code = code
        self.newParentCode = newParentCode
    }
}

public struct OrganizationRef: Codable, Sendable, Equatable {
    public var code: String

    public init(code: String) { self.code = code }
}

public struct SubtreeQuery: Codable, Sendable, Equatable {
    /// Defaults to the actor's own organization.
    public var code: String?
    public var offset: Int?
    /// Default 50, at most 500.
    public var limit: Int?

    public init(code: String? = nil, offset: Int? = nil, limit: Int? = nil) {
        self.code = code
        self.offset = offset
        self.limit = limit
    }
}

public struct OrganizationView: Codable, Sendable, Equatable {
    public var code: String
    public var name: String
    public var type: OrganizationType
    public var parentCode: String?
    /// "/001/001002/": every ancestor's code and its own.
    public var path: String
    public var depth: Int
    public var unit: String
    public var secretaryMemberId: String?
    public var isVillage: Bool
    /// Set once dissolved.
    public var dissolvedAt: Date?
    public var createdAt: Date
    public var updatedAt: Date

    public init(code: String, name: String, type: OrganizationType, parentCode: String?, path: String,
                depth: Int, unit: String, secretaryMemberId: String?, isVillage: Bool, dissolvedAt: Date?,
                createdAt: Date, updatedAt: Date) {
        self.code = code
        self.name = name
        self.type = type
        self.parentCode = parentCode
        self.path = path
        self.depth = depth
        self.unit = unit
        self.secretaryMemberId = secretaryMemberId
        self.isVillage = isVillage
        self.dissolvedAt = dissolvedAt
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

public struct OrganizationPage: Codable, Sendable, Equatable {
    public var items: [OrganizationView]
    public var total: Int
    public var offset: Int
    public var limit: Int

    public init(items: [OrganizationView], total: Int, offset: Int, limit: Int) {
        self.items = items
        self.total = total
        self.offset = offset
        self.limit = limit
    }
}

public struct OrganizationList: Codable, Sendable, Equatable {
    public var items: [OrganizationView]

    public init(items: [OrganizationView]) { self.items = items }
}

/// Fuzzy organization name search ("国土局" finds "国土资源局"). Callers must pick a
/// suggestion's code: a search never stands for an organization by itself.
public struct OrganizationSearch: Codable, Sendable, Equatable {
    public var query: String
    /// Default 10, at most 50.
    public var limit: Int?
    /// Search the whole installation (public fields only), as forms naming another organization need
    /// (a transfer's destination). Members always search the whole installation; administrators
    /// search their own subtree unless this is true.
    public var anywhere: Bool?

    public init(query: String, limit: Int? = nil, anywhere: Bool? = nil) {
        self.query = query
        self.limit = limit
        self.anywhere = anywhere
    }
}

public struct OrganizationSuggestion: Codable, Sendable, Equatable {
    public var code: String
    public var name: String
    public var type: OrganizationType
    /// Names from the root down to this organization, e.g. ["市委", "市直机关工委", "国土资源局党委"].
    public var pathNames: [String]
    public var score: Int

    public init(code: String, name: String, type: OrganizationType, pathNames: [String], score: Int) {
        self.code = code
        self.name = name
        self.type = type
        self.pathNames = pathNames
        self.score = score
    }
}

public struct OrganizationSuggestions: Codable, Sendable, Equatable {
    public var items: [OrganizationSuggestion]

    public init(items: [OrganizationSuggestion]) { self.items = items }
}

// MARK: - Members

public struct CreateMember: Codable, Sendable, Equatable {
    /// 18 characters, GB 11643; sex and birth date are derived from it.
    public var idNumber: String
    public var name: String
    public var ethnicity: String?
    /// 11-digit mainland mobile.
    public var phone: String?
    public var memberType: MemberType
    /// yyyy-MM-dd
    public var joinDate: String?
    /// A branch (党支部).
    public var orgCode: String
    public var unit: String?
    public var post: MemberPost?
    /// Default true: a record an administrator enters is reviewed, its reviewed fields locked for the member.
    public var reviewed: Bool?

    public init(idNumber: String, name: String, ethnicity: String? = nil, phone: String? = nil,
                memberType: MemberType, joinDate: String? = nil, orgCode: String, unit: String? = nil,
                post: MemberPost? = nil, reviewed: Bool? = nil) {
        self.idNumber = idNumber
        self.name = name
        self.ethnicity = ethnicity
        self.phone = phone
        self.memberType = memberType
        self.joinDate = joinDate
        self.orgCode = orgCode
        self.unit = unit
        self.post = post
        self.reviewed = reviewed
    }
}

/// An administrator's direct edit. The branch changes only by 划拨 (`identity.member.reassign`),
/// the status by `identity.member.status`.
public struct UpdateMember: Codable, Sendable, Equatable {
    public var memberId: String
    public var idNumber: String?
    public var name: String?
    public var ethnicity: String?
    /// "" clears the phone.
    public var phone: String?
    public var memberType: MemberType?
    public var joinDate: String?
    public var unit: String?
    public var post: MemberPost?
    public var reviewed: Bool?

    public init(memberId: String, idNumber: String? = nil, name: String? = nil, ethnicity: String? = nil,
                phone: String? = nil, memberType: MemberType? = nil, joinDate: String? = nil,
                unit: String? = nil, post: MemberPost? = nil, reviewed: Bool? = nil) {
        self.memberId = memberId
        self.idNumber = idNumber
        self.name = name
        self.ethnicity = ethnicity
        self.phone = phone
        self.memberType = memberType
        self.joinDate = joinDate
        self.unit = unit
        self.post = post
        self.reviewed = reviewed
    }
}

public struct MemberRef: Codable, Sendable, Equatable {
    public var memberId: String

    public init(memberId: String) { self.memberId = memberId }
}

public struct MemberView: Codable, Sendable, Equatable {
    public var id: String
    /// Masked ("1101**********1234") unless `masked` is false.
    public var idNumber: String
    public var name: String
    public var sex: Sex
    /// yyyy-MM-dd
    public var birthDate: String
    public var ethnicity: String
    /// Masked ("138****5678") unless `masked` is false.
    public var phone: String?
    public var memberType: MemberType
    public var joinDate: String?
    public var orgCode: String
    public var orgName: String
    public var unit: String
    public var post: MemberPost
    public var status: MemberStatus
    public var reviewed: Bool
    /// Whether idNumber and phone are masked in this view.
    public var masked: Bool
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: String, idNumber: String, name: String, sex: Sex, birthDate: String, ethnicity: String,
                phone: String?, memberType: MemberType, joinDate: String?, orgCode: String, orgName: String,
                unit: String, post: MemberPost, status: MemberStatus, reviewed: Bool, masked: Bool,
                createdAt: Date, updatedAt: Date) {
        self.id = id
        self.idNumber = idNumber
        self.name = name
        self.sex = sex
        self.birthDate = birthDate
        self.ethnicity = ethnicity
        self.phone = phone
        self.memberType = memberType
        self.joinDate = joinDate
        self.orgCode = orgCode
        self.orgName = orgName
        self.unit = unit
        self.post = post
        self.status = status
        self.reviewed = reviewed
        self.masked = masked
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// Search within the actor's scope. Give at least one of name, idNumber, phone, orgCode.
public struct MemberSearch: Codable, Sendable, Equatable {
    /// Fuzzy: the characters in order, gaps allowed ("张丰" finds "张三丰"); the exact name first,
    /// then names starting with it, then names holding it unbroken.
    public var name: String?
    /// The full 18 characters, or the last 4 or more.
    public var idNumber: String?
    /// The full 11 digits, or the last 4 or more.
    public var phone: String?
    /// Restrict to this organization's subtree (must be in scope).
    public var orgCode: String?
    /// Default: active only.
    public var status: MemberStatus?
    public var offset: Int?
    /// Default 50, at most 200.
    public var limit: Int?

    public init(name: String? = nil, idNumber: String? = nil, phone: String? = nil, orgCode: String? = nil,
                status: MemberStatus? = nil, offset: Int? = nil, limit: Int? = nil) {
        self.name = name
        self.idNumber = idNumber
        self.phone = phone
        self.orgCode = orgCode
        self.status = status
        self.offset = offset
        self.limit = limit
    }
}

public struct MemberPage: Codable, Sendable, Equatable {
    /// Always masked.
    public var items: [MemberView]
    public var total: Int
    public var offset: Int
    public var limit: Int

    public init(items: [MemberView], total: Int, offset: Int, limit: Int) {
        self.items = items
        self.total = total
        self.offset = offset
        self.limit = limit
    }
}

/// transferred_out / deceased (any administrator in scope), removed (committee administrators,
/// reason required), active again (committee administrators).
public struct ChangeMemberStatus: Codable, Sendable, Equatable {
    public var memberId: String
    public var status: MemberStatus
    public var reason: String?

    public init(memberId: String, status: MemberStatus, reason: String? = nil) {
        self.memberId = memberId
        self.status = status
        self.reason = reason
    }
}

/// 划拨: move a member to another branch. Committee administrators only, both branches in scope.
public struct ReassignMember: Codable, Sendable, Equatable {
    public var memberId: String
    public var toOrgCode: String
    public var reason: String?

    public init(memberId: String, toOrgCode: String, reason: String? = nil) {
        self.memberId = memberId
        self.toOrgCode = toOrgCode
        self.reason = reason
    }
}

/// One status change or reassignment, with who, when and why.
public struct MemberHistoryEntry: Codable, Sendable, Equatable {
    /// "status" | "reassign"
    public var kind: String
    public var fromStatus: MemberStatus
    public var toStatus: MemberStatus
    public var fromOrgCode: String
    public var toOrgCode: String
    public var reason: String
    public var actorKind: String
    public var actorId: String
    public var at: Date

    public init(kind: String, fromStatus: MemberStatus, toStatus: MemberStatus, fromOrgCode: String,
                toOrgCode: String, reason: String, actorKind: String, actorId: String, at: Date) {
        self.kind = kind
        self.fromStatus = fromStatus
        self.toStatus = toStatus
        self.fromOrgCode = fromOrgCode
        self.toOrgCode = toOrgCode
        self.reason = reason
        self.actorKind = actorKind
        self.actorId = actorId
        self.at = at
    }
}

public struct MemberHistory: Codable, Sendable, Equatable {
    /// Oldest first.
    public var items: [MemberHistoryEntry]

    public init(items: [MemberHistoryEntry]) { self.items = items }
}

// MARK: - Profile changes (Shenzhen)

/// Fields a member may ask to change. phone, ethnicity and unit are free fields; name, idNumber,
/// memberType, joinDate and post are reviewed fields: once the record is reviewed only an
/// administrator changes them (a member's request for them fails with `identity.field_locked`).
public struct ProfileFields: Codable, Sendable, Equatable {
    public var phone: String?
    public var ethnicity: String?
    public var unit: String?
    public var name: String?
    public var idNumber: String?
    public var memberType: MemberType?
    public var joinDate: String?
    public var post: MemberPost?

    public static let freeFields: Set<String> = ["phone", "ethnicity", "unit"]
    public static let reviewedFields: Set<String> = ["name", "idNumber", "memberType", "joinDate", "post"]

    public init(phone: String? = nil, ethnicity: String? = nil, unit: String? = nil, name: String? = nil,
                idNumber: String? = nil, memberType: MemberType? = nil, joinDate: String? = nil,
                post: MemberPost? = nil) {
        self.phone = phone
        self.ethnicity = ethnicity
        self.unit = unit
        self.name = name
        self.idNumber = idNumber
        self.memberType = memberType
        self.joinDate = joinDate
        self.post = post
    }

    /// Names of the fields given, in a stable order.
    public var givenFields: [String] {
        var names: [String] = []
        if phone != nil { names.append("phone") }
        if ethnicity != nil { names.append("ethnicity") }
        if unit != nil { names.append("unit") }
        if name != nil { names.append("name") }
        if idNumber != nil { names.append("idNumber") }
        if memberType != nil { names.append("memberType") }
        if joinDate != nil { names.append("joinDate") }
        if post != nil { names.append("post") }
        return names
    }
}

public struct SubmitProfileChange: Codable, Sendable, Equatable {
    /// Defaults to the acting member.
    public var memberId: String?
    public var changes: ProfileFields

    public init(memberId: String? = nil, changes: ProfileFields) {
        self.memberId = memberId
        self.changes = changes
    }
}

public enum ProfileChangeStatus: String, Codable, Sendable, CaseIterable, SchemaEnum {
    case pending, approved, rejected
    /// Replaced by a later submission of the same member before review.
    case superseded
}

public struct ReviewProfileChange: Codable, Sendable, Equatable {
    public var changeId: String
    public var approve: Bool
    /// Required to reject.
    public var reason: String?

    public init(changeId: String, approve: Bool, reason: String? = nil) {
        self.changeId = changeId
        self.approve = approve
        self.reason = reason
    }
}

public struct PendingProfileChanges: Codable, Sendable, Equatable {
    /// A branch; defaults to the actor's organization.
    public var orgCode: String?

    public init(orgCode: String? = nil) { self.orgCode = orgCode }
}

public struct MemberProfileChanges: Codable, Sendable, Equatable {
    /// Defaults to the acting member.
    public var memberId: String?

    public init(memberId: String? = nil) { self.memberId = memberId }
}

public struct ProfileChangeView: Codable, Sendable, Equatable {
    public var id: String
    public var memberId: String
    public var memberName: String
    public var orgCode: String
    /// As submitted; idNumber and phone masked in lists for reviewers who are not administrators.
    public var changes: ProfileFields
    public var status: ProfileChangeStatus
    public var submittedAt: Date
    public var reviewedBy: String?
    public var reviewedAt: Date?
    public var reason: String?

    public init(id: String, memberId: String, memberName: String, orgCode: String, changes: ProfileFields,
                status: ProfileChangeStatus, submittedAt: Date, reviewedBy: String?, reviewedAt: Date?,
                reason: String?) {
        self.id = id
        self.memberId = memberId
        self.memberName = memberName
        self.orgCode = orgCode
        self.changes = changes
        self.status = status
        self.submittedAt = submittedAt
        self.reviewedBy = reviewedBy
        self.reviewedAt = reviewedAt
        self.reason = reason
    }
}

public struct ProfileChangeList: Codable, Sendable, Equatable {
    public var items: [ProfileChangeView]

    public init(items: [ProfileChangeView]) { self.items = items }
}

// MARK: - Authorize (for other services)

/// May the request's actor act on this organization (its subtree) / this member?
/// Give orgCode, memberId, or both (both must be allowed). A service may ask on behalf of
/// another actor by passing `actor`; for anyone else `actor` is ignored.
public struct AuthorizeRequest: Codable, Sendable, Equatable {
    public var orgCode: String?
    public var memberId: String?
    public var actor: Actor?

    public init(orgCode: String? = nil, memberId: String? = nil, actor: Actor? = nil) {
        self.orgCode = orgCode
        self.memberId = memberId
        self.actor = actor
    }
}

public struct AuthorizeReply: Codable, Sendable, Equatable {
    public var allowed: Bool
    /// Why not, stable English: "anonymous", "out_of_scope", "not_self", "org_not_found", "member_not_found".
    public var reason: String?

    public init(allowed: Bool, reason: String? = nil) {
        self.allowed = allowed
        self.reason = reason
    }
}

// MARK: - Import (党统 export)

/// organizationsCSV columns: 组织代码,组织名称,组织类型,上级组织代码,所属单位,是否村社区
/// membersCSV columns: 姓名,身份证号码,民族,手机号码,人员类别,入党日期,所在支部代码,所属单位,党内职务
/// Either may be absent or empty.
public struct ImportRequest: Codable, Sendable, Equatable {
    public var organizationsCSV: String?
    public var membersCSV: String?

    public init(organizationsCSV: String? = nil, membersCSV: String? = nil) {
        self.organizationsCSV = organizationsCSV
        self.membersCSV = membersCSV
    }
}

/// One bad cell or row: `line` is the 1-based physical line in the file (the header is line 1),
/// `column` the header name (or "" for the row as a whole), `reason` in Chinese.
public struct ImportRowError: Codable, Sendable, Equatable {
    /// "organizations" | "members"
    public var file: String
    public var line: Int
    public var column: String
    public var reason: String

    public init(file: String, line: Int, column: String, reason: String) {
        self.file = file
        self.line = line
        self.column = column
        self.reason = reason
    }
}

public struct ImportReply: Codable, Sendable, Equatable {
    public var organizationsCreated: Int
    public var membersCreated: Int
    /// Empty on success. When not empty nothing was imported (the bus reply is then the error
    /// `identity.import_invalid`, whose details carry this list as JSON under "errors").
    public var errors: [ImportRowError]

    public init(organizationsCreated: Int, membersCreated: Int, errors: [ImportRowError]) {
        self.organizationsCreated = organizationsCreated
        self.membersCreated = membersCreated
        self.errors = errors
    }
}

/// `identity.member.fellows`: members of the asking member's own branch whose names match, as a
/// member naming a proxy needs. Public fields only.
public struct FellowMemberSearch: Codable, Sendable, Equatable {
    /// Fuzzy, as member search: the characters in order.
    public var name: String
    /// Default 10, at most 50.
    public var limit: Int?
    public init(name: String, limit: Int? = nil) {
        self.name = name
        self.limit = limit
    }
}

public struct FellowMember: Codable, Sendable, Equatable {
    public var memberId: String
    public var name: String
    public var post: MemberPost
    public init(memberId: String, name: String, post: MemberPost) {
        self.memberId = memberId
        self.name = name
        self.post = post
    }
}

public struct FellowMembers: Codable, Sendable, Equatable {
    public var items: [FellowMember]
    public init(items: [FellowMember]) { self.items = items }
}

// MARK: - Events
//
// What other services (dues, meetings, transfers, notifications) need to keep their own copies of
// the tree and the member list. Events are not a leak: no ID number, no phone (only `hasPhone`),
// no birth date. Every event envelope carries the actor and, for bus requests, the request id as
// correlationId.

/// identity.org.created / identity.org.updated / identity.org.dissolved: the organization after the change
/// (for dissolved: as it was, with `dissolved` true).
public struct OrganizationEvent: Codable, Sendable, Equatable {
    public var code: String
    public var name: String
    public var type: OrganizationType
    public var parentCode: String?
    public var path: String
    public var depth: Int
    public var unit: String
    public var isVillage: Bool
    public var secretaryMemberId: String?
    public var dissolved: Bool

    public init(code: String, name: String, type: OrganizationType, parentCode: String?, path: String,
                depth: Int, unit: String, isVillage: Bool, secretaryMemberId: String?, dissolved: Bool) {
        self.code = code
        self.name = name
        self.type = type
        self.parentCode = parentCode
        self.path = path
        self.depth = depth
        self.unit = unit
        self.isVillage = isVillage
        self.secretaryMemberId = secretaryMemberId
        self.dissolved = dissolved
    }
}

/// identity.org.moved: the organization re-parented with its whole subtree. A consumer rewrites
/// every stored path starting with `oldPath` to start with `newPath` instead (codes do not change),
/// and adds `newDepth - oldDepth` to their depths.
public struct OrganizationMovedEvent: Codable, Sendable, Equatable {
    public var code: String
    public var name: String
    public var type: OrganizationType
    public var oldParentCode: String?
    public var newParentCode: String
    public var oldPath: String
    public var newPath: String
    public var oldDepth: Int
    public var newDepth: Int
    /// How many organizations moved (the organization and its descendants).
    public var movedCount: Int

    public init(code: String, name: String, type: OrganizationType, oldParentCode: String?,
                newParentCode: String, oldPath: String, newPath: String, oldDepth: Int, newDepth: Int,
                movedCount: Int) {
        self.code = code
        self.name = name
        self.type = type
        self.oldParentCode = oldParentCode
        self.newParentCode = newParentCode
        self.oldPath = oldPath
        self.newPath = newPath
        self.oldDepth = oldDepth
        self.newDepth = newDepth
        self.movedCount = movedCount
    }
}

/// identity.member.created / updated / moved / removed: the member after the change.
/// moved (划拨) sets `previousOrgCode`; removed (left active status: transferred_out, deceased,
/// removed) sets `previousStatus` and `reason`.
public struct MemberEvent: Codable, Sendable, Equatable {
    public var memberId: String
    public var name: String
    /// The branch.
    public var orgCode: String
    /// The branch's path ("/001/001002/"), so consumers can scope without asking.
    public var orgPath: String
    public var memberType: MemberType
    public var post: MemberPost
    public var status: MemberStatus
    public var joinDate: String?
    public var unit: String
    /// Whether a phone is on record (notifications can send SMS); never the number itself.
    public var hasPhone: Bool
    public var previousOrgCode: String?
    public var previousStatus: MemberStatus?
    public var reason: String?

    public init(memberId: String, name: String, orgCode: String, orgPath: String, memberType: MemberType,
                post: MemberPost, status: MemberStatus, joinDate: String?, unit: String, hasPhone: Bool,
                previousOrgCode: String? = nil, previousStatus: MemberStatus? = nil, reason: String? = nil) {
        self.memberId = memberId
        self.name = name
        self.orgCode = orgCode
        self.orgPath = orgPath
        self.memberType = memberType
        self.post = post
        self.status = status
        self.joinDate = joinDate
        self.unit = unit
        self.hasPhone = hasPhone
        self.previousOrgCode = previousOrgCode
        self.previousStatus = previousStatus
        self.reason = reason
    }
}

// MARK: - A member's own branch (我的支部)

/// One of the branch's leaders (书记, 副书记, 委员), with the phone for a `tel:` link: the branch's
/// members are meant to reach them (seed 002).
public struct BranchLeader: Codable, Sendable, Equatable {
    public var name: String
    public var post: MemberPost
    public var phone: String?
    public init(name: String, post: MemberPost, phone: String?) {
        self.name = name; self.post = post; self.phone = phone
    }
}

public struct MyBranch: Codable, Sendable, Equatable {
    public var orgCode: String
    public var orgName: String
    public var unit: String
    public var parentName: String?
    public var memberCount: Int
    /// 书记 first, then 副书记, then 委员.
    public var leaders: [BranchLeader]
    public init(orgCode: String, orgName: String, unit: String, parentName: String?, memberCount: Int, leaders: [BranchLeader]) {
        self.orgCode = orgCode; self.orgName = orgName; self.unit = unit; self.parentName = parentName
        self.memberCount = memberCount; self.leaders = leaders
    }
}
