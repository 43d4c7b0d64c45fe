import CryptoExtras
import Foundation
import Payments
import ProviderSimulatorCore
import Schema
import XCTest
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The Alipay client against the provider simulator over real HTTP: signed requests the simulator
/// verifies with the merchant's public key, answers we verify with Alipay's (fixture keys made
/// with openssl, Fixtures/README.md).
final class AlipayGatewayTests: XCTestCase {
    var sim: ProviderSimulator!
    var base = ""
    var gateway: AlipayGateway!

    override func setUp() async throws {
        var config = SimConfig()
        config.port = 0
        config.alipay.alipayPrivateKeyPEM = try Vectors.text("alipay-test-private.pem")
        config.alipay.merchantPublicKeyPEM = try Vectors.text("merchant-test-public.pem")
        sim = try ProviderSimulator(config: config)
        let port = try await sim.start()
        base = "http://127.0.0.1:\(port)"
        let requests = AlipayRequests(appId: config.alipay.appId, notifyURL: "http://127.0.0.1:9/notify",
                                      privateKey: try _RSA.Signing.PrivateKey(pemRepresentation: Vectors.text("merchant-test-private.pem")))
        gateway = AlipayGateway(url: base + "/gateway.do", requests: requests, alipayPublicKey: try Vectors.publicKey())
    }

    override func tearDown() async throws {
        await sim.stop()
    }

    func control(_ path: String) async throws -> [String: Any] {
        let (data, _) = try await URLSession.shared.data(from: URL(string: base + path)!)
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    func trade(_ orderId: String) async throws -> [String: Any]? {
        let list = try await control("/_sim/alipay/trades")["trades"] as? [[String: Any]] ?? []
        return list.first { $0["out_trade_no"] as? String == orderId }
    }

    func testPrecreateQueryPayAndRefundOnce() async throws {
        let expires = Date().addingTimeInterval(900)
        let qr = try await gateway.start(orderId: "po-1", totalFen: 12345, subject: "党费 2026-11", expiresAt: expires)
        XCTAssertTrue(qr.hasPrefix("https://qr.alipay.com/"), qr)
        let placed = try await trade("po-1")
        XCTAssertEqual(placed?["total_amount"] as? String, "123.45", "fen leave as a yuan string with two places")

        let before = try await gateway.query(orderId: "po-1")
        XCTAssertEqual(before?.paid, false)
        XCTAssertEqual(before?.state, "WAIT_BUYER_PAY")

        _ = try await control("/_sim/alipay/pay?out_trade_no=po-1")
        let after = try await gateway.query(orderId: "po-1")
        XCTAssertEqual(after?.paid, true)
        XCTAssertEqual(after?.totalFen, 12345)
        XCTAssertNotNil(after?.tradeNo)

        // The same out_request_no twice: refunded once.
        try await gateway.refund(orderId: "po-1", requestNo: "po-1-r1", amountFen: 12345, reason: "测试")
        try await gateway.refund(orderId: "po-1", requestNo: "po-1-r1", amountFen: 12345, reason: "测试")
        let refunded = try await trade("po-1")
        XCTAssertEqual(refunded?["refund_fee"] as? String, "123.45")
        XCTAssertEqual(refunded?["refunds"] as? Int, 1)
    }

    func testUnknownTradeIsNil() async throws {
        let trade = try await gateway.query(orderId: "never-placed")
        XCTAssertNil(trade)
    }

    func testRefundOfAnUnpaidTradeFails() async throws {
        _ = try await gateway.start(orderId: "po-2", totalFen: 100, subject: "党费", expiresAt: Date().addingTimeInterval(900))
        do throws(ErrorBody) {
            try await gateway.refund(orderId: "po-2", requestNo: "po-2-r1", amountFen: 100, reason: "测试")
            XCTFail("an unpaid trade cannot be refunded")
        } catch {
            XCTAssertEqual(error.code, ErrorCode.paymentsProviderFailed)
            XCTAssertEqual(error.details["reason"], "ACQ.TRADE_STATUS_ERROR")
        }
    }

    /// A request signed with another key is refused by the gateway: the client reports the provider's refusal.
    func testRequestWithAnotherKeyIsRefused() async throws {
        let stranger = AlipayRequests(appId: "2021000000000001", notifyURL: "http://127.0.0.1:9/notify",
                                      privateKey: try _RSA.Signing.PrivateKey(keySize: .bits2048))
        let other = AlipayGateway(url: base + "/gateway.do", requests: stranger, alipayPublicKey: try Vectors.publicKey())
        do throws(ErrorBody) {
            _ = try await other.start(orderId: "po-3", totalFen: 100, subject: "党费", expiresAt: Date().addingTimeInterval(900))
            XCTFail("refused")
        } catch {
            XCTAssertEqual(error.details["reason"], "isv.invalid-signature")
        }
    }

    /// An answer is believed only with Alipay's signature over the response object's exact text.
    func testResponseSignatureCoversTheObjectAsSent() throws {
        let inner = #"{"code":"10000","msg":"Success","out_trade_no":"po-9","qr_code":"https://qr.alipay.com/x"}"#
        let signature = try Vectors.privateKey().signature(for: Data(inner.utf8), padding: .insecurePKCS1v1_5)
            .rawRepresentation.base64EncodedString()
        let key = "alipay_trade_precreate_response"
        let good = "{\"\(key)\":\(inner),\"sign\":\"\(signature)\"}"
        XCTAssertEqual(AlipayResponse.signedText(good, key: key), inner)
        XCTAssertEqual(AlipayResponse.verified(good, key: key, publicKey: try Vectors.publicKey())?["qr_code"] as? String,
                       "https://qr.alipay.com/x")
        let tampered = good.replacingOccurrences(of: "po-9", with: "po-8")
        XCTAssertNil(AlipayResponse.verified(tampered, key: key, publicKey: try Vectors.publicKey()))
        let unsigned = "{\"\(key)\":\(inner)}"
        XCTAssertNil(AlipayResponse.verified(unsigned, key: key, publicKey: try Vectors.publicKey()))
    }
}
