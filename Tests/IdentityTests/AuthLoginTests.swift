import Foundation
import Identity
import Schema
import XCTest

final class AuthLoginTests: XCTestCase {
    static let idNumber = "110105199001011234"   // initial password: 011234
    static let phone = "13812345678"

    func testUnknownIdentifierAndWrongPasswordGiveTheSameError() async throws {
        let f = try AuthFixture()
        try f.addMember(id: "m1", idNumber: Self.idNumber, phone: Self.phone)
        let unknown = await assertAuthError(ErrorCode.identityLoginFailed) {
            try await f.auth.login(LoginRequest(identifier: "110105199001019999", password: "011234", deviceId: "d1"))
        }
        let wrong = await assertAuthError(ErrorCode.identityLoginFailed) {
            try await f.auth.login(LoginRequest(identifier: Self.idNumber, password: "999999", deviceId: "d1"))
        }
        XCTAssertEqual(unknown, wrong)
        // The failure was counted on the account, not on nothing.
        let failed = try f.store.readSync { db in try Int.fetchOne(db, sql: "SELECT failedAttempts FROM account WHERE id = 'acct-m1'") }
        XCTAssertEqual(failed, 1)
    }

    func testLockoutAfterThresholdAndUnlockAfterTheTime() async throws {
        let f = try AuthFixture()
        try f.addMember(id: "m1", idNumber: Self.idNumber, phone: Self.phone)
        for _ in 1..<f.settings.lockoutThreshold {
            await assertAuthError(ErrorCode.identityLoginFailed) {
                try await f.auth.login(LoginRequest(identifier: Self.phone, password: "wrong1", deviceId: "d1"))
            }
        }
        let locked = await assertAuthError(ErrorCode.identityAccountLocked) {
            try await f.auth.login(LoginRequest(identifier: Self.phone, password: "wrong1", deviceId: "d1"))
        }
        let until = f.clock.now.addingTimeInterval(TimeInterval(f.settings.lockoutMinutes * 60))
        XCTAssertEqual(locked?.details["until"], RFC3339.format(until))
        let events = try f.eventBodies(IdentityEvent.accountLocked, as: AccountLockedEvent.self)
        XCTAssertEqual(events, [AccountLockedEvent(accountId: "acct-m1", until: until)])
        // Even the right password is refused while locked.
        await assertAuthError(ErrorCode.identityAccountLocked) {
            try await f.auth.login(LoginRequest(identifier: Self.phone, password: "011234", deviceId: "d1"))
        }
        f.clock.advance(TimeInterval(f.settings.lockoutMinutes * 60 - 1))
        await assertAuthError(ErrorCode.identityAccountLocked) {
            try await f.auth.login(LoginRequest(identifier: Self.phone, password: "011234", deviceId: "d1"))
        }
        f.clock.advance(2)
        let reply = try await f.auth.login(LoginRequest(identifier: Self.phone, password: "011234", deviceId: "d1"))
        XCTAssertTrue(reply.isChangePassword, "\(reply)")
    }

    func testInactiveMemberIsRefused() async throws {
        let f = try AuthFixture()
        try f.addMember(id: "m1", idNumber: Self.idNumber, phone: Self.phone, status: "transferred_out")
        await assertAuthError(ErrorCode.identityAccountInactive) {
            try await f.auth.login(LoginRequest(identifier: Self.idNumber, password: "011234", deviceId: "d1"))
        }
    }

    /// First login → change required → weak refused → strong accepted → SMS step on a new device →
    /// wrong, expired, attempts exceeded → right code gives tokens → same device needs no SMS next time.
    func testFirstLoginThroughSMSStep() async throws {
        let f = try AuthFixture()
        try f.addMember(id: "m1", idNumber: Self.idNumber, phone: Self.phone)
        let auth = f.auth

        // The initial password is the last six of the ID number, by default; a wrong one fails.
        await assertAuthError(ErrorCode.identityLoginFailed) {
            try await auth.login(LoginRequest(identifier: Self.idNumber, password: "000000", deviceId: "phone-A"))
        }
        let first = try await auth.login(LoginRequest(identifier: Self.idNumber, password: "011234", deviceId: "phone-A"))
        guard case .changePassword(let ticket) = first else { return XCTFail("\(first)") }

        let weak = await assertAuthError(ErrorCode.identityPasswordWeak) {
            try await auth.loginChangePassword(LoginChangePasswordRequest(ticket: ticket, newPassword: "abcdefgh"))
        }
        XCTAssertEqual(weak?.details["field"], "body.newPassword")
        XCTAssertTrue(weak?.message.contains("需包含数字") ?? false)
        await assertAuthError(ErrorCode.identityTicketInvalid) {
            try await auth.loginChangePassword(LoginChangePasswordRequest(ticket: "forged", newPassword: "Dangyuan2024"))
        }

        let afterChange = try await auth.loginChangePassword(LoginChangePasswordRequest(ticket: ticket, newPassword: "Dangyuan2024"))
        guard case .smsCode(let smsTicket, let masked) = afterChange else { return XCTFail("\(afterChange)") }
        XCTAssertEqual(masked, "138****5678")
        XCTAssertEqual(try f.eventBodies(IdentityEvent.passwordChanged, as: PasswordChangedEvent.self),
                       [PasswordChangedEvent(accountId: "acct-m1", memberId: "m1", reason: "first_login")])
        // The ticket was used once.
        await assertAuthError(ErrorCode.identityTicketInvalid) {
            try await auth.loginChangePassword(LoginChangePasswordRequest(ticket: ticket, newPassword: "Dangyuan2025"))
        }

        let event = try f.lastCode()
        XCTAssertEqual(event.accountId, "acct-m1")
        XCTAssertEqual(event.phone, Self.phone)
        XCTAssertEqual(event.purpose, "login")
        XCTAssertEqual(event.code.count, 6)
        XCTAssertTrue(event.code.allSatisfy(\.isNumber))
        XCTAssertEqual(event.expiresAt, f.clock.now.addingTimeInterval(TimeInterval(f.settings.smsCodeMinutes * 60)))
        // Stored only as a keyed hash.
        let stored = try f.store.readSync { db in try String.fetchOne(db, sql: "SELECT codeHash FROM auth_code WHERE id = ?", arguments: [event.codeId]) }
        XCTAssertNotNil(stored)
        XCTAssertFalse(stored!.contains(event.code))

        let wrongCode = event.code == "000000" ? "111111" : "000000"
        let wrong = await assertAuthError(ErrorCode.identityCodeInvalid) {
            try await auth.loginVerifyCode(LoginVerifyCodeRequest(ticket: smsTicket, code: wrongCode))
        }
        XCTAssertEqual(wrong?.details["remaining"], String(f.settings.smsCodeMaxAttempts - 1))

        // Expired: past smsCodeMinutes the right code no longer works.
        f.clock.advance(TimeInterval(f.settings.smsCodeMinutes * 60 + 1))
        await assertAuthError(ErrorCode.identityCodeExpired) {
            try await auth.loginVerifyCode(LoginVerifyCodeRequest(ticket: smsTicket, code: event.code))
        }

        // A new code; use up its attempts; then even the right one is refused.
        _ = try await auth.loginResendCode(LoginResendCodeRequest(ticket: smsTicket))
        let second = try f.lastCode()
        XCTAssertNotEqual(second.codeId, event.codeId)
        let wrong2 = second.code == "000000" ? "111111" : "000000"
        for _ in 1..<f.settings.smsCodeMaxAttempts {
            await assertAuthError(ErrorCode.identityCodeInvalid) {
                try await auth.loginVerifyCode(LoginVerifyCodeRequest(ticket: smsTicket, code: wrong2))
            }
        }
        await assertAuthError(ErrorCode.identityCodeAttemptsExceeded) {
            try await auth.loginVerifyCode(LoginVerifyCodeRequest(ticket: smsTicket, code: wrong2))
        }
        await assertAuthError(ErrorCode.identityCodeAttemptsExceeded) {
            try await auth.loginVerifyCode(LoginVerifyCodeRequest(ticket: smsTicket, code: second.code))
        }

        // Another code after the resend interval: the right one gives tokens.
        f.clock.advance(TimeInterval(f.settings.smsResendSeconds))
        _ = try await auth.loginResendCode(LoginResendCodeRequest(ticket: smsTicket))
        let third = try f.lastCode()
        let done = try await auth.loginVerifyCode(LoginVerifyCodeRequest(ticket: smsTicket, code: third.code))
        XCTAssertNotNil(done.tokens, "\(done)")
        let actor = try await auth.verifyToken(TokenVerifyRequest(accessToken: done.tokens!.accessToken))
        XCTAssertEqual(actor, Schema.Actor(kind: .member, id: "m1", orgCode: "001001001", roles: []))
        // The SMS ticket is spent.
        await assertAuthError(ErrorCode.identityTicketInvalid) {
            try await auth.loginVerifyCode(LoginVerifyCodeRequest(ticket: smsTicket, code: third.code))
        }

        // The old (initial) password no longer works; the new one on the same device needs no SMS.
        await assertAuthError(ErrorCode.identityLoginFailed) {
            try await auth.login(LoginRequest(identifier: Self.idNumber, password: "011234", deviceId: "phone-A"))
        }
        let codesBefore = try f.events(IdentityEvent.verificationCodeRequested).count
        let again = try await auth.login(LoginRequest(identifier: Self.phone, password: "Dangyuan2024", deviceId: "phone-A"))
        XCTAssertNotNil(again.tokens, "\(again)")
        XCTAssertEqual(try f.events(IdentityEvent.verificationCodeRequested).count, codesBefore)

        // Another device does.
        f.clock.advance(TimeInterval(f.settings.smsResendSeconds))
        let other = try await auth.login(LoginRequest(identifier: Self.phone, password: "Dangyuan2024", deviceId: "pad-B"))
        XCTAssertTrue(other.isSMSCode, "\(other)")
    }

    func testResendLimits() async throws {
        var settings = AuthFixture.fastSettings()
        settings.smsResendSeconds = 60
        settings.smsCodesPerHour = 3
        let f = try AuthFixture(settings: settings)
        try f.addMember(id: "m1", idNumber: Self.idNumber, phone: Self.phone)
        try await f.store.write { db in
            try db.execute(sql: "UPDATE account SET mustChangePassword = 0 WHERE id = 'acct-m1'")
        }
        let auth = f.auth
        // Code 1 (the initial password is also too simple, and the device unknown: SMS step).
        let reply = try await auth.login(LoginRequest(identifier: Self.phone, password: "011234", deviceId: "d1"))
        guard case .smsCode(let ticket, _) = reply else { return XCTFail("\(reply)") }

        f.clock.advance(10)
        let tooSoon = await assertAuthError(ErrorCode.identityCodeRateLimited) {
            try await auth.loginResendCode(LoginResendCodeRequest(ticket: ticket))
        }
        XCTAssertEqual(tooSoon?.details["retryAfter"], "50")
        f.clock.advance(50)
        _ = try await auth.loginResendCode(LoginResendCodeRequest(ticket: ticket))   // code 2 at t=60
        f.clock.advance(60)
        _ = try await auth.loginResendCode(LoginResendCodeRequest(ticket: ticket))   // code 3 at t=120
        f.clock.advance(60)
        let hourly = await assertAuthError(ErrorCode.identityCodeRateLimited) {       // t=180: 3 in the hour
            try await auth.loginResendCode(LoginResendCodeRequest(ticket: ticket))
        }
        XCTAssertEqual(hourly?.details["retryAfter"], String(3600 - 180))
        XCTAssertEqual(try f.events(IdentityEvent.verificationCodeRequested).count, 3)
        // A fresh login is limited the same way (it would send a code).
        await assertAuthError(ErrorCode.identityCodeRateLimited) {
            try await auth.login(LoginRequest(identifier: Self.phone, password: "011234", deviceId: "d1"))
        }
    }

    /// A trusted device still needs the SMS step when the password no longer meets the policy.
    func testTooSimplePasswordNeedsSMSOnTrustedDevice() async throws {
        let f = try AuthFixture()
        try f.addMember(id: "m1", idNumber: Self.idNumber, phone: Self.phone)
        var reply = try await f.auth.login(LoginRequest(identifier: Self.phone, password: "011234", deviceId: "d1"))
        reply = try await f.auth.loginChangePassword(LoginChangePasswordRequest(ticket: try XCTUnwrap(reply.ticket), newPassword: "abc12345"))
        reply = try await f.auth.loginVerifyCode(LoginVerifyCodeRequest(ticket: try XCTUnwrap(reply.ticket), code: try f.lastCode().code))
        XCTAssertNotNil(reply.tokens)
        f.clock.advance(120)
        let trusted = try await f.auth.login(LoginRequest(identifier: Self.phone, password: "abc12345", deviceId: "d1"))
        XCTAssertNotNil(trusted.tokens, "\(trusted)")
        // The installation raises the minimum length: "abc12345" is now too simple.
        f.settings.passwordMinLength = 10
        let strict = try await f.auth.login(LoginRequest(identifier: Self.phone, password: "abc12345", deviceId: "d1"))
        XCTAssertTrue(strict.isSMSCode, "\(strict)")
    }
}
