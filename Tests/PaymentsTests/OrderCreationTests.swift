import Payments
import Schema
import XCTest

final class OrderCreationTests: XCTestCase {
    /// Dues quotes per member, oldest first; the reservation names each member's months in that order.
    func testQuoteLinesBecomeOneItemPerMemberOldestFirst() {
        let lines = [MonthLine(memberId: "a", month: "2026-03", amountFen: 100, state: .overdue),
                     MonthLine(memberId: "a", month: "2026-04", amountFen: 100, state: .due),
                     MonthLine(memberId: "b", month: "2026-04", amountFen: 200, state: .due)]
        XCTAssertEqual(OrderCreation.items(from: lines), [PaymentItem(memberId: "a", months: ["2026-03", "2026-04"]),
                                                         PaymentItem(memberId: "b", months: ["2026-04"])])
        XCTAssertEqual(OrderCreation.items(from: []), [])
    }

    func testSettingsFileNamesOnlyWhatItChanges() throws {
        let settings = try JSONDecoder().decode(PaymentsSettings.self, from: Data(#"""
            {"idempotencyRetentionHours": 1, "factors": {"alipay": "none"}, "alipay": {"appId": "2021000000000001"}}
            """#.utf8))
        XCTAssertEqual(settings.idempotencyRetentionHours, 24, "never less than a day")
        XCTAssertEqual(settings.orderMinutes, 15)
        XCTAssertEqual(settings.factor(for: "alipay"), PaymentsSettings.Factor.none)
        XCTAssertEqual(settings.factor(for: "wechat"), .sms)
        XCTAssertEqual(settings.alipay.appId, "2021000000000001")
        XCTAssertFalse(settings.alipay.isConfigured)
    }
}
