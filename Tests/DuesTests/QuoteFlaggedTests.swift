import Dues
import GRDB
import Schema
import XCTest

/// Shaoxing's quote (start month → end month → total) and the flagged members' list.
final class QuoteTests: XCTestCase {
    var f: DuesFixture!
    override func setUp() async throws { f = try DuesFixture() }
    let nov20 = DuesFixture.at(2026, 11, 20)

    func quote(_ request: QuoteRequest, by id: String = "a2", at now: Date) throws -> QuoteReply {
        let s = f.settings
        return try f.read { db in try Paying.quote(db, request, by: self.f.member(id), settings: s, now: now) }
    }

    func threeMonths() throws {
        try f.setAndSubmit(DuesFixture.branchA, "2026-09", f.employed(["a1", "a2", "a3", "a4"], base: 300_000), at: DuesFixture.at(2026, 9, 16))
        try f.openAndSubmitAll("2026-10", at: DuesFixture.at(2026, 10, 16), branches: [DuesFixture.branchA])
        try f.openAndSubmitAll("2026-11", at: DuesFixture.at(2026, 11, 16), branches: [DuesFixture.branchA])
    }

    func testTheStartMonthLimitsTheTotalAndEarlierUnpaidMonthsAreNamed() throws {
        try threeMonths()
        let q = try quote(QuoteRequest(fromMonth: "2026-10", toMonth: "2026-11"), at: nov20)
        XCTAssertEqual(q.lines.map(\.month), ["2026-10", "2026-11"])
        XCTAssertEqual(q.totalFen, 3_000, "October and November only")
        XCTAssertEqual(q.earlierUnpaid.map(\.month), ["2026-09"], "September must be paid first: named, not in the total")
        XCTAssertTrue(q.includesEarlierMonths)
        XCTAssertEqual(q.withoutStandard, [])
        let all = try quote(QuoteRequest(fromMonth: "2026-09"), at: nov20)
        XCTAssertEqual(all.totalFen, 4_500)
        XCTAssertEqual(all.earlierUnpaid, [])
        XCTAssertFalse(all.includesEarlierMonths)
    }

    func testARangePastTheOpenMonthNamesTheMonthsThatCannotBePaidYet() throws {
        try threeMonths()
        do {
            _ = try quote(QuoteRequest(fromMonth: "2026-10", toMonth: "2027-01"), at: nov20)
            XCTFail("paying ahead")
        } catch let e as ErrorBody {
            XCTAssertEqual(e.code, ErrorCode.duesWindowNotOpen)
            XCTAssertEqual(e.details["field"], "body.toMonth")
            XCTAssertEqual(e.details["months"], "2026-12,2027-01")
            XCTAssertEqual(e.details["openMonth"], "2026-11")
            XCTAssertEqual(e.message, "2026年12月、2027年1月未到交纳时间（待交），不能提前交纳；目前最晚可交至2026年11月")
        }
    }

    func testMonthsWithoutAStandardAreNamed() throws {
        // Branch A submitted September; October is still a draft; November was never opened.
        try f.setAndSubmit(DuesFixture.branchA, "2026-09", f.employed(["a1", "a2", "a3", "a4"], base: 300_000), at: DuesFixture.at(2026, 9, 16))
        let s = f.settings
        _ = try f.write { db in try Standards.open(db, OpenMonthRequest(orgCode: DuesFixture.branchA, month: "2026-10"), by: self.f.adminA, settings: s, now: DuesFixture.at(2026, 10, 16)) }
        let q = try quote(QuoteRequest(fromMonth: "2026-08", toMonth: "2026-11"), at: nov20)
        XCTAssertEqual(q.lines.map(\.month), ["2026-09"])
        XCTAssertEqual(q.totalFen, 1_500)
        XCTAssertEqual(q.withoutStandard.map(\.month), ["2026-08", "2026-10", "2026-11"])
        XCTAssertEqual(Set(q.withoutStandard.map(\.state)), [.notSet])
        XCTAssertEqual(Set(q.withoutStandard.map(\.memberId)), ["a2"])
    }
}

final class FlaggedTests: XCTestCase {
    func testTheBranchAndAdministratorsAboveListMembersFlaggedForSixUnpaidMonths() throws {
        let f = try DuesFixture()
        let s = f.settings
        try f.setAndSubmit(DuesFixture.branchA, "2026-09", f.employed(["a1", "a2", "a3", "a4"], base: 300_000), at: DuesFixture.at(2026, 9, 16))
        try f.setAndSubmit(DuesFixture.branchB, "2026-09", f.employed(["b1", "b2", "b3"], base: 300_001), at: DuesFixture.at(2026, 9, 16))
        // a3 pays September: the others stay unpaid through February.
        _ = try f.write { db in
            try Paying.recordCash(db, CashRecordRequest(memberId: "a3", months: ["2026-09"], amountFen: 1_500), by: f.adminA, settings: s, now: DuesFixture.at(2026, 9, 20))
        }
        for m in ["2026-10", "2026-11", "2026-12", "2027-01", "2027-02"] {
            let month = Month(m)!
            try f.openAndSubmitAll(m, at: DuesFixture.at(month.year, month.month, 16), branches: [DuesFixture.branchA, DuesFixture.branchB])
            _ = try f.write { db in
                try Paying.recordCash(db, CashRecordRequest(memberId: "a3", months: [m], amountFen: 1_500), by: f.adminA, settings: s,
                                      now: DuesFixture.at(month.year, month.month, 20))
            }
        }
        let march = DuesFixture.at(2027, 3, 20)
        XCTAssertEqual(try f.read { db in try Queries.flagged(db, FlaggedQuery(orgCode: DuesFixture.branchA), by: f.adminA, settings: s, now: march) }.items, [],
                       "March not open yet: nothing flagged")
        try f.openAndSubmitAll("2027-03", at: DuesFixture.at(2027, 3, 16), branches: [DuesFixture.branchA, DuesFixture.branchB])
        // The branch secretary (a1) and the branch's administrator see their branch.
        for actor in [f.member("a1"), f.adminA] {
            let list = try f.read { db in try Queries.flagged(db, FlaggedQuery(orgCode: DuesFixture.branchA), by: actor, settings: s, now: march) }
            XCTAssertEqual(list.month, "2027-03")
            XCTAssertEqual(list.items.map(\.memberId), ["a1", "a2", "a4"])
            XCTAssertEqual(list.total, 3)
            let a2 = try XCTUnwrap(list.items.first { $0.memberId == "a2" })
            XCTAssertEqual(a2.months, ["2026-09", "2026-10", "2026-11", "2026-12", "2027-01", "2027-02"])
            XCTAssertEqual(a2.consecutiveMonths, 6)
            XCTAssertEqual(a2.unpaidFen, 9_000)
            XCTAssertEqual(a2.orgName, "第一党支部")
        }
        // The secretary defaults to their branch; the working committee sees both branches below it.
        XCTAssertEqual(try f.read { db in try Queries.flagged(db, FlaggedQuery(), by: f.member("a1"), settings: s, now: march) }.total, 3)
        XCTAssertEqual(try f.read { db in try Queries.flagged(db, FlaggedQuery(), by: f.worksAdmin, settings: s, now: march) }.total, 6)
        // Not a plain member, not the neighbouring branch, not a general branch outside.
        for actor in [f.member("a2"), f.adminB, f.member("b1"), f.adminC] {
            XCTAssertThrowsCode(ErrorCode.duesForbidden, try f.read { db in
                try Queries.flagged(db, FlaggedQuery(orgCode: DuesFixture.branchA), by: actor, settings: s, now: march)
            })
        }
        // Paying the arrears takes a member off the list.
        _ = try f.write { db in
            try Paying.recordCash(db, CashRecordRequest(memberId: "a2", months: ["2026-09", "2026-10", "2026-11", "2026-12", "2027-01", "2027-02", "2027-03"],
                                                        amountFen: 10_500), by: f.adminA, settings: s, now: march)
        }
        XCTAssertEqual(try f.read { db in try Queries.flagged(db, FlaggedQuery(orgCode: DuesFixture.branchA), by: f.adminA, settings: s, now: march) }.items.map(\.memberId),
                       ["a1", "a4"])
    }
}
