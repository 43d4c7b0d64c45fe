import Foundation
import GRDB
import Identity
import Schema
import XCTest

/// The scope matrix: who may act on which organization and which member.
final class DirectoryScopeTests: XCTestCase {
    typealias F = DirectoryFixture

    func testOrganizationMatrix() throws {
        let f = try DirectoryFixture()
        let orgs = [F.root, F.works, F.general, F.branchA, F.branchB, F.district, F.branchC]
        let expected: [(String, Actor, Set<String>)] = [
            ("city", f.city, Set(orgs)),
            ("service", f.service, Set(orgs)),
            ("works committee", f.worksAdmin, [F.works, F.general, F.branchA, F.branchB]),
            ("general branch", f.generalAdmin, [F.general, F.branchA, F.branchB]),
            ("branch A", f.adminA, [F.branchA]),
            ("branch B", f.adminB, [F.branchB]),
            ("district", f.districtAdmin, [F.district, F.branchC]),
            ("member of A", Actor(kind: .member, id: "m", orgCode: F.branchA), []),
            ("anonymous", f.anonymous, []),
            ("admin without org", Actor(kind: .admin, id: "x"), []),
            ("admin of unknown org", Actor(kind: .admin, id: "x", orgCode: "999"), []),
        ]
        for (label, actor, allowed) in expected {
            for code in orgs {
                let decision = try f.read { db in try Scope.organization(db, actor, code: code) }
                XCTAssertEqual(decision.allowed, allowed.contains(code), "\(label) on \(code)")
                if !decision.allowed { XCTAssertNotNil(decision.reason) }
            }
        }
    }

    func testMemberMatrix() throws {
        let f = try DirectoryFixture()
        let a1 = try f.addMember(1, org: F.branchA)
        let a2 = try f.addMember(2, org: F.branchA)
        let b1 = try f.addMember(3, org: F.branchB)
        let c1 = try f.addMember(4, org: F.branchC)
        let members = [a1, a2, b1, c1]
        let expected: [(String, Actor, Set<String>)] = [
            ("city", f.city, Set(members.map(\.id))),
            ("works committee", f.worksAdmin, [a1.id, a2.id, b1.id]),
            ("branch A", f.adminA, [a1.id, a2.id]),
            ("branch B", f.adminB, [b1.id]),
            ("district", f.districtAdmin, [c1.id]),
            ("member a1", f.memberActor(a1), [a1.id]),
            ("secretary a2", f.memberActor(a2, roles: ["secretary"]), [a2.id]),
            ("anonymous", f.anonymous, []),
        ]
        for (label, actor, allowed) in expected {
            for member in members {
                let decision = try f.read { db in try Scope.member(db, actor, memberId: member.id) }
                XCTAssertEqual(decision.allowed, allowed.contains(member.id), "\(label) on \(member.name)")
            }
        }
        XCTAssertEqual(try f.read { db in try Scope.member(db, f.memberActor(a1), memberId: a2.id) }.reason, "not_self")
        XCTAssertEqual(try f.read { db in try Scope.member(db, f.adminA, memberId: b1.id) }.reason, "out_of_scope")
        XCTAssertEqual(try f.read { db in try Scope.member(db, f.city, memberId: "nobody") }.reason, "member_not_found")
    }

    /// Branch A's administrator can neither read nor change anything of branch B.
    func testBranchAdminCannotTouchAnotherBranch() throws {
        let f = try DirectoryFixture()
        let b1 = try f.addMember(3, org: F.branchB)
        let before = try f.snapshot()
        let a = f.adminA
        assertError(ErrorCode.identityForbidden) { _ = try f.read { db in try Organizations.get(db, OrganizationRef(code: F.branchB), by: a) } }
        assertError(ErrorCode.identityForbidden) { _ = try f.read { db in try Organizations.children(db, OrganizationRef(code: F.branchB), by: a) } }
        assertError(ErrorCode.identityForbidden) { _ = try f.read { db in try Members.get(db, MemberRef(memberId: b1.id), by: a) } }
        assertError(ErrorCode.identityForbidden) { _ = try f.read { db in try Members.history(db, MemberRef(memberId: b1.id), by: a) } }
        assertError(ErrorCode.identityForbidden) { _ = try f.read { db in try Members.search(db, MemberSearch(orgCode: F.branchB), by: a) } }
        XCTAssertEqual(try f.read { db in try Members.search(db, MemberSearch(name: b1.name), by: a) }.total, 0)
        assertError(ErrorCode.identityForbidden) { try f.write { db in try Organizations.update(db, UpdateOrganization(code: F.branchB, name: "x"), by: a, now: f.now) } }
        assertError(ErrorCode.identityForbidden) { try f.write { db in try Organizations.dissolve(db, OrganizationRef(code: F.branchB), by: a, now: f.now) } }
        assertError(ErrorCode.identityForbidden) { try f.write { db in try Members.update(db, UpdateMember(memberId: b1.id, ethnicity: "回族"), by: a, now: f.now) } }
        assertError(ErrorCode.identityForbidden) { try f.write { db in try Members.changeStatus(db, ChangeMemberStatus(memberId: b1.id, status: .deceased), by: a, now: f.now) } }
        assertError(ErrorCode.identityForbidden) {
            try f.write { db in
                try Members.create(db, CreateMember(idNumber: F.idNumber(9), name: "x", memberType: .full, orgCode: F.branchB), by: a, now: f.now)
            }
        }
        XCTAssertEqual(try f.snapshot(), before)
    }

    func testCommitteeAdministratorReachesEveryBranchBelow() throws {
        let f = try DirectoryFixture()
        let a1 = try f.addMember(1, org: F.branchA)
        let b1 = try f.addMember(3, org: F.branchB)
        for member in [a1, b1] {
            let view = try f.read { db in try Members.get(db, MemberRef(memberId: member.id), by: f.worksAdmin) }
            XCTAssertFalse(view.masked)
            _ = try f.write { db in try Members.update(db, UpdateMember(memberId: member.id, unit: "新单位"), by: f.worksAdmin, now: f.now) }
        }
        XCTAssertEqual(try f.events(IdentityEvent.memberUpdated), 2)
        XCTAssertTrue(try f.read { db in try Scope.isCommitteeAdministrator(db, f.worksAdmin) })
        XCTAssertTrue(try f.read { db in try Scope.isCommitteeAdministrator(db, f.districtAdmin) })
        XCTAssertFalse(try f.read { db in try Scope.isCommitteeAdministrator(db, f.generalAdmin) })
        XCTAssertFalse(try f.read { db in try Scope.isCommitteeAdministrator(db, f.adminA) })
        XCTAssertFalse(try f.read { db in try Scope.isCommitteeAdministrator(db, f.memberActor(a1)) })
    }

    func testAuthorizeForOtherServices() throws {
        let f = try DirectoryFixture()
        let a1 = try f.addMember(1, org: F.branchA)
        let b1 = try f.addMember(3, org: F.branchB)
        func ask(_ request: AuthorizeRequest, _ actor: Actor) throws -> AuthorizeReply {
            try f.read { db in try Authorization.authorize(db, request, by: actor) }
        }
        XCTAssertEqual(try ask(AuthorizeRequest(orgCode: F.branchA), f.adminA), AuthorizeReply(allowed: true))
        XCTAssertEqual(try ask(AuthorizeRequest(orgCode: F.branchB), f.adminA), AuthorizeReply(allowed: false, reason: "out_of_scope"))
        XCTAssertEqual(try ask(AuthorizeRequest(orgCode: "999"), f.city), AuthorizeReply(allowed: false, reason: "org_not_found"))
        XCTAssertEqual(try ask(AuthorizeRequest(memberId: a1.id), f.memberActor(a1)), AuthorizeReply(allowed: true))
        XCTAssertEqual(try ask(AuthorizeRequest(memberId: b1.id), f.memberActor(a1)), AuthorizeReply(allowed: false, reason: "not_self"))
        // A member is not in scope of their own branch.
        XCTAssertFalse(try ask(AuthorizeRequest(orgCode: F.branchA), f.memberActor(a1)).allowed)
        // Both given: both must pass.
        XCTAssertFalse(try ask(AuthorizeRequest(orgCode: F.branchA, memberId: b1.id), f.adminA).allowed)
        XCTAssertTrue(try ask(AuthorizeRequest(orgCode: F.general, memberId: b1.id), f.generalAdmin).allowed)
        // A service asks on behalf of an actor; anyone else's `actor` is ignored.
        XCTAssertFalse(try ask(AuthorizeRequest(orgCode: F.branchB, actor: f.adminA), Actor.service("dues")).allowed)
        XCTAssertTrue(try ask(AuthorizeRequest(orgCode: F.branchB, actor: f.adminB), Actor.service("dues")).allowed)
        XCTAssertFalse(try ask(AuthorizeRequest(orgCode: F.branchB, actor: f.city), f.adminA).allowed)
        XCTAssertEqual(try ask(AuthorizeRequest(orgCode: F.branchA), f.anonymous), AuthorizeReply(allowed: false, reason: "anonymous"))
        assertError(ErrorCode.identitySearchInvalid) { _ = try ask(AuthorizeRequest(), f.city) }
    }
}
