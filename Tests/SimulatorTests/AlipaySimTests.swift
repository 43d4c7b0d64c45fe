import CryptoExtras
import FlyingFox
import Foundation
import ProviderSimulatorCore
import XCTest

/// What the simulator POSTs to notify_url, and what the merchant answers (the first answers from
/// `answers`, then `success`).
actor NotifyInbox {
    var forms: [[String: String]] = []
    var answers: [String] = []
    func take(_ form: [String: String]) -> String {
        forms.append(form)
        return answers.isEmpty ? "success" : answers.removeFirst()
    }
    func answer(_ list: [String]) { answers = list }

    func wait(for count: Int, timeout: Double = 5) async -> [[String: String]] {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline, forms.count < count { try? await Task.sleep(nanoseconds: 20_000_000) }
        return forms
    }
}

final class AlipaySimTests: SimTestCase {
    let inbox = NotifyInbox()
    var receiver: HTTPServer!
    var receiverTask: Task<Void, any Error>!
    var notifyURL = ""
    let alipayKey = try! _RSA.Signing.PrivateKey(keySize: .bits2048)
    let merchantKey = try! _RSA.Signing.PrivateKey(keySize: .bits2048)

    override func setUp() async throws {
        let inbox = self.inbox
        receiver = HTTPServer(address: try .inet(ip4: "127.0.0.1", port: 0), logger: .disabled)
        await receiver.appendRoute("POST /notify") { request in
            var form: [String: String] = [:]
            for pair in String(decoding: try await request.bodyData, as: UTF8.self).split(separator: "&") {
                let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let decode = { (s: Substring) in String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
                form[decode(kv[0])] = kv.count > 1 ? decode(kv[1]) : ""
            }
            return HTTPResponse(statusCode: .ok, body: Data(await inbox.take(form).utf8))
        }
        let receiver = self.receiver!
        receiverTask = Task { try await receiver.run() }
        try await receiver.waitUntilListening()
        guard case .ip4(_, let port) = await receiver.listeningAddress else { return XCTFail("no port") }
        notifyURL = "http://127.0.0.1:\(port)/notify"
        try await super.setUp()
    }

    override func configure(_ config: inout SimConfig) {
        config.alipay.appId = "2021000000000001"
        config.alipay.sellerId = "2088000000000001"
        config.alipay.alipayPrivateKeyPEM = alipayKey.pemRepresentation
        config.alipay.merchantPublicKeyPEM = merchantKey.publicKey.pemRepresentation
        config.alipay.resendScale = 0.001
    }

    override func tearDown() async throws {
        try await super.tearDown()
        await receiver.stop()
        receiverTask.cancel()
    }

    // MARK: The merchant's side, written from Alipay's documentation (not the simulator's code)

    /// Requests sign everything but `sign` (sign_type included); notifications are verified without both.
    static func content(_ fields: [String: String], dropping: Set<String> = ["sign", "sign_type"]) -> String {
        fields.keys.filter { !dropping.contains($0) && !(fields[$0] ?? "").isEmpty }.sorted()
            .map { "\($0)=\(fields[$0]!)" }.joined(separator: "&")
    }

    func call(_ method: String, _ biz: [String: String], key: _RSA.Signing.PrivateKey? = nil) async throws -> [String: Any] {
        var fields = [
            "app_id": "2021000000000001", "method": method, "format": "JSON", "charset": "utf-8", "sign_type": "RSA2",
            "timestamp": "2026-11-28 16:00:00", "version": "1.0", "notify_url": notifyURL,
            "biz_content": String(decoding: try JSONSerialization.data(withJSONObject: biz, options: .sortedKeys), as: UTF8.self),
        ]
        let signature = try (key ?? merchantKey).signature(for: Data(Self.content(fields, dropping: ["sign"]).utf8),
                                                           padding: .insecurePKCS1v1_5)
        fields["sign"] = signature.rawRepresentation.base64EncodedString()
        let body = fields.map { "\(Self.enc($0.key))=\(Self.enc($0.value))" }.joined(separator: "&")
        let reply = try await request("POST", "/gateway.do", body: Data(body.utf8),
                                      headers: ["Content-Type": "application/x-www-form-urlencoded;charset=utf-8"])
        XCTAssertEqual(reply.status, 200)
        let text = String(decoding: reply.body, as: UTF8.self)
        let name = method.replacingOccurrences(of: ".", with: "_") + "_response"
        // The response is signed over the response object's text exactly as sent.
        let prefix = "{\"\(name)\":"
        let signMark = text.range(of: ",\"sign\":\"", options: .backwards)
        XCTAssertTrue(text.hasPrefix(prefix), text)
        if let signMark, text.hasPrefix(prefix) {
            let inner = String(text[text.index(text.startIndex, offsetBy: prefix.count)..<signMark.lowerBound])
            let sign = String(text[signMark.upperBound...].dropLast(2))
            XCTAssertTrue(alipayKey.publicKey.isValidSignature(
                _RSA.Signing.RSASignature(rawRepresentation: Data(base64Encoded: sign) ?? Data()), for: Data(inner.utf8),
                padding: .insecurePKCS1v1_5), "response signature")
        }
        return reply.json[name] as? [String: Any] ?? [:]
    }

    func verifyNotification(_ form: [String: String]) -> Bool {
        guard form["sign_type"] == "RSA2", let sign = form["sign"].flatMap({ Data(base64Encoded: $0) }) else { return false }
        return alipayKey.publicKey.isValidSignature(_RSA.Signing.RSASignature(rawRepresentation: sign),
                                                    for: Data(Self.content(form).utf8), padding: .insecurePKCS1v1_5)
    }

    // MARK: Tests

    func testAGatewayCallSignedByAnotherKeyIsRefused() async throws {
        let other = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let r = try await call("alipay.trade.precreate", ["out_trade_no": "o-1", "total_amount": "30.00", "subject": "党费"], key: other)
        XCTAssertEqual(r["code"] as? String, "40002")
        XCTAssertEqual(r["sub_code"] as? String, "isv.invalid-signature")
    }

    func testEverySignatureMadeOrCheckedIsCounted() async throws {
        var counted = try await stats("rsa")
        XCTAssertEqual(counted, ["signed": 0, "verified": 0])
        // A precreate: the merchant's signature checked, the reply signed.
        _ = try await call("alipay.trade.precreate", ["out_trade_no": "o-9", "total_amount": "12.00", "subject": "党费"])
        counted = try await stats("rsa")
        XCTAssertEqual(counted, ["signed": 1, "verified": 1])
        // Paid: one notification, signed, answered at once.
        let paid = try await get("/_sim/alipay/pay?out_trade_no=o-9")
        XCTAssertEqual(paid.status, 200)
        _ = await inbox.wait(for: 1)
        counted = try await stats("rsa")
        XCTAssertEqual(counted, ["signed": 2, "verified": 1])
    }

    func testPrecreatePayNotifyResentWithTheSameIdUntilAnsweredSuccess() async throws {
        let r = try await call("alipay.trade.precreate", [
            "out_trade_no": "o-2", "total_amount": "45.05", "subject": "党费", "disable_pay_channels": "credit_group",
        ])
        XCTAssertEqual(r["code"] as? String, "10000")
        XCTAssertNotNil(r["qr_code"] as? String)
        await inbox.answer(["fail", "fail"])
        let paid = try await get("/_sim/alipay/pay?out_trade_no=o-2")
        XCTAssertEqual(paid.status, 200)
        // Unanswered twice: resent after 240 ms and 600 ms (4 min and 10 min scaled by 0.001).
        let forms = await inbox.wait(for: 3)
        XCTAssertEqual(forms.count, 3)
        XCTAssertEqual(Set(forms.compactMap { $0["notify_id"] }).count, 1, "the same notify_id every time")
        for form in forms { XCTAssertTrue(verifyNotification(form), "signed by Alipay's key") }
        XCTAssertEqual(forms.first?["total_amount"], "45.05")
        XCTAssertEqual(forms.first?["trade_status"], "TRADE_SUCCESS")
        XCTAssertEqual(forms.first?["seller_id"], "2088000000000001")
        var tampered = try XCTUnwrap(forms.first)
        tampered["total_amount"] = "0.01"
        XCTAssertFalse(verifyNotification(tampered))
        let q = try await call("alipay.trade.query", ["out_trade_no": "o-2"])
        XCTAssertEqual(q["trade_status"] as? String, "TRADE_SUCCESS")
        XCTAssertEqual(q["total_amount"] as? String, "45.05")
        // The test hook sends it once more on demand (a duplicate the merchant must absorb).
        let again = try await get("/_sim/alipay/notify?out_trade_no=o-2")
        XCTAssertEqual(again.json["answered"] as? Bool, true)
        let all = await inbox.wait(for: 4)
        XCTAssertEqual(all.count, 4)
    }

    func testRefundOnceByOutRequestNo() async throws {
        _ = try await call("alipay.trade.precreate", ["out_trade_no": "o-3", "total_amount": "15.00", "subject": "党费"])
        _ = try await get("/_sim/alipay/pay?out_trade_no=o-3")
        let first = try await call("alipay.trade.refund", ["out_trade_no": "o-3", "out_request_no": "r-1", "refund_amount": "15.00"])
        XCTAssertEqual(first["code"] as? String, "10000")
        XCTAssertEqual(first["fund_change"] as? String, "Y")
        let again = try await call("alipay.trade.refund", ["out_trade_no": "o-3", "out_request_no": "r-1", "refund_amount": "15.00"])
        XCTAssertEqual(again["fund_change"] as? String, "N")
        XCTAssertEqual(again["refund_fee"] as? String, "15.00")
        let more = try await call("alipay.trade.refund", ["out_trade_no": "o-3", "out_request_no": "r-2", "refund_amount": "0.01"])
        XCTAssertEqual(more["code"] as? String, "40004")
        let missing = try await call("alipay.trade.query", ["out_trade_no": "nope"])
        XCTAssertEqual(missing["sub_code"] as? String, "ACQ.TRADE_NOT_EXIST")
    }
}
