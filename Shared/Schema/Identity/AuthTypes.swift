import Foundation

/// Events of the authentication part.
extension IdentityEvent {
    /// `AccountLockedEvent`.
    public static let accountLocked = "identity.account.locked"
    /// `VerificationCodeRequestedEvent`: notifications sends the code to the phone on record.
    public static let verificationCodeRequested = "identity.verification_code.requested"
    /// `PasswordChangedEvent`.
    public static let passwordChanged = "identity.password.changed"
    /// `WeChatBindingEvent`.
    public static let wechatBound = "identity.wechat.bound"
    /// `WeChatBindingEvent`.
    public static let wechatUnbound = "identity.wechat.unbound"
}

// MARK: Login

public struct LoginRequest: Codable, Sendable, Equatable {
    /// ID number or phone (members), or username (administrators).
    public var identifier: String
    public var password: String
    /// Opaque, chosen by the client and kept on the device.
    public var deviceId: String

    public init(identifier: String, password: String, deviceId: String) {
        self.identifier = identifier
        self.password = password
        self.deviceId = deviceId
    }
}

public struct LoginChangePasswordRequest: Codable, Sendable, Equatable {
    public var ticket: String
    public var newPassword: String
    public init(ticket: String, newPassword: String) {
        self.ticket = ticket
        self.newPassword = newPassword
    }
}

public struct LoginVerifyCodeRequest: Codable, Sendable, Equatable {
    public var ticket: String
    public var code: String
    public init(ticket: String, code: String) {
        self.ticket = ticket
        self.code = code
    }
}

public struct LoginResendCodeRequest: Codable, Sendable, Equatable {
    public var ticket: String
    public init(ticket: String) { self.ticket = ticket }
}

/// The next step of a login. JSON: `{"step": "tokens", "tokens": {...}}`,
/// `{"step": "change_password", "ticket": "..."}`, `{"step": "sms_code", "ticket": "...", "maskedPhone": "138****5678"}`.
public enum LoginReply: Codable, Sendable, Equatable {
    case tokens(TokenPair)
    case changePassword(ticket: String)
    case smsCode(ticket: String, maskedPhone: String)

    public static let stepTokens = "tokens"
    public static let stepChangePassword = "change_password"
    public static let stepSMSCode = "sms_code"

    private enum CodingKeys: String, CodingKey { case step, tokens, ticket, maskedPhone }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let step = try c.decode(String.self, forKey: .step)
        switch step {
        case Self.stepTokens: self = .tokens(try c.decode(TokenPair.self, forKey: .tokens))
        case Self.stepChangePassword: self = .changePassword(ticket: try c.decode(String.self, forKey: .ticket))
        case Self.stepSMSCode:
            self = .smsCode(ticket: try c.decode(String.self, forKey: .ticket),
                            maskedPhone: try c.decode(String.self, forKey: .maskedPhone))
        default:
            throw DecodingError.dataCorruptedError(forKey: .step, in: c, debugDescription: "unknown step \(step)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .tokens(let pair):
            try c.encode(Self.stepTokens, forKey: .step)
            try c.encode(pair, forKey: .tokens)
        case .changePassword(let ticket):
            try c.encode(Self.stepChangePassword, forKey: .step)
            try c.encode(ticket, forKey: .ticket)
        case .smsCode(let ticket, let maskedPhone):
            try c.encode(Self.stepSMSCode, forKey: .step)
            try c.encode(ticket, forKey: .ticket)
            try c.encode(maskedPhone, forKey: .maskedPhone)
        }
    }
}

public struct TokenPair: Codable, Sendable, Equatable {
    /// JWT (HS256).
    public var accessToken: String
    public var accessTokenExpiresAt: Date
    /// Opaque; rotated on every refresh.
    public var refreshToken: String
    public var refreshTokenExpiresAt: Date
    public var sessionId: String

    public init(accessToken: String, accessTokenExpiresAt: Date, refreshToken: String, refreshTokenExpiresAt: Date, sessionId: String) {
        self.accessToken = accessToken
        self.accessTokenExpiresAt = accessTokenExpiresAt
        self.refreshToken = refreshToken
        self.refreshTokenExpiresAt = refreshTokenExpiresAt
        self.sessionId = sessionId
    }
}

// MARK: Tokens

public struct RefreshRequest: Codable, Sendable, Equatable {
    public var refreshToken: String
    public init(refreshToken: String) { self.refreshToken = refreshToken }
}

public struct TokenVerifyRequest: Codable, Sendable, Equatable {
    public var accessToken: String
    public init(accessToken: String) { self.accessToken = accessToken }
}

/// Names the session to end by either token (the access token may have expired).
public struct LogoutRequest: Codable, Sendable, Equatable {
    public var accessToken: String?
    public var refreshToken: String?
    public init(accessToken: String? = nil, refreshToken: String? = nil) {
        self.accessToken = accessToken
        self.refreshToken = refreshToken
    }
}

/// The keys access tokens are signed with (HS256). Key material: give it to trusted services only.
public struct TokenKey: Codable, Sendable, Equatable {
    /// Stable id of the key: the first 16 hex digits of SHA-256 of the secret.
    public var keyId: String
    /// "HS256".
    public var algorithm: String
    /// The HMAC secret, base64url without padding.
    public var secret: String
    public init(keyId: String, algorithm: String, secret: String) {
        self.keyId = keyId
        self.algorithm = algorithm
        self.secret = secret
    }
}

public struct TokenKeysReply: Codable, Sendable, Equatable {
    /// The key new tokens are signed with.
    public var currentKeyId: String
    /// Every key a valid token may be signed with (today: the current one).
    public var keys: [TokenKey]
    public init(currentKeyId: String, keys: [TokenKey]) {
        self.currentKeyId = currentKeyId
        self.keys = keys
    }
}

// MARK: Passwords

public struct PasswordChangeRequest: Codable, Sendable, Equatable {
    public var oldPassword: String
    public var newPassword: String
    /// The caller's own access token: its session is kept, every other one revoked. Without it every
    /// session of the account is revoked.
    public var accessToken: String?
    public init(oldPassword: String, newPassword: String, accessToken: String? = nil) {
        self.oldPassword = oldPassword
        self.newPassword = newPassword
        self.accessToken = accessToken
    }
}

public struct ForgotPasswordRequest: Codable, Sendable, Equatable {
    /// ID number or phone (members), or username (administrators: the code goes to the account's mobile).
    public var identifier: String
    public init(identifier: String) { self.identifier = identifier }
}

/// The same for every identifier, so it tells nothing about which accounts exist.
public struct ForgotPasswordReply: Codable, Sendable, Equatable {
    public var message: String
    public init(message: String) { self.message = message }
}

public struct ResetPasswordRequest: Codable, Sendable, Equatable {
    public var identifier: String
    public var code: String
    public var newPassword: String
    public init(identifier: String, code: String, newPassword: String) {
        self.identifier = identifier
        self.code = code
        self.newPassword = newPassword
    }
}

// MARK: Administrator accounts

public struct AdminCreateRequest: Codable, Sendable, Equatable {
    public var orgCode: String
    /// Letters and digits only; unique across the installation, case-insensitively.
    public var username: String
    /// The person's name. Required from an administrator (HTTP); djctl may omit it.
    public var name: String?
    /// 书记, 副书记, 组织委员, 操作员… Required from an administrator (HTTP); djctl may omit it.
    public var post: String?
    /// 11-digit mainland mobile: where the account's login and forgot-password SMS codes go.
    /// Required from an administrator (HTTP); djctl may omit it.
    public var mobile: String?
    /// Optional: digits, with area code, "-" and extension as written.
    public var officePhone: String?
    public init(orgCode: String, username: String, name: String? = nil, post: String? = nil,
                mobile: String? = nil, officePhone: String? = nil) {
        self.orgCode = orgCode
        self.username = username
        self.name = name
        self.post = post
        self.mobile = mobile
        self.officePhone = officePhone
    }
}

public struct AdminAccount: Codable, Sendable, Equatable {
    public var accountId: String
    public var username: String
    public var orgCode: String
    public var mustChangePassword: Bool
    public init(accountId: String, username: String, orgCode: String, mustChangePassword: Bool) {
        self.accountId = accountId
        self.username = username
        self.orgCode = orgCode
        self.mustChangePassword = mustChangePassword
    }
}

public struct AccountResetPasswordRequest: Codable, Sendable, Equatable {
    /// An administrator or member account within the actor's subtree.
    public var accountId: String
    public init(accountId: String) { self.accountId = accountId }
}

// MARK: WeChat

public struct WeChatBindRequest: Codable, Sendable, Equatable {
    /// The OAuth `code` from WeChat's redirect.
    public var wechatCode: String
    public var idNumber: String
    public var password: String
    /// Instead of a code: the ticket `identity.login.wechat` gave for an unbound openid.
    public var wechatTicket: String?
    public init(wechatCode: String, idNumber: String, password: String, wechatTicket: String? = nil) {
        self.wechatCode = wechatCode
        self.idNumber = idNumber
        self.password = password
        self.wechatTicket = wechatTicket
    }
}

/// `identity.login.wechat`: the `code` of WeChat's snsapi_base redirect (the 公众号 menu entry).
public struct WeChatLoginRequest: Codable, Sendable, Equatable {
    public var wechatCode: String
    /// As in `LoginRequest`: the device the new-device SMS step is about.
    public var deviceId: String
    public init(wechatCode: String, deviceId: String) {
        self.wechatCode = wechatCode
        self.deviceId = deviceId
    }
}

/// `identity.wechat.status`: whether the acting member has WeChat bound (the openid stays in identity).
public struct WeChatStatus: Codable, Sendable, Equatable {
    public var bound: Bool
    public var boundAt: Date?
    public init(bound: Bool, boundAt: Date? = nil) {
        self.bound = bound
        self.boundAt = boundAt
    }
}

public struct WeChatBinding: Codable, Sendable, Equatable {
    public var memberId: String
    public var openid: String
    public var boundAt: Date
    public init(memberId: String, openid: String, boundAt: Date) {
        self.memberId = memberId
        self.openid = openid
        self.boundAt = boundAt
    }
}

// MARK: Real name

public struct RealNameStatusRequest: Codable, Sendable, Equatable {
    /// Needed when the actor is not the member themself.
    public var memberId: String?
    public init(memberId: String? = nil) { self.memberId = memberId }
}

public struct RealNameStatus: Codable, Sendable, Equatable {
    public var memberId: String
    /// The installation's policy (`realNameVerificationRequired`).
    public var required: Bool
    /// Verified on the current calendar day in the installation's time zone.
    public var verified: Bool
    /// yyyy-MM-dd of the verification that counts today, if any.
    public var verifiedOn: String?
    public init(memberId: String, required: Bool, verified: Bool, verifiedOn: String?) {
        self.memberId = memberId
        self.required = required
        self.verified = verified
        self.verifiedOn = verifiedOn
    }
}

// MARK: Events

public struct AccountLockedEvent: Codable, Sendable, Equatable {
    public var accountId: String
    public var until: Date
    public init(accountId: String, until: Date) {
        self.accountId = accountId
        self.until = until
    }
}

public struct VerificationCodeRequestedEvent: Codable, Sendable, Equatable {
    public static let purposeLogin = "login"
    public static let purposeResetPassword = "reset_password"
    public static let purposeBind = "bind"
    /// Another service's confirmation (identity.code.send), e.g. "payment".
    public static let purposePayment = "payment"

    public var codeId: String
    public var accountId: String
    /// The phone on record. Personal data: consumers must not log it.
    public var phone: String
    /// The code itself, for the SMS. Consumers must not log it.
    public var code: String
    /// "login" | "reset_password" | "bind"
    public var purpose: String
    public var expiresAt: Date
    public init(codeId: String, accountId: String, phone: String, code: String, purpose: String, expiresAt: Date) {
        self.codeId = codeId
        self.accountId = accountId
        self.phone = phone
        self.code = code
        self.purpose = purpose
        self.expiresAt = expiresAt
    }
}

public struct PasswordChangedEvent: Codable, Sendable, Equatable {
    public static let reasonFirstLogin = "first_login"
    public static let reasonChange = "change"
    public static let reasonForgot = "reset_by_code"
    public static let reasonAdminReset = "reset_by_admin"

    public var accountId: String
    public var memberId: String?
    /// "first_login" | "change" | "reset_by_code" | "reset_by_admin"
    public var reason: String
    public init(accountId: String, memberId: String?, reason: String) {
        self.accountId = accountId
        self.memberId = memberId
        self.reason = reason
    }
}

public struct WeChatBindingEvent: Codable, Sendable, Equatable {
    public var memberId: String
    public var openid: String
    public init(memberId: String, openid: String) {
        self.memberId = memberId
        self.openid = openid
    }
}

/// `identity.sessions.revoked`: sessions revoked after the cursor, oldest first.
public struct RevokedSessionsRequest: Codable, Sendable, Equatable {
    /// The previous reply's `next`; nil: from one access-token lifetime ago (every revoked session
    /// whose access tokens may still be valid).
    public var after: RevokedSessionsCursor?
    public var limit: Int?
    public init(after: RevokedSessionsCursor? = nil, limit: Int? = nil) {
        self.after = after
        self.limit = limit
    }
}

/// A position in the order of revocation (time, then session id: many sessions end at one instant).
public struct RevokedSessionsCursor: Codable, Sendable, Equatable {
    public var revokedAt: Double
    public var sessionId: String
    public init(revokedAt: Double, sessionId: String) {
        self.revokedAt = revokedAt
        self.sessionId = sessionId
    }
}

public struct RevokedSession: Codable, Sendable, Equatable {
    public var sessionId: String
    /// Until when (seconds since 1970) an access token of the session could still pass a signature check.
    public var until: Int
    public init(sessionId: String, until: Int) {
        self.sessionId = sessionId
        self.until = until
    }
}

public struct RevokedSessionsReply: Codable, Sendable, Equatable {
    public var sessions: [RevokedSession]
    /// Where the next request continues (the same cursor when nothing new).
    public var next: RevokedSessionsCursor
    public init(sessions: [RevokedSession], next: RevokedSessionsCursor) {
        self.sessions = sessions
        self.next = next
    }
}

// Its coder is hand-written (a tagged union), so it states its schema beside it.
extension LoginReply: SchemaDescribed {
    public static var jsonSchema: JSONValue {
        [
            "type": "object",
            "properties": [
                "step": ["type": "string", "enum": [.string(stepTokens), .string(stepChangePassword), .string(stepSMSCode)],
                         "description": "tokens：登录完成；change_password：须修改初始密码；sms_code：须输入短信验证码"],
                "tokens": TypeSchema.of(TokenPair.self),
                "ticket": ["type": "string"],
                "maskedPhone": ["type": "string"],
            ],
            "required": ["step"],
        ]
    }
}

/// `identity.code.send`: a code to the member's phone on record.
public struct CodeSendRequest: Codable, Sendable, Equatable {
    public var memberId: String
    /// What the code confirms: `payment`.
    public var purpose: String
    public init(memberId: String, purpose: String) { self.memberId = memberId; self.purpose = purpose }
}

public struct CodeSent: Codable, Sendable, Equatable {
    public var codeId: String
    /// 138****5678: to tell the person where the code went.
    public var maskedPhone: String
    public var expiresAt: Date
    public init(codeId: String, maskedPhone: String, expiresAt: Date) {
        self.codeId = codeId; self.maskedPhone = maskedPhone; self.expiresAt = expiresAt
    }
}

/// `identity.code.check`: the code the person typed, for the code id and member it was sent for.
public struct CodeCheckRequest: Codable, Sendable, Equatable {
    public var codeId: String
    public var memberId: String
    public var code: String
    public init(codeId: String, memberId: String, code: String) { self.codeId = codeId; self.memberId = memberId; self.code = code }
}
