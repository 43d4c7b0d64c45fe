import Foundation
import GRDB
@testable import Identity
import Schema
import XCTest

/// Name search through the index of adjacent character pairs (identity.directory.v3): any part of a
/// name finds it, the index follows renames and removals, and the query reads the index.
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
        XCTAssertEqual(try f.count("member_name_pair", "memberId = '\(a.id)'"), 3)
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
