import Crypto
import Foundation
import GRDB
import Schema
import Store

extension AuthService {
    static let codeKeyName = "code"

    func codeHash(_ db: Database, codeId: String, code: String) throws -> String {
        AuthCrypto.hmacHex(codeId + ":" + code, key: try key(db, Self.codeKeyName)!)
    }

    /// Whether another code may be sent to the account now; otherwise the seconds to wait.
    func codeRetryAfter(_ db: Database, accountId: String, now: Date) throws -> Int? {
        if let last = try Double.fetchOne(db.cachedStatement(sql: "SELECT MAX(createdAt) FROM auth_code WHERE accountId = ?"), arguments: [accountId]) {
            let wait = Double(settings.smsResendSeconds) - (now.seconds - last)
            if wait > 0 { return Int(wait.rounded(.up)) }
        }
        let hourAgo = now.seconds - 3600
        if let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT COUNT(*) AS n, MIN(createdAt) AS oldest FROM auth_code WHERE accountId = ? AND createdAt > ?
            """), arguments: [accountId, hourAgo]),
           (row["n"] as Int) >= settings.smsCodesPerHour, let oldest = row["oldest"] as Double? {
            return max(1, Int((oldest + 3600 - now.seconds).rounded(.up)))
        }
        return nil
    }

    /// Makes a 6-digit code for the account, stores its keyed hash, and appends
    /// `identity.verification_code.requested` for notifications to send to the phone on record.
    /// Throws `identity.code_rate_limited` (details.retryAfter, seconds) past the resend limits.
    func issueCode(_ db: Database, account: AccountRecord, phone: String, purpose: String, call: AuthCall) throws -> String {
        let now = now()
        if let retryAfter = try codeRetryAfter(db, accountId: account.id, now: now) {
            throw ErrorBody.make(ErrorCode.identityCodeRateLimited, details: ["retryAfter": String(retryAfter)])
        }
        let codeId = UUID().uuidString.lowercased()
        let code = AuthCrypto.randomDigits(Self.codeDigits)
        let expires = now.addingTimeInterval(TimeInterval(settings.smsCodeMinutes * 60))
        try db.cachedStatement(sql: """
            INSERT INTO auth_code (id, accountId, purpose, codeHash, expiresAt, createdAt) VALUES (?, ?, ?, ?, ?, ?)
            """).execute(arguments: [codeId, account.id, purpose, try codeHash(db, codeId: codeId, code: code), expires.seconds, now.seconds])
        try emit(db, IdentityEvent.verificationCodeRequested, VerificationCodeRequestedEvent(
            codeId: codeId, accountId: account.id, phone: phone, code: code, purpose: purpose, expiresAt: expires), call)
        return codeId
    }

    /// Checks `code` against the stored code `codeId`: expired → `identity.code_expired`; attempts
    /// used up → `identity.code_attempts_exceeded`; wrong → counts the attempt and returns
    /// `identity.code_invalid` (or `code_attempts_exceeded` on the last one). Nil when right; the
    /// code is then consumed. Failures are returned, not thrown, so the attempt count commits.
    func checkCode(_ db: Database, codeId: String, code: String) throws -> ErrorBody? {
        let now = now()
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT codeHash, attempts, expiresAt, consumedAt FROM auth_code WHERE id = ?"),
                                         arguments: [codeId]),
              (row["consumedAt"] as Double?) == nil
        else { return ErrorBody.make(ErrorCode.identityCodeInvalid) }
        if (row["expiresAt"] as Double) <= now.seconds { return ErrorBody.make(ErrorCode.identityCodeExpired) }
        let attempts: Int = row["attempts"]
        if attempts >= settings.smsCodeMaxAttempts { return ErrorBody.make(ErrorCode.identityCodeAttemptsExceeded) }
        let expected: String = row["codeHash"]
        let given = try codeHash(db, codeId: codeId, code: code.trimmingCharacters(in: .whitespaces))
        guard AuthCrypto.constantTimeEquals(Array(given.utf8), Array(expected.utf8)) else {
            try db.cachedStatement(sql: "UPDATE auth_code SET attempts = attempts + 1 WHERE id = ?").execute(arguments: [codeId])
            if attempts + 1 >= settings.smsCodeMaxAttempts { return ErrorBody.make(ErrorCode.identityCodeAttemptsExceeded) }
            return ErrorBody.make(ErrorCode.identityCodeInvalid,
                                  details: ["remaining": String(settings.smsCodeMaxAttempts - attempts - 1)])
        }
        try db.cachedStatement(sql: "UPDATE auth_code SET consumedAt = ? WHERE id = ?").execute(arguments: [now.seconds, codeId])
        return nil
    }
}
