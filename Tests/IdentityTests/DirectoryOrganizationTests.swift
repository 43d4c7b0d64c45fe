import Foundation
import GRDB
import Identity
import Schema
import XCTest

final class DirectoryOrganizationTests: XCTestCase {
    typealias F = DirectoryFixture

    func testTreeCreatedWithPathsDepthsAndEvents() throws {
        let f = try DirectoryFixture()
        let a = try f.read { db in try Organizations.get(db, OrganizationRef(code: F.branchA), by: f.service) }
        XCTAssertEqual(a.path, "/001/001001/001001001/001001001001/")
        XCTAssertEqual(a.depth, 3)
        XCTAssertEqual(a.parentCode, F.general)
        XCTAssertEqual(try f.events(IdentityEvent.orgCreated), 7)
        let event = try XCTUnwrap(f.lastEvent(IdentityEvent.orgCreated, as: OrganizationEvent.self))
        XCTAssertEqual(event.code, F.branchC)
        XCTAssertEqual(event.path, "/001/001002/001002001/")
        XCTAssertTrue(event.isVillage)
    }

    func testCodeMustBeDigits() throws {
        let f = try DirectoryFixture()
        let before = try f.snapshot()
        for code in ["00100100100A", "001001001 03", "", "００１"] {
            assertError(ErrorCode.identityOrgCodeInvalid, field: "body.code") {
                try f.write { db in
                    try Organizations.create(db, CreateOrganization(code: code, name: "新支部", type: .branch, parentCode: F.general),
                                             by: f.generalAdmin, now: f.now)
                }
            }
        }
        XCTAssertEqual(try f.snapshot(), before)
    }

    func testChildCodeMustStartWithParentCode() throws {
        let f = try DirectoryFixture()
        let before = try f.snapshot()
        for code in ["002001001003", "001001", "001001001"] {
            let error = assertError(ErrorCode.identityOrgCodeInvalid, field: "body.code") {
                try f.write { db in
                    try Organizations.create(db, CreateOrganization(code: code, name: "新支部", type: .branch, parentCode: F.general),
                                             by: f.generalAdmin, now: f.now)
                }
            }
            XCTAssertEqual(error?.details["reason"], "prefix")
        }
        XCTAssertEqual(try f.snapshot(), before, "no event, no row")
    }

    func testCodeTaken() throws {
        let f = try DirectoryFixture()
        // Re-using a code under the same parent.
        assertError(ErrorCode.identityOrgCodeTaken, field: "body.code") {
            try f.write { db in
                try Organizations.create(db, CreateOrganization(code: F.branchB, name: "重复", type: .branch, parentCode: F.general),
                                         by: f.generalAdmin, now: f.now)
            }
        }
    }

    func testTypeMustFitUnderParent() throws {
        let f = try DirectoryFixture()
        let cases: [(OrganizationType, String)] = [
            (.generalBranch, F.branchA),   // 党总支 under 党支部
            (.committee, F.general),       // 党委 under 党总支
            (.group, F.general),           // 党小组 under 党总支
            (.branch, F.branchA),          // 党支部 under 党支部
        ]
        for (type, parent) in cases {
            assertError(ErrorCode.identityOrgTypeInvalid, field: "body.type") {
                try f.write { db in
                    try Organizations.create(db, CreateOrganization(code: parent + "009", name: "x", type: type, parentCode: parent),
                                             by: f.service, now: f.now)
                }
            }
        }
        // The fitting ones succeed.
        try f.write { db in
            _ = try Organizations.create(db, CreateOrganization(code: F.branchA + "001", name: "第一党小组", type: .group, parentCode: F.branchA),
                                         by: f.adminA, now: f.now)
            _ = try Organizations.create(db, CreateOrganization(code: F.works + "002", name: "直属支部", type: .branch, parentCode: F.works),
                                         by: f.worksAdmin, now: f.now)
        }
        XCTAssertEqual(try f.events(IdentityEvent.orgCreated), 9)
    }

    func testRootOnlyForCityAndMustBeACommittee() throws {
        let f = try DirectoryFixture()
        assertError(ErrorCode.identityForbidden, field: "body.parentCode") {
            try f.write { db in
                try Organizations.create(db, CreateOrganization(code: "002", name: "另一市委", type: .committee, parentCode: nil),
                                         by: f.worksAdmin, now: f.now)
            }
        }
        assertError(ErrorCode.identityOrgTypeInvalid, field: "body.type") {
            try f.write { db in
                try Organizations.create(db, CreateOrganization(code: "002", name: "支部", type: .branch, parentCode: nil),
                                         by: f.city, now: f.now)
            }
        }
        let root = try f.write { db in
            try Organizations.create(db, CreateOrganization(code: "002", name: "工委", type: .workingCommittee, parentCode: nil),
                                     by: f.city, now: f.now)
        }
        XCTAssertEqual(root.path, "/002/")
        XCTAssertEqual(root.depth, 0)
    }

    func testCreateOutOfScopeForbidden() throws {
        let f = try DirectoryFixture()
        let before = try f.snapshot()
        assertError(ErrorCode.identityForbidden, field: "body.parentCode") {
            try f.write { db in
                try Organizations.create(db, CreateOrganization(code: F.branchB + "001", name: "小组", type: .group, parentCode: F.branchB),
                                         by: f.adminA, now: f.now)
            }
        }
        for actor in [f.anonymous, Actor(kind: .member, id: "m", orgCode: F.branchA)] {
            assertError(ErrorCode.identityForbidden) {
                try f.write { db in
                    try Organizations.create(db, CreateOrganization(code: F.branchA + "001", name: "小组", type: .group, parentCode: F.branchA),
                                             by: actor, now: f.now)
                }
            }
        }
        XCTAssertEqual(try f.snapshot(), before)
    }

    func testUpdateRenamesAndEmitsOnlyWhenChanged() throws {
        let f = try DirectoryFixture()
        let updated = try f.write { db in
            try Organizations.update(db, UpdateOrganization(code: F.branchA, name: " 国土资源局机关第一党支部 ", unit: "市国土资源局", isVillage: true),
                                     by: f.adminA, now: f.now.addingTimeInterval(60))
        }
        XCTAssertEqual(updated.name, "国土资源局机关第一党支部")
        XCTAssertEqual(updated.unit, "市国土资源局")
        XCTAssertTrue(updated.isVillage)
        XCTAssertEqual(try f.events(IdentityEvent.orgUpdated), 1)
        XCTAssertEqual(try f.lastEvent(IdentityEvent.orgUpdated, as: OrganizationEvent.self)?.name, "国土资源局机关第一党支部")
        // Same values again: no event.
        _ = try f.write { db in
            try Organizations.update(db, UpdateOrganization(code: F.branchA, name: "国土资源局机关第一党支部"), by: f.adminA, now: f.now)
        }
        XCTAssertEqual(try f.events(IdentityEvent.orgUpdated), 1)
        assertError(ErrorCode.identityNameInvalid, field: "body.name") {
            try f.write { db in try Organizations.update(db, UpdateOrganization(code: F.branchA, name: "  "), by: f.adminA, now: f.now) }
        }
        assertError(ErrorCode.identityForbidden, field: "body.code") {
            try f.write { db in try Organizations.update(db, UpdateOrganization(code: F.branchB, name: "改名"), by: f.adminA, now: f.now) }
        }
        assertError(ErrorCode.identityOrgNotFound, field: "body.code") {
            try f.write { db in try Organizations.update(db, UpdateOrganization(code: "999", name: "改名"), by: f.city, now: f.now) }
        }
        XCTAssertEqual(try f.events(IdentityEvent.orgUpdated), 1)
    }

    func testSecretaryMustBeAnActiveMemberInScope() throws {
        let f = try DirectoryFixture()
        let memberA = try f.addMember(1)
        let memberC = try f.addMember(2, org: F.branchC)
        let updated = try f.write { db in
            try Organizations.update(db, UpdateOrganization(code: F.branchA, secretaryMemberId: memberA.id), by: f.adminA, now: f.now)
        }
        XCTAssertEqual(updated.secretaryMemberId, memberA.id)
        assertError(ErrorCode.identitySecretaryInvalid, field: "body.secretaryMemberId") {
            try f.write { db in
                try Organizations.update(db, UpdateOrganization(code: F.branchA, secretaryMemberId: memberC.id), by: f.adminA, now: f.now)
            }
        }
        let cleared = try f.write { db in
            try Organizations.update(db, UpdateOrganization(code: F.branchA, secretaryMemberId: ""), by: f.adminA, now: f.now)
        }
        XCTAssertNil(cleared.secretaryMemberId)
    }

    func testMoveUpdatesTheWholeSubtreeAndKeepsCodes() throws {
        let f = try DirectoryFixture()
        try f.write { db in
            _ = try Organizations.create(db, CreateOrganization(code: F.branchA + "001", name: "第一党小组", type: .group, parentCode: F.branchA),
                                         by: f.service, now: f.now)
        }
        // 国土资源局党总支 (with branches A, B and A's group) moves from 市直机关工委 to 城东区委.
        let moved = try f.write { db in
            try Organizations.move(db, MoveOrganization(code: F.general, newParentCode: F.district), by: f.city, now: f.now)
        }
        XCTAssertEqual(moved.code, F.general)
        XCTAssertEqual(moved.parentCode, F.district)
        XCTAssertEqual(moved.path, "/001/001002/001001001/")
        let paths = try f.read { db in
            try Row.fetchAll(db, sql: "SELECT code, path, depth FROM organization WHERE code LIKE '001001001%' ORDER BY code")
                .map { "\($0["code"] as String) \($0["path"] as String) \($0["depth"] as Int)" }
        }
        XCTAssertEqual(paths, [
            "001001001 /001/001002/001001001/ 2",
            "001001001001 /001/001002/001001001/001001001001/ 3",
            "001001001001001 /001/001002/001001001/001001001001/001001001001001/ 4",
            "001001001002 /001/001002/001001001/001001001002/ 3",
        ])
        // Untouched: the old parent and the rest.
        let works = try f.read { db in try Organizations.get(db, OrganizationRef(code: F.works), by: f.city) }
        XCTAssertEqual(works.path, "/001/001001/")
        let event = try XCTUnwrap(f.lastEvent(IdentityEvent.orgMoved, as: OrganizationMovedEvent.self))
        XCTAssertEqual(event.oldPath, "/001/001001/001001001/")
        XCTAssertEqual(event.newPath, "/001/001002/001001001/")
        XCTAssertEqual(event.oldParentCode, F.works)
        XCTAssertEqual(event.movedCount, 4)
        // The district's administrator now manages branch A; the works committee's no longer does.
        XCTAssertTrue(try f.read { db in try Scope.organization(db, f.districtAdmin, code: F.branchA).allowed })
        XCTAssertFalse(try f.read { db in try Scope.organization(db, f.worksAdmin, code: F.branchA).allowed })
    }

    func testMoveRefusals() throws {
        let f = try DirectoryFixture()
        let before = try f.snapshot()
        // Under its own descendant.
        assertError(ErrorCode.identityOrgMoveInvalid, field: "body.newParentCode") {
            try f.write { db in try Organizations.move(db, MoveOrganization(code: F.works, newParentCode: F.general), by: f.city, now: f.now) }
        }
        // Under itself.
        assertError(ErrorCode.identityOrgMoveInvalid, field: "body.newParentCode") {
            try f.write { db in try Organizations.move(db, MoveOrganization(code: F.general, newParentCode: F.general), by: f.city, now: f.now) }
        }
        // A branch under a branch.
        assertError(ErrorCode.identityOrgTypeInvalid, field: "body.newParentCode") {
            try f.write { db in try Organizations.move(db, MoveOrganization(code: F.branchA, newParentCode: F.branchC), by: f.city, now: f.now) }
        }
        // Into someone else's scope.
        assertError(ErrorCode.identityForbidden, field: "body.newParentCode") {
            try f.write { db in try Organizations.move(db, MoveOrganization(code: F.branchA, newParentCode: F.district), by: f.worksAdmin, now: f.now) }
        }
        // One's own organization.
        assertError(ErrorCode.identityForbidden, field: "body.code") {
            try f.write { db in try Organizations.move(db, MoveOrganization(code: F.general, newParentCode: F.works), by: f.generalAdmin, now: f.now) }
        }
        XCTAssertEqual(try f.snapshot(), before)
        XCTAssertEqual(try f.events(IdentityEvent.orgMoved), 0)
    }

    func testDissolveOnlyWhenEmpty() throws {
        let f = try DirectoryFixture()
        // Has child organizations.
        let children = assertError(ErrorCode.identityOrgNotEmpty, field: "body.code") {
            try f.write { db in try Organizations.dissolve(db, OrganizationRef(code: F.general), by: f.worksAdmin, now: f.now) }
        }
        XCTAssertEqual(children?.details["children"], "2")
        // Has an active member.
        let member = try f.addMember(1, org: F.branchB)
        assertError(ErrorCode.identityOrgNotEmpty, field: "body.code") {
            try f.write { db in try Organizations.dissolve(db, OrganizationRef(code: F.branchB), by: f.generalAdmin, now: f.now) }
        }
        XCTAssertEqual(try f.events(IdentityEvent.orgDissolved), 0)
        // Once the member has left, it can go.
        try f.write { db in
            _ = try Members.changeStatus(db, ChangeMemberStatus(memberId: member.id, status: .deceased, reason: "病故"), by: f.generalAdmin, now: f.now)
        }
        let dissolved = try f.write { db in
            try Organizations.dissolve(db, OrganizationRef(code: F.branchB), by: f.generalAdmin, now: f.now)
        }
        XCTAssertNotNil(dissolved.dissolvedAt)
        XCTAssertEqual(try f.lastEvent(IdentityEvent.orgDissolved, as: OrganizationEvent.self)?.dissolved, true)
        let children2 = try f.read { db in try Organizations.children(db, OrganizationRef(code: F.general), by: f.generalAdmin) }
        XCTAssertEqual(children2.items.map(\.code), [F.branchA])
        // Its code stays taken; nobody is placed there again.
        assertError(ErrorCode.identityOrgCodeTaken) {
            try f.write { db in
                try Organizations.create(db, CreateOrganization(code: F.branchB, name: "x", type: .branch, parentCode: F.general), by: f.city, now: f.now)
            }
        }
        assertError(ErrorCode.identityOrgNotFound, field: "body.orgCode") { try f.addMember(9, org: F.branchB) }
        // Nobody dissolves their own organization.
        assertError(ErrorCode.identityForbidden) {
            try f.write { db in try Organizations.dissolve(db, OrganizationRef(code: F.branchA), by: f.adminA, now: f.now) }
        }
    }

    func testAncestorsChildrenSubtree() throws {
        let f = try DirectoryFixture()
        let ancestors = try f.read { db in try Organizations.ancestors(db, OrganizationRef(code: F.branchA), by: f.adminA) }
        XCTAssertEqual(ancestors.items.map(\.code), [F.root, F.works, F.general])
        let children = try f.read { db in try Organizations.children(db, OrganizationRef(code: F.root), by: f.city) }
        XCTAssertEqual(children.items.map(\.code), [F.works, F.district])

        let all = try f.read { db in try Organizations.subtree(db, SubtreeQuery(), by: f.city) }
        XCTAssertEqual(all.total, 7)
        let page = try f.read { db in try Organizations.subtree(db, SubtreeQuery(code: F.works, offset: 1, limit: 2), by: f.worksAdmin) }
        XCTAssertEqual(page.total, 4)
        XCTAssertEqual(page.items.map(\.code), [F.general, F.branchA])
        // Default: the actor's own subtree.
        let own = try f.read { db in try Organizations.subtree(db, SubtreeQuery(), by: f.generalAdmin) }
        XCTAssertEqual(own.items.map(\.code), [F.general, F.branchA, F.branchB])
        assertError(ErrorCode.identityForbidden) {
            _ = try f.read { db in try Organizations.subtree(db, SubtreeQuery(code: F.district), by: f.worksAdmin) }
        }
        assertError(ErrorCode.identityForbidden) {
            _ = try f.read { db in try Organizations.ancestors(db, OrganizationRef(code: F.branchB), by: f.adminA) }
        }
    }
}

final class DirectoryOrganizationSearchTests: XCTestCase {
    typealias F = DirectoryFixture

    func makeFixture() throws -> DirectoryFixture {
        let f = try DirectoryFixture()
        let extra: [(String, String, OrganizationType, String)] = [
            ("001001002", "市国土资源局机关党委", .committee, F.works),
            ("001001003", "国家土地管理局驻市办事处党支部", .branch, F.works),
            ("001001004", "市场监督管理局党委", .committee, F.works),
            ("001001005", "土地整理中心党支部", .branch, F.works),      // has 土 and no 国… filtered out
            ("001001006", "局属国有土地公司党支部", .branch, F.works),   // 局…国…土: not in order
            ("001001007", "国土资源局", .branch, F.works),
        ]
        try f.write { db in
            for (code, name, type, parent) in extra {
                _ = try Organizations.create(db, CreateOrganization(code: code, name: name, type: type, parentCode: parent), by: f.service, now: f.now)
            }
        }
        return f
    }

    func testGuotujuRanksGuotuziyuanjuFirst() throws {
        let f = try makeFixture()
        let result = try f.read { db in try Organizations.search(db, OrganizationSearch(query: "国土局"), by: f.city) }
        let names = result.items.map(\.name)
        XCTAssertEqual(names.first, "国土资源局")
        // In-order matches all rank above the out-of-order one, and "土地整理中心" (no 国) is not there.
        XCTAssertEqual(names.last, "局属国有土地公司党支部")
        XCTAssertFalse(names.contains("土地整理中心党支部"))
        XCTAssertFalse(names.contains("市场监督管理局党委"))
        XCTAssertEqual(Set(names), ["国土资源局", "国土资源局党总支", "国土资源局第一党支部", "国土资源局第二党支部",
                                    "市国土资源局机关党委", "国家土地管理局驻市办事处党支部", "局属国有土地公司党支部"])
        // Contiguous "国土" + prefix beats a scattered in-order match.
        XCTAssertLessThan(names.firstIndex(of: "国土资源局党总支")!, names.firstIndex(of: "国家土地管理局驻市办事处党支部")!)
        XCTAssertLessThan(names.firstIndex(of: "市国土资源局机关党委")!, names.firstIndex(of: "国家土地管理局驻市办事处党支部")!)
        // Suggestions carry the path's names, root first.
        let first = try XCTUnwrap(result.items.first)
        XCTAssertEqual(first.code, "001001007")
        XCTAssertEqual(first.pathNames, ["市委", "市直机关工委", "国土资源局"])
    }

    func testScoreOrdering() {
        func score(_ name: String, _ query: String) -> Int { Organizations.matchScore(name: Array(name), query: Array(query)) }
        XCTAssertGreaterThan(score("国土资源局", "国土局"), score("市国土资源局党支部", "国土局"))  // prefix, shorter
        XCTAssertGreaterThan(score("市国土资源局党支部", "国土局"), score("国家土地管理局", "国土局")) // contiguity
        XCTAssertGreaterThan(score("国家土地管理局", "国土局"), score("局属国有土地公司", "国土局"))  // order
        XCTAssertGreaterThan(score("国家土地管理局", "国土局"), score("局国土", "国土局"))          // order beats contiguity
        XCTAssertGreaterThan(score("国土局", "国土局"), score("国土局党支部", "国土局"))            // exact
        XCTAssertGreaterThan(score("城东街道党支部", "城东"), score("东城街道党支部", "城东"))
    }

    /// A member filling a transfer form picks the destination anywhere in the installation (seed 002,
    /// 国土局 → 国土资源局); so does an administrator who asks for it. Public fields only.
    func testMembersAndAdministratorsAskingPickAnOrganizationAnywhere() throws {
        let f = try makeFixture()
        let member = try f.addMember(1, org: F.branchB)
        let picked = try f.read { db in try Organizations.search(db, OrganizationSearch(query: "国土局"), by: f.memberActor(member)) }
        XCTAssertEqual(picked.items.first?.name, "国土资源局")
        XCTAssertEqual(picked.items.first?.pathNames, ["市委", "市直机关工委", "国土资源局"])
        let anywhere = try f.read { db in try Organizations.search(db, OrganizationSearch(query: "国土局", anywhere: true), by: f.districtAdmin) }
        XCTAssertEqual(anywhere.items.first?.code, "001001007")
        let inScope = try f.read { db in try Organizations.search(db, OrganizationSearch(query: "国土局", anywhere: false), by: f.districtAdmin) }
        XCTAssertEqual(inScope.items, [])
    }

    func testSearchStaysInScopeAndLimits() throws {
        let f = try makeFixture()
        let district = try f.read { db in try Organizations.search(db, OrganizationSearch(query: "国土局"), by: f.districtAdmin) }
        XCTAssertEqual(district.items, [])
        let a = try f.read { db in try Organizations.search(db, OrganizationSearch(query: "党支部"), by: f.adminA) }
        XCTAssertEqual(a.items.map(\.code), [F.branchA])
        let limited = try f.read { db in try Organizations.search(db, OrganizationSearch(query: "党", limit: 3), by: f.city) }
        XCTAssertEqual(limited.items.count, 3)
        assertError(ErrorCode.identitySearchInvalid, field: "body.query") {
            _ = try f.read { db in try Organizations.search(db, OrganizationSearch(query: "  "), by: f.city) }
        }
        assertError(ErrorCode.identityForbidden) {
            _ = try f.read { db in try Organizations.search(db, OrganizationSearch(query: "党"), by: Actor(kind: .anonymous, id: "")) }
        }
        // LIKE wildcards in the query are literal characters, not wildcards.
        let percent = try f.read { db in try Organizations.search(db, OrganizationSearch(query: "%"), by: f.city) }
        XCTAssertEqual(percent.items, [])
    }
}
