import Dues
import GRDB
import Schema
import XCTest

final class StandardsTests: XCTestCase {
    var f: DuesFixture!
    override func setUp() async throws { f = try DuesFixture() }

    let nov16 = DuesFixture.at(2026, 11, 16)

    func testOnlyTheBranchSetsStandards() throws {
        let items = f.employed(["a2"], base: 500_000)
        let s = f.settings, now = nov16
        let request = SaveStandardsRequest(orgCode: DuesFixture.branchA, month: "2026-11", items: items)
        // A committee administrator above the branch cannot; the other branch cannot; a plain member cannot.
        for actor in [f.worksAdmin, f.city, f.adminB, f.member("a2")] {
            XCTAssertThrowsCode(ErrorCode.duesForbidden, try self.f.write { db in try Standards.save(db, request, by: actor, settings: s, now: now) })
        }
        // A non-branch organization never has standards.
        XCTAssertThrowsCode(ErrorCode.duesNotABranch, try self.f.write { db in
            try Standards.save(db, SaveStandardsRequest(orgCode: DuesFixture.works, month: "2026-11", items: items), by: self.f.worksAdmin, settings: s, now: now)
        })
        // The branch's administrator and its secretary (a member with the secretary role and post) can.
        let byAdmin = try f.write { db in try Standards.save(db, request, by: self.f.adminA, settings: s, now: now) }
        XCTAssertEqual(byAdmin.items.map(\.amountFen), [5_000])
        XCTAssertEqual(byAdmin.status, .draft)
        let bySecretary = try f.write { db in
            try Standards.save(db, SaveStandardsRequest(orgCode: DuesFixture.branchA, month: "2026-11",
                                                        items: [StandardInput(memberId: "a3", kind: .retired, baseFen: 500_001)]),
                               by: self.f.member("a1"), settings: s, now: now)
        }
        XCTAssertEqual(bySecretary.items.first { $0.memberId == "a3" }?.amountFen, 5_000)
        // A member of another branch cannot be entered here.
        XCTAssertThrowsCode(ErrorCode.duesMemberNotInBranch, try self.f.write { db in
            try Standards.save(db, SaveStandardsRequest(orgCode: DuesFixture.branchA, month: "2026-11", items: self.f.employed(["b2"], base: 1)),
                               by: self.f.adminA, settings: s, now: now)
        })
    }

    func testDraftThenSubmitAndNotifyEmitsMembersMonthAndAmounts() throws {
        let s = f.settings, now = nov16
        _ = try f.write { db in
            try Standards.save(db, SaveStandardsRequest(orgCode: DuesFixture.branchA, month: "2026-11",
                                                        items: self.f.employed(["a1", "a2", "a3"], base: 300_000)), by: self.f.adminA, settings: s, now: now)
        }
        // a4 has no standard yet: submit refuses, naming the member.
        do {
            _ = try f.write { db in try Standards.submit(db, BranchMonthRef(orgCode: DuesFixture.branchA, month: "2026-11"), by: self.f.adminA, now: now) }
            XCTFail("missing standard")
        } catch let e as ErrorBody {
            XCTAssertEqual(e.code, ErrorCode.duesStandardMissing)
            XCTAssertEqual(e.details["memberId"], "a4")
        }
        // Members cannot pay a draft.
        XCTAssertThrowsCode(ErrorCode.duesStandardsNotSubmitted, try self.f.write { db in
            try Paying.reserve(db, ReservePaymentRequest(paymentId: "p0", items: [PaymentItem(memberId: "a2", months: ["2026-11"])], amountFen: 1_500),
                               by: self.f.member("a2"), settings: s, now: now)
        })
        let view = try f.setAndSubmit(DuesFixture.branchA, "2026-11", [StandardInput(memberId: "a4", kind: .farmer, amountFen: 50)], at: now)
        XCTAssertEqual(view.status, .submitted)
        let events = try f.events(DuesEvent.standardsSubmitted, as: StandardsSubmittedEvent.self)
        XCTAssertEqual(events.count, 1)
        XCTAssertEqual(events[0].orgCode, DuesFixture.branchA)
        XCTAssertEqual(events[0].month, "2026-11")
        XCTAssertEqual(Set(events[0].members), Set([MemberAmount(memberId: "a1", amountFen: 1_500), MemberAmount(memberId: "a2", amountFen: 1_500),
                                                     MemberAmount(memberId: "a3", amountFen: 1_500), MemberAmount(memberId: "a4", amountFen: 50)]))
        XCTAssertEqual(events[0].totalFen, 4_550)
        XCTAssertThrowsCode(ErrorCode.duesAlreadySubmitted, try self.f.write { db in
            try Standards.submit(db, BranchMonthRef(orgCode: DuesFixture.branchA, month: "2026-11"), by: self.f.adminA, now: now)
        })
    }

    func testANewMonthStartsFromThePreviousStandards() throws {
        try f.setAndSubmit(DuesFixture.branchA, "2026-11", f.employed(["a1", "a2", "a3"], base: 500_001)
                           + [StandardInput(memberId: "a4", kind: .student)], at: nov16)
        let s = f.settings
        let opened = try f.write { db in
            try Standards.open(db, OpenMonthRequest(orgCode: DuesFixture.branchA), by: self.f.adminA, settings: s, now: DuesFixture.at(2026, 12, 16))
        }
        XCTAssertEqual(opened.month, "2026-12", "the default month is the open one")
        XCTAssertEqual(opened.standardsCarried, 4)
        let dec = try f.read { db in try Standards.get(db, BranchMonthRef(orgCode: DuesFixture.branchA, month: "2026-12"), by: self.f.adminA) }
        XCTAssertEqual(dec.status, .draft, "carried standards are drafts until submitted")
        XCTAssertEqual(dec.items.first { $0.memberId == "a2" }?.baseFen, 500_001)
        XCTAssertEqual(dec.items.first { $0.memberId == "a2" }?.amountFen, 7_500)
        XCTAssertEqual(dec.items.first { $0.memberId == "a4" }?.kind, .student)
        XCTAssertEqual(dec.missingMemberIds, [])
        // Opening again changes nothing.
        let again = try f.write { db in
            try Standards.open(db, OpenMonthRequest(orgCode: DuesFixture.branchA, month: "2026-12"), by: self.f.adminA, settings: s, now: DuesFixture.at(2026, 12, 17))
        }
        XCTAssertEqual(again.branchesOpened, 0)
        XCTAssertEqual(again.standardsCarried, 0)
    }

    func testReducedAndExemptNeedTheNextCommitteesApproval() throws {
        let s = f.settings, now = nov16
        // Branch C sits under a general branch; its nearest committee is the root 001.
        _ = try f.write { db in
            try Standards.save(db, SaveStandardsRequest(orgCode: DuesFixture.branchC, month: "2026-11", items: [
                StandardInput(memberId: "c1", kind: .employed, baseFen: 400_000),
                StandardInput(memberId: "c2", kind: .exempt, note: "长期患病"),
                StandardInput(memberId: "c3", kind: .manual, baseFen: 800_000, amountFen: 1_000),
            ]), by: self.f.adminC, settings: s, now: now)
        }
        XCTAssertThrowsCode(ErrorCode.duesApprovalPending, try self.f.write { db in
            try Standards.submit(db, BranchMonthRef(orgCode: DuesFixture.branchC, month: "2026-11"), by: self.f.adminC, now: now)
        })
        // Not the branch, not a committee that is not the nearest one.
        for actor in [f.adminC, f.worksAdmin, Actor(kind: .admin, id: "g", orgCode: DuesFixture.general)] {
            XCTAssertThrowsCode(ErrorCode.duesForbidden, try self.f.write { db in
                try Standards.reviewExemption(db, ReviewExemptionRequest(memberId: "c2", month: "2026-11", approve: true), by: actor)
            })
        }
        let pending = try f.read { db in try Standards.pendingExemptions(db, ExemptionQuery(), by: self.f.rootAdmin) }
        XCTAssertEqual(pending.items.map(\.memberId), ["c2", "c3"])
        XCTAssertEqual(try f.read { db in try Standards.pendingExemptions(db, ExemptionQuery(), by: self.f.worksAdmin) }.items, [])
        for id in ["c2", "c3"] {
            let v = try f.write { db in
                try Standards.reviewExemption(db, ReviewExemptionRequest(memberId: id, month: "2026-11", approve: true), by: self.f.rootAdmin)
            }
            XCTAssertEqual(v.approval, .approved)
        }
        let submitted = try f.write { db in try Standards.submit(db, BranchMonthRef(orgCode: DuesFixture.branchC, month: "2026-11"), by: self.f.adminC, now: now) }
        XCTAssertEqual(Dictionary(uniqueKeysWithValues: submitted.items.map { ($0.memberId, $0.amountFen) }), ["c1": 4_000, "c2": 0, "c3": 1_000])
        // The approval carries into the next month: it can be submitted without asking again.
        let dec = DuesFixture.at(2026, 12, 16)
        _ = try f.write { db in try Standards.open(db, OpenMonthRequest(orgCode: DuesFixture.branchC), by: self.f.adminC, settings: s, now: dec) }
        let next = try f.write { db in try Standards.submit(db, BranchMonthRef(orgCode: DuesFixture.branchC, month: "2026-12"), by: self.f.adminC, now: dec) }
        XCTAssertEqual(next.items.first { $0.memberId == "c2" }?.approval, .approved)
        // Exempt is not unpaid.
        let unpaid = try f.read { db in try Queries.unpaid(db, UnpaidQuery(orgCode: DuesFixture.branchC, month: "2026-12"), by: self.f.adminC, settings: s, now: dec) }
        XCTAssertEqual(unpaid.items.map(\.memberId), ["c1", "c3"])
    }

    func testAMemberProposalAppliesOnceTheSecretaryApproves() throws {
        try f.setAndSubmit(DuesFixture.branchA, "2026-11", f.employed(["a1", "a2", "a3", "a4"], base: 300_000), at: nov16)
        let s = f.settings, now = DuesFixture.at(2026, 11, 20)
        let proposal = try f.write { db in try Proposals.submit(db, ProposeAmountRequest(amountFen: 10_000, note: "自愿多交"), by: self.f.member("a2"), now: now) }
        XCTAssertEqual(proposal.status, .pending)
        let before = try f.read { db in try Standards.get(db, BranchMonthRef(orgCode: DuesFixture.branchA, month: "2026-11"), by: self.f.adminA) }
        XCTAssertEqual(before.items.first { $0.memberId == "a2" }?.amountFen, 1_500, "not applied before approval")
        // Only the branch (secretary or its administrator) reviews.
        for actor in [f.member("a3"), f.adminB, f.member("b1")] {
            XCTAssertThrowsCode(ErrorCode.duesForbidden, try self.f.write { db in
                try Proposals.review(db, ReviewProposalRequest(proposalId: proposal.id, approve: true), by: actor, settings: s, now: now)
            })
        }
        let approved = try f.write { db in
            try Proposals.review(db, ReviewProposalRequest(proposalId: proposal.id, approve: true), by: self.f.member("a1"), settings: s, now: now)
        }
        XCTAssertEqual(approved.status, .approved)
        XCTAssertEqual(approved.effectiveMonth, "2026-11")
        let after = try f.read { db in try Standards.get(db, BranchMonthRef(orgCode: DuesFixture.branchA, month: "2026-11"), by: self.f.adminA) }
        XCTAssertEqual(after.items.first { $0.memberId == "a2" }?.amountFen, 10_000)
        // And it carries forward.
        _ = try f.write { db in try Standards.open(db, OpenMonthRequest(orgCode: DuesFixture.branchA), by: self.f.adminA, settings: s, now: DuesFixture.at(2026, 12, 16)) }
        let dec = try f.read { db in try Standards.get(db, BranchMonthRef(orgCode: DuesFixture.branchA, month: "2026-12"), by: self.f.adminA) }
        XCTAssertEqual(dec.items.first { $0.memberId == "a2" }?.amountFen, 10_000)
    }
}

final class OpeningTests: XCTestCase {
    func testACommitteeOpensEveryBranchBelowItAndOnlyActiveMembersCarry() throws {
        let f = try DuesFixture()
        let nov = DuesFixture.at(2026, 11, 16), dec = DuesFixture.at(2026, 12, 16), s = f.settings
        try f.setAndSubmit(DuesFixture.branchA, "2026-11", f.employed(["a1", "a2", "a3", "a4"], base: 300_000), at: nov)
        try f.setAndSubmit(DuesFixture.branchB, "2026-11", f.employed(["b1", "b2", "b3"], base: 300_000), at: nov)
        try f.apply(IdentityEvent.memberRemoved, f.memberEvent("a4", "刘海燕", branch: DuesFixture.branchA, status: .deceased), at: nov)
        // A branch cannot open its neighbour; a committee cannot open what is outside it.
        XCTAssertThrowsCode(ErrorCode.duesForbidden, try f.write { db in
            try Standards.open(db, OpenMonthRequest(orgCode: DuesFixture.branchB), by: f.adminA, settings: s, now: dec)
        })
        XCTAssertThrowsCode(ErrorCode.duesForbidden, try f.write { db in
            try Standards.open(db, OpenMonthRequest(orgCode: DuesFixture.general), by: f.worksAdmin, settings: s, now: dec)
        })
        let opened = try f.write { db in try Standards.open(db, OpenMonthRequest(), by: f.worksAdmin, settings: s, now: dec) }
        XCTAssertEqual(opened.month, "2026-12")
        XCTAssertEqual(opened.branchesOpened, 2, "branches A and B; C is not under the working committee")
        XCTAssertEqual(opened.standardsCarried, 6, "a4 (deceased) is not carried")
        let events = try f.events(DuesEvent.monthOpened, as: MonthOpenedEvent.self)
        XCTAssertEqual(events.map(\.orgCode), [DuesFixture.branchA, DuesFixture.branchB, DuesFixture.works], "saving into November opened each branch's month")
        XCTAssertEqual(events.last, MonthOpenedEvent(month: "2026-12", orgCode: DuesFixture.works, branchesOpened: 2, standardsCarried: 6))
        let c = try f.read { db in try Standards.get(db, BranchMonthRef(orgCode: DuesFixture.branchC, month: "2026-12"), by: f.adminC) }
        XCTAssertNil(c.status)
    }
}
