import Foundation

// Administrator accounts are people (issue 10): a name and post, a mobile (where their login and
// forgot-password SMS codes go) and an office phone, and the organization they administer.
// Managed by the organization's other administrator or a higher organization.

/// An administrator account as an administrator in scope sees it.
public struct AdminView: Codable, Sendable, Equatable {
    public var accountId: String
    public var username: String
    /// The organization the account administers.
    public var orgCode: String
    public var orgName: String
    /// The person's name (nil for an account made by djctl without one).
    public var name: String?
    /// 书记, 副书记, 组织委员, 操作员…
    public var post: String?
    /// Masked in lists ("138****5678"); full in `identity.admin.get`.
    public var mobile: String?
    /// Masked in lists; full in `identity.admin.get`.
    public var officePhone: String?
    /// False once disabled: the account cannot log in.
    public var active: Bool
    public var mustChangePassword: Bool
    /// Whether `mobile` and `officePhone` are masked.
    public var masked: Bool
    public var createdAt: Date

    public init(accountId: String, username: String, orgCode: String, orgName: String, name: String?, post: String?,
                mobile: String?, officePhone: String?, active: Bool, mustChangePassword: Bool, masked: Bool, createdAt: Date) {
        self.accountId = accountId; self.username = username; self.orgCode = orgCode; self.orgName = orgName
        self.name = name; self.post = post; self.mobile = mobile; self.officePhone = officePhone
        self.active = active; self.mustChangePassword = mustChangePassword; self.masked = masked; self.createdAt = createdAt
    }
}

/// `identity.admin.list`: the administrator accounts of an organization and everything below it.
public struct AdminListRequest: Codable, Sendable, Equatable {
    /// Defaults to the actor's own organization; must be in scope.
    public var orgCode: String?
    /// Disabled accounts too (default true).
    public var includeDisabled: Bool?
    public var offset: Int?
    /// Default 50, at most 200.
    public var limit: Int?
    public init(orgCode: String? = nil, includeDisabled: Bool? = nil, offset: Int? = nil, limit: Int? = nil) {
        self.orgCode = orgCode; self.includeDisabled = includeDisabled; self.offset = offset; self.limit = limit
    }
}

/// Ordered by organization (tree order), then username. Phones always masked.
public struct AdminPage: Codable, Sendable, Equatable {
    public var items: [AdminView]
    public var total: Int
    public var offset: Int
    public var limit: Int
    public init(items: [AdminView], total: Int, offset: Int, limit: Int) {
        self.items = items; self.total = total; self.offset = offset; self.limit = limit
    }
}

/// Names one administrator account.
public struct AdminRef: Codable, Sendable, Equatable {
    public var accountId: String
    public init(accountId: String) { self.accountId = accountId }
}

/// `identity.admin.update`: the fields given change; absent ones stay.
public struct AdminUpdateRequest: Codable, Sendable, Equatable {
    public var accountId: String
    public var name: String?
    public var post: String?
    /// 11-digit mainland mobile. Not one's own: the other administrator or a higher organization corrects it.
    public var mobile: String?
    /// "" clears it.
    public var officePhone: String?
    public init(accountId: String, name: String? = nil, post: String? = nil, mobile: String? = nil, officePhone: String? = nil) {
        self.accountId = accountId; self.name = name; self.post = post; self.mobile = mobile; self.officePhone = officePhone
    }
}

/// `identity.member.reset_password`: an administrator in scope puts the member's account back to
/// the initial password (to be changed at the next login); every session of the account ends.
public struct MemberResetPasswordRequest: Codable, Sendable, Equatable {
    public var memberId: String
    public init(memberId: String) { self.memberId = memberId }
}
