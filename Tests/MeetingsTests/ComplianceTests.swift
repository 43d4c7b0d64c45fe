import Foundation
import Meetings
import Schema
import XCTest

/// 组织生活开展情况: each kind held against its rhythm, per branch, rolled up, with those behind listed.
final class ComplianceTests: XCTestCase {
    static func beijing(_ year: Int, _ month: Int, _ day: Int = 15) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai")!
        return calendar.date(from: DateComponents(year: year, month: month, day: day, hour: 15))!
    }

    /// A meeting of `kind` held (one member checked in by hand) on the 15th of `month`.
    func hold(_ f: Fixture, _ kind: MeetingKind, _ year: Int, _ month: Int, org: String = Fixture.branch, invitee: String) throws {
        let id = try f.publish(kind, invitees: [invitee], org: org, startsAt: Self.beijing(year, month)).meetingId
        _ = try f.store.writeSync { db in
            try CheckIn.manual(db, ManualCheckInRequest(meetingId: id, memberIds: [invitee]), by: Fixture.admin(Fixture.branch), now: Date())
        }
    }

    func report(_ f: Fixture, year: Int, org: String = Fixture.committee, by actor: Actor? = nil, now: Date = Date()) throws -> ComplianceReport {
        let settings = f.settings
        return try f.store.readSync { db in
            try Compliance.report(db, ComplianceQuery(orgCode: org, year: year), by: actor ?? Fixture.admin(org), settings: settings, now: now)
        }
    }

    func testBranchesAreCountedAgainstTheRhythmAndThoseBehindListed() throws {
        let f = try Fixture()
        try f.addMember("a1")
        // 甲一支部 in 2025: a 主题党日 every month, 党员大会 in three quarters of four, a 组织生活会.
        for month in 1...12 { try hold(f, .themeDay, 2025, month, invitee: "a1") }
        for month in [2, 5, 8] { try hold(f, .assembly, 2025, month, invitee: "a1") }
        try hold(f, .lifeMeeting, 2025, 12, invitee: "a1")
        // Two 主题党日 in one month count once; a 支委会 published but never held counts not at all.
        try hold(f, .themeDay, 2025, 3, invitee: "a1")
        _ = try f.publish(.committee, invitees: ["a1"], startsAt: Self.beijing(2025, 1))
        // 甲二支部: one 主题党日 in January (its publisher is 甲二支部).
        _ = try f.store.writeSync { db in
            let id = try Publishing.publish(db, PublishMeetingRequest(
                orgCode: Fixture.branch2, kind: .themeDay, name: "一月主题党日", startsAt: Self.beijing(2025, 1),
                endsAt: Self.beijing(2025, 1).addingTimeInterval(3600), place: "活动室", topic: "学习", mode: .offline, inviteeIds: ["b2-1"]),
                by: Fixture.admin(Fixture.branch2), settings: MeetingsSettings(), now: Date(), requestId: nil).meetingId
            return try CheckIn.manual(db, ManualCheckInRequest(meetingId: id, memberIds: ["b2-1"]), by: Fixture.admin(Fixture.branch2), now: Date())
        }

        let r = try report(f, year: 2025)
        XCTAssertEqual(r.meetingsHeld, 12 + 3 + 1 + 1 + 1)
        let kinds = Dictionary(uniqueKeysWithValues: r.kinds.map { ($0.kind, $0) })
        let theme = try XCTUnwrap(kinds[.themeDay])
        XCTAssertEqual([theme.periodsDue, theme.branches, theme.compliant, theme.behindTotal], [12, 2, 1, 1])
        XCTAssertEqual(theme.behind, [BranchBehind(orgCode: Fixture.branch2, orgName: "甲二支部", held: 1, due: 12)])
        let assembly = try XCTUnwrap(kinds[.assembly])
        XCTAssertEqual([assembly.periodsDue, assembly.compliant], [4, 0])
        XCTAssertEqual(assembly.behind.map(\.held), [3, 0])
        XCTAssertEqual(kinds[.lifeMeeting]?.compliant, 1)
        XCTAssertEqual(kinds[.committee]?.compliant, 0, "published but not held")
        XCTAssertNil(kinds[.other], "no rhythm, not counted")

        // The branch alone; and in the current year only the periods already over are due.
        XCTAssertEqual(try report(f, year: 2025, org: Fixture.branch).kinds.first { $0.kind == .themeDay }?.compliant, 1)
        let midMay = try report(f, year: 2026, now: Self.beijing(2026, 5))
        XCTAssertEqual(midMay.kinds.first { $0.kind == .themeDay }?.periodsDue, 4)
        XCTAssertEqual(midMay.kinds.first { $0.kind == .assembly }?.periodsDue, 1)
        XCTAssertEqual(midMay.kinds.first { $0.kind == .lifeMeeting }?.periodsDue, 0)

        // Scope: a branch administrator cannot look at the committee, nor at the branch next door.
        assertRefused(ErrorCode.meetingsOrgInvalid, field: "query.orgCode") { try report(f, year: 2025, by: Fixture.admin(Fixture.branch)) }
        assertRefused(ErrorCode.meetingsOrgInvalid) { try report(f, year: 2025, org: Fixture.branch2, by: Fixture.admin(Fixture.branch)) }
    }

    /// The rhythm is a setting per kind.
    func testTheRhythmIsASetting() throws {
        let f = try Fixture()
        try f.addMember("a1")
        for month in [1, 4, 7, 10] { try hold(f, .group, 2025, month, invitee: "a1") }
        XCTAssertEqual(try report(f, year: 2025).kinds.first { $0.kind == .group }?.compliant, 0, "monthly by default")
        let json = #"{"rhythm": {"group": "quarterly", "lecture": "none"}}"#
        f.settings = try JSONDecoder().decode(MeetingsSettings.self, from: Data(json.utf8))
        let r = try report(f, year: 2025)
        XCTAssertEqual(r.kinds.first { $0.kind == .group }?.rhythm, .quarterly)
        XCTAssertEqual(r.kinds.first { $0.kind == .group }?.compliant, 1)
        XCTAssertNil(r.kinds.first { $0.kind == .lecture })
        XCTAssertThrowsError(try JSONDecoder().decode(MeetingsSettings.self, from: Data(#"{"rhythm": {"picnic": "monthly"}}"#.utf8)))
    }
}
