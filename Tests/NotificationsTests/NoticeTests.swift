import Foundation
import GRDB
import Notifications
import Schema
import Store
import XCTest

final class NoticeTests: XCTestCase {
    /// 001 ─┬─ 001001 (m1, m2 bound, m3 removed)
    ///      └─ 001002 (m4)
    private func tree() throws -> NotificationsFixture {
        let f = try NotificationsFixture()
        try f.org("001", parent: nil)
        try f.org("001001", parent: "001")
        try f.org("001002", parent: "001")
        try f.member("m1", org: "001001")
        try f.member("m2", org: "001001")
        try f.member("m3", org: "001001")
        try f.member("m3", org: "001001", status: .transferredOut, type: "identity.member.removed")
        try f.member("m4", org: "001002")
        try f.bind("m2", openid: "oWX-m2")
        return f
    }

    private func publish(_ f: NotificationsFixture, orgs: [String], by actor: Actor? = nil) throws -> NoticeView {
        try f.store.writeSync { db in
            try Notices.publish(db, PublishNotice(title: "学习通知", content: "请按时参加学习。", orgCodes: orgs), by: actor ?? f.city,
                                settings: f.settings, now: Date())
        }
    }

    private func fanOut(_ f: NotificationsFixture, batch: Int) throws -> Int {
        var steps = 0
        while try f.store.writeSync({ db in try Notices.fanOutStep(db, batch: batch, now: Date()) }) > 0 { steps += 1 }
        return steps
    }

    func testOnlyAllowedRolesPublishAndOnlyKnownOrganizations() throws {
        let f = try tree()
        let secretary = Actor(kind: .admin, id: "a-2", orgCode: "001001", roles: ["secretary"])
        let member = Actor(kind: .member, id: "m1", orgCode: "001001", roles: ["city"])
        for actor in [secretary, member] {
            XCTAssertThrowsError(try publish(f, orgs: ["001001"], by: actor)) {
                XCTAssertEqual(($0 as? ErrorBody)?.code, ErrorCode.notificationsForbidden)
            }
        }
        XCTAssertThrowsError(try publish(f, orgs: ["009"])) {
            XCTAssertEqual(($0 as? ErrorBody)?.code, ErrorCode.notificationsOrgNotFound)
            XCTAssertEqual(($0 as? ErrorBody)?.details["field"], "body.orgCodes.0")
        }
        f.settings.noticePublisherRoles = ["city", "secretary"]
        XCTAssertNoThrow(try publish(f, orgs: ["001001"], by: secretary))
        XCTAssertThrowsError(try publish(f, orgs: ["001002"], by: secretary), "outside the publisher's own subtree")
    }

    func testFanOutReachesTheSubtreesActiveMembersInBoundedSteps() throws {
        let f = try tree()
        let notice = try publish(f, orgs: ["001001"])
        XCTAssertEqual(try f.jobs().count, 0, "publishing itself enqueues nothing")
        let steps = try fanOut(f, batch: 1)
        XCTAssertEqual(steps, 3, "one member per step, then a closing step")
        let jobs = try f.jobs("SELECT * FROM delivery ORDER BY memberId")
        XCTAssertEqual(jobs.map { $0.memberId! }, ["m1", "m2"], "the removed member and the other subtree get nothing")
        XCTAssertEqual(jobs.map(\.channel), ["sms", "wechat"])
        XCTAssertTrue(jobs.allSatisfy { $0.sourceKey == "notice:\(notice.id)" && $0.templateParams["title"] == "学习通知" })
        let done = try f.store.readSync { db in try Row.fetchOne(db, sql: "SELECT fanoutDone, recipients FROM notice")! }
        XCTAssertEqual(done["fanoutDone"] as Bool, true)
        XCTAssertEqual(done["recipients"] as Int, 2)
        // Running fan-out again (another instance, a restart) adds nothing.
        try f.store.writeSync { db in try db.execute(sql: "UPDATE notice SET fanoutDone = 0, fanoutCursor = ''") }
        _ = try fanOut(f, batch: 10)
        XCTAssertEqual(try f.jobs().count, 2)
        XCTAssertEqual(try f.store.readSync { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM inbox")! }, 2)
    }

    func testReadReceiptsAndUnreadLists() throws {
        let f = try tree()
        let notice = try publish(f, orgs: ["001"])
        _ = try fanOut(f, batch: 100)
        let m1 = Actor(kind: .member, id: "m1", orgCode: "001001"), m4 = Actor(kind: .member, id: "m4", orgCode: "001002")
        var list = try f.store.readSync { db in try Notices.list(db, NoticeListRequest(unreadOnly: true), by: m1) }
        XCTAssertEqual(list.items.map(\.id), [notice.id])
        XCTAssertEqual(list.unread, 1)
        let read = try f.store.writeSync { db in try Notices.get(db, NoticeRef(noticeId: notice.id), by: m1, settings: f.settings, now: Date()) }
        XCTAssertNotNil(read.readAt)
        list = try f.store.readSync { db in try Notices.list(db, NoticeListRequest(unreadOnly: true), by: m1) }
        XCTAssertEqual(list.items.count, 0)
        let receipts = try f.store.readSync { db in
            try Notices.receipts(db, NoticeReceiptsRequest(noticeId: notice.id), by: f.city, settings: f.settings)
        }
        XCTAssertEqual(receipts.recipients, 3)
        XCTAssertEqual(receipts.read, 1)
        XCTAssertEqual(receipts.unread, 2)
        XCTAssertEqual(receipts.notRead.map(\.memberId), ["m2", "m4"])
        XCTAssertEqual(receipts.notRead.first?.name, "党员m2")
        XCTAssertThrowsError(try f.store.readSync { db in
            try Notices.receipts(db, NoticeReceiptsRequest(noticeId: notice.id), by: m4, settings: f.settings)
        }) { XCTAssertEqual(($0 as? ErrorBody)?.code, ErrorCode.notificationsForbidden) }
        // A member not addressed cannot read it.
        XCTAssertThrowsError(try f.store.writeSync { db in
            try Notices.get(db, NoticeRef(noticeId: notice.id), by: Actor(kind: .member, id: "m3"), settings: f.settings, now: Date())
        }) { XCTAssertEqual(($0 as? ErrorBody)?.code, ErrorCode.notificationsNoticeNotFound) }
    }

    func testInboxListMarkReadAndUnreadCount() throws {
        let f = try tree()
        _ = try publish(f, orgs: ["001001"])
        _ = try fanOut(f, batch: 100)
        try f.message(to: "m1", source: "event:transfer-1")
        let m1 = Actor(kind: .member, id: "m1"), m2 = Actor(kind: .member, id: "m2")
        var page = try f.store.readSync { db in try Inbox.list(db, InboxListRequest(), by: m1) }
        XCTAssertEqual(page.total, 2)
        XCTAssertEqual(page.unread, 2)
        XCTAssertEqual(Set(page.items.map(\.kind)), ["notice", "transfers.transfer.step"])
        let transfer = try XCTUnwrap(page.items.first { $0.kind == "transfers.transfer.step" })
        XCTAssertEqual(transfer.body, "您的组织关系转接：转出审批通过。")
        // m2 cannot mark m1's item read.
        _ = try f.store.writeSync { db in try Inbox.markRead(db, InboxReadRequest(ids: [transfer.id]), by: m2, now: Date()) }
        XCTAssertEqual(try f.store.readSync { db in try Inbox.unreadCount(db, by: m1) }.unread, 2)
        let left = try f.store.writeSync { db in try Inbox.markRead(db, InboxReadRequest(ids: [transfer.id]), by: m1, now: Date()) }
        XCTAssertEqual(left.unread, 1)
        page = try f.store.readSync { db in try Inbox.list(db, InboxListRequest(unreadOnly: true), by: m1) }
        XCTAssertEqual(page.items.map(\.kind), ["notice"])
        XCTAssertEqual(try f.store.writeSync { db in try Inbox.markRead(db, InboxReadRequest(all: true), by: m1, now: Date()) }.unread, 0)
        // An administrator has an inbox of their own (issue 10): the city's holds none of m1's; a service has none.
        XCTAssertEqual(try f.store.readSync { db in try Inbox.unreadCount(db, by: f.city) }.unread, 0)
        XCTAssertThrowsError(try f.store.readSync { db in try Inbox.unreadCount(db, by: .service("dues")) })
    }

    func testDeliveryStatusForAdminsInScopeAndTheRecipient() throws {
        let f = try tree()
        let notice = try publish(f, orgs: ["001002"])
        _ = try fanOut(f, batch: 100)
        let job = try XCTUnwrap(try f.jobs().first)
        let view = try f.store.readSync { db in try DeliveryStatus.get(db, DeliveryRef(deliveryId: job.id), by: f.city) }
        XCTAssertEqual(view.state, "pending")
        XCTAssertEqual(view.memberId, "m4")
        XCTAssertEqual(view.templateKey, "notice")
        XCTAssertEqual(notice.publishedBy, f.city.id)
        // The recipient (m4) may now see it; any other member may not (DeliveryScopeTests has the rest).
        XCTAssertThrowsError(try f.store.readSync { db in
            try DeliveryStatus.get(db, DeliveryRef(deliveryId: job.id), by: Actor(kind: .member, id: "m1"))
        })
    }

    func testAMemberUpdateForgetsTheCachedPhoneAndAMoveRewritesPaths() async throws {
        let f = try tree()
        try f.store.writeSync { db in
            try ContactBook.storeContacts(db, asked: ["m1"], [MemberContact(memberId: "m1", phone: "13800000001", openid: nil)], now: Date())
        }
        try f.member("m1", org: "001001", type: "identity.member.updated")
        let phone = try f.store.readSync { db in try Row.fetchOne(db, sql: "SELECT phone, phoneFetchedAt FROM contact WHERE memberId = 'm1'")! }
        XCTAssertNil(phone["phone"] as String?)
        XCTAssertNil(phone["phoneFetchedAt"] as Date?, "asked again when next needed")
        try f.event("identity.org.moved", OrganizationMovedEvent(code: "001001", name: "x", type: .branch, oldParentCode: "001",
                                                                 newParentCode: "001002", oldPath: "/001/001001/", newPath: "/001/001002/001001/",
                                                                 oldDepth: 2, newDepth: 3, movedCount: 1))
        let notice = try publish(f, orgs: ["001002"])
        _ = try fanOut(f, batch: 100)
        let members = try f.store.readSync { db in
            try String.fetchAll(db, sql: "SELECT memberId FROM inbox WHERE noticeId = ? ORDER BY memberId", arguments: [notice.id])
        }
        XCTAssertEqual(members, ["m1", "m2", "m4"], "001001 now sits under 001002")
    }
}
