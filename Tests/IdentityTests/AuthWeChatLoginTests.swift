import Foundation
import Identity
import Schema
import XCTest

/// identity.login.wechat (the 公众号 entry) and identity.wechat.status.
final class AuthWeChatLoginTests: XCTestCase {
    func testEntryTicketsAnUnboundOpenidAndFollowsTheLoginRulesForABoundOne() async throws {
        let f = try AuthFixture()
        try f.addMember(id: "m1", idNumber: "110105199001011234", phone: "13812345678")
        f.wechat = ClosureWeChatProvider { code throws(ProviderError) in
            if code.hasPrefix("code-a") { return WeChatUser(openid: "openid-A") }
            if code == "down" { throw .unavailable("timeout") }
            throw .rejected(code: 40029, message: "invalid code")
        }
        let hash = await f.hasher.hash("Dangyuan2024")
        try await f.store.write { db in
            try db.execute(sql: "UPDATE account SET passwordHash = ?, mustChangePassword = 0 WHERE id = 'acct-m1'", arguments: [hash])
        }
        let member = AuthCall(actor: Schema.Actor(kind: .member, id: "m1", orgCode: "001001001"))
        XCTAssertFalse(try f.store.readSync { db in try f.auth.wechatStatus(db, call: member) }.bound)

        await assertAuthError(ErrorCode.identityWeChatCodeInvalid) {
            try await f.auth.loginWeChat(WeChatLoginRequest(wechatCode: "stale", deviceId: "d1"))
        }
        await assertAuthError(ErrorCode.identityProviderUnavailable) {
            try await f.auth.loginWeChat(WeChatLoginRequest(wechatCode: "down", deviceId: "d1"))
        }
        let unbound = await assertAuthError(ErrorCode.identityWeChatNotBound) {
            try await f.auth.loginWeChat(WeChatLoginRequest(wechatCode: "code-a1", deviceId: "d1"))
        }
        let ticket = try XCTUnwrap(unbound?.details["wechatTicket"])
        XCTAssertFalse(ticket.contains("openid-A"), "the openid does not leave identity")

        // The ticket binds instead of a code, with the password; a forged one does not.
        await assertAuthError(ErrorCode.identityWeChatCodeInvalid) {
            try await f.auth.bindWeChat(WeChatBindRequest(wechatCode: "", idNumber: "110105199001011234", password: "Dangyuan2024",
                                                          wechatTicket: (ticket.hasPrefix("A") ? "B" : "A") + ticket.dropFirst()))
        }
        let bound = try await f.auth.bindWeChat(WeChatBindRequest(wechatCode: "", idNumber: "110105199001011234",
                                                                  password: "Dangyuan2024", wechatTicket: ticket))
        XCTAssertEqual(bound.openid, "openid-A")
        let status = try f.store.readSync { db in try f.auth.wechatStatus(db, call: member) }
        XCTAssertTrue(status.bound)
        XCTAssertNotNil(status.boundAt)

        // Bound: the login's own rules follow (a device never seen: the SMS code).
        let reply = try await f.auth.loginWeChat(WeChatLoginRequest(wechatCode: "code-a2", deviceId: "d1"))
        guard case .smsCode = reply else { return XCTFail("expected the SMS step on a new device, got \(reply)") }
        // Not for administrators: only members have a binding to look at.
        let admin = AuthCall(actor: Schema.Actor(kind: .admin, id: "a1", orgCode: "001"))
        XCTAssertThrowsError(try f.store.readSync { db in try f.auth.wechatStatus(db, call: admin) })
    }
}
