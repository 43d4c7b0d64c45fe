import Authority
import Crypto
import Foundation
import GRDB
import Schema
import Store
import Synchronization
import Passwords

/// The authentication part of identity: logins and their steps, sessions and tokens, passwords,
/// administrator accounts, WeChat binding, real-name verification.
///
/// Flows that hash or verify a password, or call a provider, read first, do the slow work off the
/// database (hashing on the hasher's own threads), then write in one transaction that re-checks
/// what it relies on. Failures that must be remembered (failed logins, wrong codes, a reused
/// refresh token) are committed before the error is thrown. Pure database decisions are offered as
/// synchronous functions taking the caller's transaction (`Database`).
///
/// Nothing here logs ID numbers, phones, codes or passwords.
public final class AuthService: Sendable {
    public let store: Store
    public let environment: AuthEnvironment
    let keys = Mutex<[String: SymmetricKey]>([:])

    /// How long a login ticket (between the password and the next step) lives.
    public static let ticketMinutes = 10
    static let codeDigits = 6

    public init(store: Store, environment: AuthEnvironment) {
        self.store = store
        self.environment = environment
    }

    var settings: IdentitySettings { environment.settings }
    var hasher: PasswordHasher { environment.hasher }
    var policy: PasswordPolicy { PasswordPolicy(settings: environment.settings) }
    func now() -> Date { environment.clock() }

    // MARK: Keys

    /// The named key, generated and stored at first use (inside a write transaction).
    func key(_ db: Database, _ name: String, create: Bool = true) throws -> SymmetricKey? {
        if let key = keys.withLock({ $0[name] }) { return key }
        var secret = try Data.fetchOne(db.cachedStatement(sql: "SELECT secret FROM auth_key WHERE name = ?"), arguments: [name])
        var created = false
        if secret == nil, create {
            created = true
            let fresh = Data(AuthCrypto.randomBytes(32))
            try db.cachedStatement(sql: "INSERT INTO auth_key (name, secret, createdAt) VALUES (?, ?, ?)").execute(arguments: [name, fresh, now().timeIntervalSince1970])
            secret = fresh
        }
        guard let secret else { return nil }
        let key = SymmetricKey(data: secret)
        // A key generated now is not cached: its transaction may still roll back. The next use
        // reads it back (committed) and caches it.
        if !created { keys.withLock { $0[name] = key } }
        return key
    }

    // MARK: Passwords of accounts

    /// The account's initial password: derived for members per `memberInitialPassword`, the
    /// administrators' default for administrators.
    func initialPassword(of account: AccountRecord) -> String? {
        guard account.isMember else { return settings.adminInitialPassword }
        switch settings.memberInitialPassword {
        case .idNumberLast6: return account.idNumber.map { String($0.suffix(6)) }
        case .phone:
            if let phone = account.phone, !phone.isEmpty { return phone }
            return account.idNumber.map { String($0.suffix(6)) }
        case .fixed: return settings.initialPasswordFixed
        }
    }

    /// A hash string in the valid format that matches nothing: verifying against it costs what a
    /// real verification costs, so unknown accounts take as long as known ones.
    var dummyHash: String {
        "scrypt$\(hasher.log2N)$\(hasher.r)$\(hasher.p)$\(Data(count: 16).base64EncodedString())$\(Data(count: 32).base64EncodedString())"
    }

    /// Checks `password` against the account's stored hash, or against its derived initial password
    /// when the hash is the marker "initial" (bulk imports store no hash). Takes one scrypt's time either way.
    func passwordMatches(_ password: String, account: AccountRecord) async -> Bool {
        if account.passwordHash == "initial" {
            _ = await hasher.verify(password, against: dummyHash)
            guard let initial = initialPassword(of: account), !initial.isEmpty else { return false }
            return AuthCrypto.constantTimeEquals(password.uppercased(), initial.uppercased())
        }
        return await hasher.verify(password, against: account.passwordHash)
    }

    /// Whether `password` would be refused today for this account ("too simple").
    func isWeak(_ password: String, account: AccountRecord) -> Bool {
        !policy.isAcceptable(password, initialPassword: initialPassword(of: account), idNumber: account.idNumber)
    }

    // MARK: Failures and lockout

    static func lockedError(until: Date) -> ErrorBody {
        ErrorBody.make(ErrorCode.identityAccountLocked, details: ["until": RFC3339.format(until)])
    }

    /// Counts a wrong password; at `lockoutThreshold` in a row locks the account for `lockoutMinutes`
    /// and appends `identity.account.locked`. Returns the error to throw after commit.
    func recordFailure(_ db: Database, accountId: String, call: AuthCall, otherwise: ErrorBody) throws -> ErrorBody {
        let now = now()
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT failedAttempts, lockedUntil FROM account WHERE id = ?"),
                                         arguments: [accountId]) else { return otherwise }
        if let lockedUntil = row["lockedUntil"] as Double?, lockedUntil > now.timeIntervalSince1970 {
            return Self.lockedError(until: Date(timeIntervalSince1970: lockedUntil))
        }
        let failed = (row["failedAttempts"] as Int? ?? 0) + 1
        if failed >= settings.lockoutThreshold {
            let until = now.addingTimeInterval(TimeInterval(settings.lockoutMinutes * 60))
            try db.cachedStatement(sql: "UPDATE account SET failedAttempts = 0, lockedUntil = ? WHERE id = ?").execute(arguments: [until.timeIntervalSince1970, accountId])
            try emit(db, IdentityEvent.accountLocked, AccountLockedEvent(accountId: accountId, until: until), call)
            return Self.lockedError(until: until)
        }
        try db.cachedStatement(sql: "UPDATE account SET failedAttempts = ? WHERE id = ?").execute(arguments: [failed, accountId])
        return otherwise
    }

    func checkNotLocked(_ account: AccountRecord) throws(ErrorBody) {
        if let until = account.lockedUntil, until > now() { throw Self.lockedError(until: until) }
    }

    /// Verifies the password of a known or unknown account the way a login does: lockout first,
    /// the same error for an unknown identifier and a wrong password, failures counted.
    func authenticate(_ account: AccountRecord?, password: String, call: AuthCall) async throws -> AccountRecord {
        guard let account else {
            _ = await hasher.verify(password, against: dummyHash)
            throw ErrorBody.make(ErrorCode.identityLoginFailed)
        }
        try checkNotLocked(account)
        guard await passwordMatches(password, account: account) else {
            let error = try await store.write { db in
                try self.recordFailure(db, accountId: account.id, call: call, otherwise: ErrorBody.make(ErrorCode.identityLoginFailed))
            }
            throw error
        }
        guard account.isActive else { throw ErrorBody.make(ErrorCode.identityAccountInactive) }
        return account
    }

    // MARK: Sessions

    /// Revokes the account's sessions, all of them or all but `except`.
    func revokeSessions(_ db: Database, accountId: String, except: String? = nil, reason: String) throws {
        try db.cachedStatement(sql: """
            UPDATE auth_session SET revokedAt = ?, revokedReason = ?
            WHERE accountId = ? AND revokedAt IS NULL AND id IS NOT ?
            """).execute(arguments: [now().timeIntervalSince1970, reason, accountId, except])
    }

    // MARK: Events

    func emit<Body: Codable & Sendable>(_ db: Database, _ type: String, _ body: Body, _ call: AuthCall) throws {
        try EventWriter.append(db, type: type, body: body, actor: call.actor, correlationId: call.requestId)
    }

    // MARK: Authorization

    static func forbidden() -> ErrorBody { ErrorBody.make(ErrorCode.authForbidden) }

    /// The organization of the acting administrator account, as its account row names it (the
    /// account, not the token's claim, is what identity trusts here); nil for other actors.
    func accountOrg(_ db: Database, actor: Schema.Actor) throws -> Authority.Org? {
        guard actor.kind == .admin else { return nil }
        let code = try String.fetchOne(db.cachedStatement(sql: "SELECT orgCode FROM account WHERE id = ? AND kind = 'admin'"), arguments: [actor.id])
        return try code.flatMap { try OrganizationRecord.fetch(db, code: $0)?.authority }
    }

    /// Throws `auth.forbidden` unless the actor administers `orgCode` (`Authority.administers`).
    /// `field`: the request field that named what is out of scope, for the refusal's details.
    func requireScope(_ db: Database, actor: Schema.Actor?, orgCode: String, field: String? = nil) throws {
        var refusal: ErrorBody {
            var error = Self.forbidden()
            if let field { error.details["field"] = field }
            return error
        }
        guard let actor, let org = try OrganizationRecord.fetch(db, code: orgCode) else { throw refusal }
        guard Authority.administers(actor, org: org.authority, actorOrg: try accountOrg(db, actor: actor)).isAllowed else {
            throw refusal
        }
    }
}

extension Date {
    var seconds: Double { timeIntervalSince1970 }
}
