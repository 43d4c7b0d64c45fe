import Foundation
import GRDB
import Notifications
import Schema
import XCTest

/// Transfers' events: whoever must act next is told (administrators by inbox and SMS; with none known,
/// the branch secretary), the member of their transfer's progress, and the sending branch of an overdue 回执.
final class TransferMessagesTests: XCTestCase {
    /// 001 (a0) ── 001001 (a1 with a mobile; s1 secretary, m1) and 001002 (no administrator; s2 secretary)
    private func tree() throws -> NotificationsFixture {
        let f = try NotificationsFixture()
        try f.org("001", parent: nil)
        try f.org("001001", parent: "001")
        try f.org("001002", parent: "001")
        for id in ["s1", "m1"] { try f.member(id, org: "001001") }
        try f.member("s2", org: "001002")
        try f.secretary("s1", of: "001001")
        try f.secretary("s2", of: "001002")
        try f.admin("a0", org: "001", mobile: "13900000000")
        try f.admin("a1", org: "001001", mobile: "13900000001")
        return f
    }

    private func changed(_ status: TransferStatus, what: String, kind: TransferKind = .withinCity, memberId: String? = "m1",
                         waiting: String? = nil, action: StepAction? = nil, comment: String? = nil) -> TransferChangedEvent {
        TransferChangedEvent(transferId: "T-1", kind: kind, status: status, what: what, memberId: memberId, memberName: "张三",
                             fromOrgCode: "001001", toOrgCode: "001002", waitingOrgCode: waiting, waitingAction: action, comment: comment)
    }

    func testPendingTellsTheWaitingOrganizationsAdministratorsOnce() throws {
        let f = try tree()
        try f.event(TransfersEvent.changed, id: "t-1", changed(.pending, what: "submitted", waiting: "001001", action: .review))
        try f.event(TransfersEvent.changed, id: "t-1", changed(.pending, what: "submitted", waiting: "001001", action: .review))
        let jobs = try f.jobs()
        XCTAssertEqual(jobs.map(\.adminId), ["a1"], "the waiting branch's administrator, once; not a0 above, not the member")
        XCTAssertEqual(jobs.first?.channel, "sms")
        XCTAssertEqual(jobs.first?.templateCode, "SMS_DJ_TRANSFER_PENDING")
        let inbox = try f.inbox("admin:a1")
        XCTAssertEqual(inbox.map { $0["title"] as String }, ["组织关系转接待办理"])
        XCTAssertEqual(inbox.first.map { $0["body"] as String }, "党员张三的组织关系转接（市内转接）待您审核，请登录平台办理。")
        XCTAssertTrue(try f.inbox("m1").isEmpty)
    }

    func testAnInboundTransferAssignedToABranchWithNoAdministratorTellsItsSecretary() throws {
        let f = try tree()
        try f.event(TransfersEvent.changed, id: "t-2", changed(.pending, what: "assigned", kind: .inbound, memberId: nil,
                                                               waiting: "001002", action: .confirm))
        let jobs = try f.jobs()
        XCTAssertEqual(jobs.map(\.memberId), ["s2"])
        XCTAssertEqual(jobs.map(\.adminId), [nil])
        XCTAssertEqual(try f.inbox("s2").first.map { $0["body"] as String }, "党员张三的组织关系转接（从市外转入）待您接收确认，请登录平台办理。")
    }

    func testTheMemberIsToldOfProgressWhenKnown() throws {
        let f = try tree()
        try f.event(TransfersEvent.changed, id: "t-3", changed(.returned, what: "returned", comment: "请补充去向单位"))
        try f.event(TransfersEvent.changed, id: "t-4", changed(.approved, what: "approved"))
        try f.event(TransfersEvent.changed, id: "t-5", changed(.completed, what: "completed"))
        try f.event(TransfersEvent.changed, id: "t-6", changed(.revoked, what: "revoked", kind: .outbound))
        // Withdrawn is the member's own act; an inbound applicant has no account to tell.
        try f.event(TransfersEvent.changed, id: "t-7", changed(.withdrawn, what: "withdrawn"))
        try f.event(TransfersEvent.changed, id: "t-8", changed(.completed, what: "completed", kind: .inbound, memberId: nil))
        XCTAssertEqual(try f.jobs().map(\.memberId), ["m1", "m1", "m1", "m1"])
        XCTAssertEqual(try f.jobs().compactMap(\.adminId), [])
        XCTAssertEqual(try f.inbox("m1").map { $0["body"] as String }, [
            "您的组织关系转接：市内转接已退回修改，请修改后重新提交（意见：请补充去向单位）。",
            "您的组织关系转接：市内转接已审批通过，正在办理。",
            "您的组织关系转接：市内转接已办理完成。",
            "您的组织关系转接：转到市外已撤销。",
        ])
    }

    func testAnOverdueReceiptRemindsTheSendingBranch() throws {
        let f = try tree()
        // 2026-11-01 02:00 Beijing is 10-31 18:00 UTC: the date is Beijing's.
        let issued = Date(timeIntervalSince1970: 1_793_469_600)
        try f.event(TransfersEvent.receiptOverdue, id: "t-9", ReceiptOverdueEvent(transferId: "T-1", memberName: "张三",
                                                                                  fromOrgCode: "001001", letterNumber: "2026000123", issuedAt: issued))
        XCTAssertEqual(try f.jobs().map(\.adminId), ["a1"])
        XCTAssertEqual(try f.jobs().first?.templateCode, "SMS_DJ_TRANSFER_RECEIPT")
        XCTAssertEqual(try f.inbox("admin:a1").first.map { $0["body"] as String },
                       "党员张三的组织关系介绍信（字第2026000123号，2026-11-01开具）回执尚未返回，请联系接收地党组织并上传回执。")
        // No administrator known: the secretary.
        try f.event(TransfersEvent.receiptOverdue, id: "t-10", ReceiptOverdueEvent(transferId: "T-2", memberName: "李四",
                                                                                   fromOrgCode: "001002", letterNumber: "2026000124", issuedAt: issued))
        XCTAssertEqual(try f.jobs().compactMap(\.memberId), ["s2"])
    }
}
