import CryptoExtras
import Foundation
import Payments
import ProviderSimulatorCore
import Schema
import XCTest
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The UnionPay client against the provider simulator over real HTTP: requests the simulator verifies
/// with the merchant's public key, answers we verify with UnionPay's (fixture keys, Fixtures/README.md).
final class UnionPayGatewayTests: XCTestCase {
    var sim: ProviderSimulator!
    var base = ""
    var gateway: UnionPayGateway!
    /// Orders' creation times (the consume's txnTime), as the service would read them from its store.
    static let created = Date(timeIntervalSince1970: 1_800_000_000)

    override func setUp() async throws {
        var config = SimConfig()
        config.port = 0
        config.unionpay.merId = UnionPayVectors.merId
        config.unionpay.privateKeyPEM = try Vectors.text("unionpay-platform-private.pem")
        config.unionpay.merchantPublicKeyPEM = try Vectors.text("unionpay-merchant-public.pem")
        sim = try ProviderSimulator(config: config)
        let port = try await sim.start()
        base = "http://127.0.0.1:\(port)"
        gateway = UnionPayGateway(channel: .alipay, merchant: try merchant(), txnTime: Self.txnTime)
    }

    /// Known orders start with "po"; any other id is not ours.
    static func txnTime(_ orderId: String) async -> Date? { orderId.hasPrefix("po") ? created : nil }

    func merchant(key: _RSA.Signing.PrivateKey? = nil) throws -> UnionPayMerchant {
        var m = try UnionPayVectors.merchant(gatewayURL: base)
        m.backUrl = "http://127.0.0.1:9/notify"
        if let key { m.merchantPrivateKey = key }
        return m
    }

    override func tearDown() async throws {
        await sim.stop()
    }

    func get(_ url: String) async throws -> (Int, String) {
        let (data, response) = try await URLSession.shared.data(from: URL(string: url)!)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    func trade(_ orderId: String) async throws -> [String: Any]? {
        let (_, text) = try await get(base + "/_sim/unionpay/trades")
        let list = (try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])?["trades"] as? [[String: Any]] ?? []
        return list.first { $0["orderId"] as? String == orderId }
    }

    /// start gives the link the payer opens; the cashier page places the trade; query, pay, refund once.
    func testFrontConsumeQueryPayAndRefundOnce() async throws {
        let id = "po0000000000000000000000000000a1"
        let url = try await gateway.start(orderId: id, totalFen: 4505, subject: "党费", expiresAt: Self.created.addingTimeInterval(900))
        XCTAssertTrue(url.hasPrefix(base + "/gateway/api/frontTransReq.do?"), url)
        let unknown = try await gateway.query(orderId: id)
        XCTAssertNil(unknown, "nothing at UnionPay until the browser goes there")

        let (status, page) = try await get(url)
        XCTAssertEqual(status, 200, page)
        XCTAssertTrue(page.contains(id) && page.contains("45.05"), page)
        let placed = try await gateway.query(orderId: id)
        XCTAssertEqual(placed?.paid, false)

        let (_, paid) = try await get(base + "/_sim/unionpay/pay?orderId=\(id)&card=debit")
        XCTAssertTrue(paid.contains("\"payCardType\":\"01\""), paid)
        let after = try await gateway.queried(orderId: id)
        XCTAssertEqual(after?.paid, true)
        XCTAssertEqual(after?.totalFen, 4505)
        XCTAssertEqual(after?.payCardType, "01")
        XCTAssertNotNil(after?.queryId)

        // The same refund orderId twice: refunded once.
        try await gateway.refund(orderId: id, requestNo: id + "-r1", amountFen: 4505, reason: "测试")
        try await gateway.refund(orderId: id, requestNo: id + "-r1", amountFen: 4505, reason: "测试")
        let refunded = try await trade(id)
        XCTAssertEqual(refunded?["refunded"] as? Int, 4505)
        XCTAssertEqual(refunded?["refunds"] as? Int, 1)
    }

    func testCreditCardShowsInTheQuery() async throws {
        let id = "po0000000000000000000000000000a2"
        let form = try await gateway.form(orderId: id, totalFen: 100, expiresAt: Self.created.addingTimeInterval(900))
        XCTAssertTrue(form.html.contains("frontTransReq.do") && form.html.contains(id))
        _ = try await get(form.url)
        _ = try await get(base + "/_sim/unionpay/pay?orderId=\(id)&card=credit")
        let q = try await gateway.queried(orderId: id)
        XCTAssertEqual(q?.payCardType, "02")
        XCTAssertEqual(q?.paid, true)
    }

    func testRefundOfAnUnpaidTradeFails() async throws {
        let id = "po0000000000000000000000000000a3"
        _ = try await get(try await gateway.start(orderId: id, totalFen: 100, subject: "党费", expiresAt: Self.created.addingTimeInterval(900)))
        do throws(ErrorBody) {
            try await gateway.refund(orderId: id, requestNo: id + "-r1", amountFen: 100, reason: "测试")
            XCTFail("an unpaid trade cannot be refunded")
        } catch {
            XCTAssertEqual(error.code, ErrorCode.paymentsProviderFailed)
            XCTAssertEqual(error.details["reason"], "not_paid")
        }
    }

    /// A request signed with another key is refused (respCode 11); so is the page for the browser.
    func testRequestWithAnotherKeyIsRefused() async throws {
        let other = UnionPayGateway(channel: .alipay, merchant: try merchant(key: _RSA.Signing.PrivateKey(keySize: .bits2048)),
                                    txnTime: Self.txnTime)
        do throws(ErrorBody) {
            _ = try await other.query(orderId: "po0000000000000000000000000000a4")
            XCTFail("refused")
        } catch {
            XCTAssertEqual(error.details["reason"], "11")
        }
        let (status, _) = try await get(try await other.start(orderId: "po0000000000000000000000000000a4", totalFen: 100, subject: "党费",
                                                              expiresAt: Self.created.addingTimeInterval(900)))
        XCTAssertEqual(status, 400)
    }

    /// An answer signed by another key than the configured UnionPay key is not believed.
    func testAnswerWithAnotherKeyIsNotBelieved() async throws {
        var m = try merchant()
        m.unionPayPublicKey = try UnionPayVectors.merchantKey().publicKey
        let doubting = UnionPayGateway(channel: .alipay, merchant: m, txnTime: Self.txnTime)
        do throws(ErrorBody) {
            _ = try await doubting.query(orderId: "po0000000000000000000000000000a5")
            XCTFail("not believed")
        } catch {
            XCTAssertEqual(error.details["reason"], "response_signature")
        }
    }
}
