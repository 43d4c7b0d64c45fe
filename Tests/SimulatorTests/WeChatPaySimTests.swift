import Crypto
import CryptoExtras
import FlyingFox
import Foundation
import ProviderSimulatorCore
import XCTest

/// What the simulator POSTs to notify_url (headers lower-cased, raw body), and what the merchant
/// answers (the first statuses from `statuses`, then 204).
actor WeChatPayInbox {
    struct Delivery: Sendable {
        var headers: [String: String]
        var body: String
    }
    var deliveries: [Delivery] = []
    var statuses: [Int] = []
    var always: Int?

    func take(_ d: Delivery) -> Int {
        deliveries.append(d)
        if let always { return always }
        return statuses.isEmpty ? 204 : statuses.removeFirst()
    }
    func answer(_ list: [Int]) { statuses = list }
    func answerAlways(_ status: Int) { always = status }

    func wait(for count: Int, timeout: Double = 5) async -> [Delivery] {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline, deliveries.count < count { try? await Task.sleep(nanoseconds: 10_000_000) }
        return deliveries
    }
}

class WeChatPaySimTestCase: SimTestCase {
    let inbox = WeChatPayInbox()
    var receiver: HTTPServer!
    var receiverTask: Task<Void, any Error>!
    var notifyURL = ""
    let platformKey = try! _RSA.Signing.PrivateKey(keySize: .bits2048)
    let merchantKey = try! _RSA.Signing.PrivateKey(keySize: .bits2048)
    static let mchId = "1900000109", appId = "wxsimpay000000001", apiV3Key = "SimulatorAPIv3Key012345678901234"
    static let platformSerial = "5157F09EFDC096DE15EBE81A47057A7232F1B8E1"
    var retryScale: Double { 0.001 }

    override func setUp() async throws {
        let inbox = self.inbox
        receiver = HTTPServer(address: try .inet(ip4: "127.0.0.1", port: 0), logger: .disabled)
        await receiver.appendRoute("POST /wxpay/notify") { request in
            var headers: [String: String] = [:]
            for (name, value) in request.headers { headers[name.rawValue.lowercased()] = value }
            let status = await inbox.take(.init(headers: headers, body: String(decoding: try await request.bodyData, as: UTF8.self)))
            let body = status == 204 ? Data() : Data(#"{"code":"FAIL","message":"失败"}"#.utf8)
            return HTTPResponse(statusCode: HTTPStatusCode(status, phrase: "Answer"), body: body)
        }
        let receiver = self.receiver!
        receiverTask = Task { try await receiver.run() }
        try await receiver.waitUntilListening()
        guard case .ip4(_, let port) = await receiver.listeningAddress else { return XCTFail("no port") }
        notifyURL = "http://127.0.0.1:\(port)/wxpay/notify"
        try await super.setUp()
    }

    override func configure(_ config: inout SimConfig) {
        config.wechatpay.mchId = Self.mchId
        config.wechatpay.appId = Self.appId
        config.wechatpay.platformPrivateKeyPEM = platformKey.pemRepresentation
        config.wechatpay.platformSerialNo = Self.platformSerial
        config.wechatpay.merchantPublicKeyPEM = merchantKey.publicKey.pemRepresentation
        config.wechatpay.apiV3Key = Self.apiV3Key
        config.wechatpay.retryScale = retryScale
    }

    override func tearDown() async throws {
        try await super.tearDown()
        await receiver.stop()
        receiverTask.cancel()
    }

    // MARK: The merchant's side, written from WeChat Pay's documentation (not the simulator's code)

    /// Signs `METHOD\nURL\ntimestamp\nnonce\nbody\n` with the merchant key and calls the API.
    func call(_ method: String, _ pathAndQuery: String, _ body: [String: Any]? = nil, key: _RSA.Signing.PrivateKey? = nil,
              timestamp: Int = Int(Date().timeIntervalSince1970)) async throws -> Reply {
        let data = try body.map { try JSONSerialization.data(withJSONObject: $0, options: .sortedKeys) } ?? Data()
        let nonce = UUID().uuidString.replacingOccurrences(of: "-", with: "")
        let message = "\(method)\n\(pathAndQuery)\n\(timestamp)\n\(nonce)\n\(String(decoding: data, as: UTF8.self))\n"
        let signature = try (key ?? merchantKey).signature(for: Data(message.utf8), padding: .insecurePKCS1v1_5)
            .rawRepresentation.base64EncodedString()
        var headers = [
            "Authorization": "WECHATPAY2-SHA256-RSA2048 mchid=\"\(Self.mchId)\",nonce_str=\"\(nonce)\",signature=\"\(signature)\","
                + "timestamp=\"\(timestamp)\",serial_no=\"3775B6A45ACD588826D15E583A95F5DD1A0D6F53\"",
            "Accept": "application/json",
        ]
        if body != nil { headers["Content-Type"] = "application/json" }
        return try await request(method, pathAndQuery, body: body == nil ? nil : data, headers: headers)
    }

    func order(_ out: String, total: Int, type: String = "native", openid: String? = nil) -> [String: Any] {
        var body: [String: Any] = [
            "appid": Self.appId, "mchid": Self.mchId, "description": "党费", "out_trade_no": out, "notify_url": notifyURL,
            "time_expire": "2099-01-01T00:00:00+08:00", "amount": ["total": total, "currency": "CNY"],
        ]
        if let openid { body["payer"] = ["openid": openid] }
        return body
    }

    /// 签名验证: Wechatpay-Serial is the platform's, the signature over `timestamp\nnonce\nbody\n` holds.
    func verified(headers: [String: String], body: String) -> Bool {
        guard headers["wechatpay-serial"] == Self.platformSerial, let ts = headers["wechatpay-timestamp"],
              let nonce = headers["wechatpay-nonce"], let sig = headers["wechatpay-signature"].flatMap({ Data(base64Encoded: $0) }),
              let seconds = Double(ts), abs(Date().timeIntervalSince1970 - seconds) <= 300 else { return false }
        return platformKey.publicKey.isValidSignature(_RSA.Signing.RSASignature(rawRepresentation: sig),
                                                      for: Data("\(ts)\n\(nonce)\n\(body)\n".utf8), padding: .insecurePKCS1v1_5)
    }

    func verified(_ reply: Reply) -> Bool {
        var headers: [String: String] = [:]
        for (k, v) in reply.headers { headers["\(k)".lowercased()] = "\(v)" }
        return verified(headers: headers, body: String(decoding: reply.body, as: UTF8.self))
    }

    /// The notification's resource: AES-256-GCM, key = the APIv3 key's bytes, the last 16 bytes the tag.
    func decrypt(_ body: String) throws -> [String: Any] {
        let envelope = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
        let r = try XCTUnwrap(envelope["resource"] as? [String: String])
        XCTAssertEqual(r["algorithm"], "AEAD_AES_256_GCM")
        let sealed = try XCTUnwrap(Data(base64Encoded: try XCTUnwrap(r["ciphertext"])))
        let box = try AES.GCM.SealedBox(nonce: AES.GCM.Nonce(data: Data(try XCTUnwrap(r["nonce"]).utf8)),
                                        ciphertext: sealed.prefix(sealed.count - 16), tag: sealed.suffix(16))
        let plain = try AES.GCM.open(box, using: SymmetricKey(data: Data(Self.apiV3Key.utf8)),
                                     authenticating: Data((r["associated_data"] ?? "").utf8))
        return try XCTUnwrap(JSONSerialization.jsonObject(with: plain) as? [String: Any])
    }
}

final class WeChatPaySimTests: WeChatPaySimTestCase {
    func testCallsSignedByAnotherKeyOrStaleAreRefused() async throws {
        let other = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let forged = try await call("POST", "/v3/pay/transactions/native", order("wx-o-1", total: 3000), key: other)
        XCTAssertEqual(forged.status, 401)
        XCTAssertEqual(forged.json["code"] as? String, "SIGN_ERROR")
        let stale = try await call("POST", "/v3/pay/transactions/native", order("wx-o-1", total: 3000),
                                   timestamp: Int(Date().timeIntervalSince1970) - 400)
        XCTAssertEqual(stale.status, 401)
        let unsigned = try await request("GET", "/v3/pay/transactions/out-trade-no/wx-o-1?mchid=\(Self.mchId)")
        XCTAssertEqual(unsigned.status, 401)
        let wrongApp = try await call("POST", "/v3/pay/transactions/native",
                                      order("wx-o-1", total: 3000).merging(["appid": "wx0000000000000000"]) { $1 })
        XCTAssertEqual(wrongApp.status, 400)
        XCTAssertEqual(wrongApp.json["code"] as? String, "APPID_MCHID_NOT_MATCH")
    }

    func testNativePayNotifyRetriedUntilAnsweredThenQuery() async throws {
        let created = try await call("POST", "/v3/pay/transactions/native", order("wx-o-2", total: 4505))
        XCTAssertEqual(created.status, 200, String(decoding: created.body, as: UTF8.self))
        XCTAssertTrue((created.json["code_url"] as? String ?? "").hasPrefix("weixin://wxpay/bizpayurl?pr="))
        XCTAssertTrue(verified(created), "replies are signed by the platform key")
        let before = try await call("GET", "/v3/pay/transactions/out-trade-no/wx-o-2?mchid=\(Self.mchId)")
        XCTAssertEqual(before.json["trade_state"] as? String, "NOTPAY")
        XCTAssertNil(before.json["transaction_id"])

        await inbox.answer([500, 500])
        let paid = try await get("/_sim/wechatpay/pay?out_trade_no=wx-o-2")
        XCTAssertEqual(paid.status, 200)
        // Refused twice: sent again after 15 ms and 15 ms (15 s and 15 s scaled by 0.001).
        let deliveries = await inbox.wait(for: 3)
        XCTAssertEqual(deliveries.count, 3)
        var ids = Set<String>()
        for d in deliveries {
            XCTAssertTrue(verified(headers: d.headers, body: d.body), "each delivery signed by the platform key")
            let envelope = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(d.body.utf8)) as? [String: Any])
            ids.insert(envelope["id"] as? String ?? "")
            XCTAssertEqual(envelope["event_type"] as? String, "TRANSACTION.SUCCESS")
            XCTAssertEqual(envelope["resource_type"] as? String, "encrypt-resource")
        }
        XCTAssertEqual(ids.count, 1, "the same notification id every time")
        XCTAssertFalse(verified(headers: deliveries[0].headers, body: deliveries[0].body.replacingOccurrences(of: "支付成功", with: "支付失败")))
        let trade = try decrypt(deliveries[0].body)
        XCTAssertEqual(trade["out_trade_no"] as? String, "wx-o-2")
        XCTAssertEqual(trade["mchid"] as? String, Self.mchId)
        XCTAssertEqual(trade["appid"] as? String, Self.appId)
        XCTAssertEqual(trade["trade_state"] as? String, "SUCCESS")
        XCTAssertEqual(int((trade["amount"] as? [String: Any])?["total"]), 4505)
        let transactionId = try XCTUnwrap(trade["transaction_id"] as? String)
        XCTAssertEqual(transactionId, paid.json["transaction_id"] as? String)

        let q = try await call("GET", "/v3/pay/transactions/out-trade-no/wx-o-2?mchid=\(Self.mchId)")
        XCTAssertEqual(q.status, 200)
        XCTAssertTrue(verified(q))
        XCTAssertEqual(q.json["trade_state"] as? String, "SUCCESS")
        XCTAssertEqual(q.json["transaction_id"] as? String, transactionId)
        XCTAssertEqual(int((q.json["amount"] as? [String: Any])?["total"]), 4505)

        // Answered (204): no more resends; the hook sends it once more on demand (a duplicate).
        try await Task.sleep(nanoseconds: 200_000_000)
        let listed = try await get("/_sim/wechatpay/trades").json["trades"] as? [[String: Any]]
        let notes = try XCTUnwrap(listed?.first?["notifications"] as? [[String: Any]])
        XCTAssertEqual(int(notes.first?["attempts"]), 3)
        XCTAssertEqual(notes.first?["answered"] as? Bool, true)
        let again = try await get("/_sim/wechatpay/notify?out_trade_no=wx-o-2")
        XCTAssertEqual(again.json["answered"] as? Bool, true)
        let all = await inbox.wait(for: 4)
        XCTAssertEqual(all.count, 4)
        XCTAssertTrue(verified(headers: all[3].headers, body: all[3].body), "re-signed with a fresh timestamp")
        let paidAgain = try await get("/_sim/wechatpay/pay?out_trade_no=wx-o-2")
        XCTAssertEqual(paidAgain.json["notification_id"] as? String, ids.first, "a second pay starts no second notification")
    }

    func testJSAPIOrderNeedsTheOpenidAndGivesAPrepayId() async throws {
        let r = try await call("POST", "/v3/pay/transactions/jsapi", order("wx-o-3", total: 3000, openid: "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"))
        XCTAssertEqual(r.status, 200, String(decoding: r.body, as: UTF8.self))
        XCTAssertTrue((r.json["prepay_id"] as? String ?? "").hasPrefix("wx"))
        XCTAssertTrue(verified(r))
        let missing = try await call("POST", "/v3/pay/transactions/jsapi", order("wx-o-4", total: 3000))
        XCTAssertEqual(missing.status, 400)
        _ = try await get("/_sim/wechatpay/pay?out_trade_no=wx-o-3")
        let first = await inbox.wait(for: 1).first
        let trade = try decrypt(try XCTUnwrap(first).body)
        XCTAssertEqual((trade["payer"] as? [String: Any])?["openid"] as? String, "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o")
        XCTAssertEqual(trade["trade_type"] as? String, "JSAPI")
    }

    func testRefundOnceByOutRefundNo() async throws {
        _ = try await call("POST", "/v3/pay/transactions/native", order("wx-o-5", total: 1500))
        let early = try await call("POST", "/v3/refund/domestic/refunds", [
            "out_trade_no": "wx-o-5", "out_refund_no": "rf-1", "amount": ["refund": 1500, "total": 1500, "currency": "CNY"],
        ])
        XCTAssertEqual(early.status, 400, "not paid yet")
        _ = try await get("/_sim/wechatpay/pay?out_trade_no=wx-o-5")
        let refund: [String: Any] = ["out_trade_no": "wx-o-5", "out_refund_no": "rf-1", "reason": "该月已线下交纳",
                                     "amount": ["refund": 1000, "total": 1500, "currency": "CNY"]]
        let first = try await call("POST", "/v3/refund/domestic/refunds", refund)
        XCTAssertEqual(first.status, 200, String(decoding: first.body, as: UTF8.self))
        XCTAssertTrue(verified(first))
        XCTAssertEqual(first.json["out_refund_no"] as? String, "rf-1")
        let again = try await call("POST", "/v3/refund/domestic/refunds", refund)
        XCTAssertEqual(again.status, 200)
        XCTAssertEqual(again.json["refund_id"] as? String, first.json["refund_id"] as? String, "the same refund, no more money")
        let changed = try await call("POST", "/v3/refund/domestic/refunds",
                                     refund.merging(["amount": ["refund": 900, "total": 1500, "currency": "CNY"]]) { $1 })
        XCTAssertEqual(changed.status, 400)
        let tooMuch = try await call("POST", "/v3/refund/domestic/refunds",
                                     refund.merging(["out_refund_no": "rf-2", "amount": ["refund": 501, "total": 1500, "currency": "CNY"]]) { $1 })
        XCTAssertEqual(tooMuch.status, 403)
        XCTAssertEqual(tooMuch.json["code"] as? String, "NOT_ENOUGH")
        let rest = try await call("POST", "/v3/refund/domestic/refunds",
                                  refund.merging(["out_refund_no": "rf-2", "amount": ["refund": 500, "total": 1500, "currency": "CNY"]]) { $1 })
        XCTAssertEqual(rest.status, 200)
        let q = try await call("GET", "/v3/pay/transactions/out-trade-no/wx-o-5?mchid=\(Self.mchId)")
        XCTAssertEqual(q.json["trade_state"] as? String, "REFUND")
        let listed = try await get("/_sim/wechatpay/trades").json["trades"] as? [[String: Any]]
        XCTAssertEqual(int(listed?.first?["refunded"]), 1500)
        let missing = try await call("GET", "/v3/pay/transactions/out-trade-no/wx-nope?mchid=\(Self.mchId)")
        XCTAssertEqual(missing.status, 404)
        XCTAssertEqual(missing.json["code"] as? String, "ORDER_NOT_EXIST")
    }
}

/// WeChat's whole schedule (15 resends), scaled by 0.00005: about 4.3 s, then it gives up.
final class WeChatPaySimRetryScheduleTests: WeChatPaySimTestCase {
    override var retryScale: Double { 0.00005 }

    func testUnansweredNotificationIsSentSixteenTimesThenDropped() async throws {
        await inbox.answerAlways(500)
        _ = try await call("POST", "/v3/pay/transactions/native", order("wx-o-6", total: 100))
        _ = try await get("/_sim/wechatpay/pay?out_trade_no=wx-o-6")
        let deliveries = await inbox.wait(for: 16, timeout: 30)
        XCTAssertEqual(deliveries.count, 16)
        try await Task.sleep(nanoseconds: 500_000_000)
        let all = await inbox.wait(for: 17, timeout: 0)
        XCTAssertEqual(all.count, 16, "no 17th delivery")
        let listed = try await get("/_sim/wechatpay/trades").json["trades"] as? [[String: Any]]
        let notes = try XCTUnwrap(listed?.first?["notifications"] as? [[String: Any]])
        XCTAssertEqual(notes.first?["answered"] as? Bool, false)
    }
}
