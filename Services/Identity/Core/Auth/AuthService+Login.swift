import Foundation
import GRDB
import Schema
import Store

/// Logins: identifier + password, then possibly a forced password change (first login), then
/// possibly an SMS code (unknown device, or a password too simple for today's policy), then tokens.
///
/// Between steps the client holds a ticket: a random string stored only as SHA-256, bound to the
/// account, the device and the step, valid `ticketMinutes`, used once.
///
/// The code goes to the phone on record: a member's phone, an administrator account's mobile.
/// A member without a phone on record cannot receive a code, so skips the SMS step. An
/// administrator without a mobile (made by djctl) skips it only while `adminLoginWithoutMobile`
/// allows; otherwise the login is refused with `identity.admin_mobile_missing`, which tells them to
/// have the higher organization (or the other administrator) record one.
extension AuthService {
    static let stepChangePassword = "change_password"
    static let stepSMSCode = "sms_code"

    static func deviceHash(_ deviceId: String) -> String { AuthCrypto.sha256Hex("device:" + deviceId) }

    /// `identity.login`.
    public func login(_ request: LoginRequest, call: AuthCall = AuthCall()) async throws -> LoginReply {
        let found = try await store.read { db in try AccountRecord.find(db, identifier: request.identifier) }
        let account = try await authenticate(found, password: request.password, call: call)
        let weak = isWeak(request.password, account: account)
        // Raise an old hash to today's cost while the password is at hand.
        var rehashed: String?
        if account.passwordHash != "initial", hasher.needsRehash(account.passwordHash) {
            rehashed = await hasher.hash(request.password)
        }
        let rehash = rehashed
        let deviceHash = Self.deviceHash(request.deviceId)
        return try await store.write { db in
            guard let current = try AccountRecord.fetch(db, id: account.id), current.passwordHash == account.passwordHash
            else { throw ErrorBody.make(ErrorCode.identityLoginFailed) }   // the password changed meanwhile
            try self.checkNotLocked(current)
            try db.cachedStatement(sql: "UPDATE account SET failedAttempts = 0, lockedUntil = NULL WHERE id = ?").execute(arguments: [account.id])
            if let rehash {
                try db.cachedStatement(sql: "UPDATE account SET passwordHash = ? WHERE id = ?").execute(arguments: [rehash, account.id])
            }
            return try self.nextStep(db, account: current, deviceHash: deviceHash, mustChange: current.mustChangePassword,
                                     weakPassword: weak, call: call)
        }
    }

    /// What follows a verified password (or a changed one).
    func nextStep(_ db: Database, account: AccountRecord, deviceHash: String, mustChange: Bool,
                  weakPassword: Bool, call: AuthCall) throws -> LoginReply {
        let trusted = try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM auth_device WHERE accountId = ? AND deviceHash = ?)"),
                                        arguments: [account.id, deviceHash]) ?? false
        // Refused before the password change too, so that nobody changes a password and then cannot log in.
        if !trusted || weakPassword || mustChange, !account.isMember, account.phone?.isEmpty ?? true,
           !settings.adminLoginWithoutMobile {
            throw ErrorBody.make(ErrorCode.identityAdminMobileMissing, details: ["field": "account.mobile"])
        }
        if mustChange {
            return .changePassword(ticket: try newTicket(db, accountId: account.id, deviceHash: deviceHash,
                                                         step: Self.stepChangePassword, codeId: nil))
        }
        if !trusted || weakPassword, let phone = account.phone, !phone.isEmpty {
            let codeId = try issueCode(db, account: account, phone: phone,
                                       purpose: VerificationCodeRequestedEvent.purposeLogin, call: call)
            let ticket = try newTicket(db, accountId: account.id, deviceHash: deviceHash, step: Self.stepSMSCode, codeId: codeId)
            return .smsCode(ticket: ticket, maskedPhone: PersonalData.maskPhone(phone))
        }
        try db.cachedStatement(sql: "UPDATE auth_device SET lastSeenAt = ? WHERE accountId = ? AND deviceHash = ?").execute(arguments: [now().seconds, account.id, deviceHash])
        return .tokens(try openSession(db, account: account, deviceHash: deviceHash))
    }

    func newTicket(_ db: Database, accountId: String, deviceHash: String, step: String, codeId: String?) throws -> String {
        let now = now()
        let ticket = AuthCrypto.randomToken(32)
        try db.cachedStatement(sql: """
            INSERT INTO auth_ticket (ticketHash, accountId, deviceHash, step, codeId, expiresAt, createdAt)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [AuthCrypto.sha256Hex(ticket), accountId, deviceHash, step, codeId,
                             now.addingTimeInterval(TimeInterval(Self.ticketMinutes * 60)).seconds, now.seconds])
        return ticket
    }

    struct Ticket: Sendable {
        var hash: String
        var accountId: String
        var deviceHash: String
        var codeId: String?
    }

    /// The live ticket for `step`, or `identity.ticket_invalid`.
    func ticket(_ db: Database, _ ticket: String, step: String) throws -> Ticket {
        let hash = AuthCrypto.sha256Hex(ticket)
        guard let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT accountId, deviceHash, codeId FROM auth_ticket
            WHERE ticketHash = ? AND step = ? AND usedAt IS NULL AND expiresAt > ?
            """), arguments: [hash, step, now().seconds])
        else { throw ErrorBody.make(ErrorCode.identityTicketInvalid) }
        return Ticket(hash: hash, accountId: row["accountId"], deviceHash: row["deviceHash"], codeId: row["codeId"])
    }

    func useTicket(_ db: Database, _ ticket: Ticket) throws {
        try db.cachedStatement(sql: "UPDATE auth_ticket SET usedAt = ? WHERE ticketHash = ?").execute(arguments: [now().seconds, ticket.hash])
    }

    /// `identity.login.change_password`: the forced change of a first login (or after a reset);
    /// continues the same login.
    public func loginChangePassword(_ request: LoginChangePasswordRequest, call: AuthCall = AuthCall()) async throws -> LoginReply {
        let account = try await store.read { db in
            let ticket = try self.ticket(db, request.ticket, step: Self.stepChangePassword)
            guard let account = try AccountRecord.fetch(db, id: ticket.accountId) else {
                throw ErrorBody.make(ErrorCode.identityTicketInvalid)
            }
            return account
        }
        try policy.check(request.newPassword, initialPassword: initialPassword(of: account), idNumber: account.idNumber)
        let hash = await hasher.hash(request.newPassword)
        return try await store.write { db in
            let ticket = try self.ticket(db, request.ticket, step: Self.stepChangePassword)
            guard let account = try AccountRecord.fetch(db, id: ticket.accountId), account.isActive else {
                throw ErrorBody.make(ErrorCode.identityTicketInvalid)
            }
            try self.useTicket(db, ticket)
            try self.setPassword(db, account: account, hash: hash, reason: PasswordChangedEvent.reasonFirstLogin,
                                 keepSession: nil, call: call)
            var changed = account
            changed.passwordHash = hash
            changed.mustChangePassword = false
            return try self.nextStep(db, account: changed, deviceHash: ticket.deviceHash, mustChange: false,
                                     weakPassword: false, call: call)
        }
    }

    /// `identity.login.verify_code`: the SMS step. Right code → the device is trusted and tokens issued.
    public func loginVerifyCode(_ request: LoginVerifyCodeRequest, call: AuthCall = AuthCall()) async throws -> LoginReply {
        let outcome: Result<LoginReply, ErrorBody> = try await store.write { db in
            let ticket = try self.ticket(db, request.ticket, step: Self.stepSMSCode)
            guard let codeId = ticket.codeId, let account = try AccountRecord.fetch(db, id: ticket.accountId), account.isActive
            else { throw ErrorBody.make(ErrorCode.identityTicketInvalid) }
            if let error = try self.checkCode(db, codeId: codeId, code: request.code) { return .failure(error) }
            try self.useTicket(db, ticket)
            let now = self.now()
            try db.cachedStatement(sql: """
                INSERT INTO auth_device (accountId, deviceHash, trustedAt, lastSeenAt) VALUES (?, ?, ?, ?)
                ON CONFLICT (accountId, deviceHash) DO UPDATE SET lastSeenAt = excluded.lastSeenAt
                """).execute(arguments: [account.id, ticket.deviceHash, now.seconds, now.seconds])
            return .success(.tokens(try self.openSession(db, account: account, deviceHash: ticket.deviceHash)))
        }
        return try outcome.get()
    }

    /// `identity.login.resend_code`: a new code for the same SMS step (resend limits apply).
    public func loginResendCode(_ request: LoginResendCodeRequest, call: AuthCall = AuthCall()) async throws -> LoginReply {
        try await store.write { db in
            let ticket = try self.ticket(db, request.ticket, step: Self.stepSMSCode)
            guard let account = try AccountRecord.fetch(db, id: ticket.accountId), account.isActive,
                  let phone = account.phone, !phone.isEmpty
            else { throw ErrorBody.make(ErrorCode.identityTicketInvalid) }
            let codeId = try self.issueCode(db, account: account, phone: phone,
                                            purpose: VerificationCodeRequestedEvent.purposeLogin, call: call)
            let expires = self.now().addingTimeInterval(TimeInterval(Self.ticketMinutes * 60))
            try db.cachedStatement(sql: "UPDATE auth_ticket SET codeId = ?, expiresAt = MAX(expiresAt, ?) WHERE ticketHash = ?").execute(arguments: [codeId, expires.seconds, ticket.hash])
            return .smsCode(ticket: request.ticket, maskedPhone: PersonalData.maskPhone(phone))
        }
    }
}
