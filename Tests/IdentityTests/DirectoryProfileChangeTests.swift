import Foundation
import GRDB
import Identity
import Schema
import XCTest

final class DirectoryProfileChangeTests: XCTestCase {
    typealias F = DirectoryFixture

    /// Branch A with a secretary (member 1) and a member (member 2).
    func makeBranch() throws -> (DirectoryFixture, secretary: MemberView, member: MemberView) {
        let f = try DirectoryFixture()
        let secretary = try f.addMember(1, post: .secretary)
        let member = try f.addMember(2)
        return (f, secretary, member)
    }

    func testFreeFieldChangeWaitsForTheSecretaryThenTakesEffect() throws {
        let (f, secretary, member) = try makeBranch()
        let me = f.memberActor(member)
        let change = try f.write { db in
            try ProfileChanges.submit(db, SubmitProfileChange(changes: ProfileFields(phone: "13800000002", ethnicity: "回族")), by: me, now: f.now)
        }
        XCTAssertEqual(change.status, .pending)
        // Nothing changed yet, and no event.
        let unchanged = try f.read { db in try Members.get(db, MemberRef(memberId: member.id), by: me) }
        XCTAssertEqual(unchanged.phone, F.phone(2))
        XCTAssertEqual(unchanged.ethnicity, "汉族")
        XCTAssertEqual(try f.events(IdentityEvent.memberUpdated), 0)

        let pending = try f.read { db in try ProfileChanges.pending(db, PendingProfileChanges(), by: f.memberActor(secretary, roles: ["secretary"])) }
        XCTAssertEqual(pending.items.map(\.id), [change.id])
        XCTAssertEqual(pending.items.first?.changes.phone, PersonalData.maskPhone("13800000002"), "lists are masked")

        let approved = try f.write { db in
            try ProfileChanges.review(db, ReviewProfileChange(changeId: change.id, approve: true),
                                      by: f.memberActor(secretary, roles: ["secretary"]), now: f.now)
        }
        XCTAssertEqual(approved.status, .approved)
        XCTAssertEqual(approved.reviewedBy, secretary.id)
        let after = try f.read { db in try Members.get(db, MemberRef(memberId: member.id), by: me) }
        XCTAssertEqual(after.phone, "13800000002")
        XCTAssertEqual(after.ethnicity, "回族")
        XCTAssertEqual(try f.events(IdentityEvent.memberUpdated), 1)
        XCTAssertEqual(try f.read { db in try ProfileChanges.pending(db, PendingProfileChanges(orgCode: F.branchA), by: f.adminA) }.items, [])
        // Reviewed once: not again.
        assertError(ErrorCode.identityProfileChangeClosed, field: "body.changeId") {
            try f.write { db in try ProfileChanges.review(db, ReviewProfileChange(changeId: change.id, approve: true), by: f.adminA, now: f.now) }
        }
        let mine = try f.read { db in try ProfileChanges.ofMember(db, MemberProfileChanges(), by: me) }
        XCTAssertEqual(mine.items.map(\.status), [.approved])
    }

    /// Submitting tells the branch secretary (notifications consumes identity.profile.submitted): one
    /// event in the same transaction, naming the fields but carrying no values.
    func testSubmittingEmitsProfileSubmittedWithFieldNamesOnly() throws {
        let (f, _, member) = try makeBranch()
        XCTAssertEqual(try f.events(IdentityEvent.profileSubmitted), 0)
        let change = try f.write { db in
            try ProfileChanges.submit(db, SubmitProfileChange(changes: ProfileFields(phone: "13800000002", ethnicity: "回族")),
                                      by: f.memberActor(member), now: f.now)
        }
        XCTAssertEqual(try f.events(IdentityEvent.profileSubmitted), 1)
        let event = try XCTUnwrap(try f.lastEvent(IdentityEvent.profileSubmitted, as: ProfileChangeSubmittedEvent.self))
        XCTAssertEqual(event, ProfileChangeSubmittedEvent(changeId: change.id, memberId: member.id, memberName: member.name,
                                                          orgCode: F.branchA, fields: ["phone", "ethnicity"]))
        // A refused submission emits nothing.
        assertError(ErrorCode.identityFieldLocked, field: "body.changes.name") {
            try f.write { db in try ProfileChanges.submit(db, SubmitProfileChange(changes: ProfileFields(name: "改名")), by: f.memberActor(member), now: f.now) }
        }
        XCTAssertEqual(try f.events(IdentityEvent.profileSubmitted), 1)
    }

    func testMemberEditingALockedFieldIsRefused() throws {
        let (f, _, member) = try makeBranch()
        let before = try f.snapshot()
        for (fields, name) in [(ProfileFields(name: "改名"), "name"), (ProfileFields(phone: "13800000009", idNumber: F.idNumber(77)), "idNumber"),
                               (ProfileFields(memberType: .full), "memberType"), (ProfileFields(joinDate: "2011-01-01"), "joinDate"),
                               (ProfileFields(post: .secretary), "post")] {
            assertError(ErrorCode.identityFieldLocked, field: "body.changes.\(name)") {
                try f.write { db in try ProfileChanges.submit(db, SubmitProfileChange(changes: fields), by: f.memberActor(member), now: f.now) }
            }
        }
        XCTAssertEqual(try f.snapshot(), before)
        // Before review, the same fields may be asked for.
        let fresh = try f.addMember(3, reviewed: false)
        let change = try f.write { db in
            try ProfileChanges.submit(db, SubmitProfileChange(changes: ProfileFields(name: "新名")), by: f.memberActor(fresh), now: f.now)
        }
        XCTAssertEqual(change.changes.name, "新名")
    }

    func testOnlyTheBranchSecretaryOrAnAdministratorReviews() throws {
        let (f, secretary, member) = try makeBranch()
        let secretaryB = try f.addMember(10, org: F.branchB, post: .secretary)
        let plain = try f.addMember(11)
        let change = try f.write { db in
            try ProfileChanges.submit(db, SubmitProfileChange(changes: ProfileFields(unit: "新单位")), by: f.memberActor(member), now: f.now)
        }
        let refused: [Actor] = [
            f.memberActor(secretaryB, roles: ["secretary"]),   // another branch's secretary
            f.memberActor(plain, roles: ["secretary"]),        // claims the role, is no secretary
            f.memberActor(secretary),                          // the secretary without the role
            f.memberActor(member, roles: ["secretary"]),       // oneself
            f.adminB,                                          // another branch's administrator
        ]
        for actor in refused {
            assertError(ErrorCode.identityForbidden, field: "body.changeId") {
                try f.write { db in try ProfileChanges.review(db, ReviewProfileChange(changeId: change.id, approve: true), by: actor, now: f.now) }
            }
        }
        assertError(ErrorCode.identityForbidden) {
            _ = try f.read { db in try ProfileChanges.pending(db, PendingProfileChanges(orgCode: F.branchA), by: f.memberActor(secretaryB, roles: ["secretary"])) }
        }
        // Rejection needs a reason, and changes nothing.
        assertError(ErrorCode.identityReasonRequired, field: "body.reason") {
            try f.write { db in try ProfileChanges.review(db, ReviewProfileChange(changeId: change.id, approve: false), by: f.worksAdmin, now: f.now) }
        }
        let rejected = try f.write { db in
            try ProfileChanges.review(db, ReviewProfileChange(changeId: change.id, approve: false, reason: "单位名称不规范"), by: f.worksAdmin, now: f.now)
        }
        XCTAssertEqual(rejected.status, .rejected)
        XCTAssertEqual(rejected.reason, "单位名称不规范")
        XCTAssertEqual(try f.read { db in try Members.get(db, MemberRef(memberId: member.id), by: f.adminA) }.unit, "国土资源局")
        XCTAssertEqual(try f.events(IdentityEvent.memberUpdated), 0)
    }

    func testApprovalRechecksUniqueness() throws {
        let (f, secretary, member) = try makeBranch()
        let change = try f.write { db in
            try ProfileChanges.submit(db, SubmitProfileChange(changes: ProfileFields(phone: "13700000000")), by: f.memberActor(member), now: f.now)
        }
        // Meanwhile someone else gets that phone.
        try f.addMember(5, phone: "13700000000")
        let before = try f.snapshot()
        assertError(ErrorCode.identityPhoneTaken, field: "changes.phone") {
            try f.write { db in
                try ProfileChanges.review(db, ReviewProfileChange(changeId: change.id, approve: true), by: f.memberActor(secretary, roles: ["secretary"]), now: f.now)
            }
        }
        XCTAssertEqual(try f.snapshot(), before, "still pending, member unchanged")
    }

    func testSubmissionChecksValuesAndSupersedes() throws {
        let (f, secretary, member) = try makeBranch()
        let me = f.memberActor(member)
        assertError(ErrorCode.identityPhoneInvalid, field: "body.changes.phone") {
            try f.write { db in try ProfileChanges.submit(db, SubmitProfileChange(changes: ProfileFields(phone: "12345")), by: me, now: f.now) }
        }
        assertError(ErrorCode.identityPhoneTaken, field: "body.changes.phone") {
            try f.write { db in try ProfileChanges.submit(db, SubmitProfileChange(changes: ProfileFields(phone: secretary.phone)), by: me, now: f.now) }
        }
        assertError(ErrorCode.identityNothingToChange, field: "body.changes") {
            try f.write { db in try ProfileChanges.submit(db, SubmitProfileChange(changes: ProfileFields()), by: me, now: f.now) }
        }
        assertError(ErrorCode.identityForbidden) {
            try f.write { db in try ProfileChanges.submit(db, SubmitProfileChange(memberId: secretary.id, changes: ProfileFields(unit: "x")), by: me, now: f.now) }
        }
        let first = try f.write { db in try ProfileChanges.submit(db, SubmitProfileChange(changes: ProfileFields(unit: "一")), by: me, now: f.now) }
        let second = try f.write { db in
            try ProfileChanges.submit(db, SubmitProfileChange(changes: ProfileFields(unit: "二")), by: me, now: f.now.addingTimeInterval(1))
        }
        let mine = try f.read { db in try ProfileChanges.ofMember(db, MemberProfileChanges(), by: me) }
        XCTAssertEqual(mine.items.map(\.id), [second.id, first.id])
        XCTAssertEqual(mine.items.map(\.status), [.pending, .superseded])
        let pending = try f.read { db in try ProfileChanges.pending(db, PendingProfileChanges(orgCode: F.general), by: f.generalAdmin) }
        XCTAssertEqual(pending.items.map(\.id), [second.id])
    }
}
