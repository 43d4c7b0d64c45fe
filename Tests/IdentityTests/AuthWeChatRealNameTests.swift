import Foundation
import Identity
import Schema
import Synchronization
import XCTest

final class AuthWeChatRealNameTests: XCTestCase {
    func testBindTakenRebindUnbind() async throws {
        let f = try AuthFixture()
        try f.addMember(id: "m1", idNumber: "110105199001011234", phone: "13812345678")
        try f.addMember(id: "m2", idNumber: "110105199202022345", phone: "13912345678", name: "李四")
        let exchanged = Mutex<[String]>([])
        f.wechat = ClosureWeChatProvider { code throws(ProviderError) in
            exchanged.withLock { $0.append(code) }
            switch code {
            case "code-a": return WeChatUser(openid: "openid-A")
            case "code-b": return WeChatUser(openid: "openid-B")
            case "down": throw .unavailable("timeout")
            default: throw .rejected(code: 40029, message: "invalid code")
            }
        }
        // Wrong password: refused before WeChat is asked.
        await assertAuthError(ErrorCode.identityLoginFailed) {
            try await f.auth.bindWeChat(WeChatBindRequest(wechatCode: "code-a", idNumber: "110105199001011234", password: "999999"))
        }
        XCTAssertEqual(exchanged.withLock { $0 }, [])
        // Xiamen: only after the initial password (here the last six of the ID number) has been changed.
        let initial = await assertAuthError(ErrorCode.identityWeChatInitialPassword) {
            try await f.auth.bindWeChat(WeChatBindRequest(wechatCode: "code-a", idNumber: "110105199001011234", password: "011234"))
        }
        XCTAssertEqual(initial?.details["field"], "body.password")
        XCTAssertEqual(exchanged.withLock { $0 }, [], "refused before WeChat is asked")
        XCTAssertEqual(try f.store.readSync { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM auth_wechat") }, 0)
        for (id, password) in [("acct-m1", "Dangyuan2024"), ("acct-m2", "Dangyuan2025")] {
            let hash = await f.hasher.hash(password)
            try await f.store.write { db in
                try db.execute(sql: "UPDATE account SET passwordHash = ?, mustChangePassword = 0 WHERE id = ?", arguments: [hash, id])
            }
        }
        await assertAuthError(ErrorCode.identityWeChatCodeInvalid) {
            try await f.auth.bindWeChat(WeChatBindRequest(wechatCode: "stale", idNumber: "110105199001011234", password: "Dangyuan2024"))
        }
        await assertAuthError(ErrorCode.identityProviderUnavailable) {
            try await f.auth.bindWeChat(WeChatBindRequest(wechatCode: "down", idNumber: "110105199001011234", password: "Dangyuan2024"))
        }

        let bound = try await f.auth.bindWeChat(WeChatBindRequest(wechatCode: "code-a", idNumber: "110105199001011234", password: "Dangyuan2024"))
        XCTAssertEqual(bound.memberId, "m1")
        XCTAssertEqual(bound.openid, "openid-A")
        XCTAssertEqual(try f.eventBodies(IdentityEvent.wechatBound, as: WeChatBindingEvent.self),
                       [WeChatBindingEvent(memberId: "m1", openid: "openid-A")])

        await assertAuthError(ErrorCode.identityWeChatTaken) {
            try await f.auth.bindWeChat(WeChatBindRequest(wechatCode: "code-a", idNumber: "110105199202022345", password: "Dangyuan2025"))
        }
        // Rebinding replaces.
        _ = try await f.auth.bindWeChat(WeChatBindRequest(wechatCode: "code-b", idNumber: "110105199001011234", password: "Dangyuan2024"))
        let rows = try f.store.readSync { db in try String.fetchAll(db, sql: "SELECT openid FROM auth_wechat WHERE memberId = 'm1'") }
        XCTAssertEqual(rows, ["openid-B"])
        // openid-A is free again.
        _ = try await f.auth.bindWeChat(WeChatBindRequest(wechatCode: "code-a", idNumber: "110105199202022345", password: "Dangyuan2025"))

        let m1 = AuthCall(actor: Schema.Actor(kind: .member, id: "m1", orgCode: "001001001"))
        _ = try await f.auth.unbindWeChat(call: m1)
        XCTAssertEqual(try f.eventBodies(IdentityEvent.wechatUnbound, as: WeChatBindingEvent.self),
                       [WeChatBindingEvent(memberId: "m1", openid: "openid-B")])
        await assertAuthError(ErrorCode.identityWeChatNotBound) { try await f.auth.unbindWeChat(call: m1) }
        await assertAuthError(ErrorCode.authForbidden) { try await f.auth.unbindWeChat(call: AuthCall()) }
    }

    func testRealNameVerifiedForTheDayOnly() async throws {
        var settings = AuthFixture.fastSettings()
        settings.realNameVerificationRequired = true
        let f = try AuthFixture(settings: settings)
        try f.addMember(id: "m1", idNumber: "110105199001011234", phone: "13812345678", name: "张三")
        try f.addMember(id: "m2", idNumber: "110105199202022345", phone: "13912345678", name: "李四")
        let asked = Mutex<[String]>([])
        f.realName = ClosureRealNameProvider { name, idNumber, bizId throws(ProviderError) in
            asked.withLock { $0.append(name + "/" + idNumber) }
            XCTAssertFalse(bizId.isEmpty)
            switch idNumber {
            case "110105199001011234": return RealNameResult(outcome: .match, message: "一致", orderNo: "o-1")
            default: return RealNameResult(outcome: .mismatch, message: "不一致", orderNo: "o-2")
            }
        }
        // 2025-03-01 23:00 in Shanghai.
        f.clock.set(RFC3339.parse("2025-03-01T15:00:00.000Z")!)
        let m1 = AuthCall(actor: Schema.Actor(kind: .member, id: "m1", orgCode: "001001001"))
        let m2 = AuthCall(actor: Schema.Actor(kind: .member, id: "m2", orgCode: "001001001"))

        let before = try await f.auth.realNameStatus(RealNameStatusRequest(), call: m1)
        XCTAssertEqual(before, RealNameStatus(memberId: "m1", required: true, verified: false, verifiedOn: nil))
        let status = try await f.auth.verifyRealName(call: m1)
        XCTAssertEqual(status, RealNameStatus(memberId: "m1", required: true, verified: true, verifiedOn: "2025-03-01"))
        XCTAssertEqual(asked.withLock { $0 }, ["张三/110105199001011234"])

        await assertAuthError(ErrorCode.identityRealNameMismatch) { try await f.auth.verifyRealName(call: m2) }
        let m2Status = try await f.auth.realNameStatus(RealNameStatusRequest(), call: m2)
        XCTAssertFalse(m2Status.verified)
        // A member cannot read another's status; a service can.
        await assertAuthError(ErrorCode.authForbidden) {
            try await f.auth.realNameStatus(RealNameStatusRequest(memberId: "m1"), call: m2)
        }
        let byService = try await f.auth.realNameStatus(RealNameStatusRequest(memberId: "m1"), call: AuthCall(actor: .service("party")))
        XCTAssertTrue(byService.verified)

        // 00:30 the next day in Shanghai (still 2025-03-01 in UTC): no longer verified.
        f.clock.advance(90 * 60)
        let nextDay = try await f.auth.realNameStatus(RealNameStatusRequest(), call: m1)
        XCTAssertEqual(nextDay, RealNameStatus(memberId: "m1", required: true, verified: false, verifiedOn: nil))

        f.realName = ClosureRealNameProvider { _, _, _ throws(ProviderError) in throw .unavailable("HTTP 503") }
        await assertAuthError(ErrorCode.identityProviderUnavailable) { try await f.auth.verifyRealName(call: m1) }
    }
}
