import Foundation
import GRDB
@testable import Identity
import Schema
import XCTest

/// Name search through the index of ordered character pairs (identity.directory.v4): any part of a
/// name finds it, so do its characters in order with gaps (fuzzy, as organization search), the index
/// follows renames and removals, and the query reads the index.
final class DirectoryNameSearchTests: XCTestCase {
    typealias F = DirectoryFixture

    func names(_ f: F, _ text: String) throws -> [String] {
        try f.read { db in try Members.search(db, MemberSearch(name: text), by: f.city) }.items.map(\.name)
    }

    func testAnyPartOfANameFindsItAndTheIndexFollowsRenames() throws {
        let f = try F()
        let a = try f.addMember(1, name: "欧阳建国")
        _ = try f.addMember(2, name: "王建国")
        _ = try f.addMember(3, name: "李建华")
        XCTAssertEqual(try names(f, "建国"), ["欧阳建国", "王建国"])
        XCTAssertEqual(try names(f, "阳建国"), ["欧阳建国"])
        XCTAssertEqual(try names(f, "欧阳"), ["欧阳建国"])
        XCTAssertEqual(try names(f, "建"), ["李建华", "欧阳建国", "王建国"], "one character still finds by contains")
        XCTAssertEqual(try names(f, "国建"), [])

        try f.write { db in
            _ = try Members.update(db, UpdateMember(memberId: a.id, name: "欧阳振华"), by: f.service, now: f.now)
        }
        XCTAssertEqual(try names(f, "建国"), ["王建国"], "the old name's pairs are gone")
        XCTAssertEqual(try names(f, "振华"), ["欧阳振华"])
        XCTAssertEqual(try f.count("member_name_pair", "memberId = '\(a.id)'"), 6, "every ordered pair of four characters")
    }

    /// "张丰" finds "张三丰", as "国土局" finds "国土资源局"; the characters must come in order; the
    /// exact name ranks first, then names starting with the query, then names holding it unbroken.
    func testTheCharactersInOrderFindANameAndCloseMatchesRankFirst() throws {
        let f = try F()
        _ = try f.addMember(1, name: "张三丰")
        _ = try f.addMember(2, name: "张丰")
        _ = try f.addMember(3, name: "丰张")
        _ = try f.addMember(4, name: "张丰年")
        _ = try f.addMember(5, name: "老张丰")
        XCTAssertEqual(try names(f, "张丰"), ["张丰", "张丰年", "老张丰", "张三丰"])
        XCTAssertEqual(try names(f, "张 丰"), ["张丰", "张丰年", "老张丰", "张三丰"], "spaces typed between characters are ignored")
        XCTAssertEqual(try names(f, "三丰"), ["张三丰"])
        XCTAssertEqual(try names(f, "丰张"), ["丰张"], "order matters")
    }

    /// A member naming a proxy finds fellow members of their own branch by name, nobody else's, not
    /// themself, public fields only.
    func testAMemberFindsFellowMembersOfTheirOwnBranch() throws {
        let f = try F()
        let me = try f.addMember(1, name: "王建国")
        let fellow = try f.addMember(2, name: "王建华")
        _ = try f.addMember(3, org: F.branchB, name: "王建军")
        let left = try f.addMember(4, name: "王建民")
        try f.write { db in
            _ = try Members.changeStatus(db, ChangeMemberStatus(memberId: left.id, status: .deceased, reason: "病故"), by: f.adminA, now: f.now)
        }
        let found = try f.read { db in try Members.fellows(db, FellowMemberSearch(name: "王建"), by: f.memberActor(me)) }
        XCTAssertEqual(found.items, [FellowMember(memberId: fellow.id, name: "王建华", post: .member)])
        XCTAssertEqual(try f.read { db in try Members.fellows(db, FellowMemberSearch(name: "王华"), by: f.memberActor(me)) }.items.map(\.name),
                       ["王建华"], "fuzzy, as member search")
        assertError(ErrorCode.identitySearchInvalid, field: "body.name") {
            _ = try f.read { db in try Members.fellows(db, FellowMemberSearch(name: "  "), by: f.memberActor(me)) }
        }
        assertError(ErrorCode.identityForbidden) {
            _ = try f.read { db in try Members.fellows(db, FellowMemberSearch(name: "王建"), by: f.adminA) }
        }
    }

    /// The plan reads the pair index, not every member.
    func testTheSearchReadsThePairIndex() throws {
        let f = try F()
        _ = try f.addMember(1, name: "王建国")
        let plan = try f.read { db in
            try Row.fetchAll(db, sql: """
                EXPLAIN QUERY PLAN SELECT m.id FROM member m
                WHERE m.id IN (SELECT memberId FROM member_name_pair WHERE pair = ?) AND m.name LIKE ?
                """, arguments: ["建国", "%建国%"]).map { $0["detail"] as String }
        }.joined(separator: "\n")
        XCTAssertTrue(plan.contains("member_name_pair"), plan)
        XCTAssertFalse(plan.contains("SCAN m"), plan)
    }
}
