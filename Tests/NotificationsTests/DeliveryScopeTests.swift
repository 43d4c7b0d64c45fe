import Foundation
import GRDB
import Notifications
import Schema
import XCTest

/// `notifications.delivery.get` in and out of scope.
final class DeliveryScopeTests: XCTestCase {
    /// 001 ─┬─ 001001 (m1, m2)
    ///      └─ 001002 (m4)
    /// One notice to all of 001, and one verification code sent to a bare phone number.
    private func fixture() throws -> (NotificationsFixture, byMember: [String: String], code: String) {
        let f = try NotificationsFixture()
        try f.org("001", parent: nil)
        try f.org("001001", parent: "001")
        try f.org("001002", parent: "001")
        for (id, org) in [("m1", "001001"), ("m2", "001001"), ("m4", "001002")] { try f.member(id, org: org) }
        try f.store.writeSync { db in
            _ = try Notices.publish(db, PublishNotice(title: "学习通知", content: "请按时参加学习。", orgCodes: ["001"]), by: f.city,
                                    settings: f.settings, now: Date())
            while try Notices.fanOutStep(db, batch: 100, now: Date()) > 0 {}
        }
        try f.event("identity.verification_code.requested", [
            "phone": "13812345678", "code": "123456", "purpose": "login",
            "expiresAt": RFC3339.format(Date().addingTimeInterval(300)),
        ])
        let jobs = try f.jobs()
        var byMember: [String: String] = [:]
        for job in jobs { if let member = job.memberId { byMember[member] = job.id } }
        XCTAssertEqual(Set(byMember.keys), ["m1", "m2", "m4"])
        let code = try XCTUnwrap(jobs.first { $0.memberId == nil }?.id)
        return (f, byMember, code)
    }

    private func get(_ f: NotificationsFixture, _ id: String, by actor: Actor) throws -> DeliveryView {
        try f.store.readSync { db in try DeliveryStatus.get(db, DeliveryRef(deliveryId: id), by: actor) }
    }

    private func assertRefused(_ f: NotificationsFixture, _ id: String, by actor: Actor, reason: String,
                               file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try get(f, id, by: actor), file: file, line: line) { error in
            let body = error as? ErrorBody
            XCTAssertEqual(body?.code, ErrorCode.notificationsForbidden, file: file, line: line)
            XCTAssertEqual(body?.message, "无权进行此操作", file: file, line: line)
            XCTAssertEqual(body?.details["field"], "body.deliveryId", file: file, line: line)
            XCTAssertEqual(body?.details["reason"], reason, file: file, line: line)
        }
    }

    func testAMemberSeesOnlyDeliveriesAddressedToThemself() throws {
        let (f, jobs, code) = try fixture()
        let m1 = Actor(kind: .member, id: "m1", orgCode: "001001")
        XCTAssertEqual(try get(f, jobs["m1"]!, by: m1).memberId, "m1")
        assertRefused(f, jobs["m2"]!, by: m1, reason: "not_self")
        assertRefused(f, jobs["m4"]!, by: m1, reason: "not_self")
        assertRefused(f, code, by: m1, reason: "out_of_scope")
        // Neither a secretary's role nor a claimed city role widens a member's view.
        assertRefused(f, jobs["m2"]!, by: Actor(kind: .member, id: "m1", orgCode: "001001", roles: ["secretary", "city"]),
                      reason: "not_self")
    }

    func testAnAdministratorSeesDeliveriesToMembersOfTheirSubtree() throws {
        let (f, jobs, code) = try fixture()
        let branch1 = Actor(kind: .admin, id: "a-1", orgCode: "001001")
        XCTAssertEqual(try get(f, jobs["m1"]!, by: branch1).memberId, "m1")
        XCTAssertEqual(try get(f, jobs["m2"]!, by: branch1).memberId, "m2")
        assertRefused(f, jobs["m4"]!, by: branch1, reason: "out_of_scope")
        assertRefused(f, code, by: branch1, reason: "out_of_scope")

        let branch2 = Actor(kind: .admin, id: "a-2", orgCode: "001002")
        XCTAssertEqual(try get(f, jobs["m4"]!, by: branch2).memberId, "m4")
        assertRefused(f, jobs["m1"]!, by: branch2, reason: "out_of_scope")

        // The root's administrator without the city role: every member, but not the bare phone number.
        let root = Actor(kind: .admin, id: "a-0", orgCode: "001")
        for member in ["m1", "m2", "m4"] { XCTAssertEqual(try get(f, jobs[member]!, by: root).memberId, member) }
        assertRefused(f, code, by: root, reason: "out_of_scope")

        // An administrator of an organization notifications does not know administers nothing.
        assertRefused(f, jobs["m1"]!, by: Actor(kind: .admin, id: "a-9", orgCode: "009"), reason: "out_of_scope")
        assertRefused(f, jobs["m1"]!, by: Actor(kind: .anonymous, id: ""), reason: "anonymous")
    }

    func testTheCityAndServicesSeeEverything() throws {
        let (f, jobs, code) = try fixture()
        for actor in [f.city, Actor.service("identity")] {
            for id in Array(jobs.values) + [code] { XCTAssertEqual(try get(f, id, by: actor).id, id) }
        }
    }

    func testScopeFollowsTheTreeWhenABranchMoves() throws {
        let (f, jobs, _) = try fixture()
        let branch2 = Actor(kind: .admin, id: "a-2", orgCode: "001002")
        assertRefused(f, jobs["m1"]!, by: branch2, reason: "out_of_scope")
        try f.event("identity.org.moved", OrganizationMovedEvent(code: "001001", name: "x", type: .branch, oldParentCode: "001",
                                                                 newParentCode: "001002", oldPath: "/001/001001/",
                                                                 newPath: "/001/001002/001001/", oldDepth: 2, newDepth: 3, movedCount: 1))
        XCTAssertEqual(try get(f, jobs["m1"]!, by: branch2).memberId, "m1")
    }

    func testAnUnknownDeliveryIsNotFound() throws {
        let (f, _, _) = try fixture()
        XCTAssertThrowsError(try get(f, "nope", by: f.city)) {
            XCTAssertEqual(($0 as? ErrorBody)?.code, ErrorCode.notificationsDeliveryNotFound)
        }
    }
}
