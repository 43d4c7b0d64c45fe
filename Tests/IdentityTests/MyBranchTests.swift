import Foundation
import GRDB
@testable import Identity
import Schema
import XCTest

/// 我的支部: a member sees their own branch and its leaders (书记 first) with phones to call, never
/// another branch's, and nobody but a member asks.
final class MyBranchTests: XCTestCase {
    typealias F = DirectoryFixture

    func testAMemberSeesTheirBranchAndItsLeadersSecretaryFirst() throws {
        let f = try F()
        let me = try f.addMember(1, name: "王建国")
        _ = try f.addMember(2, name: "李委员", post: .committeeMember)
        _ = try f.addMember(3, name: "张书记", post: .secretary)
        _ = try f.addMember(4, name: "赵副书记", post: .deputySecretary)
        _ = try f.addMember(5, org: F.branchB, name: "钱书记", post: .secretary)
        let branch = try f.read { db in try Members.myBranch(db, by: f.memberActor(me)) }
        XCTAssertEqual(branch.orgCode, F.branchA)
        XCTAssertEqual(branch.memberCount, 4)
        XCTAssertEqual(branch.leaders.map(\.name), ["张书记", "赵副书记", "李委员"], "书记, 副书记, 委员; the other branch's secretary is not here")
        XCTAssertEqual(branch.leaders.first?.phone, F.phone(3), "the real phone: the page makes a tel: link of it")
        assertError(ErrorCode.identityForbidden) {
            _ = try f.read { db in try Members.myBranch(db, by: f.adminA) }
        }
    }
}
