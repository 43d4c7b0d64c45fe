import Dues
import GRDB
import Schema
import XCTest

/// After 提交并通知交纳: a change is a new submission for the changed members; a reduction or
/// exemption (by the branch, or a member's own amount below their bracket) applies only once the
/// next committee approves it.
final class AfterSubmitTests: XCTestCase {
    var f: DuesFixture!
    override func setUp() async throws { f = try DuesFixture() }

    let nov16 = DuesFixture.at(2026, 11, 16), nov20 = DuesFixture.at(2026, 11, 20)

    func standards(_ branch: String, _ month: String = "2026-11", by actor: Actor) throws -> [String: StandardView] {
        let view = try f.read { db in try Standards.get(db, BranchMonthRef(orgCode: branch, month: month), by: actor) }
        return Dictionary(uniqueKeysWithValues: view.items.map { ($0.memberId, $0) })
    }

    func save(_ branch: String, _ items: [StandardInput], by actor: Actor, month: String = "2026-11", at now: Date) throws -> BranchStandardsView {
        let s = f.settings
        return try f.write { db in
            try Standards.save(db, SaveStandardsRequest(orgCode: branch, month: month, items: items), by: actor, settings: s, now: now)
        }
    }

    func testAChangeToASubmittedMonthIsANewSubmissionThatNotifiesOnlyTheChangedMembers() throws {
        try f.setAndSubmit(DuesFixture.branchA, "2026-11", f.employed(["a1", "a2", "a3", "a4"], base: 300_000), at: nov16)
        XCTAssertEqual(try f.events(DuesEvent.standardsSubmitted, as: StandardsSubmittedEvent.self).count, 1)
        // a2's pay rose; a3 is entered again unchanged.
        let view = try save(DuesFixture.branchA, f.employed(["a2"], base: 500_001) + f.employed(["a3"], base: 300_000), by: f.adminA, at: nov20)
        XCTAssertEqual(view.status, .submitted)
        XCTAssertEqual(view.items.first { $0.memberId == "a2" }?.amountFen, 7_500)
        let events = try f.events(DuesEvent.standardsSubmitted, as: StandardsSubmittedEvent.self)
        XCTAssertEqual(events.count, 2, "the change is a new submission")
        XCTAssertEqual(events[1].members, [MemberAmount(memberId: "a2", amountFen: 7_500)], "only the changed member is told")
        XCTAssertEqual(events[1].orgCode, DuesFixture.branchA)
        XCTAssertEqual(events[1].month, "2026-11")
        XCTAssertEqual(events[1].totalFen, 7_500)
        // It applies at once: a2 owes the new amount.
        let s = f.settings, now = nov20
        let months = try f.read { db in try Paying.memberMonths(db, MemberMonthsQuery(), by: self.f.member("a2"), settings: s, now: now) }
        XCTAssertEqual(months.payableTotalFen, 7_500)
        // Saving the same again tells nobody.
        _ = try save(DuesFixture.branchA, f.employed(["a2"], base: 500_001), by: f.adminA, at: nov20)
        XCTAssertEqual(try f.events(DuesEvent.standardsSubmitted, as: StandardsSubmittedEvent.self).count, 2)
    }

    func testAnExemptionOrReductionInASubmittedMonthAppliesOnlyOnceTheCommitteeApproves() throws {
        try f.setAndSubmit(DuesFixture.branchC, "2026-11", f.employed(["c1", "c2", "c3"], base: 400_000), at: nov16)
        let view = try save(DuesFixture.branchC, [
            StandardInput(memberId: "c2", kind: .exempt, note: "长期患病"),
            StandardInput(memberId: "c3", kind: .manual, baseFen: 400_000, amountFen: 1_000, note: "困难"),
        ], by: f.adminC, at: nov20)
        // Not applied while pending: both still owe ¥40, and nobody is told yet.
        XCTAssertEqual(view.items.first { $0.memberId == "c2" }?.amountFen, 4_000)
        XCTAssertEqual(view.items.first { $0.memberId == "c3" }?.amountFen, 4_000)
        XCTAssertEqual(try f.events(DuesEvent.standardsSubmitted, as: StandardsSubmittedEvent.self).count, 1)
        // The branch's screen shows what waits.
        XCTAssertEqual(Dictionary(uniqueKeysWithValues: view.pendingChanges.map { ($0.memberId, $0.amountFen) }), ["c2": 0, "c3": 1_000])
        XCTAssertEqual(Set(view.pendingChanges.map(\.approval)), [.pending])
        let s = f.settings, now = nov20
        let c2 = try f.read { db in try Paying.memberMonths(db, MemberMonthsQuery(), by: self.f.member("c2"), settings: s, now: now) }
        XCTAssertEqual(c2.lines.first { $0.month == "2026-11" }?.state, .due)
        XCTAssertEqual(c2.payableTotalFen, 4_000)
        // The next committee (001) sees both, with the amounts asked.
        let pending = try f.read { db in try Standards.pendingExemptions(db, ExemptionQuery(), by: self.f.rootAdmin) }
        XCTAssertEqual(pending.items.map(\.memberId), ["c2", "c3"])
        XCTAssertEqual(pending.items.map(\.amountFen), [0, 1_000])
        XCTAssertEqual(pending.items.map(\.approval), [.pending, .pending])
        XCTAssertThrowsCode(ErrorCode.duesForbidden, try self.f.write { db in
            try Standards.reviewExemption(db, ReviewExemptionRequest(memberId: "c2", month: "2026-11", approve: true), by: self.f.adminC)
        })
        // Approved: c2 is exempt from now on and told so; refused: c3 keeps ¥40.
        let approved = try f.write { db in
            try Standards.reviewExemption(db, ReviewExemptionRequest(memberId: "c2", month: "2026-11", approve: true), by: self.f.rootAdmin)
        }
        XCTAssertEqual(approved.approval, .approved)
        let refused = try f.write { db in
            try Standards.reviewExemption(db, ReviewExemptionRequest(memberId: "c3", month: "2026-11", approve: false), by: self.f.rootAdmin)
        }
        XCTAssertEqual(refused.approval, .rejected)
        let after = try standards(DuesFixture.branchC, by: f.adminC)
        XCTAssertEqual(after["c2"]?.amountFen, 0)
        XCTAssertEqual(after["c2"]?.kind, .exempt)
        XCTAssertEqual(after["c3"]?.amountFen, 4_000)
        let events = try f.events(DuesEvent.standardsSubmitted, as: StandardsSubmittedEvent.self)
        XCTAssertEqual(events.count, 2)
        XCTAssertEqual(events[1].members, [MemberAmount(memberId: "c2", amountFen: 0)])
        let c2After = try f.read { db in try Paying.memberMonths(db, MemberMonthsQuery(), by: self.f.member("c2"), settings: s, now: now) }
        XCTAssertEqual(c2After.lines.first { $0.month == "2026-11" }?.state, .exempt)
        XCTAssertEqual(try f.read { db in try Standards.pendingExemptions(db, ExemptionQuery(), by: self.f.rootAdmin) }.items, [])
        XCTAssertEqual(try f.read { db in try Standards.get(db, BranchMonthRef(orgCode: DuesFixture.branchC, month: "2026-11"), by: self.f.adminC) }.pendingChanges, [])
        XCTAssertThrowsCode(ErrorCode.duesNotPending, try self.f.write { db in
            try Standards.reviewExemption(db, ReviewExemptionRequest(memberId: "c3", month: "2026-11", approve: true), by: self.f.rootAdmin)
        })
    }

    func testAnApprovedExemptionCarriesIntoLaterMonthsOpenedMeanwhile() throws {
        try f.setAndSubmit(DuesFixture.branchC, "2026-11", f.employed(["c1", "c2", "c3"], base: 400_000), at: nov16)
        _ = try save(DuesFixture.branchC, [StandardInput(memberId: "c2", kind: .exempt, note: "长期患病")], by: f.adminC, at: nov20)
        // December opens and is submitted while the committee has not decided: c2 still owes ¥40 there.
        let dec = DuesFixture.at(2026, 12, 16), s = f.settings
        _ = try f.write { db in try Standards.open(db, OpenMonthRequest(orgCode: DuesFixture.branchC), by: self.f.adminC, settings: s, now: dec) }
        _ = try f.write { db in try Standards.submit(db, BranchMonthRef(orgCode: DuesFixture.branchC, month: "2026-12"), by: self.f.adminC, now: dec) }
        XCTAssertEqual(try standards(DuesFixture.branchC, "2026-12", by: f.adminC)["c2"]?.amountFen, 4_000)
        let before = try f.events(DuesEvent.standardsSubmitted, as: StandardsSubmittedEvent.self).count
        _ = try f.write { db in
            try Standards.reviewExemption(db, ReviewExemptionRequest(memberId: "c2", month: "2026-11", approve: true), by: self.f.rootAdmin)
        }
        XCTAssertEqual(try standards(DuesFixture.branchC, "2026-11", by: f.adminC)["c2"]?.amountFen, 0)
        XCTAssertEqual(try standards(DuesFixture.branchC, "2026-12", by: f.adminC)["c2"]?.amountFen, 0)
        XCTAssertEqual(try standards(DuesFixture.branchC, "2026-12", by: f.adminC)["c2"]?.approval, .approved)
        let told = try f.events(DuesEvent.standardsSubmitted, as: StandardsSubmittedEvent.self).dropFirst(before)
        XCTAssertEqual(told.map(\.month), ["2026-11", "2026-12"])
        XCTAssertEqual(told.map(\.members), [[MemberAmount(memberId: "c2", amountFen: 0)], [MemberAmount(memberId: "c2", amountFen: 0)]])
        // c3, untouched, still owes both months.
        let c3 = try f.read { db in try Paying.memberMonths(db, MemberMonthsQuery(), by: self.f.member("c3"), settings: s, now: dec) }
        XCTAssertEqual(c3.payableTotalFen, 8_000)
    }

    func testAProposalEmitsProposalSubmittedAndBelowTheBracketNeedsTheCommitteeToo() throws {
        try f.setAndSubmit(DuesFixture.branchC, "2026-11", f.employed(["c1", "c2", "c3"], base: 400_000), at: nov16)
        let s = f.settings, now = nov20
        let proposal = try f.write { db in
            try Proposals.submit(db, ProposeAmountRequest(amountFen: 1_000, note: "收入减少"), by: self.f.member("c2"), now: now, requestId: "req-1")
        }
        // Notifications learns of it (to tell the branch secretary).
        let submitted = try f.events(DuesEvent.proposalSubmitted, as: ProposalView.self)
        XCTAssertEqual(submitted.map(\.id), [proposal.id])
        XCTAssertEqual(submitted.first?.memberId, "c2")
        XCTAssertEqual(submitted.first?.orgCode, DuesFixture.branchC)
        XCTAssertEqual(submitted.first?.amountFen, 1_000)
        XCTAssertEqual(submitted.first?.status, .pending)
        let envelope = try f.read { db in try Data.fetchOne(db, sql: "SELECT envelope FROM store_event WHERE type = ?", arguments: [DuesEvent.proposalSubmitted]) }
        XCTAssertTrue(String(decoding: envelope ?? Data(), as: UTF8.self).contains("req-1"), "emitted in the request's transaction, correlated with it")
        // The secretary approves: below the ¥40 bracket, so it goes on to the committee and does not apply yet.
        let byBranch = try f.write { db in
            try Proposals.review(db, ReviewProposalRequest(proposalId: proposal.id, approve: true), by: self.f.member("c1"), settings: s, now: now)
        }
        XCTAssertEqual(byBranch.status, .pending)
        XCTAssertEqual(try standards(DuesFixture.branchC, by: f.adminC)["c2"]?.amountFen, 4_000)
        XCTAssertEqual(try f.read { db in try Proposals.list(db, ProposalQuery(orgCode: DuesFixture.branchC), by: self.f.member("c1")) }.items, [],
                       "no longer waiting for the branch")
        // The branch cannot approve it a second time; the committee lists and approves it.
        XCTAssertThrowsCode(ErrorCode.duesForbidden, try self.f.write { db in
            try Proposals.review(db, ReviewProposalRequest(proposalId: proposal.id, approve: true), by: self.f.member("c1"), settings: s, now: now)
        })
        XCTAssertEqual(try f.read { db in try Proposals.list(db, ProposalQuery(orgCode: DuesFixture.root), by: self.f.rootAdmin) }.items.map(\.id),
                       [proposal.id])
        XCTAssertEqual(try f.read { db in try Proposals.list(db, ProposalQuery(orgCode: DuesFixture.general), by: Actor(kind: .admin, id: "g", orgCode: DuesFixture.general)) }.items,
                       [], "a general branch is not the next committee")
        let byCommittee = try f.write { db in
            try Proposals.review(db, ReviewProposalRequest(proposalId: proposal.id, approve: true), by: self.f.rootAdmin, settings: s, now: now)
        }
        XCTAssertEqual(byCommittee.status, .approved)
        XCTAssertEqual(byCommittee.effectiveMonth, "2026-11")
        XCTAssertEqual(try standards(DuesFixture.branchC, by: f.adminC)["c2"]?.amountFen, 1_000)
        // The member is told of the new amount of a submitted month.
        let events = try f.events(DuesEvent.standardsSubmitted, as: StandardsSubmittedEvent.self)
        XCTAssertEqual(events.last?.members, [MemberAmount(memberId: "c2", amountFen: 1_000)])
        // At or above the bracket the secretary alone decides.
        let more = try f.write { db in try Proposals.submit(db, ProposeAmountRequest(amountFen: 5_000), by: self.f.member("c3"), now: now) }
        let applied = try f.write { db in
            try Proposals.review(db, ReviewProposalRequest(proposalId: more.id, approve: true), by: self.f.member("c1"), settings: s, now: now)
        }
        XCTAssertEqual(applied.status, .approved)
        XCTAssertEqual(try standards(DuesFixture.branchC, by: f.adminC)["c3"]?.amountFen, 5_000)
    }
}
