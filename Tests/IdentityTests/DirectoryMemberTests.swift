import Foundation
import GRDB
import Identity
import Schema
import XCTest

final class DirectoryMemberTests: XCTestCase {
    typealias F = DirectoryFixture

    func testCreateDerivesBirthDateAndSexAndCreatesTheAccount() throws {
        let f = try DirectoryFixture()
        let id = IDNumber.complete("11010519851103002").lowercased()   // female, maybe ending in x
        let member = try f.write { db in
            try Members.create(db, CreateMember(idNumber: id, name: " 张三 ", ethnicity: "汉族", phone: "13912345678",
                                                memberType: .probationary, joinDate: "2024/7/1", orgCode: F.branchA,
                                                unit: "国土资源局", post: .committeeMember),
                               by: f.adminA, now: f.now)
        }
        XCTAssertEqual(member.idNumber, id.uppercased())
        XCTAssertEqual(member.birthDate, "1985-11-03")
        XCTAssertEqual(member.sex, .female)
        XCTAssertEqual(member.name, "张三")
        XCTAssertEqual(member.joinDate, "2024-07-01")
        XCTAssertEqual(member.status, .active)
        XCTAssertFalse(member.masked)
        XCTAssertEqual(member.orgName, "国土资源局第一党支部")
        let account = try XCTUnwrap(f.read { db in
            try Row.fetchOne(db, sql: "SELECT kind, passwordHash, mustChangePassword, username FROM account WHERE memberId = ?", arguments: [member.id])
        })
        XCTAssertEqual(account["kind"] as String, "member")
        XCTAssertEqual(account["passwordHash"] as String, DirectoryAccounts.initialPasswordMarker)
        XCTAssertEqual(account["passwordHash"] as String, "initial")
        XCTAssertEqual(account["mustChangePassword"] as Int, 1)
        XCTAssertNil(account["username"] as String?)

        let event = try XCTUnwrap(f.lastEvent(IdentityEvent.memberCreated, as: MemberEvent.self))
        XCTAssertEqual(event.memberId, member.id)
        XCTAssertEqual(event.orgCode, F.branchA)
        XCTAssertEqual(event.orgPath, "/001/001001/001001001/001001001001/")
        XCTAssertEqual(event.memberType, .probationary)
        XCTAssertTrue(event.hasPhone)
        // The event is not a leak: neither the ID number nor the phone is in the stored envelope.
        let raw = try f.read { db in try Data.fetchOne(db, sql: "SELECT envelope FROM store_event WHERE type = ?", arguments: [IdentityEvent.memberCreated])! }
        let text = String(decoding: raw, as: UTF8.self)
        XCTAssertFalse(text.contains(member.idNumber))
        XCTAssertFalse(text.contains("13912345678"))
        XCTAssertFalse(text.contains("1985-11-03"))
    }

    func testBadIDNumbersRejectedAndNothingWritten() throws {
        let f = try DirectoryFixture()
        let before = try f.snapshot()
        let cases: [(String, String)] = [
            ("110105194912310021", "checksum"),
            (IDNumber.complete("11010519490231002"), "birth_date"),
            (IDNumber.complete("11010520990101002"), "birth_date"),
            ("11010519491231002", "format"),
        ]
        for (id, reason) in cases {
            let error = assertError(ErrorCode.identityIdNumberInvalid, field: "body.idNumber") {
                try f.write { db in
                    try Members.create(db, CreateMember(idNumber: id, name: "李四", memberType: .full, orgCode: F.branchA), by: f.adminA, now: f.now)
                }
            }
            XCTAssertEqual(error?.details["reason"], reason, id)
        }
        XCTAssertEqual(try f.snapshot(), before)
    }

    func testDuplicateIDNumberAndPhoneNameTheField() throws {
        let f = try DirectoryFixture()
        try f.addMember(1, phone: "13900000001")
        let before = try f.snapshot()
        assertError(ErrorCode.identityIdNumberTaken, field: "body.idNumber") {
            try f.write { db in
                try Members.create(db, CreateMember(idNumber: F.idNumber(1).lowercased(), name: "重复", phone: "13900000002",
                                                    memberType: .full, orgCode: F.branchB), by: f.service, now: f.now)
            }
        }
        assertError(ErrorCode.identityPhoneTaken, field: "body.phone") {
            try f.write { db in
                try Members.create(db, CreateMember(idNumber: F.idNumber(2), name: "重复", phone: "13900000001",
                                                    memberType: .full, orgCode: F.branchB), by: f.service, now: f.now)
            }
        }
        XCTAssertEqual(try f.snapshot(), before, "no member, no account, no event")
        // Updating another member onto a taken phone fails the same way; keeping one's own is fine.
        let second = try f.addMember(3, phone: "13900000003")
        assertError(ErrorCode.identityPhoneTaken, field: "body.phone") {
            try f.write { db in try Members.update(db, UpdateMember(memberId: second.id, phone: "13900000001"), by: f.adminA, now: f.now) }
        }
        _ = try f.write { db in try Members.update(db, UpdateMember(memberId: second.id, phone: "13900000003"), by: f.adminA, now: f.now) }
    }

    func testBadPhoneAndJoinDateRejected() throws {
        let f = try DirectoryFixture()
        for phone in ["12912345678", "1391234567", "139-1234-5678", "+8613912345678"] {
            assertError(ErrorCode.identityPhoneInvalid, field: "body.phone") {
                try f.write { db in
                    try Members.create(db, CreateMember(idNumber: F.idNumber(1), name: "王五", phone: phone, memberType: .full, orgCode: F.branchA),
                                       by: f.adminA, now: f.now)
                }
            }
        }
        for date in ["2025-13-01", "2026-01-01", "1900-01-01", "昨天"] {
            assertError(ErrorCode.identityDateInvalid, field: "body.joinDate") {
                try f.write { db in
                    try Members.create(db, CreateMember(idNumber: F.idNumber(1), name: "王五", memberType: .full, joinDate: date, orgCode: F.branchA),
                                       by: f.adminA, now: f.now)
                }
            }
        }
        assertError(ErrorCode.identityNameInvalid, field: "body.name") {
            try f.write { db in
                try Members.create(db, CreateMember(idNumber: F.idNumber(1), name: " ", memberType: .full, orgCode: F.branchA), by: f.adminA, now: f.now)
            }
        }
        XCTAssertEqual(try f.count("member"), 0)
        XCTAssertEqual(try f.eventCount(), 7) // the tree only
    }

    func testMembersOnlyInBranches() throws {
        let f = try DirectoryFixture()
        assertError(ErrorCode.identityNotABranch, field: "body.orgCode") {
            try f.write { db in
                try Members.create(db, CreateMember(idNumber: F.idNumber(1), name: "赵六", memberType: .full, orgCode: F.general), by: f.generalAdmin, now: f.now)
            }
        }
        assertError(ErrorCode.identityOrgNotFound, field: "body.orgCode") {
            try f.write { db in
                try Members.create(db, CreateMember(idNumber: F.idNumber(1), name: "赵六", memberType: .full, orgCode: "777"), by: f.city, now: f.now)
            }
        }
    }

    func testMembersCannotCreateOrEditDirectly() throws {
        let f = try DirectoryFixture()
        let member = try f.addMember(1)
        let me = f.memberActor(member)
        assertError(ErrorCode.identityForbidden) {
            try f.write { db in
                try Members.create(db, CreateMember(idNumber: F.idNumber(2), name: "x", memberType: .full, orgCode: F.branchA), by: me, now: f.now)
            }
        }
        let error = assertError(ErrorCode.identityForbidden, field: "body.memberId") {
            try f.write { db in try Members.update(db, UpdateMember(memberId: member.id, ethnicity: "回族"), by: me, now: f.now) }
        }
        XCTAssertEqual(error?.details["reason"], "use_profile_change")
    }

    func testAdministratorUpdatesReviewedFieldsAndIDRederivesBirthDate() throws {
        let f = try DirectoryFixture()
        let member = try f.addMember(1)
        let newID = IDNumber.complete("11010519700505001")
        let updated = try f.write { db in
            try Members.update(db, UpdateMember(memberId: member.id, idNumber: newID, name: "新名字", memberType: .probationary, post: .secretary),
                               by: f.adminA, now: f.now)
        }
        XCTAssertEqual(updated.birthDate, "1970-05-05")
        XCTAssertEqual(updated.sex, .male)
        XCTAssertEqual(updated.name, "新名字")
        XCTAssertEqual(updated.post, .secretary)
        XCTAssertEqual(try f.events(IdentityEvent.memberUpdated), 1)
        XCTAssertEqual(try f.lastEvent(IdentityEvent.memberUpdated, as: MemberEvent.self)?.name, "新名字")
        assertError(ErrorCode.identityForbidden, field: "body.memberId") {
            try f.write { db in try Members.update(db, UpdateMember(memberId: member.id, name: "x"), by: f.adminB, now: f.now) }
        }
        assertError(ErrorCode.identityMemberNotFound, field: "body.memberId") {
            try f.write { db in try Members.update(db, UpdateMember(memberId: "nobody", name: "x"), by: f.city, now: f.now) }
        }
        XCTAssertEqual(try f.events(IdentityEvent.memberUpdated), 1)
    }

    func testSearchIsMaskedPagedAndScoped() throws {
        let f = try DirectoryFixture()
        try f.addMember(1, name: "张伟")
        try f.addMember(2, name: "张伟明")
        try f.addMember(3, name: "李张")
        try f.addMember(4, org: F.branchB, name: "张强")
        try f.addMember(5, org: F.branchC, name: "张敏")
        let all = [1, 2, 3, 4, 5]

        let byName = try f.read { db in try Members.search(db, MemberSearch(name: "张"), by: f.worksAdmin) }
        XCTAssertEqual(byName.total, 4)
        // Prefix matches first, then contains.
        XCTAssertEqual(byName.items.map(\.name), ["张伟", "张伟明", "张强", "李张"])
        XCTAssertTrue(byName.items.allSatisfy(\.masked))
        // Masked lists never contain a full ID number or phone.
        let json = String(decoding: try JSONEncoder().encode(byName), as: UTF8.self)
        for n in all {
            XCTAssertFalse(json.contains(F.idNumber(n)))
            XCTAssertFalse(json.contains(F.phone(n)))
        }
        XCTAssertEqual(byName.items.first?.idNumber, PersonalData.maskID(F.idNumber(1)))
        XCTAssertEqual(byName.items.first?.phone, PersonalData.maskPhone(F.phone(1)))

        let paged = try f.read { db in try Members.search(db, MemberSearch(name: "张", offset: 1, limit: 2), by: f.worksAdmin) }
        XCTAssertEqual(paged.items.map(\.name), ["张伟明", "张强"])
        XCTAssertEqual(paged.total, 4)

        // By ID number: exact, or last 4+.
        let exact = try f.read { db in try Members.search(db, MemberSearch(idNumber: F.idNumber(2).lowercased()), by: f.city) }
        XCTAssertEqual(exact.items.map(\.name), ["张伟明"])
        let suffix = try f.read { db in try Members.search(db, MemberSearch(idNumber: String(F.idNumber(5).suffix(6))), by: f.city) }
        XCTAssertEqual(suffix.items.map(\.name), ["张敏"])
        assertError(ErrorCode.identitySearchInvalid, field: "body.idNumber") {
            _ = try f.read { db in try Members.search(db, MemberSearch(idNumber: "123"), by: f.city) }
        }
        // By phone.
        let phone = try f.read { db in try Members.search(db, MemberSearch(phone: F.phone(3)), by: f.city) }
        XCTAssertEqual(phone.items.map(\.name), ["李张"])
        // Scope: branch A's administrator sees only branch A; branch C's member is invisible to the works committee.
        let a = try f.read { db in try Members.search(db, MemberSearch(name: "张"), by: f.adminA) }
        XCTAssertEqual(Set(a.items.map(\.name)), ["张伟", "张伟明", "李张"])
        let hidden = try f.read { db in try Members.search(db, MemberSearch(idNumber: F.idNumber(5)), by: f.worksAdmin) }
        XCTAssertEqual(hidden.total, 0)
        assertError(ErrorCode.identityForbidden, field: "body.orgCode") {
            _ = try f.read { db in try Members.search(db, MemberSearch(orgCode: F.branchB), by: f.adminA) }
        }
        let byOrg = try f.read { db in try Members.search(db, MemberSearch(orgCode: F.branchB), by: f.generalAdmin) }
        XCTAssertEqual(byOrg.items.map(\.name), ["张强"])
        assertError(ErrorCode.identitySearchInvalid) {
            _ = try f.read { db in try Members.search(db, MemberSearch(), by: f.city) }
        }
    }

    func testSingleReadFullOnlyForAdministratorInScopeOrSelf() throws {
        let f = try DirectoryFixture()
        let member = try f.addMember(1)
        let other = try f.addMember(2)
        let asAdmin = try f.read { db in try Members.get(db, MemberRef(memberId: member.id), by: f.adminA) }
        XCTAssertEqual(asAdmin.idNumber, F.idNumber(1))
        XCTAssertEqual(asAdmin.phone, F.phone(1))
        let asSelf = try f.read { db in try Members.get(db, MemberRef(memberId: member.id), by: f.memberActor(member)) }
        XCTAssertEqual(asSelf.idNumber, F.idNumber(1))
        let asService = try f.read { db in try Members.get(db, MemberRef(memberId: member.id), by: Actor.service("dues")) }
        XCTAssertTrue(asService.masked)
        XCTAssertEqual(asService.idNumber, PersonalData.maskID(F.idNumber(1)))
        XCTAssertEqual(asService.phone, PersonalData.maskPhone(F.phone(1)))
        assertError(ErrorCode.identityForbidden, field: "body.memberId") {
            _ = try f.read { db in try Members.get(db, MemberRef(memberId: member.id), by: f.memberActor(other)) }
        }
        assertError(ErrorCode.identityForbidden, field: "body.memberId") {
            _ = try f.read { db in try Members.get(db, MemberRef(memberId: member.id), by: f.adminB) }
        }
    }

    func testStatusChangesKeepHistoryAndEmitRemoved() throws {
        let f = try DirectoryFixture()
        let m1 = try f.addMember(1)
        let m2 = try f.addMember(2)
        // A branch administrator records a death.
        let deceased = try f.write { db in
            try Members.changeStatus(db, ChangeMemberStatus(memberId: m1.id, status: .deceased, reason: "病故"), by: f.adminA, now: f.now)
        }
        XCTAssertEqual(deceased.status, .deceased)
        let event = try XCTUnwrap(f.lastEvent(IdentityEvent.memberRemoved, as: MemberEvent.self))
        XCTAssertEqual(event.status, .deceased)
        XCTAssertEqual(event.previousStatus, .active)
        XCTAssertEqual(event.reason, "病故")
        // Only committees remove (除名).
        let before = try f.snapshot()
        assertError(ErrorCode.identityRemoveNotAllowed, field: "body.status") {
            try f.write { db in try Members.changeStatus(db, ChangeMemberStatus(memberId: m2.id, status: .removed, reason: "x"), by: f.adminA, now: f.now) }
        }
        assertError(ErrorCode.identityRemoveNotAllowed) {
            try f.write { db in try Members.changeStatus(db, ChangeMemberStatus(memberId: m2.id, status: .removed, reason: "x"), by: f.generalAdmin, now: f.now) }
        }
        assertError(ErrorCode.identityReasonRequired, field: "body.reason") {
            try f.write { db in try Members.changeStatus(db, ChangeMemberStatus(memberId: m2.id, status: .removed, reason: " "), by: f.worksAdmin, now: f.now) }
        }
        // Not from deceased to transferred out.
        assertError(ErrorCode.identityStatusInvalid, field: "body.status") {
            try f.write { db in try Members.changeStatus(db, ChangeMemberStatus(memberId: m1.id, status: .transferredOut, reason: "转出"), by: f.worksAdmin, now: f.now) }
        }
        // 删除党员 with the reason 已转出 is a committee act (seed 003), and it needs its reason.
        assertError(ErrorCode.identityRemoveNotAllowed, field: "body.status") {
            try f.write { db in try Members.changeStatus(db, ChangeMemberStatus(memberId: m2.id, status: .transferredOut, reason: "转往外市"), by: f.adminA, now: f.now) }
        }
        assertError(ErrorCode.identityReasonRequired, field: "body.reason") {
            try f.write { db in try Members.changeStatus(db, ChangeMemberStatus(memberId: m2.id, status: .transferredOut), by: f.worksAdmin, now: f.now) }
        }
        // Out of scope.
        assertError(ErrorCode.identityForbidden) {
            try f.write { db in try Members.changeStatus(db, ChangeMemberStatus(memberId: m2.id, status: .deceased), by: f.adminB, now: f.now) }
        }
        XCTAssertEqual(try f.snapshot(), before)

        try f.write { db in
            _ = try Members.changeStatus(db, ChangeMemberStatus(memberId: m2.id, status: .removed, reason: "已转出"), by: f.worksAdmin,
                                         now: f.now.addingTimeInterval(10))
        }
        XCTAssertEqual(try f.events(IdentityEvent.memberRemoved), 2)
        let history = try f.read { db in try Members.history(db, MemberRef(memberId: m2.id), by: f.adminA) }
        XCTAssertEqual(history.items.count, 1)
        let entry = try XCTUnwrap(history.items.first)
        XCTAssertEqual(entry.kind, "status")
        XCTAssertEqual(entry.fromStatus, .active)
        XCTAssertEqual(entry.toStatus, .removed)
        XCTAssertEqual(entry.reason, "已转出")
        XCTAssertEqual(entry.actorId, f.worksAdmin.id)
        XCTAssertEqual(entry.actorKind, "admin")
        XCTAssertEqual(entry.at, f.now.addingTimeInterval(10))
        // Search defaults to active members.
        XCTAssertEqual(try f.read { db in try Members.search(db, MemberSearch(orgCode: F.branchA), by: f.adminA) }.total, 0)
        XCTAssertEqual(try f.read { db in try Members.search(db, MemberSearch(orgCode: F.branchA, status: .removed), by: f.adminA) }.total, 1)
        // A committee reinstates.
        let back = try f.write { db in
            try Members.changeStatus(db, ChangeMemberStatus(memberId: m2.id, status: .active, reason: "误操作"), by: f.worksAdmin, now: f.now)
        }
        XCTAssertEqual(back.status, .active)
        XCTAssertEqual(try f.lastEvent(IdentityEvent.memberUpdated, as: MemberEvent.self)?.status, .active)
    }

    func testReassignOnlyByCommittees() throws {
        let f = try DirectoryFixture()
        let member = try f.addMember(1, post: .secretary)
        let before = try f.snapshot()
        // A branch (and a general branch) may not 划拨.
        for actor in [f.adminA, f.generalAdmin] {
            assertError(ErrorCode.identityReassignNotAllowed, field: "body.toOrgCode") {
                try f.write { db in try Members.reassign(db, ReassignMember(memberId: member.id, toOrgCode: F.branchB), by: actor, now: f.now) }
            }
        }
        // A committee, but the target branch is outside its scope.
        assertError(ErrorCode.identityForbidden, field: "body.toOrgCode") {
            try f.write { db in try Members.reassign(db, ReassignMember(memberId: member.id, toOrgCode: F.branchC), by: f.worksAdmin, now: f.now) }
        }
        // A committee, but the member is outside its scope.
        assertError(ErrorCode.identityForbidden, field: "body.memberId") {
            try f.write { db in try Members.reassign(db, ReassignMember(memberId: member.id, toOrgCode: F.branchC), by: f.districtAdmin, now: f.now) }
        }
        // Not into a general branch.
        assertError(ErrorCode.identityNotABranch, field: "body.toOrgCode") {
            try f.write { db in try Members.reassign(db, ReassignMember(memberId: member.id, toOrgCode: F.general), by: f.worksAdmin, now: f.now) }
        }
        XCTAssertEqual(try f.snapshot(), before)

        let moved = try f.write { db in
            try Members.reassign(db, ReassignMember(memberId: member.id, toOrgCode: F.branchB, reason: "工作调动"), by: f.worksAdmin, now: f.now)
        }
        XCTAssertEqual(moved.orgCode, F.branchB)
        XCTAssertEqual(moved.post, .member, "a post belongs to the old branch")
        let event = try XCTUnwrap(f.lastEvent(IdentityEvent.memberMoved, as: MemberEvent.self))
        XCTAssertEqual(event.previousOrgCode, F.branchA)
        XCTAssertEqual(event.orgCode, F.branchB)
        let history = try f.read { db in try Members.history(db, MemberRef(memberId: member.id), by: f.adminB) }
        XCTAssertEqual(history.items.map(\.kind), ["reassign"])
        XCTAssertEqual(history.items.first?.fromOrgCode, F.branchA)
        XCTAssertEqual(history.items.first?.reason, "工作调动")
        // Branch A's administrator lost the member, B's gained it.
        XCTAssertFalse(try f.read { db in try Scope.member(db, f.adminA, memberId: member.id) }.allowed)
        XCTAssertTrue(try f.read { db in try Scope.member(db, f.adminB, memberId: member.id) }.allowed)
    }
}
