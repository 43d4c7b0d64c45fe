import CryptoExtras
import Foundation
import Payments
import XCTest

/// The openssl-made UnionPay vectors (Fixtures/unionpay-make.sh): merId 777290058110048, order
/// po0123456789abcdef0123456789abcd, 4505 fen, txnTime 20270115160000 (Unix 1800000000, Beijing).
enum UnionPayVectors {
    static let merId = "777290058110048"
    static let orderId = "po0123456789abcdef0123456789abcd"
    static let txnTime = Date(timeIntervalSince1970: 1_800_000_000)

    static func merchantKey() throws -> _RSA.Signing.PrivateKey {
        try _RSA.Signing.PrivateKey(pemRepresentation: Vectors.text("unionpay-merchant-private.pem"))
    }

    static func platformPublicKey() throws -> _RSA.Signing.PublicKey {
        try _RSA.Signing.PublicKey(pemRepresentation: Vectors.text("unionpay-platform-public.pem"))
    }

    /// One `name=value` a line (values may hold `=`).
    static func lines(_ name: String) throws -> [String: String] {
        var out: [String: String] = [:]
        for line in try Vectors.text(name).split(separator: "\n") {
            let kv = line.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            out[String(kv[0])] = String(kv[1])
        }
        return out
    }

    static func merchant(unionPayKey: _RSA.Signing.PublicKey? = nil, gatewayURL: String = "https://gateway.95516.com") throws -> UnionPayMerchant {
        UnionPayMerchant(merId: merId, certId: "68759585097", merchantPrivateKey: try merchantKey(),
                         unionPayPublicKey: try unionPayKey ?? platformPublicKey(),
                         backUrl: "https://dj.example/api/v1/callbacks/unionpay", frontUrl: "https://dj.example/pay/" + orderId,
                         gatewayURL: gatewayURL)
    }
}

final class UnionPaySignatureTests: XCTestCase {
    /// Our consume form is exactly the documented-shape fields, and its signature is openssl's over the
    /// hex SHA-256 of their sorted string (RSA PKCS#1 v1.5 is deterministic).
    func testConsumeFormMatchesTheOpensslVector() throws {
        let fields = try UnionPayVectors.merchant().requests.consume(orderId: UnionPayVectors.orderId, totalFen: 4505,
                                                                     txnTime: UnionPayVectors.txnTime,
                                                                     expiresAt: UnionPayVectors.txnTime.addingTimeInterval(900))
        var expected = try UnionPayVectors.lines("unionpay-consume-form.txt")
        XCTAssertEqual(UnionPaySignature.canonical(fields), try Vectors.text("unionpay-consume-canonical.txt"))
        XCTAssertEqual(UnionPaySignature.digestHex(fields), try Vectors.text("unionpay-consume-digest.txt"))
        expected["signature"] = try Vectors.text("unionpay-consume.sig.b64")
        XCTAssertEqual(fields, expected)
    }

    func testNotificationVerifiesOnlyWithUnionPaysKey() throws {
        let form = try XCTUnwrap(FormEncoding.decode(Vectors.text("unionpay-notify-body.txt")))
        XCTAssertEqual(UnionPaySignature.canonical(form), try Vectors.text("unionpay-notify-canonical.txt"))
        XCTAssertEqual(UnionPaySignature.digestHex(form), try Vectors.text("unionpay-notify-digest.txt"))
        XCTAssertTrue(UnionPaySignature.isValid(form, key: try UnionPayVectors.platformPublicKey()))
        XCTAssertFalse(UnionPaySignature.isValid(form, key: try UnionPayVectors.merchantKey().publicKey), "another key")
        var tampered = form
        tampered["txnAmt"] = "4504"
        XCTAssertFalse(UnionPaySignature.isValid(tampered, key: try UnionPayVectors.platformPublicKey()))
        var otherMethod = form
        otherMethod["signMethod"] = "11"
        XCTAssertFalse(UnionPaySignature.isValid(otherMethod, key: try UnionPayVectors.platformPublicKey()))
        var unsigned = form
        unsigned["signature"] = nil
        XCTAssertFalse(UnionPaySignature.isValid(unsigned, key: try UnionPayVectors.platformPublicKey()))
    }

    /// A back answer is raw `k=v&…` (base64 keeps its `+`), verified like a notification.
    func testQueryAnswerIsReadRaw() throws {
        let answer = try XCTUnwrap(UnionPayText.answerFields(Vectors.text("unionpay-query-reply.txt")))
        XCTAssertEqual(answer["signature"], try Vectors.text("unionpay-query-reply.sig.b64"))
        XCTAssertEqual(answer["origRespMsg"], "成功[0000000]")
        XCTAssertTrue(UnionPaySignature.isValid(answer, key: try UnionPayVectors.platformPublicKey()))
        XCTAssertNil(UnionPayText.answerFields("a=1&a=2"), "a repeated name is refused")
    }

    func testTextShapes() {
        XCTAssertEqual(UnionPayText.beijing(UnionPayVectors.txnTime), "20270115160000")
        XCTAssertEqual(UnionPayText.fen("4505"), 4505)
        XCTAssertNil(UnionPayText.fen("45.05"))
        XCTAssertNil(UnionPayText.fen("-1"))
        XCTAssertNil(UnionPayText.fen(""))
        XCTAssertEqual(UnionPayText.orderId("po0123456789abcdef0123456789abcd-r1"), "po0123456789abcdef0123456789abcdr1")
        XCTAssertEqual(RefundReasons.text(forDuesCode: UnionPayCards.creditCardCode), "党费不接受信用卡交纳，请使用借记卡")
        XCTAssertNotEqual(RefundReasons.text(forDuesCode: "dues.reservation_expired"), RefundReasons.text(forDuesCode: UnionPayCards.creditCardCode))
    }

    func testSettingsDecodeWithMissingKeys() throws {
        let s = try JSONDecoder().decode(UnionPaySettings.self, from: Data(#"{"merId":"777290058110048"}"#.utf8))
        XCTAssertEqual(s.merId, "777290058110048")
        XCTAssertEqual(s.gatewayURL, "https://gateway.95516.com")
        XCTAssertEqual(s.channelType, "07")
        XCTAssertFalse(s.isConfigured)
        XCTAssertThrowsError(try UnionPayMerchant(settings: s))
        let m = try UnionPayVectors.merchant()
        XCTAssertEqual(m.frontTransURL, "https://gateway.95516.com/gateway/api/frontTransReq.do")
        XCTAssertEqual(m.queryURL, "https://gateway.95516.com/gateway/api/queryTrans.do")
        XCTAssertEqual(m.backTransURL, "https://gateway.95516.com/gateway/api/backTransReq.do")
    }
}
