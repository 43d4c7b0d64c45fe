import Foundation
import GRDB
import Passwords
import Schema
import Store

/// 交易密码 (Suqian): six digits, separate from the login password, kept as a scrypt hash. Set (or
/// changed) with an SMS code to the phone on record; checked as an order's confirmation factor;
/// `passwordMaxAttempts` wrong tries lock it for `passwordLockMinutes`.
public struct TransactionPasswords: Sendable {
    let store: Store
    let identity: any IdentityPort
    let hasher: PasswordHasher
    let settings: PaymentsSettings

    public init(store: Store, identity: any IdentityPort, hasher: PasswordHasher, settings: PaymentsSettings) {
        self.store = store; self.identity = identity; self.hasher = hasher; self.settings = settings
    }

    public func status(of member: String, now: Date = Date()) async throws -> TransactionPasswordStatus {
        try await store.read { db in try Self.status(db, member: member, now: now) }
    }

    static func status(_ db: Database, member: String, now: Date) throws -> TransactionPasswordStatus {
        let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT lockedUntil FROM transaction_password WHERE memberId = ?"), arguments: [member])
        let pending = try String.fetchOne(db.cachedStatement(sql: "SELECT maskedPhone FROM transaction_password_pending WHERE memberId = ?"),
                                          arguments: [member])
        let locked = (row?["lockedUntil"] as Double?).map(Date.init(timeIntervalSince1970:)).flatMap { $0 > now ? $0 : nil }
        return TransactionPasswordStatus(set: row != nil, maskedPhone: pending, lockedUntil: locked)
    }

    /// Six digits, not all one digit, not a run (123456, 654321): the first guesses of anyone.
    static func isAcceptable(_ password: String) -> Bool {
        let digits = password.compactMap(\.wholeNumberValue)
        guard password.count == 6, digits.count == 6, password.allSatisfy(\.isASCII) else { return false }
        let steps = zip(digits, digits.dropFirst()).map { $1 - $0 }
        return Set(digits).count > 1 && !steps.allSatisfy({ $0 == 1 }) && !steps.allSatisfy({ $0 == -1 })
    }

    public func set(_ request: TransactionPasswordRequest, by actor: Actor, now: Date = Date()) async throws -> TransactionPasswordStatus {
        let member = actor.id
        guard let code = request.code?.trimmingCharacters(in: .whitespaces), !code.isEmpty else {
            let sent = try await identity.sendCode(memberId: member)
            return try await store.write { db in
                try db.cachedStatement(sql: """
                    INSERT INTO transaction_password_pending (memberId, codeId, maskedPhone, createdAt) VALUES (?, ?, ?, ?)
                    ON CONFLICT(memberId) DO UPDATE SET codeId = excluded.codeId, maskedPhone = excluded.maskedPhone, createdAt = excluded.createdAt
                    """).execute(arguments: [member, sent.codeId, sent.maskedPhone, now.timeIntervalSince1970])
                return try Self.status(db, member: member, now: now)
            }
        }
        guard let password = request.password, Self.isAcceptable(password) else {
            throw ErrorBody.make(ErrorCode.paymentsPasswordInvalid, details: ["field": "body.password"])
        }
        guard let codeId = try await store.read({ db in
            try String.fetchOne(db.cachedStatement(sql: "SELECT codeId FROM transaction_password_pending WHERE memberId = ?"), arguments: [member])
        }) else { throw ErrorBody.make(ErrorCode.identityCodeInvalid, details: ["field": "body.code"]) }
        try await identity.checkTypedCode(codeId: codeId, memberId: member, code: code)
        let hash = await hasher.hash(password)
        return try await store.write { db in
            try db.cachedStatement(sql: """
                INSERT INTO transaction_password (memberId, hash, failedAttempts, lockedUntil, setAt) VALUES (?, ?, 0, NULL, ?)
                ON CONFLICT(memberId) DO UPDATE SET hash = excluded.hash, failedAttempts = 0, lockedUntil = NULL, setAt = excluded.setAt
                """).execute(arguments: [member, hash, now.timeIntervalSince1970])
            try db.cachedStatement(sql: "DELETE FROM transaction_password_pending WHERE memberId = ?").execute(arguments: [member])
            return try Self.status(db, member: member, now: now)
        }
    }

    /// The confirmation factor: nil when right (the count of wrong tries starts again); otherwise the
    /// error to answer, after the wrong try is counted.
    public func check(_ password: String, member: String, now: Date = Date()) async throws -> ErrorBody? {
        guard let (hash, lockedUntil) = try await store.read({ db -> (String, Double?)? in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT hash, lockedUntil FROM transaction_password WHERE memberId = ?"), arguments: [member])
                .map { ($0["hash"], $0["lockedUntil"]) }
        }) else { return ErrorBody.make(ErrorCode.paymentsPasswordNotSet, details: ["field": "body.code"]) }
        if let until = lockedUntil, until > now.timeIntervalSince1970 {
            return ErrorBody.make(ErrorCode.paymentsPasswordLocked, details: ["field": "body.code", "retryAfter": String(Int(until - now.timeIntervalSince1970))])
        }
        if await hasher.verify(password, against: hash) {
            try await store.write { db in
                try db.cachedStatement(sql: "UPDATE transaction_password SET failedAttempts = 0, lockedUntil = NULL WHERE memberId = ?").execute(arguments: [member])
            }
            return nil
        }
        let (maximum, lock) = (settings.passwordMaxAttempts, TimeInterval(settings.passwordLockMinutes * 60))
        return try await store.write { db in
            try db.cachedStatement(sql: "UPDATE transaction_password SET failedAttempts = failedAttempts + 1 WHERE memberId = ?").execute(arguments: [member])
            let failed = try Int.fetchOne(db.cachedStatement(sql: "SELECT failedAttempts FROM transaction_password WHERE memberId = ?"), arguments: [member]) ?? 0
            guard failed < maximum else {
                try db.cachedStatement(sql: "UPDATE transaction_password SET failedAttempts = 0, lockedUntil = ? WHERE memberId = ?").execute(arguments: [now.timeIntervalSince1970 + lock, member])
                return ErrorBody.make(ErrorCode.paymentsPasswordLocked, details: ["field": "body.code"])
            }
            return ErrorBody.make(ErrorCode.paymentsPasswordWrong, details: ["field": "body.code", "remaining": String(maximum - failed)])
        }
    }

    public func isSet(_ member: String) async throws -> Bool {
        try await store.read { db in
            try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM transaction_password WHERE memberId = ?)"), arguments: [member]) ?? false
        }
    }
}
