import Foundation
import Identity
import Schema
import XCTest

final class AuthForgotPasswordTests: XCTestCase {
    func testForgotPasswordBySMS() async throws {
        let f = try AuthFixture()
        try f.addMember(id: "m1", idNumber: "110105199001011234", phone: "13812345678")
        let hash = await f.hasher.hash("Dangyuan2024")
        try await f.store.write { db in
            try db.execute(sql: "UPDATE account SET passwordHash = ?, mustChangePassword = 0 WHERE id = 'acct-m1'", arguments: [hash])
        }
        let session = try await f.loginToTokens("13812345678", "Dangyuan2024", device: "d1")
        let codesBefore = try f.events(IdentityEvent.verificationCodeRequested).count

        // No account enumeration: the same reply, and nothing sent, for an unknown identifier.
        let unknown = try await f.auth.forgotPassword(ForgotPasswordRequest(identifier: "13900000000"))
        XCTAssertEqual(try f.events(IdentityEvent.verificationCodeRequested).count, codesBefore)
        f.clock.advance(120)
        let known = try await f.auth.forgotPassword(ForgotPasswordRequest(identifier: "110105199001011234"))
        XCTAssertEqual(unknown, known)
        let code = try f.lastCode()
        XCTAssertEqual(code.purpose, "reset_password")
        XCTAssertEqual(code.phone, "13812345678")
        XCTAssertEqual(try f.events(IdentityEvent.verificationCodeRequested).count, codesBefore + 1)
        // Past the resend limit: still the same reply, silently not sent.
        let limited = try await f.auth.forgotPassword(ForgotPasswordRequest(identifier: "13812345678"))
        XCTAssertEqual(limited, known)
        XCTAssertEqual(try f.events(IdentityEvent.verificationCodeRequested).count, codesBefore + 1)

        let wrong = code.code == "000000" ? "111111" : "000000"
        await assertAuthError(ErrorCode.identityCodeInvalid) {
            try await f.auth.resetPassword(ResetPasswordRequest(identifier: "13812345678", code: wrong, newPassword: "Reset2025x"))
        }
        await assertAuthError(ErrorCode.identityCodeInvalid) {
            try await f.auth.resetPassword(ResetPasswordRequest(identifier: "13900000000", code: code.code, newPassword: "Reset2025x"))
        }
        await assertAuthError(ErrorCode.identityPasswordWeak) {
            try await f.auth.resetPassword(ResetPasswordRequest(identifier: "13812345678", code: code.code, newPassword: "resetonly"))
        }
        _ = try await f.auth.resetPassword(ResetPasswordRequest(identifier: "13812345678", code: code.code, newPassword: "Reset2025x"))
        // The code is spent.
        await assertAuthError(ErrorCode.identityCodeInvalid) {
            try await f.auth.resetPassword(ResetPasswordRequest(identifier: "13812345678", code: code.code, newPassword: "Again2025x"))
        }
        XCTAssertEqual(try f.eventBodies(IdentityEvent.passwordChanged, as: PasswordChangedEvent.self).last?.reason, "reset_by_code")
        await assertAuthError(ErrorCode.identitySessionRevoked) {
            try await f.auth.verifyToken(TokenVerifyRequest(accessToken: session.accessToken))
        }
        await assertAuthError(ErrorCode.identityLoginFailed) {
            try await f.auth.login(LoginRequest(identifier: "13812345678", password: "Dangyuan2024", deviceId: "d1"))
        }
        let reply = try await f.auth.login(LoginRequest(identifier: "13812345678", password: "Reset2025x", deviceId: "d1"))
        XCTAssertNotNil(reply.tokens, "\(reply)")
    }
}
