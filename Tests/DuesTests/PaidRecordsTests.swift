import Dues
import GRDB
import Schema
import XCTest

/// `dues.payment.paid`: what dues records as paid per online payment, for payments' reconciliation.
final class PaidRecordsTests: XCTestCase {
    var f: DuesFixture!
    override func setUp() async throws { f = try DuesFixture() }

    func paid(_ query: PaidPaymentsQuery, by actor: Actor? = nil) throws -> [String: Int64] {
        let a = actor ?? f.payments
        let items = try f.read { db in try PaidRecords.query(db, query, by: a) }.items
        return Dictionary(uniqueKeysWithValues: items.map { ($0.paymentId, $0.paidFen) })
    }

    func testADaysOnlinePaymentsWithTheirMonthsCashAndReversalsLeftOut() throws {
        try f.setAndSubmit(DuesFixture.branchA, "2026-09", f.employed(["a1", "a2", "a3", "a4"], base: 300_000), at: DuesFixture.at(2026, 9, 16))
        try f.setAndSubmit(DuesFixture.branchC, "2026-09", f.employed(["c1", "c2", "c3"], base: 300_000), at: DuesFixture.at(2026, 9, 16))
        try f.openAndSubmitAll("2026-10", at: DuesFixture.at(2026, 10, 16), branches: [DuesFixture.branchA, DuesFixture.branchC])
        let s = f.settings
        let day = DuesFixture.at(2026, 10, 20, 10), nextDay = DuesFixture.at(2026, 10, 21, 9)
        func pay(_ id: String, _ member: String, _ months: [String], _ fen: Int64, at now: Date) throws {
            try f.write { db in
                _ = try Paying.reserve(db, ReservePaymentRequest(paymentId: id, payerMemberId: member,
                                                                 items: [PaymentItem(memberId: member, months: months)], amountFen: fen),
                                       by: self.f.payments, settings: s, now: now)
                _ = try Paying.confirm(db, PaymentRef(paymentId: id), by: self.f.payments, now: now)
            }
        }
        try pay("ord-a2", "a2", ["2026-09", "2026-10"], 3_000, at: day)
        try pay("ord-a3", "a3", ["2026-09"], 1_500, at: day)
        try pay("ord-c2", "c2", ["2026-09", "2026-10"], 3_000, at: nextDay)
        // Reserved, never confirmed: nothing paid.
        try f.write { db in
            _ = try Paying.reserve(db, ReservePaymentRequest(paymentId: "ord-c3", payerMemberId: "c3",
                                                             items: [PaymentItem(memberId: "c3", months: ["2026-09"])], amountFen: 1_500),
                                   by: self.f.payments, settings: s, now: day)
        }
        // Cash is the branch's record, not an online payment.
        try f.write { db in
            _ = try Paying.recordCash(db, CashRecordRequest(recordId: "cash-a4", memberId: "a4", months: ["2026-09"], amountFen: 1_500),
                                      by: self.f.adminA, settings: s, now: day)
        }
        XCTAssertEqual(try paid(PaidPaymentsQuery(day: "2026-10-20")), ["ord-a2": 3_000, "ord-a3": 1_500])
        XCTAssertEqual(try paid(PaidPaymentsQuery(day: "2026-10-21")), ["ord-c2": 3_000])
        // By id: the asked ones that paid months; unknown, unconfirmed and cash ids are absent.
        XCTAssertEqual(try paid(PaidPaymentsQuery(paymentIds: ["ord-c2", "ord-c3", "nope", "cash-a4"])), ["ord-c2": 3_000])
        XCTAssertEqual(try paid(PaidPaymentsQuery(day: "2026-10-20", paymentIds: ["ord-c2"])),
                       ["ord-a2": 3_000, "ord-a3": 1_500, "ord-c2": 3_000])
        // A reversed payment (refund) records nothing paid any more.
        try f.write { db in _ = try Paying.reverse(db, PaymentRef(paymentId: "ord-a3"), by: self.f.payments, now: nextDay) }
        XCTAssertEqual(try paid(PaidPaymentsQuery(day: "2026-10-20")), ["ord-a2": 3_000])
        // The day boundary is Beijing midnight: 2026-10-20 00:00 Beijing is 10-19 16:00 UTC.
        XCTAssertEqual(try paid(PaidPaymentsQuery(day: "2026-10-19")), [:])
    }

    func testOnlyServicesAskAndTheDayIsChecked() throws {
        XCTAssertThrowsCode(ErrorCode.duesForbidden, try self.paid(PaidPaymentsQuery(day: "2026-10-20"), by: self.f.city))
        XCTAssertThrowsCode(ErrorCode.duesForbidden, try self.paid(PaidPaymentsQuery(day: "2026-10-20"), by: self.f.member("a2")))
        for bad in ["2026-13-01", "2026-02-30", "20261020", "2026-1-20", ""] {
            XCTAssertThrowsCode(ErrorCode.duesDayInvalid, try self.paid(PaidPaymentsQuery(day: bad)))
        }
    }
}
