import Foundation
import GRDB
import Notifications
import Schema
import XCTest

/// Issue 10, notices to organizations: administrators have an inbox, a notice to an organization reaches
/// the administrators of its subtree as well as its members, by SMS to their mobile.
final class AdminInboxTests: XCTestCase {
    /// 001 ─┬─ 001001 (m1, m2; administrators a1 with a mobile, a3 without)
    ///      └─ 001002 (m4; a2 disabled, a4)
    /// a0 administers 001 (above the branches).
    private func tree() throws -> NotificationsFixture {
        let f = try NotificationsFixture()
        try f.org("001", parent: nil)
        try f.org("001001", parent: "001")
        try f.org("001002", parent: "001")
        for (id, org) in [("m1", "001001"), ("m2", "001001"), ("m4", "001002")] { try f.member(id, org: org) }
        try f.admin("a0", org: "001", mobile: "13900000000")
        try f.admin("a1", org: "001001", mobile: "13900000001")
        try f.admin("a3", org: "001001")
        try f.admin("a2", org: "001002", mobile: "13900000002", active: false)
        try f.admin("a4", org: "001002", mobile: "13900000004")
        return f
    }

    private func publish(_ f: NotificationsFixture, orgs: [String], batch: Int = 100) throws -> NoticeView {
        let notice = try f.store.writeSync { db in
            try Notices.publish(db, PublishNotice(title: "学习通知", content: "请按时参加学习。", orgCodes: orgs), by: f.city,
                                settings: f.settings, now: Date())
        }
        while try f.store.writeSync({ db in try Notices.fanOutStep(db, batch: batch, now: Date()) }) > 0 {}
        return notice
    }

    private func admin(_ id: String, _ org: String) -> Actor { Actor(kind: .admin, id: id, orgCode: org) }

    func testANoticeReachesTheSubtreesActiveAdministratorsBySMS() throws {
        let f = try tree()
        let notice = try publish(f, orgs: ["001001"], batch: 1)
        let jobs = try f.jobs("SELECT * FROM delivery ORDER BY coalesce(memberId, ''), coalesce(adminId, '')")
        XCTAssertEqual(jobs.compactMap(\.memberId), ["m1", "m2"])
        XCTAssertEqual(jobs.compactMap(\.adminId), ["a1", "a3"], "the branch's active administrators; not a0 above, not 001002's")
        XCTAssertTrue(jobs.filter { $0.adminId != nil }.allSatisfy {
            $0.channel == "sms" && $0.templateCode == "SMS_DJ_NOTICE" && $0.sourceKey == "notice:\(notice.id)" && $0.memberId == nil
        }, "administrators get SMS, never WeChat")
        // Receipts stay the members' own.
        let receipts = try f.store.readSync { db in
            try Notices.receipts(db, NoticeReceiptsRequest(noticeId: notice.id), by: f.city, settings: f.settings)
        }
        XCTAssertEqual(receipts.recipients, 2)
        XCTAssertEqual(receipts.notRead.map(\.memberId), ["m1", "m2"])

        // To the committee: every active administrator below it, and its own.
        let g = try tree()
        _ = try publish(g, orgs: ["001"])
        XCTAssertEqual(Set(try g.jobs().compactMap(\.adminId)), ["a0", "a1", "a3", "a4"])
        // Fan-out run again (another instance, a restart): nothing new.
        try g.store.writeSync { db in try db.execute(sql: "UPDATE notice SET adminsDone = 0, adminCursor = ''") }
        while try g.store.writeSync({ db in try Notices.fanOutStep(db, batch: 2, now: Date()) }) > 0 {}
        XCTAssertEqual(try g.jobs().count, 3 + 4)
    }

    func testAnAdministratorListsReadsAndMarksTheirOwnInbox() throws {
        let f = try tree()
        let notice = try publish(f, orgs: ["001"])
        let a1 = admin("a1", "001001")
        let page = try f.store.readSync { db in try Inbox.list(db, InboxListRequest(), by: a1) }
        XCTAssertEqual(page.items.map(\.noticeId), [notice.id])
        XCTAssertEqual(page.items.first?.kind, "notice")
        XCTAssertEqual(page.items.first?.title, "学习通知")
        XCTAssertEqual(page.unread, 1)
        // Reading the notice marks it read in the administrator's inbox.
        let read = try f.store.writeSync { db in try Notices.get(db, NoticeRef(noticeId: notice.id), by: a1, settings: f.settings, now: Date()) }
        XCTAssertNotNil(read.readAt)
        XCTAssertEqual(try f.store.readSync { db in try Inbox.unreadCount(db, by: a1) }.unread, 0)
        // Another administrator's inbox is their own; a member's holds no administrator's row.
        let a4 = admin("a4", "001002")
        XCTAssertEqual(try f.store.readSync { db in try Inbox.unreadCount(db, by: a4) }.unread, 1)
        let left = try f.store.writeSync { db in try Inbox.markRead(db, InboxReadRequest(ids: page.items.map(\.id)), by: a4, now: Date()) }
        XCTAssertEqual(left.unread, 1, "a1's item id does not mark a4's")
        XCTAssertEqual(try f.store.writeSync { db in try Inbox.markRead(db, InboxReadRequest(all: true), by: a4, now: Date()) }.unread, 0)
        let m1 = Actor(kind: .member, id: "m1", orgCode: "001001")
        XCTAssertEqual(try f.store.readSync { db in try Inbox.list(db, InboxListRequest(), by: m1) }.total, 1)
        // Services and anonymous callers have no inbox.
        for actor in [Actor.service("dues"), Actor(kind: .anonymous, id: "")] {
            XCTAssertThrowsError(try f.store.readSync { db in try Inbox.list(db, InboxListRequest(), by: actor) }) {
                XCTAssertEqual(($0 as? ErrorBody)?.code, ErrorCode.notificationsForbidden)
            }
        }
    }

    func testAnAdministratorsSMSGoesToTheirMobile() async throws {
        let f = try tree()
        _ = try publish(f, orgs: ["001002"])
        let sms = ScriptedSMS()
        try await Dispatcher(channel: .sms, store: f.store, sms: sms, sender: "t", settings: f.settings).sendDue()
        XCTAssertTrue(sms.sent.withLock { $0.map(\.phone) }.contains("13900000004"))
        XCTAssertFalse(sms.sent.withLock { $0.map(\.phone) }.contains("13900000002"), "a disabled account gets nothing")
        let job = try XCTUnwrap(try f.jobs().first { $0.adminId == "a4" })
        XCTAssertEqual(job.state, .sent)
    }

    func testAnAdminMoveFollowsTheTree() throws {
        let f = try tree()
        try f.event("identity.org.moved", OrganizationMovedEvent(code: "001002", name: "x", type: .branch, oldParentCode: "001",
                                                                 newParentCode: "001001", oldPath: "/001/001002/",
                                                                 newPath: "/001/001001/001002/", oldDepth: 2, newDepth: 3, movedCount: 1))
        _ = try publish(f, orgs: ["001001"])
        XCTAssertEqual(Set(try f.jobs().compactMap(\.adminId)), ["a1", "a3", "a4"])
    }
}
