import Crypto
import CryptoExtras
import Foundation
import Payments
import XCTest

/// The WeChat Pay vectors in Fixtures/ (made with openssl and python's `cryptography`, see
/// Fixtures/README.md): merchant 1230000109, app wxd678efh567hg6787, order
/// po0123456789abcdef0123456789abcd, 45.05 yuan, signed at 1800000000.
enum WeChatVectors {
    static let mchId = "1230000109"
    static let appId = "wxd678efh567hg6787"
    static let orderId = "po0123456789abcdef0123456789abcd"
    static let merchantSerial = "3775B6A45ACD588826D15E583A95F5DD1A0D6F53"
    static let platformSerial = "5157F09EFDC096DE15EBE81A47057A7232F1B8E1"
    static let signedAt = Date(timeIntervalSince1970: 1_800_000_000)   // 2027-01-15 16:00:00 Beijing

    /// The file exactly as written (signed messages end in `\n`, which `Vectors.text` would trim).
    static func raw(_ name: String) throws -> String {
        try String(contentsOf: Vectors.dir.appendingPathComponent(name), encoding: .utf8)
    }

    static func merchantPrivateKey() throws -> _RSA.Signing.PrivateKey {
        try _RSA.Signing.PrivateKey(pemRepresentation: Vectors.text("wechatpay-merchant-private.pem"))
    }

    static func merchantPublicKey() throws -> _RSA.Signing.PublicKey {
        try _RSA.Signing.PublicKey(pemRepresentation: Vectors.text("wechatpay-merchant-public.pem"))
    }

    static func platformPublicKey() throws -> _RSA.Signing.PublicKey {
        try _RSA.Signing.PublicKey(pemRepresentation: Vectors.text("wechatpay-platform-public.pem"))
    }

    static func apiV3Key() throws -> SymmetricKey { try WeChatPayMerchant.apiV3Key(Vectors.text("wechatpay-apiv3-key.txt")) }

    static func merchant(appId: String = appId, mchId: String = mchId, apiV3Key: SymmetricKey? = nil) throws -> WeChatPayMerchant {
        WeChatPayMerchant(appId: appId, mchId: mchId, merchantSerialNo: merchantSerial, merchantPrivateKey: try merchantPrivateKey(),
                          apiV3Key: try apiV3Key ?? Self.apiV3Key(), platformSerialNo: platformSerial,
                          platformPublicKey: try platformPublicKey(), notifyURL: "https://dj.example/api/v1/callbacks/wechatpay")
    }

    /// The Wechatpay-* headers (lower-cased) of a platform-signed body.
    static func headers(nonce: String, signatureFile: String, serial: String = platformSerial,
                        timestamp: String = "1800000000") throws -> [String: String] {
        ["wechatpay-serial": serial, "wechatpay-signature": try Vectors.text(signatureFile), "wechatpay-timestamp": timestamp,
         "wechatpay-nonce": nonce]
    }
}

/// Signatures and request shapes against the openssl-made vectors.
final class WeChatPaySignatureTests: XCTestCase {
    let now = WeChatVectors.signedAt

    /// 签名生成's own example: GET /v3/certificates, empty body, five lines each ending in \n.
    func testDocumentedRequestMessageAndOpenSSLSignature() throws {
        let message = WeChatPaySignature.requestMessage(method: "GET", path: "/v3/certificates", timestamp: "1554208460",
                                                        nonce: "593BEC0C930BF1AFEB40B4A08C8FB242", body: "")
        XCTAssertEqual(message, "GET\n/v3/certificates\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n\n")
        XCTAssertEqual(message, try WeChatVectors.raw("wechatpay-doc-request-message.txt"))
        // PKCS#1 v1.5 is deterministic: byte for byte openssl's.
        let signature = try Vectors.text("wechatpay-doc-request-message.sig.b64")
        XCTAssertEqual(try WeChatPaySignature.sign(message, with: try WeChatVectors.merchantPrivateKey()), signature)
        XCTAssertTrue(WeChatPaySignature.isValid(signature, message: message, key: try WeChatVectors.merchantPublicKey()))
        XCTAssertFalse(WeChatPaySignature.isValid(signature, message: message.replacingOccurrences(of: "GET", with: "PUT"),
                                                  key: try WeChatVectors.merchantPublicKey()))
        XCTAssertFalse(WeChatPaySignature.isValid("not base64!", message: message, key: try WeChatVectors.merchantPublicKey()))
    }

    func testNativeOrderBodyAndAuthorizationMatchOpenSSL() throws {
        let request = try WeChatVectors.merchant().requests.native(
            orderId: WeChatVectors.orderId, totalFen: 4505, description: "党费", expiresAt: now.addingTimeInterval(900), now: now,
            nonce: "593BEC0C930BF1AFEB40B4A08C8FB242")
        XCTAssertEqual(request.method, "POST")
        XCTAssertEqual(request.path, "/v3/pay/transactions/native")
        XCTAssertEqual(String(decoding: request.body, as: UTF8.self), try WeChatVectors.raw("wechatpay-native-body.json"))
        XCTAssertEqual(request.headers["Content-Type"], "application/json")
        XCTAssertEqual(request.url(gatewayURL: "https://api.mch.weixin.qq.com")?.absoluteString,
                       "https://api.mch.weixin.qq.com/v3/pay/transactions/native")
        let authorization = try XCTUnwrap(request.headers["Authorization"])
        XCTAssertTrue(authorization.hasPrefix("WECHATPAY2-SHA256-RSA2048 mchid=\"1230000109\",nonce_str=\""), authorization)
        let fields = try XCTUnwrap(WeChatPaySignature.authorizationFields(authorization))
        XCTAssertEqual(fields["mchid"], WeChatVectors.mchId)
        XCTAssertEqual(fields["serial_no"], WeChatVectors.merchantSerial)
        XCTAssertEqual(fields["timestamp"], "1800000000")
        XCTAssertEqual(fields["nonce_str"], "593BEC0C930BF1AFEB40B4A08C8FB242")
        XCTAssertEqual(fields["signature"], try Vectors.text("wechatpay-native-message.sig.b64"))
        XCTAssertTrue(WeChatPaySignature.isValid(try XCTUnwrap(fields["signature"]), message: try WeChatVectors.raw("wechatpay-native-message.txt"),
                                                 key: try WeChatVectors.merchantPublicKey()))
    }

    func testJSAPIOrderCarriesTheOpenidAndItsClientParametersMatchOpenSSL() throws {
        let requests = try WeChatVectors.merchant().requests
        let request = try requests.jsapi(orderId: WeChatVectors.orderId, totalFen: 3000, description: "党费", openid: "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o",
                                         expiresAt: now.addingTimeInterval(900), now: now)
        XCTAssertEqual(request.path, "/v3/pay/transactions/jsapi")
        let body = try XCTUnwrap(JSONSerialization.jsonObject(with: request.body) as? [String: Any])
        XCTAssertEqual((body["payer"] as? [String: Any])?["openid"] as? String, "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o")
        XCTAssertEqual((body["amount"] as? [String: Any])?["total"] as? Int, 3000)
        XCTAssertEqual(body["time_expire"] as? String, "2027-01-15T16:15:00+08:00")
        let fields = try XCTUnwrap(WeChatPaySignature.authorizationFields(try XCTUnwrap(request.headers["Authorization"])))
        let message = WeChatPaySignature.requestMessage(method: "POST", path: request.path, timestamp: "1800000000",
                                                        nonce: try XCTUnwrap(fields["nonce_str"]), body: String(decoding: request.body, as: UTF8.self))
        XCTAssertTrue(WeChatPaySignature.isValid(try XCTUnwrap(fields["signature"]), message: message, key: try WeChatVectors.merchantPublicKey()))

        let client = try requests.jsapiParameters(prepayId: "wx201410272009395522657a690389285100", now: now,
                                                  nonce: "5K8264ILTKCH16CQ2502SI8ZNMTM67VS")
        XCTAssertEqual(client.appId, WeChatVectors.appId)
        XCTAssertEqual(client.timeStamp, "1800000000")
        XCTAssertEqual(client.package, "prepay_id=wx201410272009395522657a690389285100")
        XCTAssertEqual(client.signType, "RSA")
        XCTAssertEqual(WeChatPaySignature.jsapiMessage(appId: client.appId, timeStamp: client.timeStamp, nonceStr: client.nonceStr,
                                                       package: client.package), try WeChatVectors.raw("wechatpay-jsapi-message.txt"))
        XCTAssertEqual(client.paySign, try Vectors.text("wechatpay-jsapi-message.sig.b64"))
    }

    func testQuerySignsThePathWithItsQueryAndAnEmptyBody() throws {
        let request = try WeChatVectors.merchant().requests.query(orderId: WeChatVectors.orderId, now: now, nonce: "N0NCE")
        XCTAssertEqual(request.method, "GET")
        XCTAssertEqual(request.path, "/v3/pay/transactions/out-trade-no/po0123456789abcdef0123456789abcd?mchid=1230000109")
        XCTAssertTrue(request.body.isEmpty)
        XCTAssertNil(request.headers["Content-Type"])
        let fields = try XCTUnwrap(WeChatPaySignature.authorizationFields(try XCTUnwrap(request.headers["Authorization"])))
        let message = "GET\n/v3/pay/transactions/out-trade-no/po0123456789abcdef0123456789abcd?mchid=1230000109\n1800000000\nN0NCE\n\n"
        XCTAssertTrue(WeChatPaySignature.isValid(try XCTUnwrap(fields["signature"]), message: message, key: try WeChatVectors.merchantPublicKey()))
    }

    func testRefundCarriesOutRefundNoAndFen() throws {
        let requests = try WeChatVectors.merchant().requests
        let request = try requests.refund(orderId: WeChatVectors.orderId, refundId: "rf-1", refundFen: 1500, totalFen: 4505,
                                          reason: "该月已线下交纳", now: now)
        XCTAssertEqual(request.path, "/v3/refund/domestic/refunds")
        let body = try XCTUnwrap(JSONSerialization.jsonObject(with: request.body) as? [String: Any])
        XCTAssertEqual(body["out_refund_no"] as? String, "rf-1")
        XCTAssertEqual(body["out_trade_no"] as? String, WeChatVectors.orderId)
        let amount = try XCTUnwrap(body["amount"] as? [String: Any])
        XCTAssertEqual(amount["refund"] as? Int, 1500)
        XCTAssertEqual(amount["total"] as? Int, 4505)
        XCTAssertEqual(amount["currency"] as? String, "CNY")
        XCTAssertThrowsError(try requests.refund(orderId: WeChatVectors.orderId, refundId: "rf-2", refundFen: 4506, totalFen: 4505,
                                                 reason: "", now: now))
        XCTAssertThrowsError(try requests.refund(orderId: WeChatVectors.orderId, refundId: "退款", refundFen: 1, totalFen: 4505,
                                                 reason: "", now: now))
    }

    /// out_trade_no is 6–32 of WeChat's characters: a longer id is refused here, not by WeChat later.
    func testOrderIdsWeChatWouldRefuseAreRefusedHere() throws {
        let requests = try WeChatVectors.merchant().requests
        let long = "po" + String(repeating: "0", count: 32)
        XCTAssertThrowsError(try requests.native(orderId: long, totalFen: 1, description: "党费", expiresAt: now, now: now)) {
            XCTAssertEqual($0 as? WeChatPayRequests.RequestError, .outTradeNo(long))
        }
        XCTAssertThrowsError(try requests.query(orderId: "po 1234", now: now))
        XCTAssertThrowsError(try requests.native(orderId: WeChatVectors.orderId, totalFen: 0, description: "党费", expiresAt: now, now: now))
    }

    func testSignedHeadersOfANotification() throws {
        let body = try Vectors.text("wechatpay-notify-body.json")
        let key = try WeChatVectors.platformPublicKey()
        func verify(_ headers: [String: String], _ body: String, at seconds: TimeInterval = 1_800_000_010) -> WeChatPaySignature.HeaderFailure? {
            WeChatPaySignature.verify(headers: headers, body: body, serialNo: WeChatVectors.platformSerial, key: key,
                                      now: Date(timeIntervalSince1970: seconds))
        }
        let good = try WeChatVectors.headers(nonce: "c5ac7061fccab6bf3e254dcf98995b8c", signatureFile: "wechatpay-notify-body-message.sig.b64")
        XCTAssertEqual(WeChatPaySignature.replyMessage(timestamp: "1800000000", nonce: "c5ac7061fccab6bf3e254dcf98995b8c", body: body),
                       try WeChatVectors.raw("wechatpay-notify-body-message.txt"))
        XCTAssertNil(verify(good, body))
        XCTAssertNil(verify(good, body, at: 1_800_000_300), "five minutes is still fresh")
        XCTAssertEqual(verify(good, body, at: 1_800_000_301), .timestamp)
        XCTAssertEqual(verify(good, body, at: 1_799_999_699), .timestamp, "from the future too")
        XCTAssertEqual(verify(good, body.replacingOccurrences(of: "EV-2018022511223320873", with: "EV-2018022511223320874")), .signature)
        var other = good
        other["wechatpay-serial"] = "7132D72A03E93CDDF8C03BBD1F37EEDF"
        XCTAssertEqual(verify(other, body), .serial)
        other = good
        other["wechatpay-timestamp"] = "1800000001"
        XCTAssertEqual(verify(other, body), .signature, "the timestamp is signed")
        other = good
        other["wechatpay-nonce"] = nil
        XCTAssertEqual(verify(other, body), .headers)
    }

    func testSettingsDecodeWithEveryKeyOptional() throws {
        let empty = try JSONDecoder().decode(WeChatPaySettings.self, from: Data("{}".utf8))
        XCTAssertEqual(empty, WeChatPaySettings())
        XCTAssertEqual(empty.gatewayURL, "https://api.mch.weixin.qq.com")
        XCTAssertFalse(empty.isConfigured)
        XCTAssertThrowsError(try WeChatPayMerchant(settings: empty))

        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wechatpay-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let keyPath = dir.appendingPathComponent("apiclient_key.pem").path
        try Vectors.text("wechatpay-merchant-private.pem").write(toFile: keyPath, atomically: true, encoding: .utf8)
        let json: [String: Any] = [
            "appId": WeChatVectors.appId, "mchId": WeChatVectors.mchId, "merchantSerialNo": WeChatVectors.merchantSerial,
            "merchantPrivateKeyPath": keyPath, "apiV3Key": try Vectors.text("wechatpay-apiv3-key.txt"),
            "platformSerialNo": WeChatVectors.platformSerial, "platformPublicKeyPEM": try Vectors.text("wechatpay-platform-public.pem"),
            "notifyURL": "https://dj.example/api/v1/callbacks/wechatpay",
        ]
        var settings = try JSONDecoder().decode(WeChatPaySettings.self, from: JSONSerialization.data(withJSONObject: json))
        XCTAssertTrue(settings.isConfigured)
        let merchant = try WeChatPayMerchant(settings: settings)
        XCTAssertEqual(merchant.mchId, WeChatVectors.mchId)
        XCTAssertEqual(merchant.gatewayURL, "https://api.mch.weixin.qq.com")
        XCTAssertEqual(try JSONDecoder().decode(WeChatPaySettings.self, from: JSONEncoder().encode(settings)), settings)
        settings.apiV3Key = "too short"
        XCTAssertFalse(settings.isConfigured, "the APIv3 key is 32 bytes")
    }
}
