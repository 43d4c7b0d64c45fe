import Foundation
import Crypto
import Identity
import Schema
import XCTest

final class AuthTokenTests: XCTestCase {
    static let idNumber = "110105199001011234"
    static let phone = "13812345678"

    /// A member who has changed the initial password to "Dangyuan2024"; no device trusted yet.
    func memberReady(_ f: AuthFixture, post: String = "member") async throws {
        try f.addMember(id: "m1", idNumber: Self.idNumber, phone: Self.phone, post: post)
        let hash = await f.hasher.hash("Dangyuan2024")
        try await f.store.write { db in
            try db.execute(sql: "UPDATE account SET passwordHash = ?, mustChangePassword = 0 WHERE id = 'acct-m1'", arguments: [hash])
        }
    }

    func testVerifyExpiryAndTamper() async throws {
        let f = try AuthFixture()
        try await memberReady(f, post: "secretary")
        let pair = try await f.loginToTokens(Self.phone, "Dangyuan2024", device: "d1")
        let actor = try await f.auth.verifyToken(TokenVerifyRequest(accessToken: pair.accessToken))
        XCTAssertEqual(actor, Schema.Actor(kind: .member, id: "m1", orgCode: "001001001", roles: ["secretary"]))
        XCTAssertEqual(pair.accessTokenExpiresAt, Date(timeIntervalSince1970: (f.clock.now.timeIntervalSince1970 + Double(f.settings.accessTokenMinutes * 60)).rounded(.down)))

        // Tampered payload (claims another member), same signature.
        let parts = pair.accessToken.split(separator: ".").map(String.init)
        XCTAssertEqual(parts.count, 3)
        var payload = try JSONSerialization.jsonObject(with: base64URLDecode(parts[1])) as! [String: Any]
        XCTAssertEqual(payload["sid"] as? String, pair.sessionId)
        payload["mid"] = "m2"
        let forged = parts[0] + "." + base64URL(try JSONSerialization.data(withJSONObject: payload)) + "." + parts[2]
        await assertAuthError(ErrorCode.identityTokenInvalid) { try await f.auth.verifyToken(TokenVerifyRequest(accessToken: forged)) }
        // Signature flipped.
        var sig = Array(parts[2])
        sig[0] = sig[0] == "A" ? "B" : "A"
        let flipped = parts[0] + "." + parts[1] + "." + String(sig)
        await assertAuthError(ErrorCode.identityTokenInvalid) { try await f.auth.verifyToken(TokenVerifyRequest(accessToken: flipped)) }
        await assertAuthError(ErrorCode.identityTokenInvalid) { try await f.auth.verifyToken(TokenVerifyRequest(accessToken: "garbage")) }

        // Expiry.
        f.clock.advance(TimeInterval(f.settings.accessTokenMinutes * 60 - 5))
        _ = try await f.auth.verifyToken(TokenVerifyRequest(accessToken: pair.accessToken))
        f.clock.advance(10)
        await assertAuthError(ErrorCode.identityTokenExpired) { try await f.auth.verifyToken(TokenVerifyRequest(accessToken: pair.accessToken)) }
    }

    func testRefreshRotatesAndReuseRevokesTheSession() async throws {
        let f = try AuthFixture()
        try await memberReady(f)
        let first = try await f.loginToTokens(Self.phone, "Dangyuan2024", device: "d1")
        f.clock.advance(60)
        let second = try await f.auth.refresh(RefreshRequest(refreshToken: first.refreshToken))
        XCTAssertEqual(second.sessionId, first.sessionId)
        XCTAssertNotEqual(second.refreshToken, first.refreshToken)
        XCTAssertNotEqual(second.accessToken, first.accessToken)
        _ = try await f.auth.verifyToken(TokenVerifyRequest(accessToken: second.accessToken))
        // Stored only hashed.
        let stored = try f.store.readSync { db in try String.fetchAll(db, sql: "SELECT tokenHash FROM auth_refresh") }
        XCTAssertFalse(stored.contains(second.refreshToken))

        // The old one again: theft. The whole session goes, including the new tokens.
        let reuse = await assertAuthError(ErrorCode.identityTokenInvalid) {
            try await f.auth.refresh(RefreshRequest(refreshToken: first.refreshToken))
        }
        XCTAssertEqual(reuse?.details["reason"], "reused")
        await assertAuthError(ErrorCode.identitySessionRevoked) {
            try await f.auth.refresh(RefreshRequest(refreshToken: second.refreshToken))
        }
        await assertAuthError(ErrorCode.identitySessionRevoked) {
            try await f.auth.verifyToken(TokenVerifyRequest(accessToken: second.accessToken))
        }
        await assertAuthError(ErrorCode.identityTokenInvalid) {
            try await f.auth.refresh(RefreshRequest(refreshToken: "unknown"))
        }
    }

    func testRefreshTokenExpires() async throws {
        let f = try AuthFixture()
        try await memberReady(f)
        let pair = try await f.loginToTokens(Self.phone, "Dangyuan2024", device: "d1")
        f.clock.advance(TimeInterval(f.settings.refreshTokenDays * 86_400 + 1))
        await assertAuthError(ErrorCode.identityTokenExpired) {
            try await f.auth.refresh(RefreshRequest(refreshToken: pair.refreshToken))
        }
    }

    func testLogoutRevokesTheSession() async throws {
        let f = try AuthFixture()
        try await memberReady(f)
        let a = try await f.loginToTokens(Self.phone, "Dangyuan2024", device: "d1")
        let b = try await f.loginToTokens(Self.phone, "Dangyuan2024", device: "d1")
        _ = try await f.auth.logout(LogoutRequest(accessToken: a.accessToken))
        await assertAuthError(ErrorCode.identitySessionRevoked) { try await f.auth.verifyToken(TokenVerifyRequest(accessToken: a.accessToken)) }
        await assertAuthError(ErrorCode.identitySessionRevoked) { try await f.auth.refresh(RefreshRequest(refreshToken: a.refreshToken)) }
        _ = try await f.auth.verifyToken(TokenVerifyRequest(accessToken: b.accessToken))
        _ = try await f.auth.logout(LogoutRequest(refreshToken: b.refreshToken))
        await assertAuthError(ErrorCode.identitySessionRevoked) { try await f.auth.verifyToken(TokenVerifyRequest(accessToken: b.accessToken)) }
    }

    func testPasswordChangeRevokesOtherSessions() async throws {
        let f = try AuthFixture()
        try await memberReady(f)
        let a = try await f.loginToTokens(Self.phone, "Dangyuan2024", device: "d1")
        f.clock.advance(120)
        let b = try await f.loginToTokens(Self.phone, "Dangyuan2024", device: "d2")
        let member = Schema.Actor(kind: .member, id: "m1", orgCode: "001001001")

        await assertAuthError(ErrorCode.identityPasswordWrong) {
            try await f.auth.changePassword(PasswordChangeRequest(oldPassword: "Wrong2024", newPassword: "Newpass2025", accessToken: a.accessToken),
                                            call: AuthCall(actor: member))
        }
        await assertAuthError(ErrorCode.identityPasswordWeak) {
            try await f.auth.changePassword(PasswordChangeRequest(oldPassword: "Dangyuan2024", newPassword: "short1", accessToken: a.accessToken),
                                            call: AuthCall(actor: member))
        }
        _ = try await f.auth.changePassword(PasswordChangeRequest(oldPassword: "Dangyuan2024", newPassword: "Newpass2025", accessToken: a.accessToken),
                                            call: AuthCall(actor: member, requestId: "req-1"))
        _ = try await f.auth.verifyToken(TokenVerifyRequest(accessToken: a.accessToken))
        await assertAuthError(ErrorCode.identitySessionRevoked) { try await f.auth.verifyToken(TokenVerifyRequest(accessToken: b.accessToken)) }
        await assertAuthError(ErrorCode.identitySessionRevoked) { try await f.auth.refresh(RefreshRequest(refreshToken: b.refreshToken)) }
        XCTAssertEqual(try f.eventBodies(IdentityEvent.passwordChanged, as: PasswordChangedEvent.self).last,
                       PasswordChangedEvent(accountId: "acct-m1", memberId: "m1", reason: "change"))
        let envelope = try Wire.decode(PasswordChangedEvent.self, from: try f.events(IdentityEvent.passwordChanged).last!.envelope)
        XCTAssertEqual(envelope.correlationId, "req-1")
        // New password works, old does not.
        await assertAuthError(ErrorCode.identityLoginFailed) {
            try await f.auth.login(LoginRequest(identifier: Self.phone, password: "Dangyuan2024", deviceId: "d1"))
        }
        let again = try await f.auth.login(LoginRequest(identifier: Self.phone, password: "Newpass2025", deviceId: "d1"))
        XCTAssertNotNil(again.tokens)
    }
}

func base64URL(_ data: Data) -> String {
    data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        .replacingOccurrences(of: "=", with: "")
}

func base64URLDecode(_ s: String) -> Data {
    var t = s.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
    while t.count % 4 != 0 { t += "=" }
    return Data(base64Encoded: t)!
}

final class AuthTokenKeysTests: XCTestCase {
    /// identity.token.keys gives services the key that really signs tokens, and nobody else any key.
    func testServiceGetsTheSigningKeyOthersAreRefused() async throws {
        let f = try AuthFixture()
        try f.addMember(id: "m1", idNumber: AuthTokenTests.idNumber, phone: AuthTokenTests.phone)
        let hash = await f.hasher.hash("Dangyuan2024")
        try await f.store.write { db in
            try db.execute(sql: "UPDATE account SET passwordHash = ?, mustChangePassword = 0 WHERE id = 'acct-m1'", arguments: [hash])
        }
        let pair = try await f.loginToTokens(AuthTokenTests.phone, "Dangyuan2024", device: "d1")

        for actor in [Schema.Actor(kind: .member, id: "m1"), Schema.Actor(kind: .admin, id: "a1"), Schema.Actor(kind: .anonymous, id: ""), nil] {
            await assertAuthError(ErrorCode.identityForbidden) { try await f.auth.tokenKeys(call: AuthCall(actor: actor)) }
        }
        let reply = try await f.auth.tokenKeys(call: AuthCall(actor: .service("gateway")))
        XCTAssertEqual(reply.keys.count, 1)
        let key = try XCTUnwrap(reply.keys.first)
        XCTAssertEqual(key.keyId, reply.currentKeyId)
        XCTAssertEqual(key.algorithm, "HS256")
        XCTAssertEqual(key.keyId.count, 16)

        // The key verifies the issued token's signature, and a second call gives the same key.
        let parts = pair.accessToken.split(separator: ".").map(String.init)
        let secret = SymmetricKey(data: base64URLDecode(key.secret))
        XCTAssertTrue(HMAC<SHA256>.isValidAuthenticationCode(base64URLDecode(parts[2]),
                                                             authenticating: Array("\(parts[0]).\(parts[1])".utf8), using: secret))
        let again = try await f.auth.tokenKeys(call: AuthCall(actor: .service("dues")))
        XCTAssertEqual(again, reply)
    }
}
