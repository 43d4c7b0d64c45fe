import Foundation
import GRDB
import Identity
import Schema
import XCTest

final class DirectoryContactsTests: XCTestCase {
    typealias F = DirectoryFixture

    func testServicesGetPhonesAndOpenidsOthersAreRefused() throws {
        let f = try DirectoryFixture()
        let withPhone = try f.addMember(1, phone: .some(F.phone(1)))
        let noPhone = try f.addMember(2, phone: .some(nil))
        try f.write { db in
            try db.execute(sql: "INSERT INTO auth_wechat (memberId, openid, boundAt) VALUES (?, 'oWX1', 0)", arguments: [withPhone.id])
        }
        let reply = try f.read { db in
            try Contacts.fetch(db, MemberContactsRequest(memberIds: [withPhone.id, noPhone.id, "nobody"]), by: f.service)
        }
        let byId = Dictionary(uniqueKeysWithValues: reply.items.map { ($0.memberId, $0) })
        XCTAssertEqual(byId.count, 2, "unknown ids are left out")
        XCTAssertEqual(byId[withPhone.id]?.phone, F.phone(1))
        XCTAssertEqual(byId[withPhone.id]?.openid, "oWX1")
        XCTAssertNil(byId[noPhone.id]?.phone)
        XCTAssertNil(byId[noPhone.id]?.openid)

        for actor in [f.city, Actor(kind: .member, id: withPhone.id, orgCode: F.branchA), f.anonymous] {
            XCTAssertThrowsError(try f.read { db in
                try Contacts.fetch(db, MemberContactsRequest(memberIds: [withPhone.id]), by: actor)
            }) { XCTAssertEqual(($0 as? ErrorBody)?.code, ErrorCode.identityForbidden) }
        }
        XCTAssertThrowsError(try f.read { db in
            try Contacts.fetch(db, MemberContactsRequest(memberIds: Array(repeating: "x", count: 1001)), by: f.service)
        }) { XCTAssertEqual(($0 as? ErrorBody)?.details["field"], "body.memberIds") }
    }
}
