import Foundation
import Payments
import XCTest

final class AlipayRequestTests: XCTestCase {
    let now = Date(timeIntervalSince1970: 1_800_000_000)   // 2027-01-15 08:00:00 UTC = 16:00:00 Beijing

    func requests() throws -> AlipayRequests {
        AlipayRequests(appId: "2014072300007148", notifyURL: "https://dj.example/api/v1/payments/notify/alipay",
                       privateKey: try Vectors.privateKey())
    }

    func testPrecreateIsSignedWithYuanAndDebitOnly() throws {
        let fields = try requests().precreate(orderId: "o-1", totalFen: 4505, subject: "党费", expiresAt: now.addingTimeInterval(900), now: now)
        XCTAssertEqual(fields["method"], "alipay.trade.precreate")
        XCTAssertEqual(fields["sign_type"], "RSA2")
        XCTAssertEqual(fields["timestamp"], "2027-01-15 16:00:00")
        XCTAssertEqual(fields["notify_url"], "https://dj.example/api/v1/payments/notify/alipay")
        let biz = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(try XCTUnwrap(fields["biz_content"]).utf8)) as? [String: String])
        XCTAssertEqual(biz["total_amount"], "45.05")
        XCTAssertEqual(biz["disable_pay_channels"], "credit_group")
        XCTAssertEqual(biz["time_expire"], "2027-01-15 16:15:00")
        XCTAssertTrue(AlipaySignature.isValidRequest(fields, key: try Vectors.publicKey()))
    }

    func testRefundCarriesOutRequestNo() throws {
        let fields = try requests().refund(orderId: "o-1", refundId: "r-1", amountFen: 1500, reason: "该月已线下交纳", now: now)
        XCTAssertNil(fields["notify_url"])
        let biz = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(try XCTUnwrap(fields["biz_content"]).utf8)) as? [String: String])
        XCTAssertEqual(biz["out_request_no"], "r-1")
        XCTAssertEqual(biz["refund_amount"], "15.00")
        XCTAssertTrue(AlipaySignature.isValidRequest(fields, key: try Vectors.publicKey()))
    }
}

/// The request rule against an openssl-made vector: `sign_type` is signed, only `sign` is dropped.
final class AlipayRequestSignatureTests: XCTestCase {
    let fields = [
        "app_id": "2014072300007148", "method": "alipay.trade.precreate", "format": "json", "charset": "utf-8",
        "sign_type": "RSA2", "timestamp": "2014-07-24 03:07:50", "version": "1.0",
        "notify_url": "http://api.test.alipay.net/atinterface/receive_notify.htm",
        "biz_content": #"{"out_trade_no":"20150320010101001","total_amount":"88.88","subject":"Iphone6 16G","disable_pay_channels":"credit_group"}"#,
    ]

    func testRequestCanonicalKeepsSignType() throws {
        XCTAssertEqual(AlipaySignature.requestCanonical(fields), try Vectors.text("request-canonical.txt"))
    }

    func testOurRequestSignatureEqualsOpenSSLs() throws {
        XCTAssertEqual(try AlipaySignature.sign(fields, with: try Vectors.privateKey()), try Vectors.text("request-canonical.sig.b64"))
        var signed = fields
        signed["sign"] = try Vectors.text("request-canonical.sig.b64")
        XCTAssertTrue(AlipaySignature.isValidRequest(signed, key: try Vectors.publicKey()))
        signed["sign_type"] = "RSA"
        XCTAssertFalse(AlipaySignature.isValidRequest(signed, key: try Vectors.publicKey()))
    }
}
