import Foundation
import Identity
import Schema
import XCTest

/// `identity.sessions.revoked`: what the gateway follows to refuse a revoked session's access tokens.
final class AuthRevocationFeedTests: XCTestCase {
    static let phone = AuthTokenTests.phone
    let gateway = AuthCall(actor: .service("gateway"))

    func testRevokedSessionsComeInOrderWithTheirTokensLastValidMomentAndPageByCursor() async throws {
        let f = try AuthFixture()
        try f.addMember(id: "m1", idNumber: AuthTokenTests.idNumber, phone: Self.phone)
        let hash = await f.hasher.hash("Dangyuan2024")
        try await f.store.write { db in
            try db.execute(sql: "UPDATE account SET passwordHash = ?, mustChangePassword = 0 WHERE id = 'acct-m1'", arguments: [hash])
        }
        let a = try await f.loginToTokens(Self.phone, "Dangyuan2024", device: "d1")
        let b = try await f.loginToTokens(Self.phone, "Dangyuan2024", device: "d1")
        let c = try await f.loginToTokens(Self.phone, "Dangyuan2024", device: "d1")
        let empty = try await f.auth.revokedSessions(RevokedSessionsRequest(), call: gateway)
        XCTAssertEqual(empty.sessions, [], "nothing revoked yet")

        f.clock.advance(10)
        _ = try await f.auth.logout(LogoutRequest(accessToken: a.accessToken))
        f.clock.advance(10)
        // A password change ends the other two at one instant: the cursor must not lose the second.
        let member = Schema.Actor(kind: .member, id: "m1", orgCode: "001001001")
        let d = try await f.loginToTokens(Self.phone, "Dangyuan2024", device: "d1")
        _ = try await f.auth.changePassword(PasswordChangeRequest(oldPassword: "Dangyuan2024", newPassword: "Newpass2025",
                                                                  accessToken: d.accessToken), call: AuthCall(actor: member))
        let lifetime = f.settings.accessTokenMinutes * 60
        let first = try await f.auth.revokedSessions(RevokedSessionsRequest(limit: 2), call: gateway)
        XCTAssertEqual(first.sessions.count, 2)
        XCTAssertEqual(first.sessions[0].sessionId, try sessionId(a.accessToken), "the logout came first")
        XCTAssertEqual(first.sessions[0].until, Int((f.clock.now.timeIntervalSince1970 - 10 + Double(lifetime)).rounded(.up)))
        let rest = try await f.auth.revokedSessions(RevokedSessionsRequest(after: first.next, limit: 2), call: gateway)
        XCTAssertEqual(rest.sessions.count, 1)
        let ended = Set((first.sessions + rest.sessions).map(\.sessionId))
        XCTAssertEqual(ended, Set(try [a, b, c].map { try sessionId($0.accessToken) }), "the kept session (d) is not listed")
        let caughtUp = try await f.auth.revokedSessions(RevokedSessionsRequest(after: rest.next), call: gateway)
        XCTAssertEqual(caughtUp.sessions, [])
        XCTAssertEqual(caughtUp.next, rest.next)

        // A fresh follower starts one access-token lifetime back: older revocations no longer matter.
        f.clock.advance(TimeInterval(lifetime) + 1)
        let late = try await f.auth.revokedSessions(RevokedSessionsRequest(), call: gateway)
        XCTAssertEqual(late.sessions, [])
    }

    func testOnlyServicesMayAsk() async throws {
        let f = try AuthFixture()
        await assertAuthError(ErrorCode.identityForbidden) {
            try await f.auth.revokedSessions(RevokedSessionsRequest(), call: AuthCall(actor: Actor(kind: .admin, id: "a", orgCode: "001")))
        }
    }

    private func sessionId(_ accessToken: String) throws -> String {
        let payload = accessToken.split(separator: ".")[1]
        var text = payload.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while text.count % 4 != 0 { text += "=" }
        let object = try JSONSerialization.jsonObject(with: Data(base64Encoded: text)!) as! [String: Any]
        return object["sid"] as! String
    }
}
