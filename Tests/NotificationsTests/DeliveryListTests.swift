import Foundation
import GRDB
import Notifications
import Schema
import XCTest

/// Issue 10, delivery status: `notifications.delivery.list` per notice, event/source, member and
/// administrator account, in scope, phones masked, never a code.
final class DeliveryListTests: XCTestCase {
    /// 001 ─┬─ 001001 (m1, m2; administrator a1)
    ///      └─ 001002 (m4; administrator a2)
    /// One notice to 001001, one to all of 001, one verification code to a bare phone, one flag to 001001's administrators.
    private func fixture() throws -> (NotificationsFixture, branchNotice: String, allNotice: String) {
        let f = try NotificationsFixture()
        try f.org("001", parent: nil)
        try f.org("001001", parent: "001")
        try f.org("001002", parent: "001")
        for (id, org) in [("m1", "001001"), ("m2", "001001"), ("m4", "001002")] { try f.member(id, org: org) }
        try f.admin("a1", org: "001001", mobile: "13900000001")
        try f.admin("a2", org: "001002", mobile: "13900000002")
        var ids: [String] = []
        for orgs in [["001001"], ["001"]] {
            ids.append(try f.store.writeSync { db in
                try Notices.publish(db, PublishNotice(title: "学习通知", content: "请按时参加学习。", orgCodes: orgs), by: f.city,
                                    settings: f.settings, now: Date()).id
            })
            while try f.store.writeSync({ db in try Notices.fanOutStep(db, batch: 100, now: Date()) }) > 0 {}
        }
        try f.event(id: "code-1", "identity.verification_code.requested", [
            "phone": "13812345678", "code": "654321", "purpose": "login",
            "expiresAt": RFC3339.format(Date().addingTimeInterval(300)),
        ])
        try f.event(DuesEvent.memberFlagged, id: "flag-1",
                    MemberFlaggedEvent(memberId: "m1", memberName: "张三", orgCode: "001001", months: ["2026-01"], consecutiveMonths: 6))
        return (f, ids[0], ids[1])
    }

    private func list(_ f: NotificationsFixture, _ request: DeliveryListRequest, by actor: Actor) throws -> DeliveryList {
        try f.store.readSync { db in try DeliveryStatus.list(db, request, by: actor) }
    }

    private func assertRefused(_ f: NotificationsFixture, _ request: DeliveryListRequest, by actor: Actor, code: String = ErrorCode.notificationsForbidden,
                               field: String, reason: String? = nil, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try list(f, request, by: actor), file: file, line: line) { error in
            let body = error as? ErrorBody
            XCTAssertEqual(body?.code, code, file: file, line: line)
            XCTAssertEqual(body?.details["field"], field, file: file, line: line)
            if let reason { XCTAssertEqual(body?.details["reason"], reason, file: file, line: line) }
            XCTAssertFalse((body?.message ?? "").isEmpty, file: file, line: line)
        }
    }

    private let root = Actor(kind: .admin, id: "a-0", orgCode: "001")
    private let branch1 = Actor(kind: .admin, id: "a1", orgCode: "001001")
    private let branch2 = Actor(kind: .admin, id: "a2", orgCode: "001002")
    private let m1 = Actor(kind: .member, id: "m1", orgCode: "001001")

    func testPerNoticeForAdministratorsOverItsOrganizationsAndAMembersOwn() throws {
        let (f, branchNotice, allNotice) = try fixture()
        let all = try list(f, DeliveryListRequest(noticeId: allNotice), by: f.city)
        XCTAssertEqual(all.total, 5)
        XCTAssertEqual(Set(all.items.compactMap(\.memberId)), ["m1", "m2", "m4"])
        XCTAssertEqual(Set(all.items.compactMap(\.adminId)), ["a1", "a2"])
        XCTAssertTrue(all.items.allSatisfy { $0.sourceKey == "notice:\(allNotice)" && $0.state == "pending" && $0.attempts == 0 })
        XCTAssertEqual(try list(f, DeliveryListRequest(noticeId: allNotice), by: root).total, 5, "the root's administrator")
        XCTAssertEqual(try list(f, DeliveryListRequest(noticeId: branchNotice), by: branch1).total, 3, "m1, m2 and a1")
        // A notice to an organization above the administrator's is not theirs to trace.
        assertRefused(f, DeliveryListRequest(noticeId: allNotice), by: branch1, field: "body.noticeId", reason: "out_of_scope")
        assertRefused(f, DeliveryListRequest(noticeId: branchNotice), by: branch2, field: "body.noticeId", reason: "out_of_scope")
        // A member: their own delivery of it only.
        XCTAssertEqual(try list(f, DeliveryListRequest(noticeId: allNotice), by: m1).items.map(\.memberId), ["m1"])
        assertRefused(f, DeliveryListRequest(noticeId: "nope"), by: f.city, code: ErrorCode.notificationsNoticeNotFound, field: "body.noticeId")
        // Paged.
        let page = try list(f, DeliveryListRequest(noticeId: allNotice, offset: 4, limit: 2), by: f.city)
        XCTAssertEqual(page.items.count, 1)
        XCTAssertEqual(page.total, 5)
    }

    func testPerMemberAndPerAdministratorInScope() throws {
        let (f, _, _) = try fixture()
        XCTAssertEqual(try list(f, DeliveryListRequest(memberId: "m1"), by: m1).total, 2, "both notices")
        XCTAssertEqual(try list(f, DeliveryListRequest(memberId: "m1"), by: branch1).total, 2)
        assertRefused(f, DeliveryListRequest(memberId: "m2"), by: m1, field: "body.memberId", reason: "not_self")
        assertRefused(f, DeliveryListRequest(memberId: "m1"), by: branch2, field: "body.memberId", reason: "out_of_scope")

        // a1: two notices and the flag, by SMS to a masked mobile once sent.
        let own = try list(f, DeliveryListRequest(adminId: "a1"), by: branch1)
        XCTAssertEqual(own.total, 3)
        XCTAssertTrue(own.items.allSatisfy { $0.channel == "sms" && $0.adminId == "a1" })
        XCTAssertEqual(try list(f, DeliveryListRequest(adminId: "a1"), by: root).total, 3)
        assertRefused(f, DeliveryListRequest(adminId: "a1"), by: branch2, field: "body.adminId", reason: "out_of_scope")
        assertRefused(f, DeliveryListRequest(adminId: "a1"), by: m1, field: "body.adminId", reason: "not_admin")
    }

    func testAServicesMessageIsTracedByItsEventWithThePhoneMaskedAndNoCode() async throws {
        let (f, _, _) = try fixture()
        try await Dispatcher(channel: .sms, store: f.store, sms: ScriptedSMS(), sender: "t", settings: f.settings).sendDue()
        let code = try list(f, DeliveryListRequest(eventId: "code-1"), by: .service("identity"))
        XCTAssertEqual(code.total, 1)
        let row = try XCTUnwrap(code.items.first)
        XCTAssertEqual(row.state, "sent")
        XCTAssertEqual(row.channel, "sms")
        XCTAssertEqual(row.attempts, 1)
        XCTAssertEqual(row.recipient, "138****5678")
        XCTAssertEqual(row.templateKey, "code")
        let json = String(decoding: try JSONEncoder().encode(code), as: UTF8.self)
        XCTAssertFalse(json.contains("654321"), "never the code")
        XCTAssertFalse(json.contains("13812345678"), "never the phone")
        XCTAssertEqual(try list(f, DeliveryListRequest(sourceKey: "event:code-1"), by: f.city).total, 1)
        // A bare phone sits nowhere in the tree: a branch's administrator sees none of it.
        XCTAssertEqual(try list(f, DeliveryListRequest(eventId: "code-1"), by: branch1).total, 0)
        XCTAssertEqual(try list(f, DeliveryListRequest(eventId: "code-1"), by: m1).total, 0)
        // The flag: its administrator's row, masked, to those over the branch.
        let flag = try list(f, DeliveryListRequest(eventId: "flag-1"), by: branch1)
        XCTAssertEqual(flag.items.map(\.adminId), ["a1"])
        XCTAssertEqual(flag.items.first?.recipient, "139****0001")
        XCTAssertEqual(try list(f, DeliveryListRequest(eventId: "flag-1"), by: branch2).total, 0)
    }

    func testExactlyOneSelector() throws {
        let (f, allNotice, _) = try fixture()
        assertRefused(f, DeliveryListRequest(), by: f.city, code: ErrorCode.notificationsDeliveryFilterInvalid, field: "body.noticeId")
        assertRefused(f, DeliveryListRequest(noticeId: allNotice, memberId: "m1"), by: f.city,
                      code: ErrorCode.notificationsDeliveryFilterInvalid, field: "body.memberId")
        assertRefused(f, DeliveryListRequest(eventId: " "), by: f.city, code: ErrorCode.notificationsDeliveryFilterInvalid, field: "body.noticeId")
        XCTAssertThrowsError(try list(f, DeliveryListRequest(), by: f.city)) {
            XCTAssertEqual(($0 as? ErrorBody)?.message, "请指定一项查询条件：通知、事件、来源，或党员、管理员")
        }
    }

    func testGetCoversAdministratorDeliveries() throws {
        let (f, _, _) = try fixture()
        let id = try XCTUnwrap(try f.jobs().first { $0.adminId == "a1" }?.id)
        XCTAssertEqual(try f.store.readSync { db in try DeliveryStatus.get(db, DeliveryRef(deliveryId: id), by: self.branch1) }.adminId, "a1")
        XCTAssertThrowsError(try f.store.readSync { db in try DeliveryStatus.get(db, DeliveryRef(deliveryId: id), by: self.branch2) }) {
            XCTAssertEqual(($0 as? ErrorBody)?.details["reason"], "out_of_scope")
        }
    }
}

extension NotificationsFixture {
    func event(id: String, _ type: String, _ body: some Encodable) throws {
        try event(type, id: id, body)
    }
}
