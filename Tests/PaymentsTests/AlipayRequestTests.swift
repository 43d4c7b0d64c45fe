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
        XCTAssertTrue(AlipaySignature.isValid(fields, key: try Vectors.publicKey()))
    }

    func testRefundCarriesOutRequestNo() throws {
        let fields = try requests().refund(orderId: "o-1", refundId: "r-1", amountFen: 1500, reason: "该月已线下交纳", now: now)
        XCTAssertNil(fields["notify_url"])
        let biz = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(try XCTUnwrap(fields["biz_content"]).utf8)) as? [String: String])
        XCTAssertEqual(biz["out_request_no"], "r-1")
        XCTAssertEqual(biz["refund_amount"], "15.00")
        XCTAssertTrue(AlipaySignature.isValid(fields, key: try Vectors.publicKey()))
    }
}
