import Dues
import GRDB
import Schema
import XCTest

final class PayingTests: XCTestCase {
    var f: DuesFixture!
    override func setUp() async throws { f = try DuesFixture() }

    /// Branch A (¥15 each) and B (¥30 each) from 2026-09, months opened and submitted through November.
    func threeMonths() throws {
        try f.setAndSubmit(DuesFixture.branchA, "2026-09", f.employed(["a1", "a2", "a3", "a4"], base: 300_000), at: DuesFixture.at(2026, 9, 16))
        try f.setAndSubmit(DuesFixture.branchB, "2026-09", f.employed(["b1", "b2", "b3"], base: 300_001), at: DuesFixture.at(2026, 9, 16))
        try f.setAndSubmit(DuesFixture.branchC, "2026-09", f.employed(["c1", "c2", "c3"], base: 300_000), at: DuesFixture.at(2026, 9, 16))
        try f.openAndSubmitAll("2026-10", at: DuesFixture.at(2026, 10, 16))
        try f.openAndSubmitAll("2026-11", at: DuesFixture.at(2026, 11, 16))
    }

    func reserve(_ id: String, by actor: Actor, _ items: [PaymentItem], _ amount: Int64, at now: Date, payer: String? = nil) throws -> PaymentView {
        let s = f.settings
        return try f.write { db in
            try Paying.reserve(db, ReservePaymentRequest(paymentId: id, payerMemberId: payer, items: items, amountFen: amount), by: actor, settings: s, now: now)
        }
    }

    func confirm(_ id: String, at now: Date, by actor: Actor? = nil) throws -> PaymentView {
        let a = actor ?? f.payments
        return try f.write { db in try Paying.confirm(db, PaymentRef(paymentId: id), by: a, now: now) }
    }

    func testArrearsArePaidOldestFirstWithTheTotalShownFirst() throws {
        try threeMonths()
        let now = DuesFixture.at(2026, 11, 20)
        let s = f.settings
        let quote = try f.read { db in try Paying.quote(db, QuoteRequest(), by: self.f.member("a2"), settings: s, now: now) }
        XCTAssertEqual(quote.lines.map(\.month), ["2026-09", "2026-10", "2026-11"])
        XCTAssertEqual(quote.lines.map(\.state), [.overdue, .overdue, .due])
        XCTAssertEqual(quote.totalFen, 4_500)
        XCTAssertFalse(quote.includesEarlierMonths)
        // Skipping the oldest month is refused; paying ahead is refused.
        XCTAssertThrowsCode(ErrorCode.duesMonthsInvalid, try self.reserve("p1", by: self.f.member("a2"), [PaymentItem(memberId: "a2", months: ["2026-10", "2026-11"])], 3_000, at: now))
        XCTAssertThrowsCode(ErrorCode.duesWindowNotOpen, try self.reserve("p1", by: self.f.member("a2"), [PaymentItem(memberId: "a2", months: ["2026-09", "2026-10", "2026-11", "2026-12"])], 6_000, at: now))
        XCTAssertThrowsCode(ErrorCode.duesAmountMismatch, try self.reserve("p1", by: self.f.member("a2"), [PaymentItem(memberId: "a2", months: ["2026-09", "2026-10", "2026-11"])], 4_400, at: now))
        let p = try reserve("p1", by: f.member("a2"), [PaymentItem(memberId: "a2", months: ["2026-09", "2026-10", "2026-11"])], 4_500, at: now)
        XCTAssertEqual(p.status, .reserved)
        let done = try confirm("p1", at: now)
        XCTAssertEqual(done.status, .confirmed)
        XCTAssertEqual(done.way, .online)
        let months = try f.read { db in try Paying.memberMonths(db, MemberMonthsQuery(), by: self.f.member("a2"), settings: s, now: now) }
        XCTAssertEqual(months.lines.first { $0.month == "2026-12" }?.state, .pending, "next month: 待交")
        XCTAssertEqual(months.lines.filter { ["2026-09", "2026-10", "2026-11"].contains($0.month) }.map(\.state), [.paid, .paid, .paid])
        XCTAssertEqual(months.payableTotalFen, 0)
        let paid = try f.events(DuesEvent.paid, as: PaidEvent.self)
        XCTAssertEqual(paid.count, 1)
        XCTAssertEqual(paid[0].lines.map(\.month), ["2026-09", "2026-10", "2026-11"])
        XCTAssertEqual(paid[0].totalFen, 4_500)
    }

    func testPendingBeforeThe16thAndNoPayingAhead() throws {
        try threeMonths()
        let s = f.settings
        // On 12-10, November is the open month and December shows 待交 even once its standards are submitted.
        try f.openAndSubmitAll("2026-12", at: DuesFixture.at(2026, 12, 1))
        let early = DuesFixture.at(2026, 12, 10)
        let view = try f.read { db in try Paying.memberMonths(db, MemberMonthsQuery(), by: self.f.member("b2"), settings: s, now: early) }
        XCTAssertEqual(view.openMonth, "2026-11")
        XCTAssertEqual(view.lines.first { $0.month == "2026-12" }?.state, .pending)
        XCTAssertEqual(view.payableMonths, ["2026-09", "2026-10", "2026-11"])
        XCTAssertThrowsCode(ErrorCode.duesWindowNotOpen, try self.reserve("p", by: self.f.member("b2"), [PaymentItem(memberId: "b2", months: ["2026-09", "2026-10", "2026-11", "2026-12"])], 12_000, at: early))
        // With paying ahead allowed by the installation, December can be paid on the 10th.
        f.settings.noPayingAhead = false
        let ahead = try reserve("p", by: f.member("b2"), [PaymentItem(memberId: "b2", months: ["2026-09", "2026-10", "2026-11", "2026-12"])], 12_000, at: early)
        XCTAssertEqual(ahead.lines.count, 4)
    }

    func testAMemberSixConsecutiveMonthsUnpaidIsFlaggedOnce() throws {
        try threeMonths()
        // a3 pays every month; everyone else in branch A pays nothing.
        var months = ["2026-09", "2026-10", "2026-11"]
        _ = try reserve("a3-1", by: f.member("a3"), [PaymentItem(memberId: "a3", months: months)], 4_500, at: DuesFixture.at(2026, 11, 20))
        _ = try confirm("a3-1", at: DuesFixture.at(2026, 11, 20))
        for (i, m) in ["2026-12", "2027-01", "2027-02", "2027-03"].enumerated() {
            let month = Month(m)!
            let opened = DuesFixture.at(month.year, month.month, 16)
            try f.openAndSubmitAll(m, at: opened)
            months.append(m)
            _ = try reserve("a3-\(i + 2)", by: f.member("a3"), [PaymentItem(memberId: "a3", months: [m])], 1_500, at: opened)
            _ = try confirm("a3-\(i + 2)", at: opened)
            if m == "2027-02" {
                XCTAssertEqual(try f.events(DuesEvent.memberFlagged, as: MemberFlaggedEvent.self), [], "five months (Sep–Jan) are not six")
            }
        }
        // Opening March: September to February (six months) are unpaid.
        let flagged = try f.events(DuesEvent.memberFlagged, as: MemberFlaggedEvent.self)
        XCTAssertEqual(Set(flagged.map(\.memberId)), ["a1", "a2", "a4", "b1", "b2", "b3", "c1", "c2", "c3"])
        let a2 = try XCTUnwrap(flagged.first { $0.memberId == "a2" })
        XCTAssertEqual(a2.months, ["2026-09", "2026-10", "2026-11", "2026-12", "2027-01", "2027-02"])
        XCTAssertEqual(a2.consecutiveMonths, 6)
        XCTAssertEqual(a2.orgCode, DuesFixture.branchA)
        // Not again the next month.
        try f.openAndSubmitAll("2027-04", at: DuesFixture.at(2027, 4, 16))
        XCTAssertEqual(try f.events(DuesEvent.memberFlagged, as: MemberFlaggedEvent.self).count, 9)
    }

    func testBackpayDepthLimitsOnlinePaymentsButNotCash() throws {
        try threeMonths()
        for m in ["2026-12", "2027-01", "2027-02", "2027-03", "2027-04"] {
            let month = Month(m)!
            try f.openAndSubmitAll(m, at: DuesFixture.at(month.year, month.month, 16))
        }
        let now = DuesFixture.at(2027, 4, 20), s = f.settings
        // Open month April; six back is October: September is beyond the depth.
        let quote = try f.read { db in try Paying.quote(db, QuoteRequest(), by: self.f.member("a2"), settings: s, now: now) }
        XCTAssertEqual(quote.beyondBackpay.map(\.month), ["2026-09"])
        XCTAssertEqual(quote.lines.first?.month, "2026-10")
        XCTAssertEqual(quote.lines.count, 7)
        XCTAssertThrowsCode(ErrorCode.duesBackpayTooOld, try self.reserve("p", by: self.f.member("a2"), [PaymentItem(memberId: "a2", months: ["2026-09"])], 1_500, at: now))
        let cash = try f.write { db in
            try Paying.recordCash(db, CashRecordRequest(memberId: "a2", months: ["2026-09"], amountFen: 1_500), by: self.f.adminA, settings: s, now: now)
        }
        XCTAssertEqual(cash.status, .confirmed)
    }

    func testOfflineCashRecordedByAnAdministrator() throws {
        try threeMonths()
        let now = DuesFixture.at(2026, 11, 25), received = DuesFixture.at(2026, 11, 24, 9), s = f.settings
        let request = CashRecordRequest(recordId: "cash-1", memberId: "b2", months: ["2026-09", "2026-10"], amountFen: 6_000, receivedAt: received, note: "交支部书记")
        // Members do not record cash; an administrator out of scope cannot.
        XCTAssertThrowsCode(ErrorCode.duesForbidden, try self.f.write { db in try Paying.recordCash(db, request, by: self.f.member("b1"), settings: s, now: now) })
        XCTAssertThrowsCode(ErrorCode.duesForbidden, try self.f.write { db in try Paying.recordCash(db, request, by: self.f.adminA, settings: s, now: now) })
        XCTAssertThrowsCode(ErrorCode.duesMonthsInvalid, try self.f.write { db in
            try Paying.recordCash(db, CashRecordRequest(memberId: "b2", months: ["2026-10"], amountFen: 3_000), by: self.f.adminB, settings: s, now: now)
        })
        let view = try f.write { db in try Paying.recordCash(db, request, by: self.f.adminB, settings: s, now: now) }
        XCTAssertEqual(view.way, .cash)
        XCTAssertEqual(view.recordedBy, "admin-b")
        XCTAssertEqual(view.paidAt, received)
        // Recording the same record again changes nothing.
        let again = try f.write { db in try Paying.recordCash(db, request, by: self.f.adminB, settings: s, now: now) }
        XCTAssertEqual(again, view)
        XCTAssertEqual(try f.events(DuesEvent.paid, as: PaidEvent.self).count, 1)
        let history = try f.read { db in try Queries.history(db, MemberHistoryQuery(memberId: "b2"), by: self.f.adminB) }
        let sep = try XCTUnwrap(history.items.first { $0.month == "2026-09" })
        XCTAssertTrue(sep.paid)
        XCTAssertEqual(sep.way, .cash)
        XCTAssertEqual(sep.paidBy, "admin-b")
        XCTAssertEqual(sep.paidAt, received)
        XCTAssertFalse(try XCTUnwrap(history.items.first { $0.month == "2026-11" }).paid)
        // The event says cash, who recorded it, which months.
        let event = try XCTUnwrap(f.events(DuesEvent.paid, as: PaidEvent.self).first)
        XCTAssertEqual(event.way, .cash)
        XCTAssertEqual(event.recordedBy, "admin-b")
        XCTAssertEqual(event.lines.map(\.month), ["2026-09", "2026-10"])
    }

    func testReserveConfirmReleaseAreIdempotentAndExpire() throws {
        try threeMonths()
        let t0 = DuesFixture.at(2026, 11, 20, 10), s = f.settings
        let items = [PaymentItem(memberId: "c2", months: ["2026-09", "2026-10", "2026-11"])]
        let first = try reserve("pay-1", by: f.payments, items, 4_500, at: t0, payer: "c2")
        XCTAssertEqual(first.expiresAt, t0.addingTimeInterval(15 * 60))
        XCTAssertEqual(try reserve("pay-1", by: f.payments, items, 4_500, at: t0, payer: "c2"), first, "same id, same content: same answer")
        XCTAssertThrowsCode(ErrorCode.duesPaymentConflict, try self.reserve("pay-1", by: self.f.payments, [PaymentItem(memberId: "c2", months: ["2026-09"])], 1_500, at: t0, payer: "c2"))
        // Locked while paying.
        XCTAssertThrowsCode(ErrorCode.duesLocked, try self.reserve("pay-2", by: self.f.member("c2"), items, 4_500, at: t0))
        // Released: free again; confirming a released payment is refused; releasing twice is fine.
        let released = try f.write { db in try Paying.release(db, PaymentRef(paymentId: "pay-1"), by: self.f.payments, now: t0) }
        XCTAssertEqual(released.status, .released)
        XCTAssertEqual(try f.write { db in try Paying.release(db, PaymentRef(paymentId: "pay-1"), by: self.f.payments, now: t0) }.status, .released)
        XCTAssertThrowsCode(ErrorCode.duesPaymentClosed, try self.confirm("pay-1", at: t0))
        // Expiry: pay-2 reserves, nobody confirms in time, pay-3 takes the months; pay-2 confirming late is refused.
        _ = try reserve("pay-2", by: f.member("c2"), items, 4_500, at: t0)
        let late = t0.addingTimeInterval(16 * 60)
        _ = try reserve("pay-3", by: f.member("c2"), items, 4_500, at: late)
        XCTAssertThrowsCode(ErrorCode.duesReservationExpired, try self.confirm("pay-2", at: late))
        XCTAssertEqual(try confirm("pay-3", at: late).status, .confirmed)
        XCTAssertEqual(try confirm("pay-3", at: late).status, .confirmed, "confirming twice applies once")
        XCTAssertEqual(try f.events(DuesEvent.paid, as: PaidEvent.self).count, 1)
        XCTAssertThrowsCode(ErrorCode.duesPaymentClosed, try self.f.write { db in try Paying.release(db, PaymentRef(paymentId: "pay-3"), by: self.f.payments, now: late) })
        // An expired reservation whose months are still free is applied when the money arrives late.
        let items3 = [PaymentItem(memberId: "c3", months: ["2026-09"])]
        _ = try reserve("pay-4", by: f.member("c3"), items3, 1_500, at: t0)
        XCTAssertEqual(try confirm("pay-4", at: t0.addingTimeInterval(3600)).status, .confirmed)
        // A stranger cannot confirm someone's payment.
        _ = try reserve("pay-5", by: f.member("c1"), [PaymentItem(memberId: "c1", months: ["2026-09"])], 1_500, at: t0)
        XCTAssertThrowsCode(ErrorCode.duesForbidden, try self.confirm("pay-5", at: t0, by: self.f.member("c3")))
        _ = s
    }

    func testProxyAuthorisationConfirmRevokeBulkAndUnsubmittedBranch() throws {
        try threeMonths()
        let now = DuesFixture.at(2026, 11, 20), s = f.settings
        // a2 asks b2 to pay for them; until b2 confirms, b2 cannot.
        let granted = try f.write { db in try Proxies.grant(db, GrantProxyRequest(proxyMemberId: "b2"), by: self.f.member("a2"), now: now) }
        XCTAssertEqual(granted.items.map(\.status), [.pending])
        let a2Items = [PaymentItem(memberId: "a2", months: ["2026-09", "2026-10", "2026-11"])]
        XCTAssertThrowsCode(ErrorCode.duesNotAuthorisedProxy, try self.reserve("x1", by: self.f.member("b2"), a2Items, 4_500, at: now))
        XCTAssertThrowsCode(ErrorCode.duesForbidden, try self.f.write { db in try Proxies.confirm(db, ProxyRef(proxyId: granted.items[0].id), by: self.f.member("a3"), now: now) })
        let confirmed = try f.write { db in try Proxies.confirm(db, ProxyRef(proxyId: granted.items[0].id), by: self.f.member("b2"), now: now) }
        XCTAssertEqual(confirmed.status, .active)
        // b2 pays for a2 and themself in one payment.
        let both = try reserve("x1", by: f.member("b2"), a2Items + [PaymentItem(memberId: "b2", months: ["2026-09", "2026-10", "2026-11"])], 13_500, at: now)
        XCTAssertEqual(both.way, .proxy)
        _ = try confirm("x1", at: now)
        let rec = try f.read { db in try Queries.history(db, MemberHistoryQuery(memberId: "a2"), by: self.f.member("a2")) }
        XCTAssertEqual(rec.items.first { $0.month == "2026-11" }?.way, .proxy)
        XCTAssertEqual(rec.items.first { $0.month == "2026-11" }?.paidBy, "杨芳", "who paid, by name")
        // Revoked: no longer.
        _ = try f.write { db in try Proxies.revoke(db, ProxyRef(proxyId: granted.items[0].id), by: self.f.member("a2"), now: now) }
        try f.openAndSubmitAll("2026-12", at: DuesFixture.at(2026, 12, 16))
        let dec = DuesFixture.at(2026, 12, 17)
        XCTAssertThrowsCode(ErrorCode.duesNotAuthorisedProxy, try self.reserve("x2", by: self.f.member("b2"), [PaymentItem(memberId: "a2", months: ["2026-12"])], 1_500, at: dec))

        // An administrator authorises c1 to pay for everyone else in branch C at once (批量委托), active at once.
        XCTAssertThrowsCode(ErrorCode.duesForbidden, try self.f.write { db in
            try Proxies.grant(db, GrantProxyRequest(proxyMemberId: "c1", memberIds: ["c2", "c3"]), by: self.f.adminA, now: dec)
        })
        let bulk = try f.write { db in try Proxies.grant(db, GrantProxyRequest(proxyMemberId: "c1", memberIds: ["c2", "c3", "a4"]), by: self.f.rootAdmin, now: dec) }
        XCTAssertEqual(bulk.items.map(\.status), [.active, .active, .active])
        // January: branch C has not submitted; A has. c2, c3 are listed but cannot be chosen.
        let jan = DuesFixture.at(2027, 1, 16)
        try f.setAndSubmit(DuesFixture.branchA, "2027-01", [], at: jan)
        _ = try f.write { db in try Standards.open(db, OpenMonthRequest(orgCode: DuesFixture.branchC), by: self.f.adminC, settings: s, now: jan) }
        let candidates = try f.read { db in try Proxies.candidates(db, by: self.f.member("c1"), settings: s, now: jan) }
        XCTAssertEqual(candidates.items.map(\.memberId), ["a4", "c2", "c3"])
        XCTAssertEqual(candidates.items.map(\.selectable), [true, false, false])
        XCTAssertThrowsCode(ErrorCode.duesStandardsNotSubmitted, try self.reserve("x3", by: self.f.member("c1"), [PaymentItem(memberId: "c2", months: ["2026-09", "2026-10", "2026-11", "2026-12"])], 6_000, at: jan))
        let a4 = try reserve("x4", by: f.member("c1"), [PaymentItem(memberId: "a4", months: ["2026-09", "2026-10", "2026-11", "2026-12", "2027-01"])], 7_500, at: jan)
        XCTAssertEqual(a4.status, .reserved)
        // The administrator revokes one of the bulk authorisations.
        let c3Proxy = try XCTUnwrap(bulk.items.first { $0.memberId == "c3" })
        XCTAssertEqual(try f.write { db in try Proxies.revoke(db, ProxyRef(proxyId: c3Proxy.id), by: self.f.adminC, now: jan) }.status, .revoked)
        XCTAssertEqual(try f.read { db in try Proxies.candidates(db, by: self.f.member("c1"), settings: s, now: jan) }.items.map(\.memberId), ["a4", "c2"])
    }

    func testAMemberMovingBranchMidYear() throws {
        try threeMonths()
        let s = f.settings
        // a2 pays September and October, then is reassigned (划拨) to branch B on 2026-11-05.
        _ = try reserve("m1", by: f.member("a2"), [PaymentItem(memberId: "a2", months: ["2026-09", "2026-10"])], 3_000, at: DuesFixture.at(2026, 11, 1))
        _ = try confirm("m1", at: DuesFixture.at(2026, 11, 1))
        try f.apply(IdentityEvent.memberMoved, f.memberEvent("a2", "李秀英", branch: DuesFixture.branchB, previous: DuesFixture.branchA),
                    at: DuesFixture.at(2026, 11, 5))
        // The old branch keeps its history: September and October stay A's; November now belongs to B.
        let aSep = try f.read { db in try Standards.get(db, BranchMonthRef(orgCode: DuesFixture.branchA, month: "2026-10"), by: self.f.adminA) }
        XCTAssertTrue(aSep.items.contains { $0.memberId == "a2" && $0.paid })
        let aNov = try f.read { db in try Standards.get(db, BranchMonthRef(orgCode: DuesFixture.branchA, month: "2026-11"), by: self.f.adminA) }
        XCTAssertFalse(aNov.items.contains { $0.memberId == "a2" })
        let bNov = try f.read { db in try Standards.get(db, BranchMonthRef(orgCode: DuesFixture.branchB, month: "2026-11"), by: self.f.adminB) }
        XCTAssertTrue(bNov.items.contains { $0.memberId == "a2" })
        let now = DuesFixture.at(2026, 11, 20)
        let bUnpaid = try f.read { db in try Queries.unpaid(db, UnpaidQuery(orgCode: DuesFixture.branchB, month: "2026-11"), by: self.f.adminB, settings: s, now: now) }
        XCTAssertTrue(bUnpaid.items.contains { $0.memberId == "a2" }, "the new branch owes from the move")
        let aUnpaid = try f.read { db in try Queries.unpaid(db, UnpaidQuery(orgCode: DuesFixture.branchA, month: "2026-11"), by: self.f.adminA, settings: s, now: now) }
        XCTAssertFalse(aUnpaid.items.contains { $0.memberId == "a2" })
        // B's administrator records the cash; the old branch's export still lists a2's paid October.
        _ = try f.write { db in
            try Paying.recordCash(db, CashRecordRequest(memberId: "a2", months: ["2026-11"], amountFen: 1_500), by: self.f.adminB, settings: s, now: now)
        }
        // December opens in B with a2 carried from their own last standard.
        try f.openAndSubmitAll("2026-12", at: DuesFixture.at(2026, 12, 16))
        let bDec = try f.read { db in try Standards.get(db, BranchMonthRef(orgCode: DuesFixture.branchB, month: "2026-12"), by: self.f.adminB) }
        XCTAssertEqual(bDec.items.first { $0.memberId == "a2" }?.amountFen, 1_500)
        let aDec = try f.read { db in try Standards.get(db, BranchMonthRef(orgCode: DuesFixture.branchA, month: "2026-12"), by: self.f.adminA) }
        XCTAssertFalse(aDec.items.contains { $0.memberId == "a2" })
        let history = try f.read { db in try Queries.history(db, MemberHistoryQuery(), by: self.f.member("a2")) }
        XCTAssertEqual(history.items.map(\.orgCode), [DuesFixture.branchB, DuesFixture.branchB, DuesFixture.branchA, DuesFixture.branchA])
    }
}
