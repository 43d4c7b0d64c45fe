import Foundation
import GRDB
import Identity
import Schema
import XCTest

/// What the transfers service asks of identity, as a service actor (`Actor.service("transfers")`),
/// and the events dues and notifications follow.
final class TransfersCallerTests: XCTestCase {
    let transfers = Actor.service("transfers")

    func testTheOperationsAdmitAServiceCaller() {
        for operation in [IdentityAPI.memberGet.descriptor, IdentityAPI.memberReassign.descriptor,
                          IdentityAPI.memberStatus.descriptor, IdentityAPI.memberCreate.descriptor] {
            XCTAssertTrue(operation.callers.allows(.service), operation.type)
        }
    }

    func testGetGivesTransfersTheWholeRecord() throws {
        let f = try DirectoryFixture()
        let m = try f.addMember(7)
        let view = try f.read { db in try Members.get(db, MemberRef(memberId: m.id), by: self.transfers) }
        XCTAssertFalse(view.masked)
        XCTAssertEqual(view.idNumber, DirectoryFixture.idNumber(7), "the whole ID number, for the 介绍信")
        XCTAssertEqual(view.phone, DirectoryFixture.phone(7))
        XCTAssertEqual(view.birthDate, "1990-01-01")
        XCTAssertEqual(view.ethnicity, "汉族")
        XCTAssertEqual(view.memberType, .full)
        XCTAssertEqual(view.unit, "国土资源局")
        XCTAssertEqual(view.sex, m.sex)
        // Other services still read it masked.
        let dues = try f.read { db in try Members.get(db, MemberRef(memberId: m.id), by: Actor.service("dues")) }
        XCTAssertTrue(dues.masked)
        XCTAssertNotEqual(dues.idNumber, DirectoryFixture.idNumber(7))
    }

    func testReassignThereAndBackEmitsMoved() throws {
        let f = try DirectoryFixture()
        let m = try f.addMember(8)
        let moved = try f.write { db in
            try Members.reassign(db, ReassignMember(memberId: m.id, toOrgCode: DirectoryFixture.branchC, reason: "市内转接 T-1"),
                                 by: self.transfers, now: f.now, requestId: "transfers:T-1:reassign")
        }
        XCTAssertEqual(moved.orgCode, DirectoryFixture.branchC)
        XCTAssertEqual(try f.events(IdentityEvent.memberMoved), 1)
        let event = try XCTUnwrap(f.lastEvent(IdentityEvent.memberMoved, as: MemberEvent.self))
        XCTAssertEqual(event.previousOrgCode, DirectoryFixture.branchA)
        XCTAssertEqual(event.orgCode, DirectoryFixture.branchC)
        // Revoked: back to where the member came from.
        let back = try f.write { db in
            try Members.reassign(db, ReassignMember(memberId: m.id, toOrgCode: DirectoryFixture.branchA, reason: "撤销 T-1"),
                                 by: self.transfers, now: f.now, requestId: "transfers:T-1:revoke")
        }
        XCTAssertEqual(back.orgCode, DirectoryFixture.branchA)
        XCTAssertEqual(try f.lastEvent(IdentityEvent.memberMoved, as: MemberEvent.self)?.previousOrgCode, DirectoryFixture.branchC)
        XCTAssertEqual(try f.count("member_history", "kind = 'reassign' AND actorKind = 'service' AND actorId = 'transfers'"), 2)
    }

    func testTransferredOutAndRestoredEmitRemovedThenUpdatedFromTransferredOut() throws {
        let f = try DirectoryFixture()
        let m = try f.addMember(9)
        let out = try f.write { db in
            try Members.changeStatus(db, ChangeMemberStatus(memberId: m.id, status: .transferredOut, reason: "转到市外 T-2"),
                                     by: self.transfers, now: f.now, requestId: "transfers:T-2:out")
        }
        XCTAssertEqual(out.status, .transferredOut)
        let removed = try XCTUnwrap(f.lastEvent(IdentityEvent.memberRemoved, as: MemberEvent.self))
        XCTAssertEqual(removed.status, .transferredOut)
        XCTAssertEqual(removed.previousStatus, .active)
        XCTAssertEqual(removed.reason, "转到市外 T-2")
        // Revoked: active again; the updated event says what it came back from (dues owes again on it).
        let updatedBefore = try f.events(IdentityEvent.memberUpdated)
        let back = try f.write { db in
            try Members.changeStatus(db, ChangeMemberStatus(memberId: m.id, status: .active, reason: "撤销 T-2"),
                                     by: self.transfers, now: f.now, requestId: "transfers:T-2:revoke")
        }
        XCTAssertEqual(back.status, .active)
        XCTAssertEqual(try f.events(IdentityEvent.memberUpdated), updatedBefore + 1)
        let restored = try XCTUnwrap(f.lastEvent(IdentityEvent.memberUpdated, as: MemberEvent.self))
        XCTAssertEqual(restored.status, .active)
        XCTAssertEqual(restored.previousStatus, .transferredOut)
    }

    func testAnInboundApplicantGetsAMemberAndALoginAndCanBeRemovedAgain() throws {
        let f = try DirectoryFixture()
        let idNumber = DirectoryFixture.idNumber(424_242, birth: "19880512")
        let created = try f.write { db in
            try Members.create(db, CreateMember(idNumber: idNumber, name: "王转入", ethnicity: "回族", phone: DirectoryFixture.phone(4242),
                                                memberType: .probationary, joinDate: "2020-12-01", orgCode: DirectoryFixture.branchB,
                                                unit: "自然资源局", post: nil, reviewed: true),
                               by: self.transfers, now: f.now, requestId: "transfers:T-3:create")
        }
        XCTAssertEqual(created.orgCode, DirectoryFixture.branchB)
        XCTAssertEqual(created.idNumber, idNumber)
        XCTAssertEqual(created.birthDate, "1988-05-12")
        let event = try XCTUnwrap(f.lastEvent(IdentityEvent.memberCreated, as: MemberEvent.self))
        XCTAssertEqual(event.memberId, created.id)
        XCTAssertEqual(event.memberType, .probationary)
        // A login account with the initial password (derived per identity's policy), to be changed at first login.
        XCTAssertEqual(try f.count("account", "memberId = '\(created.id)' AND kind = 'member' AND passwordHash = '\(DirectoryAccounts.initialPasswordMarker)' AND mustChangePassword = 1"), 1)
        // Revoking the inbound transfer removes the member, with the reason.
        let removed = try f.write { db in
            try Members.changeStatus(db, ChangeMemberStatus(memberId: created.id, status: .removed, reason: "撤销转入 T-3"),
                                     by: self.transfers, now: f.now, requestId: "transfers:T-3:revoke")
        }
        XCTAssertEqual(removed.status, .removed)
        let gone = try XCTUnwrap(f.lastEvent(IdentityEvent.memberRemoved, as: MemberEvent.self))
        XCTAssertEqual(gone.memberId, created.id)
        XCTAssertEqual(gone.status, .removed)
        XCTAssertEqual(gone.reason, "撤销转入 T-3")
    }
}
