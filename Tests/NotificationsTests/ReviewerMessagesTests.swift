import Foundation
import GRDB
import Notifications
import Schema
import XCTest

extension NotificationsFixture {
    /// identity.org.updated naming the branch's secretary (the copy keeps it).
    func secretary(_ memberId: String?, of code: String) throws {
        let row = try store.readSync { db in try Row.fetchOne(db, sql: "SELECT parentCode, path FROM org WHERE code = ?", arguments: [code])! }
        let path: String = row["path"]
        try event(IdentityEvent.orgUpdated, OrganizationEvent(
            code: code, name: "组织\(code)", type: .branch, parentCode: row["parentCode"], path: path,
            depth: path.split(separator: "/").count, unit: "", isVillage: false, secretaryMemberId: memberId, dissolved: false))
    }

    /// identity.admin.changed for an account of `org`.
    func admin(_ accountId: String, org: String, mobile: String? = nil, active: Bool = true) throws {
        let path = try store.readSync { db in try String.fetchOne(db, sql: "SELECT path FROM org WHERE code = ?", arguments: [org])! }
        try event(IdentityEvent.adminChanged, AdminEvent(accountId: accountId, orgCode: org, orgPath: path, name: "管理员\(accountId)",
                                                         post: "组织委员", mobile: mobile, active: active))
    }

    func event(_ type: String, id: String, _ body: some Encodable) throws {
        var envelope = Envelope(type: type, body: try JSONValue(encoding: body))
        envelope.id = id
        let settings = self.settings
        try store.writeSync { db in try EventIntake.apply(db, source: "dues", event: envelope, settings: settings, now: Date()) }
    }

    func inbox(_ key: String) throws -> [Row] {
        try store.readSync { db in try Row.fetchAll(db, sql: "SELECT * FROM inbox WHERE memberId = ? ORDER BY createdAt, rowid", arguments: [key]) }
    }
}

/// Issue 10, who is told what: profile changes and dues proposals wait for the branch secretary, a
/// named proxy must confirm, a member unpaid for six months is flagged to the branch's administrators.
final class ReviewerMessagesTests: XCTestCase {
    /// 001 ── 001001 (s1 secretary, m1, m2; administrators a1 with a mobile, a2 disabled)
    private func branch() throws -> NotificationsFixture {
        let f = try NotificationsFixture()
        try f.org("001", parent: nil)
        try f.org("001001", parent: "001")
        for id in ["s1", "m1", "m2"] { try f.member(id, org: "001001") }
        try f.secretary("s1", of: "001001")
        try f.admin("a1", org: "001001", mobile: "13900000001")
        try f.admin("a2", org: "001001", mobile: "13900000002", active: false)
        try f.admin("a0", org: "001", mobile: "13900000000")
        return f
    }

    private func profileSubmitted(by memberId: String) -> ProfileChangeSubmittedEvent {
        ProfileChangeSubmittedEvent(changeId: "c-\(memberId)", memberId: memberId, memberName: "党员\(memberId)", orgCode: "001001",
                                    fields: ["phone", "unit"])
    }

    func testTheDirectoryCopyKeepsTheBranchSecretary() throws {
        let f = try branch()
        let secretary = try f.store.readSync { db in
            try String.fetchOne(db, sql: "SELECT secretaryMemberId FROM org WHERE code = '001001'")
        }
        XCTAssertEqual(secretary, "s1")
        try f.secretary(nil, of: "001001")
        XCTAssertNil(try f.store.readSync { db in try String.fetchOne(db, sql: "SELECT secretaryMemberId FROM org WHERE code = '001001'") })
    }

    func testAProfileChangeTellsTheBranchSecretaryOnce() throws {
        let f = try branch()
        try f.event(IdentityEvent.profileSubmitted, id: "e-1", profileSubmitted(by: "m1"))
        try f.event(IdentityEvent.profileSubmitted, id: "e-1", profileSubmitted(by: "m1"))  // redelivered: nothing new
        let jobs = try f.jobs()
        XCTAssertEqual(jobs.map(\.memberId), ["s1"])
        XCTAssertEqual(jobs.first?.templateCode, "SMS_DJ_PROFILE_REVIEW")
        XCTAssertEqual(jobs.first?.sourceKey, "event:e-1")
        let inbox = try f.inbox("s1")
        XCTAssertEqual(inbox.count, 1)
        XCTAssertEqual(inbox.first.map { $0["kind"] as String }, IdentityEvent.profileSubmitted)
        XCTAssertEqual(inbox.first.map { $0["title"] as String }, "党员信息变更待审核")
        XCTAssertEqual(inbox.first.map { $0["body"] as String }, "党员党员m1提交了个人信息修改（手机号码、工作单位），请登录平台审核。")
        XCTAssertTrue(try f.inbox("m1").isEmpty)
    }

    func testTheSecretarysOwnChangeOrNoSecretaryTellsTheBranchAdministrators() throws {
        let f = try branch()
        try f.event(IdentityEvent.profileSubmitted, id: "e-own", profileSubmitted(by: "s1"))
        var jobs = try f.jobs()
        XCTAssertEqual(jobs.map(\.adminId), ["a1"], "the active administrator of the branch only (not a2 disabled, not a0 above)")
        XCTAssertEqual(jobs.map(\.channel), ["sms"])
        XCTAssertNil(jobs.first?.memberId)
        XCTAssertEqual(try f.inbox("admin:a1").count, 1)
        try f.secretary(nil, of: "001001")
        try f.event(IdentityEvent.profileSubmitted, id: "e-2", profileSubmitted(by: "m1"))
        jobs = try f.jobs()
        XCTAssertEqual(jobs.map(\.adminId), ["a1", "a1"])
    }

    func testWithoutANamedSecretaryTheBranchsActiveSecretaryPostIsTold() throws {
        let f = try branch()
        try f.secretary(nil, of: "001001")  // imported branches name none
        let path = "/001/001001/"
        try f.event(IdentityEvent.memberCreated, MemberEvent(memberId: "s9", name: "书记九", orgCode: "001001", orgPath: path,
                                                             memberType: .full, post: .secretary, status: .active, joinDate: nil,
                                                             unit: "", hasPhone: true))
        try f.event(IdentityEvent.profileSubmitted, id: "e-1", profileSubmitted(by: "m1"))
        XCTAssertEqual(try f.jobs().map(\.memberId), ["s9"])
        // The 书记 removed and nobody named: the branch's administrators.
        try f.event(IdentityEvent.memberRemoved, MemberEvent(memberId: "s9", name: "书记九", orgCode: "001001", orgPath: path,
                                                             memberType: .full, post: .secretary, status: .transferredOut, joinDate: nil,
                                                             unit: "", hasPhone: true))
        try f.event(IdentityEvent.profileSubmitted, id: "e-2", profileSubmitted(by: "m1"))
        XCTAssertEqual(try f.jobs().compactMap(\.adminId), ["a1"])
        // A named secretary who left is passed over too.
        try f.secretary("s9", of: "001001")
        try f.event(IdentityEvent.profileSubmitted, id: "e-3", profileSubmitted(by: "m1"))
        XCTAssertEqual(try f.jobs().compactMap(\.adminId), ["a1", "a1"])
    }

    func testADuesProposalWaitingTellsTheSecretary() throws {
        let f = try branch()
        func proposal(_ status: ApprovalState) -> ProposalView {
            ProposalView(id: "p-1", memberId: "m1", memberName: "张三", orgCode: "001001", amountFen: 1250, note: nil, status: status,
                         submittedAt: Date(), reviewedBy: nil, reviewedAt: nil, effectiveMonth: nil)
        }
        try f.event(DuesEvent.proposalSubmitted, id: "e-approved", proposal(.approved))
        XCTAssertEqual(try f.jobs().count, 0, "only a pending proposal waits")
        try f.event(DuesEvent.proposalSubmitted, id: "e-p", proposal(.pending))
        let jobs = try f.jobs()
        XCTAssertEqual(jobs.map(\.memberId), ["s1"])
        XCTAssertEqual(jobs.first?.templateParams, ["name": "张三", "amount": "12.50"])
        XCTAssertEqual(try f.inbox("s1").first.map { $0["body"] as String }, "党员张三申报每月交纳党费 12.50 元，请登录平台审核。")
    }

    func testANamedProxyIsToldToConfirm() throws {
        let f = try branch()
        func proxy(_ status: ProxyStatus) -> ProxyEvent {
            ProxyEvent(proxy: ProxyView(id: "x-1", memberId: "m1", memberName: "张三", proxyMemberId: "m2", proxyName: "李四",
                                        status: status, grantedBy: "m1", createdAt: Date(), confirmedAt: nil, revokedAt: nil))
        }
        try f.event(DuesEvent.proxyChanged, id: "e-active", proxy(.active))
        try f.event(DuesEvent.proxyChanged, id: "e-revoked", proxy(.revoked))
        XCTAssertEqual(try f.jobs().count, 0, "confirmed or revoked: nothing to ask")
        try f.event(DuesEvent.proxyChanged, id: "e-pending", proxy(.pending))
        XCTAssertEqual(try f.jobs().map(\.memberId), ["m2"])
        XCTAssertEqual(try f.inbox("m2").first.map { $0["body"] as String }, "党员张三委托您代交党费，请登录网页端确认。")
    }

    func testAFlaggedMemberIsToldToTheBranchAdministratorsBySMS() async throws {
        let f = try branch()
        let months = ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"]
        try f.event(DuesEvent.memberFlagged, id: "e-f",
                    MemberFlaggedEvent(memberId: "m1", memberName: "张三", orgCode: "001001", months: months, consecutiveMonths: 6))
        let jobs = try f.jobs()
        XCTAssertEqual(jobs.map(\.adminId), ["a1"])
        XCTAssertEqual(jobs.first?.templateCode, "SMS_DJ_DUES_FLAGGED")
        XCTAssertEqual(jobs.first?.recipient, "", "the mobile is looked up when sending")
        XCTAssertTrue(try f.inbox("s1").isEmpty, "the administrators, not the secretary")
        XCTAssertEqual(try f.inbox("admin:a1").first.map { $0["body"] as String }, "党员张三已连续 6 个月（2026-01 至 2026-06）未交纳党费，请及时了解情况。")

        // The administrator's mobile changed before sending: the new one is used.
        try f.admin("a1", org: "001001", mobile: "13900000011")
        let sms = ScriptedSMS()
        try await Dispatcher(channel: .sms, store: f.store, sms: sms, sender: "t", settings: f.settings).sendDue()
        XCTAssertEqual(sms.sent.withLock { $0.map(\.phone) }, ["13900000011"])
        XCTAssertEqual(try f.jobs().map(\.state), [.sent])
    }

    func testAFlagInABranchWithNoAdministratorKnownGoesToItsSecretary() throws {
        let f = try branch()
        try f.admin("a1", org: "001001", mobile: "13900000001", active: false)
        try f.event(DuesEvent.memberFlagged, id: "e-f",
                    MemberFlaggedEvent(memberId: "m1", memberName: "张三", orgCode: "001001", months: ["2026-01"], consecutiveMonths: 6))
        XCTAssertEqual(try f.jobs().map(\.memberId), ["s1"])
        XCTAssertEqual(try f.jobs().map(\.adminId), [nil])
    }

    func testAnAdministratorWithoutAMobileOrDisabledFailsVisibly() async throws {
        let f = try branch()
        try f.admin("a3", org: "001001", mobile: nil)
        try f.event(DuesEvent.memberFlagged, id: "e-f",
                    MemberFlaggedEvent(memberId: "m1", memberName: "张三", orgCode: "001001", months: ["2026-01"], consecutiveMonths: 6))
        try f.admin("a1", org: "001001", mobile: "13900000001", active: false)
        let sms = ScriptedSMS()
        try await Dispatcher(channel: .sms, store: f.store, sms: sms, sender: "t", settings: f.settings).sendDue()
        XCTAssertTrue(sms.sent.withLock { $0.isEmpty })
        let jobs = try f.jobs("SELECT * FROM delivery ORDER BY adminId")
        XCTAssertEqual(jobs.map(\.adminId), ["a1", "a3"])
        XCTAssertEqual(jobs.map(\.state), [.failed, .failed])
        XCTAssertEqual(jobs.map(\.lastError), ["admin_inactive", "no_phone"])
    }
}
