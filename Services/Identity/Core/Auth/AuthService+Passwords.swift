import Foundation
import GRDB
import Schema
import Store

extension AuthService {
    /// Stores a new password hash (no longer "must change"), clears failures and lock, revokes every
    /// session but `keepSession`, and appends `identity.password.changed`.
    func setPassword(_ db: Database, account: AccountRecord, hash: String, reason: String,
                     keepSession: String?, mustChange: Bool = false, call: AuthCall) throws {
        try db.cachedStatement(sql: """
            UPDATE account SET passwordHash = ?, mustChangePassword = ?, passwordChangedAt = ?,
                failedAttempts = 0, lockedUntil = NULL
            WHERE id = ?
            """).execute(arguments: [hash, mustChange, now().seconds, account.id])
        try revokeSessions(db, accountId: account.id, except: keepSession, reason: "password_" + reason)
        try emit(db, IdentityEvent.passwordChanged,
                 PasswordChangedEvent(accountId: account.id, memberId: account.memberId, reason: reason), call)
    }

    /// `identity.password.change` (member or admin actor): old password, policy-checked new one.
    /// The session of `accessToken` (if given and the actor's) is kept; every other one is revoked.
    public func changePassword(_ request: PasswordChangeRequest, call: AuthCall) async throws -> Empty {
        guard let actor = call.actor else { throw Self.forbidden() }
        let (account, keep) = try await store.read { db -> (AccountRecord, String?) in
            guard let account = try AccountRecord.fetch(db, actor: actor) else { throw Self.forbidden() }
            var keep: String?
            if let token = request.accessToken, let claims = try? self.signedClaims(db, token), claims.sub == account.id {
                keep = claims.sid
            }
            return (account, keep)
        }
        try checkNotLocked(account)
        guard await passwordMatches(request.oldPassword, account: account) else {
            let error = try await store.write { db in
                try self.recordFailure(db, accountId: account.id, call: call,
                                       otherwise: ErrorBody.make(ErrorCode.identityPasswordWrong, details: ["field": "body.oldPassword"]))
            }
            throw error
        }
        try policy.check(request.newPassword, initialPassword: initialPassword(of: account), idNumber: account.idNumber)
        let hash = await hasher.hash(request.newPassword)
        try await store.write { db in
            guard let current = try AccountRecord.fetch(db, id: account.id), current.passwordHash == account.passwordHash else {
                throw ErrorBody.make(ErrorCode.identityPasswordWrong, details: ["field": "body.oldPassword"])
            }
            try self.setPassword(db, account: current, hash: hash, reason: PasswordChangedEvent.reasonChange,
                                 keepSession: keep, call: call)
        }
        return Empty()
    }

    static let forgotReply = ForgotPasswordReply(message: "如果该账号存在且预留了手机号，验证码已发送至预留手机，请注意查收")

    /// `identity.password.forgot`: sends a code to the phone on record if the account exists. The
    /// reply is the same in every case, and a request past the resend limits is silently not sent
    /// (an error there would tell which identifiers have accounts).
    public func forgotPassword(_ request: ForgotPasswordRequest, call: AuthCall = AuthCall()) async throws -> ForgotPasswordReply {
        try await store.write { db in
            guard let account = try AccountRecord.find(db, identifier: request.identifier), account.isActive,
                  let phone = account.phone, !phone.isEmpty,
                  try self.codeRetryAfter(db, accountId: account.id, now: self.now()) == nil
            else { return }
            _ = try self.issueCode(db, account: account, phone: phone,
                                   purpose: VerificationCodeRequestedEvent.purposeResetPassword, call: call)
        }
        return Self.forgotReply
    }

    /// `identity.password.reset`: the latest reset code + a policy-checked new password. An unknown
    /// identifier answers `identity.code_invalid`, like a wrong code. Clears a lockout.
    public func resetPassword(_ request: ResetPasswordRequest, call: AuthCall = AuthCall()) async throws -> Empty {
        let found = try await store.read { db in try AccountRecord.find(db, identifier: request.identifier) }
        guard let account = found, account.isActive else {
            _ = await hasher.hash(request.newPassword)
            throw ErrorBody.make(ErrorCode.identityCodeInvalid)
        }
        try policy.check(request.newPassword, initialPassword: initialPassword(of: account), idNumber: account.idNumber)
        let hash = await hasher.hash(request.newPassword)
        let outcome: Result<Empty, ErrorBody> = try await store.write { db in
            guard let codeId = try String.fetchOne(db.cachedStatement(sql: """
                SELECT id FROM auth_code WHERE accountId = ? AND purpose = ? ORDER BY createdAt DESC LIMIT 1
                """), arguments: [account.id, VerificationCodeRequestedEvent.purposeResetPassword])
            else { return .failure(ErrorBody.make(ErrorCode.identityCodeInvalid)) }
            if let error = try self.checkCode(db, codeId: codeId, code: request.code) { return .failure(error) }
            guard let current = try AccountRecord.fetch(db, id: account.id) else {
                return .failure(ErrorBody.make(ErrorCode.identityCodeInvalid))
            }
            try self.setPassword(db, account: current, hash: hash, reason: PasswordChangedEvent.reasonForgot,
                                 keepSession: nil, call: call)
            return .success(Empty())
        }
        return try outcome.get()
    }
}
