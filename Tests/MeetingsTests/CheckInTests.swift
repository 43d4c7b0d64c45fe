import Foundation
import Meetings
import Schema
import XCTest

/// 扫码签到: the QR code carries a signed, expiring token for one meeting; only invited members, in
/// the window, once. The code is its publisher's to see.
final class CheckInTests: XCTestCase {
    func code(_ f: Fixture, _ id: String, by actor: Actor = Fixture.admin(Fixture.branch)) throws -> CheckInCode {
        let settings = f.settings
        return try f.store.readSync { db in try CheckIn.code(db, MeetingRef(meetingId: id), by: actor, settings: settings) }
    }

    func scan(_ f: Fixture, _ id: String, token: String, _ member: String, now: Date) throws -> MeetingView {
        let settings = f.settings
        return try f.store.writeSync { db in
            try CheckIn.scan(db, CheckInRequest(meetingId: id, token: token), by: Fixture.member(member), settings: settings, now: now)
        }
    }

    func testAValidScanWorksAndEveryWrongOneIsRefused() throws {
        let f = try Fixture()
        let members = try f.addMembers(3)
        try f.addMember("outsider")
        let start = Date().addingTimeInterval(1800)
        let id = try f.publish(invitees: members, startsAt: start).meetingId
        let other = try f.publish(.committee, invitees: members, startsAt: start).meetingId
        let token = try code(f, id).token
        let during = start.addingTimeInterval(600)

        let view = try scan(f, id, token: token, members[0], now: during)
        XCTAssertEqual(view.mine?.checkInMethod, .qr)
        XCTAssertEqual(view.counts.checkedIn, 1)

        // A second check-in.
        assertRefused(ErrorCode.meetingsAlreadyCheckedIn) { try scan(f, id, token: token, members[0], now: during) }
        // Another meeting's token.
        let otherToken = try code(f, other).token
        assertRefused(ErrorCode.meetingsTokenInvalid, field: "body.token") { try scan(f, id, token: otherToken, members[1], now: during) }
        // A forged one: this meeting's id with a later expiry and the old signature.
        let parts = token.split(separator: ".")
        let forged = "\(parts[0]).\(Int(parts[1])! + 86_400).\(parts[2])"
        assertRefused(ErrorCode.meetingsTokenInvalid, field: "body.token") { try scan(f, id, token: forged, members[1], now: during) }
        assertRefused(ErrorCode.meetingsTokenInvalid, field: "body.token") { try scan(f, id, token: "garbage", members[1], now: during) }
        // A member who was not invited (the outsider is in the same branch, so may see the meeting).
        assertRefused(ErrorCode.meetingsNotInvited) { try scan(f, id, token: token, "outsider", now: during) }
        // Yesterday's code today: the token expires when check-in closes (30 minutes after the end).
        let nextDay = start.addingTimeInterval(86_400)
        assertRefused(ErrorCode.meetingsTokenExpired, field: "body.token") { try scan(f, id, token: token, members[1], now: nextDay) }
        // Too early: check-in opens an hour before the start.
        assertRefused(ErrorCode.meetingsCheckInClosed) { try scan(f, id, token: token, members[1], now: start.addingTimeInterval(-3700)) }
        // Nothing above changed anything.
        XCTAssertEqual(try f.get(id).counts.checkedIn, 1)
        XCTAssertEqual(try scan(f, id, token: token, members[1], now: start.addingTimeInterval(-3500)).mine?.checkedIn, true)
    }

    /// Only the publisher's organization sees the code; the committee above (which sees the meeting) does not.
    func testOnlyThePublisherSeesTheCode() throws {
        let f = try Fixture()
        let members = try f.addMembers(2)
        let id = try f.publish(invitees: members).meetingId
        XCTAssertTrue(try f.get(id, by: Fixture.admin(Fixture.branch)).canShowCode)
        let above = try f.get(id, by: Fixture.admin(Fixture.committee))
        XCTAssertFalse(above.canShowCode)
        XCTAssertEqual(above.attendees?.count, 2, "the committee above still sees who attends")
        assertRefused(ErrorCode.meetingsForbidden) { try code(f, id, by: Fixture.admin(Fixture.committee)) }
        assertRefused(ErrorCode.meetingsForbidden) { try code(f, id, by: Fixture.admin(Fixture.root, roles: ["city"])) }
        assertRefused(ErrorCode.meetingsForbidden) { try code(f, id, by: Fixture.admin(Fixture.branch2)) }
    }

    /// The PNG decodes (zbarimg, from Debian's zbar-tools) to the check-in URL.
    func testTheQRCodeDecodesToTheCheckInURL() throws {
        let f = try Fixture()
        f.settings.portalURL = "https://dj.example.gov.cn/"
        let id = try f.publish(invitees: try f.addMembers(1)).meetingId
        let code = try code(f, id)
        XCTAssertEqual(code.url, "https://dj.example.gov.cn/meetings/\(id)/checkin?t=\(code.token)")
        let png = f.dir.appendingPathComponent("code.png")
        try XCTUnwrap(Data(base64Encoded: code.pngBase64)).write(to: png)
        let zbarimg = Process()
        zbarimg.executableURL = URL(fileURLWithPath: "/usr/bin/zbarimg")
        zbarimg.arguments = ["--quiet", "--raw", png.path]
        let out = Pipe()
        zbarimg.standardOutput = out
        try zbarimg.run()
        let decoded = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        zbarimg.waitUntilExit()
        XCTAssertEqual(zbarimg.terminationStatus, 0)
        XCTAssertEqual(decoded.trimmingCharacters(in: .whitespacesAndNewlines), code.url)
    }

    /// By hand: invited members only (the field named), twice is harmless; 参加 checks in online.
    func testManualCheckInAndOnlineAttendance() throws {
        let f = try Fixture()
        let members = try f.addMembers(3)
        try f.addMember("outsider")
        let id = try f.publish(invitees: members).meetingId
        let settings = f.settings
        let manual = { (ids: [String]) in
            try f.store.writeSync { db in
                try CheckIn.manual(db, ManualCheckInRequest(meetingId: id, memberIds: ids), by: Fixture.admin(Fixture.branch), now: Date())
            }
        }
        let first = try manual([members[0], members[1]])
        XCTAssertEqual(first.checkedIn, [members[0], members[1]])
        XCTAssertEqual(first.meeting.attendees?.first { $0.memberId == members[0] }?.checkInMethod, .manual)
        let again = try manual([members[1], members[2]])
        XCTAssertEqual(again.checkedIn, [members[2]])
        XCTAssertEqual(again.already, [members[1]])
        assertRefused(ErrorCode.meetingsNotInvited, field: "body.memberIds[1]") { try manual([members[0], "outsider"]) }
        // The committee above may not check people in: it is not the meeting's organization.
        assertRefused(ErrorCode.meetingsForbidden) {
            try f.store.writeSync { db in
                try CheckIn.manual(db, ManualCheckInRequest(meetingId: id, memberIds: [members[0]]), by: Fixture.admin(Fixture.committee), now: Date())
            }
        }

        let online = try f.publish(.lecture, mode: .online, invitees: members, startsAt: Date().addingTimeInterval(-60)).meetingId
        try f.attend(online, members[0], now: Date())
        XCTAssertEqual(try f.get(online).attendees?.first { $0.memberId == members[0] }?.checkInMethod, .online)
        assertRefused(ErrorCode.meetingsModeMismatch) {
            try f.store.writeSync { db in
                try CheckIn.attend(db, MeetingRef(meetingId: id), by: Fixture.member(members[0]), settings: settings, now: Date())
            }
        }
    }
}
