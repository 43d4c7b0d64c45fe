import Dues
import GRDB
import Schema
import XCTest

/// `dues.member.paid_through`: 党费交到 for transfers' 介绍信.
final class PaidThroughTests: XCTestCase {
    var f: DuesFixture!
    override func setUp() async throws { f = try DuesFixture() }

    func through(_ member: String, by actor: Actor? = nil) throws -> String? {
        let a = actor ?? Actor(kind: .service, id: "transfers")
        return try f.read { db in try PaidThroughRule.query(db, PaidThroughQuery(memberId: member), by: a) }.month
    }

    func testTheLastMonthOfTheSettledRunPaidOrExempt() throws {
        try f.setAndSubmit(DuesFixture.branchA, "2026-09", f.employed(["a1", "a2", "a3", "a4"], base: 300_000), at: DuesFixture.at(2026, 9, 16))
        try f.openAndSubmitAll("2026-10", at: DuesFixture.at(2026, 10, 16), branches: [DuesFixture.branchA])
        try f.openAndSubmitAll("2026-11", at: DuesFixture.at(2026, 11, 16), branches: [DuesFixture.branchA])
        let s = f.settings
        func pay(_ id: String, _ member: String, _ months: [String], _ fen: Int64) throws {
            try f.write { db in
                _ = try Paying.reserve(db, ReservePaymentRequest(paymentId: id, payerMemberId: member,
                                                                 items: [PaymentItem(memberId: member, months: months)], amountFen: fen),
                                       by: self.f.payments, settings: s, now: DuesFixture.at(2026, 11, 20))
                _ = try Paying.confirm(db, PaymentRef(paymentId: id), by: self.f.payments, now: DuesFixture.at(2026, 11, 20))
            }
        }
        XCTAssertNil(try through("a1"), "nothing settled")
        try pay("o-a2", "a2", ["2026-09", "2026-10"], 3_000)
        XCTAssertEqual(try through("a2"), "2026-10")
        try pay("o-a2b", "a2", ["2026-11"], 1_500)
        XCTAssertEqual(try through("a2"), "2026-11")
        // a3: September paid, October exempt as dues records an approved exemption (nothing due), November owed.
        try pay("o-a3", "a3", ["2026-09"], 1_500)
        try f.write { db in try db.execute(sql: "UPDATE standard SET kind = 'exempt', amountFen = 0, settled = 2 WHERE memberId = 'a3' AND month = ?",
                                           arguments: [Month(year: 2026, month: 10).key]) }
        XCTAssertEqual(try through("a3"), "2026-10")
        // a4: September owed, October settled: the owed month ends the run before anything counts.
        try f.write { db in try db.execute(sql: "UPDATE standard SET settled = 2, amountFen = 0 WHERE memberId = 'a4' AND month = ?",
                                           arguments: [Month(year: 2026, month: 10).key]) }
        XCTAssertNil(try through("a4"))
        // A refund makes the month owed again.
        try f.write { db in _ = try Paying.reverse(db, PaymentRef(paymentId: "o-a2"), by: self.f.payments, now: DuesFixture.at(2026, 11, 21)) }
        XCTAssertNil(try through("a2"))
    }

    func testOnlyServicesAskAndTheMemberMustBeKnown() throws {
        XCTAssertThrowsCode(ErrorCode.duesForbidden, try self.through("a1", by: self.f.city))
        XCTAssertThrowsCode(ErrorCode.duesForbidden, try self.through("a1", by: self.f.member("a1")))
        XCTAssertThrowsCode(ErrorCode.duesMemberNotFound, try self.through("nobody"))
    }

    /// A transfer out revoked (identity: transferred_out → active, `identity.member.updated` with the
    /// previous status): the member owes again the months their branch opened meanwhile.
    func testAReinstatedMemberOwesTheMonthsOpenedWhileAway() throws {
        try f.setAndSubmit(DuesFixture.branchA, "2026-09", f.employed(["a1", "a2", "a3", "a4"], base: 300_000), at: DuesFixture.at(2026, 9, 16))
        try f.apply(IdentityEvent.memberRemoved, f.memberEvent("a3", "王芳", branch: DuesFixture.branchA, status: .transferredOut),
                    at: DuesFixture.at(2026, 9, 20))
        try f.openAndSubmitAll("2026-10", at: DuesFixture.at(2026, 10, 16), branches: [DuesFixture.branchA])
        func months(_ id: String) throws -> [Int] {
            try f.read { db in try Int.fetchAll(db, sql: "SELECT month FROM standard WHERE memberId = ? AND settled = 0 AND submitted = 1 ORDER BY month", arguments: [id]) }
        }
        XCTAssertEqual(try months("a3"), [202609], "away in October: not carried")
        var back = f.memberEvent("a3", "王芳", branch: DuesFixture.branchA)
        back.previousStatus = .transferredOut
        try f.apply(IdentityEvent.memberUpdated, back, at: DuesFixture.at(2026, 10, 20))
        XCTAssertEqual(try months("a3"), [202609, 202610], "owes October again, as submitted")
        // Applying it again changes nothing; an ordinary update (no previous status) adds nothing either.
        try f.apply(IdentityEvent.memberUpdated, back, at: DuesFixture.at(2026, 10, 21))
        try f.apply(IdentityEvent.memberUpdated, f.memberEvent("a2", "李秀英", branch: DuesFixture.branchA), at: DuesFixture.at(2026, 10, 21))
        XCTAssertEqual(try months("a3"), [202609, 202610])
        XCTAssertEqual(try months("a2"), [202609, 202610])
        try f.openAndSubmitAll("2026-11", at: DuesFixture.at(2026, 11, 16), branches: [DuesFixture.branchA])
        XCTAssertEqual(try months("a3"), [202609, 202610, 202611], "and carries on as usual")
    }
}
