import Foundation
import GRDB
import Notifications
import Schema
import XCTest

/// Meetings' invitations: each invited member by WeChat when bound, else SMS, and always the inbox;
/// once per event; reminders ask only those named (who have not answered).
final class MeetingMessagesTests: XCTestCase {
    private func invitation(_ ids: [String], mode: MeetingMode = .offline) -> MeetingInvitationEvent {
        MeetingInvitationEvent(meetingId: "MT1", orgCode: "001001", orgName: "甲一支部", kindName: "支部党员大会", name: "第四季度党员大会",
                               startsAt: Date(timeIntervalSince1970: 1_795_000_000), place: mode == .offline ? "党员活动室" : nil,
                               mode: mode, memberIds: ids)
    }

    func testEveryInvitedMemberIsToldByWeChatOrSMSAndInTheInboxOnce() throws {
        let f = try NotificationsFixture()
        try f.org("001", parent: nil)
        try f.org("001001", parent: "001")
        for id in ["m1", "m2", "m3"] { try f.member(id, org: "001001") }
        try f.bind("m2", openid: "o-m2")
        try f.event(MeetingsEvent.published, id: "ev-1", invitation(["m1", "m2"]))
        try f.event(MeetingsEvent.published, id: "ev-1", invitation(["m1", "m2"]))
        let jobs = try f.jobs()
        XCTAssertEqual(jobs.map(\.memberId), ["m1", "m2"], "each invited member once; m3 was not invited")
        XCTAssertEqual(jobs.map(\.channel), ["sms", "wechat"])
        XCTAssertEqual(jobs.map(\.templateCode), ["SMS_DJ_MEETING", "TPL_DJ_MEETING"])
        let body = try XCTUnwrap(f.inbox("m1").first.map { $0["body"] as String })
        // 1_795_000_000 is 2026-11-18 11:06:40 UTC: 19:06 in Beijing.
        XCTAssertEqual(body, "请参加会议：甲一支部支部党员大会「第四季度党员大会」，时间 2026-11-18 19:06，地点 党员活动室。请登录平台报名或请假。")
        XCTAssertTrue(try f.inbox("m3").isEmpty)

        // A reminder is its own message, to those it names.
        try f.event(MeetingsEvent.reminded, id: "ev-2", invitation(["m1"], mode: .online))
        XCTAssertEqual(try f.jobs().count, 3)
        XCTAssertEqual(try f.inbox("m1").map { $0["title"] as String }, ["会议通知", "会议报名提醒"])
        XCTAssertTrue(try f.inbox("m1").last.map { $0["body"] as String }!.contains("（2026-11-18 19:06，线上）"))
    }
}

/// 党员关爱: a filed request tells the approving organization's administrators; a decision the member.
final class CareMessagesTests: XCTestCase {
    func testTheApproverAndThenTheMemberAreTold() throws {
        let f = try NotificationsFixture()
        try f.org("001", parent: nil)
        try f.org("001001", parent: "001")
        try f.member("m1", org: "001001")
        try f.admin("a0", org: "001", mobile: "13900000000")
        func request(_ status: CareRequestStatus) -> CareRequestView {
            CareRequestView(requestId: "GQ1", orgCode: "001001", orgName: "甲一支部", memberId: "m1", memberName: "张三", kind: .hardship,
                            reason: "因病致困", status: status, handlerOrgCode: "001", handlerOrgName: "甲党委", comment: nil,
                            handling: status == .handled ? "帮扶金已发放" : nil, createdAt: Date(), decidedAt: nil, handledAt: nil)
        }
        try f.event(MeetingsEvent.careChanged, id: "c-1", request(.pending))
        XCTAssertEqual(try f.inbox("admin:a0").map { $0["body"] as String }, ["甲一支部提交了党员张三的关爱申请（困难帮扶），请登录平台审批。"])
        XCTAssertTrue(try f.inbox("m1").isEmpty)
        try f.event(MeetingsEvent.careChanged, id: "c-2", request(.handled))
        XCTAssertEqual(try f.inbox("m1").map { $0["body"] as String }, ["关于您的关爱申请（困难帮扶）：已办理：帮扶金已发放。"])
    }
}
