import Foundation

/// What differs between installations (DOMAIN.md's *(policy)* rules), with the defaults the seed
/// manuals show. Loaded from a JSON file (`identity --settings FILE`); absent keys keep defaults.
public struct IdentitySettings: Codable, Sendable, Equatable {
    public enum InitialPassword: String, Codable, Sendable {
        /// The last six characters of the ID number (Shenzhen, Xiamen).
        case idNumberLast6 = "id_number_last6"
        /// The phone number on record (Xiamen); a member with no phone on record falls back to the
        /// last six characters of the ID number.
        case phone
        /// A fixed value, `initialPasswordFixed` (Shaoxing: 000000; some: 111111).
        case fixed
    }

    public var memberInitialPassword: InitialPassword = .idNumberLast6
    public var initialPasswordFixed: String = "000000"
    /// Organization (administrator) accounts start with this password (seeds: 123456).
    public var adminInitialPassword: String = "123456"
    public var passwordMinLength: Int = 8
    /// Active administrator accounts per organization (disabled ones do not count).
    public var maxAdminsPerOrganization: Int = 2
    /// Whether an administrator account with no mobile on record may log in without the SMS step
    /// (a new device, a too-simple password). On by default so that the first administrator made
    /// by `djctl init` (no higher organization to record a mobile) can log in; off, such a login is
    /// refused with `identity.admin_mobile_missing`, telling them to have a mobile recorded.
    /// Accounts created through the API always have a mobile and always get the SMS step.
    public var adminLoginWithoutMobile: Bool = true
    /// Failed logins in a row before the account locks, and for how long.
    public var lockoutThreshold: Int = 5
    public var lockoutMinutes: Int = 15
    public var accessTokenMinutes: Int = 15
    public var refreshTokenDays: Int = 30
    public var smsCodeMinutes: Int = 5
    public var smsCodeMaxAttempts: Int = 5
    /// At most one code per this many seconds to one account, and this many per hour.
    public var smsResendSeconds: Int = 60
    public var smsCodesPerHour: Int = 5
    /// Shenzhen: members verify their real name with a provider before party-affairs functions; valid for the day.
    public var realNameVerificationRequired: Bool = false
    /// scrypt cost (N = 2^log2N, r, p). See PasswordHasher for why these defaults.
    public var scryptLog2N: Int = 14
    public var scryptR: Int = 8
    public var scryptP: Int = 1
    /// The installation's time zone: where the domain speaks of days (verification "for the day").
    public var timeZone: String = "Asia/Shanghai"

    public init() {}

    public init(from decoder: any Decoder) throws {
        // Every key optional: a settings file names only what it changes.
        let defaults = IdentitySettings()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        memberInitialPassword = try c.decodeIfPresent(InitialPassword.self, forKey: .memberInitialPassword) ?? defaults.memberInitialPassword
        initialPasswordFixed = try c.decodeIfPresent(String.self, forKey: .initialPasswordFixed) ?? defaults.initialPasswordFixed
        adminInitialPassword = try c.decodeIfPresent(String.self, forKey: .adminInitialPassword) ?? defaults.adminInitialPassword
        passwordMinLength = try c.decodeIfPresent(Int.self, forKey: .passwordMinLength) ?? defaults.passwordMinLength
        maxAdminsPerOrganization = try c.decodeIfPresent(Int.self, forKey: .maxAdminsPerOrganization) ?? defaults.maxAdminsPerOrganization
        adminLoginWithoutMobile = try c.decodeIfPresent(Bool.self, forKey: .adminLoginWithoutMobile) ?? defaults.adminLoginWithoutMobile
        lockoutThreshold = try c.decodeIfPresent(Int.self, forKey: .lockoutThreshold) ?? defaults.lockoutThreshold
        lockoutMinutes = try c.decodeIfPresent(Int.self, forKey: .lockoutMinutes) ?? defaults.lockoutMinutes
        accessTokenMinutes = try c.decodeIfPresent(Int.self, forKey: .accessTokenMinutes) ?? defaults.accessTokenMinutes
        refreshTokenDays = try c.decodeIfPresent(Int.self, forKey: .refreshTokenDays) ?? defaults.refreshTokenDays
        smsCodeMinutes = try c.decodeIfPresent(Int.self, forKey: .smsCodeMinutes) ?? defaults.smsCodeMinutes
        smsCodeMaxAttempts = try c.decodeIfPresent(Int.self, forKey: .smsCodeMaxAttempts) ?? defaults.smsCodeMaxAttempts
        smsResendSeconds = try c.decodeIfPresent(Int.self, forKey: .smsResendSeconds) ?? defaults.smsResendSeconds
        smsCodesPerHour = try c.decodeIfPresent(Int.self, forKey: .smsCodesPerHour) ?? defaults.smsCodesPerHour
        realNameVerificationRequired = try c.decodeIfPresent(Bool.self, forKey: .realNameVerificationRequired) ?? defaults.realNameVerificationRequired
        scryptLog2N = try c.decodeIfPresent(Int.self, forKey: .scryptLog2N) ?? defaults.scryptLog2N
        scryptR = try c.decodeIfPresent(Int.self, forKey: .scryptR) ?? defaults.scryptR
        scryptP = try c.decodeIfPresent(Int.self, forKey: .scryptP) ?? defaults.scryptP
        timeZone = try c.decodeIfPresent(String.self, forKey: .timeZone) ?? defaults.timeZone
    }
}
