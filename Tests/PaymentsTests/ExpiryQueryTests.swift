import Foundation
import GRDB
@testable import Payments
import Schema
import XCTest

/// An order the payer was shown a code for is not expired on our clock alone: the provider is asked
/// once more (its own limit, time_expire or payTimeout, has passed, so its answer is final).
final class ExpiryQueryTests: XCTestCase {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    /// A provider whose answers the test sets, counting the questions.
    final class ScriptedProvider: PaymentProvider, @unchecked Sendable {
        let channel = PaymentChannel.alipay
        var answers: [String: Result<ProviderTrade?, ErrorBody>] = [:]
        var asked: [String] = []
        func start(orderId: String, totalFen: Int64, subject: String, expiresAt: Date) async throws(ErrorBody) -> String { "qr" }
        func query(orderId: String) async throws(ErrorBody) -> ProviderTrade? {
            asked.append(orderId)
            return try (answers[orderId] ?? .success(nil)).get()
        }
        func refund(orderId: String, requestNo: String, amountFen: Int64, reason: String) async throws(ErrorBody) {}
    }

    func order(_ fixture: TemporaryPaymentsStore, _ id: String, placed: Bool) throws {
        try fixture.store.writeSync { db in
            try Orders.insert(db, id: id, payer: "m1", channel: "alipay",
                              lines: [OrderLine(memberId: "m1", month: "2026-10", amountFen: 1500)],
                              remark: nil, expiresAt: now.addingTimeInterval(-1), now: now.addingTimeInterval(-900))
            if placed { try db.execute(sql: "UPDATE payment_order SET qrCode = 'https://qr.alipay.com/x' WHERE id = ?", arguments: [id]) }
        }
    }

    func status(_ fixture: TemporaryPaymentsStore, _ id: String) throws -> String? {
        try fixture.store.readSync { db in try String.fetchOne(db, sql: "SELECT status FROM payment_order WHERE id = ?", arguments: [id]) }
    }

    func testThePaidAreAppliedTheUnpaidExpiredTheUnansweredKeptOpen() async throws {
        let fixture = try TemporaryPaymentsStore()
        try order(fixture, "paid-late", placed: true)
        try order(fixture, "unpaid", placed: true)
        try order(fixture, "silent", placed: true)
        try order(fixture, "never-shown", placed: false)
        let provider = ScriptedProvider()
        provider.answers["paid-late"] = .success(ProviderTrade(paid: true, state: "TRADE_SUCCESS", tradeNo: "2026x", totalFen: 1500))
        provider.answers["unpaid"] = .success(ProviderTrade(paid: false, state: "TRADE_CLOSED", tradeNo: nil, totalFen: 1500))
        provider.answers["silent"] = .failure(ErrorBody.make(ErrorCode.paymentsProviderFailed))
        let followUp = ProviderFollowUp(store: fixture.store, providers: [.alipay: provider])

        let paid = await followUp.expireDue(now: now)
        XCTAssertEqual(paid, ["paid-late"], "the caller confirms these in dues")
        XCTAssertEqual(try status(fixture, "paid-late"), "paid")
        XCTAssertEqual(try status(fixture, "unpaid"), "expired")
        XCTAssertEqual(try status(fixture, "silent"), "open", "no answer: kept until the provider can say")
        XCTAssertEqual(try status(fixture, "never-shown"), "expired")
        XCTAssertEqual(Set(provider.asked), ["paid-late", "unpaid", "silent"], "an order never shown to the payer is not asked about")

        // Next sweep: the provider answers now.
        provider.answers["silent"] = .success(nil)
        let second = await followUp.expireDue(now: now)
        XCTAssertEqual(second, [])
        XCTAssertEqual(try status(fixture, "silent"), "expired")
        XCTAssertEqual(try status(fixture, "paid-late"), "paid", "a paid order is never expired afterwards")
    }
}
