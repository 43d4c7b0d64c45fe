import Foundation
import ProviderSimulatorCore
import XCTest

final class WeChatTests: SimTestCase {
    func testAccessTokenAndWrongSecret() async throws {
        let r = try await get("/cgi-bin/token?grant_type=client_credential&appid=wxsim&secret=wxsecret").json
        XCTAssertFalse((r["access_token"] as? String ?? "").isEmpty)
        XCTAssertEqual(int(r["expires_in"]), 7200)

        let wrong = try await get("/cgi-bin/token?grant_type=client_credential&appid=wxsim&secret=nope").json
        XCTAssertEqual(int(wrong["errcode"]), 40001)
        XCTAssertEqual(wrong["errmsg"] as? String, "invalid credential")
    }

    func testOnlyTheLastTwoTokensAreValid() async throws {
        let alice = try await openid("alice")
        let t1 = try await wechatToken()
        let t2 = try await wechatToken()
        XCTAssertNotEqual(t1, t2)
        let got3 = int(try await templateSend(token: t1, openid: alice)["errcode"])
        XCTAssertEqual(got3, 0)
        let t3 = try await wechatToken()
        let got4 = int(try await templateSend(token: t1, openid: alice)["errcode"])
        XCTAssertEqual(got4, 40001)
        let got5 = int(try await templateSend(token: t2, openid: alice)["errcode"])
        XCTAssertEqual(got5, 0)
        let got6 = int(try await templateSend(token: t3, openid: alice)["errcode"])
        XCTAssertEqual(got6, 0)
        let got7 = int(try await templateSend(token: "garbage", openid: alice)["errcode"])
        XCTAssertEqual(got7, 40001)
    }

    func testOAuthCodeExchangesOnceForAStableOpenid() async throws {
        let auth = try await get("/_sim/wechat/authorize?user=alice").json
        let code = try XCTUnwrap(auth["code"] as? String)
        let openid = try XCTUnwrap(auth["openid"] as? String)
        let got8 = try await get("/_sim/wechat/authorize?user=alice").json["openid"] as? String
        XCTAssertEqual(got8, openid)
        let got9 = try await get("/_sim/wechat/authorize?user=bob").json["openid"] as? String
        XCTAssertNotEqual(got9, openid)

        let exchange = "/sns/oauth2/access_token?appid=wxsim&secret=wxsecret&code=\(code)&grant_type=authorization_code"
        let first = try await get(exchange).json
        XCTAssertEqual(first["openid"] as? String, openid)
        XCTAssertEqual(first["scope"] as? String, "snsapi_base")
        XCTAssertEqual(int(first["expires_in"]), 7200)
        XCTAssertFalse((first["access_token"] as? String ?? "").isEmpty)
        XCTAssertFalse((first["refresh_token"] as? String ?? "").isEmpty)

        let again = try await get(exchange).json
        XCTAssertEqual(int(again["errcode"]), 40029)
        XCTAssertEqual(again["errmsg"] as? String, "invalid code")
        let unknown = try await get("/sns/oauth2/access_token?appid=wxsim&secret=wxsecret&code=nope&grant_type=authorization_code").json
        XCTAssertEqual(int(unknown["errcode"]), 40029)
    }

    func testTemplateSendDeduplicatesByClientMsgId() async throws {
        let token = try await wechatToken()
        let alice = try await openid("alice")
        let first = try await templateSend(token: token, openid: alice, clientMsgId: "notice-7:alice")
        XCTAssertEqual(int(first["errcode"]), 0)
        XCTAssertEqual(first["errmsg"] as? String, "ok")
        let msgid = try XCTUnwrap(int64(first["msgid"]))
        let retry = try await templateSend(token: token, openid: alice, clientMsgId: "notice-7:alice")
        XCTAssertEqual(int64(retry["msgid"]), msgid)
        let other = try await templateSend(token: token, openid: alice, clientMsgId: "notice-8:alice")
        XCTAssertNotEqual(int64(other["msgid"]), msgid)

        let stats = try await stats("wechat")
        XCTAssertEqual(stats["accepted"], 2)
        XCTAssertEqual(stats["duplicates"], 1)
        let got10 = try await get("/_sim/wechat/messages?openid=\(alice)").json["messages"] as? [[String: Any]]
        let messages = try XCTUnwrap(got10)
        XCTAssertEqual(messages.count, 2)
        let m = try XCTUnwrap(messages.first { int64($0["msgid"]) == msgid })
        XCTAssertEqual(m["templateId"] as? String, "TPL_MEETING")
        XCTAssertEqual(((m["data"] as? [String: Any])?["first"] as? [String: Any])?["value"] as? String, "支部会议通知")
    }

    func testInvalidOpenidUnsubscribedAndQuota() async throws {
        let token = try await wechatToken()
        let got11 = int(try await templateSend(token: token, openid: "not-an-openid")["errcode"])
        XCTAssertEqual(got11, 40003)

        let bob = try await openid("bob")
        let unsub = try await post("/_sim/wechat/users", json: ["user": "bob", "subscribed": false])
        XCTAssertEqual(unsub.json["openid"] as? String, bob)
        let refused = try await templateSend(token: token, openid: bob)
        XCTAssertEqual(int(refused["errcode"]), 43004)
        XCTAssertEqual(refused["errmsg"] as? String, "require subscribe")

        let alice = try await openid("alice")
        try await control(["provider": "wechat", "rateLimitPerSecond": 1])
        let got12 = int(try await templateSend(token: token, openid: alice)["errcode"])
        XCTAssertEqual(got12, 0)
        let limited = try await templateSend(token: token, openid: alice)
        XCTAssertEqual(int(limited["errcode"]), 45009)
        XCTAssertEqual(limited["errmsg"] as? String, "reach max api daily quota limit")

        try await control(["provider": "wechat", "rateLimitPerSecond": NSNull(), "failNext": 1])
        let got13 = int(try await templateSend(token: token, openid: alice)["errcode"])
        XCTAssertEqual(got13, -1)
        let got14 = int(try await templateSend(token: token, openid: alice)["errcode"])
        XCTAssertEqual(got14, 0)

        let stats = try await stats("wechat")
        XCTAssertEqual(stats["accepted"], 2)
        XCTAssertEqual(stats["rate_limited"], 1)
        XCTAssertEqual(stats["rejected"], 3)
    }

    /// A vector computed outside Swift: sha1("123456" + "1700000000" + "simtoken").
    func testCallbackSignatureHelper() {
        XCTAssertEqual(WeChatSignature.sign(token: "simtoken", timestamp: "1700000000", nonce: "123456"),
                       "74b3497db64135b83e64066834c1ec68c288eac6")
        XCTAssertTrue(WeChatSignature.verify(signature: "74B3497DB64135B83E64066834C1EC68C288EAC6",
                                             token: "simtoken", timestamp: "1700000000", nonce: "123456"))
        XCTAssertFalse(WeChatSignature.verify(signature: "74b3497db64135b83e64066834c1ec68c288eac6",
                                              token: "other", timestamp: "1700000000", nonce: "123456"))
    }
}

final class RealNameTests: SimTestCase {
    let auth = ["Authorization": "APPCODE simcode"]

    func verify(_ name: String, _ id: String, headers: [String: String]? = nil) async throws -> Reply {
        try await post("/realname/v1/verify", json: ["name": name, "idNumber": id, "bizId": "b-1"], headers: headers ?? auth)
    }

    func testMatchMismatchNoRecordAndWrongAppCode() async throws {
        let match = try await verify("张三", "11010119900307123X")
        XCTAssertEqual(match.status, 200)
        XCTAssertEqual(int(match.json["code"]), 0)
        XCTAssertEqual(match.json["message"] as? String, "一致")
        XCTAssertFalse((match.json["orderNo"] as? String ?? "").isEmpty)

        let registered = try await post("/_sim/realname/people", json: ["idNumber": "110101199003071234", "name": "李四"])
        XCTAssertEqual(registered.status, 200)
        let mismatch = try await verify("王五", "110101199003071234")
        XCTAssertEqual(int(mismatch.json["code"]), 1)
        XCTAssertEqual(mismatch.json["message"] as? String, "不一致")
        let got15 = int(try await verify("李四", "110101199003071234").json["code"])
        XCTAssertEqual(got15, 0)

        _ = try await post("/_sim/realname/people", json: ["idNumber": "110101199003075678", "noRecord": true])
        let none = try await verify("赵六", "110101199003075678")
        XCTAssertEqual(int(none.json["code"]), 2)
        XCTAssertEqual(none.json["message"] as? String, "无此记录")

        let wrong = try await verify("张三", "11010119900307123X", headers: ["Authorization": "APPCODE nope"])
        XCTAssertEqual(wrong.status, 401)
        let missing = try await verify("张三", "11010119900307123X", headers: [:])
        XCTAssertEqual(missing.status, 401)

        let stats = try await stats("realname")
        XCTAssertEqual(stats["accepted"], 4)
        XCTAssertEqual(stats["rejected"], 2)
        let requests = try await get("/_sim/realname/requests").json
        XCTAssertEqual(int(requests["count"]), 4)
    }
}

final class NoRecordConfigTests: SimTestCase {
    override func configure(_ config: inout SimConfig) {
        config.realnameNoRecord = ["110101199003079999"]
    }

    func testConfiguredNoRecordListSurvivesReset() async throws {
        _ = try await request("POST", "/_sim/reset")
        let r = try await post("/realname/v1/verify", json: ["name": "某人", "idNumber": "110101199003079999"],
                               headers: ["Authorization": "APPCODE simcode"])
        XCTAssertEqual(int(r.json["code"]), 2)
    }
}
