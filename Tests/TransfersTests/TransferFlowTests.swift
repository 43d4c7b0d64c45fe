import Foundation
import GRDB
import Schema
import Store
import Transfers
import XCTest

/// Every transition and refusal of the state machine, on a real SQLite file.
final class TransferFlowTests: XCTestCase {
    typealias F = Fixture

    func testWithinCityThroughEveryStepThenCompletesOnceInIdentity() async throws {
        let f = try Fixture()
        let t = try f.apply(ApplyTransferRequest(kind: .withinCity, toOrgCode: F.b1, reason: "工作调动"), by: F.member("m1"))
        XCTAssertEqual(t.status, .pending)
        XCTAssertEqual(t.steps.map(\.orgCode), [F.a1, F.aGeneral, F.aCommittee, F.bCommittee, F.b1])
        XCTAssertEqual(t.steps.map(\.state), [.waiting, .upcoming, .upcoming, .upcoming, .upcoming])
        XCTAssertEqual(t.openedBy, "member")

        // The wrong level approving: 甲党委 before the branch, 乙一支部 at any sending step.
        XCTAssertRefused(ErrorCode.transfersNotYourStep) { try f.approve(t.transferId, by: F.admin(F.aCommittee)) }
        XCTAssertRefused(ErrorCode.transfersNotYourStep) { try f.approve(t.transferId, by: F.admin(F.b1)) }
        XCTAssertRefused(ErrorCode.transfersForbidden) { try f.approve(t.transferId, by: F.admin(F.a2)) }
        for org in [F.a1, F.aGeneral, F.aCommittee] { _ = try f.approve(t.transferId, by: F.admin(org)) }
        // 划拨 by a branch is refused; by the receiving committee it may correct the branch named.
        XCTAssertRefused(ErrorCode.transfersNotACommittee) { try f.assign(t.transferId, to: F.b1, by: F.admin(F.b1)) }
        XCTAssertRefused(ErrorCode.transfersNotYourStep) { try f.assign(t.transferId, to: F.b1, by: F.admin(F.aCommittee)) }
        XCTAssertRefused(ErrorCode.transfersTargetInvalid, field: "body.toOrgCode") {
            try f.assign(t.transferId, to: F.b2, by: F.admin(F.bCommittee))
        }
        XCTAssertRefused(ErrorCode.transfersTargetInvalid, field: "body.toOrgCode") {
            try f.assign(t.transferId, to: F.a2, by: F.admin(F.bCommittee))
        }
        let assigned = try f.assign(t.transferId, to: F.b1, by: F.admin(F.bCommittee))
        XCTAssertEqual(assigned.currentStep, 4)
        let approved = try f.approve(t.transferId, by: F.admin(F.b1))
        XCTAssertEqual(approved.status, .approved)
        XCTAssertEqual(approved.steps.map(\.state), Array(repeating: StepState.approved, count: 5))
        XCTAssertEqual(approved.history.map(\.what), ["submitted", "approved", "approved", "approved", "assigned", "confirmed"])
        XCTAssertEqual(approved.history[1].title, "甲一支部审核通过")
        XCTAssertEqual(try f.events(TransfersEvent.changed), 6)

        // Approving in the wrong status.
        XCTAssertRefused(ErrorCode.transfersStatusInvalid) { try f.approve(t.transferId, by: F.admin(F.b1)) }
        XCTAssertRefused(ErrorCode.transfersStatusInvalid) { try f.withdraw(t.transferId, by: F.member("m1")) }

        // Completion: identity fails once after applying (the process "dies" before marking);
        // the retry is the same request id, applied once, and the transfer completes once.
        let identity = FakeIdentity()
        identity.state.withLock { $0.failAfterApplying = true }
        let completion = f.completion(identity)
        let first = await completion.run(t.transferId)
        XCTAssertFalse(first)
        XCTAssertEqual(try f.get(t.transferId).status, .approved)
        let second = await completion.run(t.transferId)
        XCTAssertTrue(second)
        let third = await completion.runAll()
        XCTAssertEqual(third, 0)
        let requestId = "transfer-\(t.transferId)-complete-1"
        XCTAssertEqual(identity.calls, [requestId: 2])
        XCTAssertEqual(identity.applied, [requestId: "reassign m1 \(F.b1)"])
        let done = try f.get(t.transferId)
        XCTAssertEqual(done.status, .completed)
        XCTAssertEqual(done.history.last?.what, "completed")
        XCTAssertNil(done.letter, "no letter inside the installation")

        // Withdraw after completion; revoke by the wrong committee, then by the committee that approved.
        XCTAssertRefused(ErrorCode.transfersStatusInvalid) { try f.withdraw(t.transferId, by: F.member("m1")) }
        XCTAssertRefused(ErrorCode.transfersRevokeNotAllowed) { try f.revoke(t.transferId, by: F.admin(F.bCommittee)) }
        XCTAssertRefused(ErrorCode.transfersRevokeNotAllowed) { try f.revoke(t.transferId, by: F.admin(F.a1)) }
        XCTAssertRefused(ErrorCode.transfersReasonInvalid) {
            try f.store.writeSync { db in
                try Deciding.revoke(db, TransferReasonRequest(transferId: t.transferId, reason: " "), by: F.admin(F.aCommittee),
                                    now: Date(), requestId: nil)
            }
        }
        XCTAssertEqual(try f.revoke(t.transferId, by: F.admin(F.aCommittee)).status, .revoked)
        _ = await completion.runAll()
        _ = await completion.runAll()
        XCTAssertEqual(identity.applied["transfer-\(t.transferId)-revoke-1"], "reassign m1 \(F.a1)")
        XCTAssertEqual(identity.calls["transfer-\(t.transferId)-revoke-1"], 1)
        XCTAssertEqual(try f.get(t.transferId).history.last?.what, "restored")
        XCTAssertRefused(ErrorCode.transfersStatusInvalid) { try f.revoke(t.transferId, by: F.admin(F.aCommittee)) }
    }

    /// Two completers at once (the decision's and the sweeper's, or two instances): one completes, identity applies once.
    func testTwoCompletersAtOnceCompleteOnce() async throws {
        let f = try Fixture()
        let id = try f.approvedWithinCity()
        let identity = FakeIdentity()
        let other = Completion(store: try Store(path: f.dir.appendingPathComponent("transfers.sqlite").path, migrations: TransfersMigrations.register),
                               identity: identity, dues: FakeDues(), settings: f.settings, logger: .init(label: "other"))
        async let first = f.completion(identity).run(id)
        async let second = other.run(id)
        let results = await [first, second]
        XCTAssertEqual(results.filter { $0 }.count, 1)
        XCTAssertEqual(identity.applied.count, 1)
        XCTAssertEqual(try f.get(id).history.filter { $0.what == "completed" }.count, 1)
        XCTAssertEqual(try f.get(id).status, .completed)
    }

    func testReturnResubmitAndWithdraw() throws {
        let f = try Fixture()
        let t = try f.apply(ApplyTransferRequest(kind: .withinCity, toOrgCode: F.b1, reason: "工作调动"), by: F.member("m1"))
        _ = try f.approve(t.transferId, by: F.admin(F.a1))
        XCTAssertRefused(ErrorCode.transfersCommentRequired, field: "body.comment") {
            try f.sendBack(t.transferId, by: F.admin(F.aGeneral), comment: "  ")
        }
        XCTAssertRefused(ErrorCode.transfersNotYourStep) { try f.sendBack(t.transferId, by: F.admin(F.a1), comment: "再看看") }
        let back = try f.sendBack(t.transferId, by: F.admin(F.aGeneral), comment: "原因不清楚")
        XCTAssertEqual(back.status, .returned)
        XCTAssertEqual(back.steps[1].state, .returned)
        XCTAssertEqual(back.history.last?.comment, "原因不清楚")
        XCTAssertRefused(ErrorCode.transfersStatusInvalid) { try f.approve(t.transferId, by: F.admin(F.aGeneral)) }
        // Only the applicant resubmits; the chain is planned again from the start.
        XCTAssertRefused(ErrorCode.transfersForbidden) {
            try f.store.writeSync { db in
                try Applying.resubmit(db, ResubmitTransferRequest(transferId: t.transferId), by: F.admin(F.a1), settings: f.settings,
                                      now: Date(), requestId: nil)
            }
        }
        let again = try f.store.writeSync { db in
            try Applying.resubmit(db, ResubmitTransferRequest(transferId: t.transferId, toOrgCode: F.a2, reason: "工作调动到甲二处"),
                                  by: F.member("m1"), settings: f.settings, now: Date(), requestId: nil)
        }
        XCTAssertEqual(again.status, .pending)
        XCTAssertEqual(again.toOrgCode, F.a2)
        XCTAssertEqual(again.steps.map(\.state), [.waiting, .upcoming, .upcoming, .upcoming])
        XCTAssertEqual(again.steps.map(\.action), [.review, .review, .assign, .confirm])
        XCTAssertRefused(ErrorCode.transfersStatusInvalid) {
            try f.store.writeSync { db in
                try Applying.resubmit(db, ResubmitTransferRequest(transferId: t.transferId), by: F.member("m1"), settings: f.settings,
                                      now: Date(), requestId: nil)
            }
        }
        XCTAssertRefused(ErrorCode.transfersForbidden) { try f.withdraw(t.transferId, by: F.member("m9")) }
        XCTAssertEqual(try f.withdraw(t.transferId, by: F.member("m1")).status, .withdrawn)
        XCTAssertRefused(ErrorCode.transfersStatusInvalid) { try f.withdraw(t.transferId, by: F.member("m1")) }
        // Withdrawn is closed: the member may apply again.
        XCTAssertEqual(try f.apply(ApplyTransferRequest(kind: .withinCity, toOrgCode: F.b1, reason: "工作调动"), by: F.member("m1")).status,
                       .pending)
    }

    func testApplyingRefusals() throws {
        let f = try Fixture()
        let me = F.member("m1")
        XCTAssertRefused(ErrorCode.transfersKindInvalid, field: "body.kind") {
            try f.apply(ApplyTransferRequest(kind: .inbound, toOrgCode: F.b1, reason: "工作调动"), by: me)
        }
        XCTAssertRefused(ErrorCode.transfersTargetInvalid, field: "body.toOrgCode") {
            try f.apply(ApplyTransferRequest(kind: .withinCity, toOrgCode: F.bCommittee, reason: "工作调动"), by: me)
        }
        XCTAssertRefused(ErrorCode.transfersTargetInvalid, field: "body.toOrgCode") {
            try f.apply(ApplyTransferRequest(kind: .withinCity, toOrgCode: F.b2, reason: "工作调动"), by: me)
        }
        XCTAssertRefused(ErrorCode.transfersTargetSame) {
            try f.apply(ApplyTransferRequest(kind: .withinCity, toOrgCode: F.a1, reason: "工作调动"), by: me)
        }
        XCTAssertRefused(ErrorCode.transfersTargetOutsideUnit) {
            try f.apply(ApplyTransferRequest(kind: .withinUnit, toOrgCode: F.b1, reason: "工作调动"), by: me)
        }
        XCTAssertRefused(ErrorCode.transfersExternalRequired, field: "body.toUnit") {
            try f.apply(ApplyTransferRequest(kind: .outbound, toOrgTitle: "某省委组织部", toOrgName: "某支部", reason: "调往外省"), by: me)
        }
        XCTAssertRefused(ErrorCode.transfersReasonInvalid, field: "body.reason") {
            try f.apply(ApplyTransferRequest(kind: .withinCity, toOrgCode: F.b1, reason: "走"), by: me)
        }
        XCTAssertRefused(ErrorCode.transfersForbidden) {
            try f.apply(ApplyTransferRequest(kind: .withinCity, memberId: "m9", toOrgCode: F.b1, reason: "工作调动"), by: me)
        }
        XCTAssertRefused(ErrorCode.transfersMemberNotFound) {
            try f.apply(ApplyTransferRequest(kind: .withinCity, memberId: "m3", toOrgCode: F.a1, reason: "工作调动"), by: F.admin(F.aCommittee))
        }
        // An administrator opens one on a member's behalf; a second open one is refused.
        let opened = try f.apply(ApplyTransferRequest(kind: .withinUnit, memberId: "m9", toOrgCode: F.a2, reason: "科室调整"),
                                 by: F.admin(F.aCommittee))
        XCTAssertEqual(opened.openedBy, "admin")
        XCTAssertRefused(ErrorCode.transfersAlreadyOpen) {
            try f.apply(ApplyTransferRequest(kind: .withinCity, memberId: "m9", toOrgCode: F.b1, reason: "工作调动"), by: F.admin(F.a1))
        }
        // The admin who opened it may withdraw it; the member too; another admin may not.
        XCTAssertRefused(ErrorCode.transfersForbidden) { try f.withdraw(opened.transferId, by: F.admin(F.a1)) }
        XCTAssertEqual(try f.withdraw(opened.transferId, by: F.admin(F.aCommittee)).status, .withdrawn)
        // A member who left active status cannot apply.
        try f.store.writeSync { db in
            try DirectoryCopy.upsert(db, MemberEvent(memberId: "m9", name: "李四", orgCode: F.a1, orgPath: Fixture.path(F.a1), memberType: .full,
                                                     post: .member, status: .deceased, joinDate: nil, unit: "", hasPhone: false))
        }
        XCTAssertRefused(ErrorCode.transfersMemberNotActive) {
            try f.apply(ApplyTransferRequest(kind: .withinCity, memberId: "m9", toOrgCode: F.b1, reason: "工作调动"), by: F.admin(F.a1))
        }
    }

    func testBranchSecretaryActsForTheBranchAndMembersSeeOnlyTheirOwn() throws {
        let f = try Fixture()
        let t = try f.apply(ApplyTransferRequest(kind: .withinUnit, memberId: "m1", toOrgCode: F.a2, reason: "科室调整"), by: F.admin(F.a1))
        for org in [F.a1, F.aGeneral] { _ = try f.approve(t.transferId, by: F.admin(org)) }
        let assigned = try f.approve(t.transferId, by: F.admin(F.aCommittee))
        XCTAssertEqual(assigned.history.last?.what, "assigned", "the committee's merged step approves as 划拨 to the branch named")
        XCTAssertRefused(ErrorCode.transfersForbidden) { try f.approve(t.transferId, by: F.member("m9")) }
        XCTAssertRefused(ErrorCode.transfersForbidden, field: "body.transferId") { try f.get(t.transferId, by: F.member("m9")) }
        XCTAssertEqual(try f.get(t.transferId, by: F.member("m1")).memberId, "m1")
        // m2 is 书记 of 甲二支部: with the role, they confirm for the branch.
        XCTAssertRefused(ErrorCode.transfersForbidden) { try f.approve(t.transferId, by: F.member("m2")) }
        let done = try f.approve(t.transferId, by: F.member("m2", roles: ["secretary"]))
        XCTAssertEqual(done.status, .approved)
        XCTAssertEqual(done.steps.last?.actorName, "王五")
    }

    func testTheCopyOfTheTreeFollowsIdentitysEvents() throws {
        let f = try Fixture()
        let event = Envelope<JSONValue>(type: IdentityEvent.memberMoved, body: try JSONValue(encoding: MemberEvent(
            memberId: "m1", name: "张三", orgCode: F.b1, orgPath: Fixture.path(F.b1), memberType: .full, post: .member, status: .active,
            joinDate: nil, unit: "", hasPhone: false, previousOrgCode: F.a1)))
        try f.store.writeSync { db in try DirectoryCopy.apply(db, event: event) }
        let row = try f.store.readSync { db in try String.fetchOne(db, sql: "SELECT orgCode FROM member WHERE id = 'm1'") }
        XCTAssertEqual(row, F.b1)
    }
}
