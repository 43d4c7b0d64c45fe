import Foundation
import GatewayApp
import HTTPTypes
import Hummingbird
import HummingbirdTesting
@testable import Portal
import Schema
import XCTest

/// The meeting pages in-process, meetings answered by a closure: the level above sees a meeting
/// without its acts (and without the code), its own organization with them; a scanned code without a
/// session goes to the login and remembers only a path of this site to come back to.
final class MeetingPageTests: XCTestCase {
    typealias FakeBus = PortalTests.FakeBus
    typealias O = OrgAdminPageTests

    static func view(manages: Bool, code: Bool) -> String {
        #"""
        {"meetingId":"M-1","orgCode":"001001001","orgName":"第一党支部","kind":"assembly","kindName":"支部党员大会","name":"第四季度支部党员大会",
         "startsAt":"2020-01-01T07:00:00.000Z","endsAt":"2020-01-01T09:00:00.000Z","place":"党员活动室","topic":"讨论发展党员","mode":"offline",
         "publishedByName":"第一党支部管理员","publishedAt":"2019-12-20T00:00:00.000Z",
         "counts":{"invited":2,"registered":1,"onLeave":0,"unconfirmed":1,"checkedIn":1},
         "quorum":{"entitled":2,"presentEntitled":1,"presentProbationary":0,"quorate":false,"needed":2},
         "attendees":[{"memberId":"m1","name":"张一","memberType":"full","answer":"register","checkedIn":true,"checkInMethod":"qr","checkedInAt":"2020-01-01T07:01:00.000Z"},
                      {"memberId":"m2","name":"李二","memberType":"full","checkedIn":false}],
         "canShowCode":\#(code),"canManage":\#(manages),"topics":[]}
        """#
    }

    func page(manages: Bool, code: Bool) async throws -> String {
        let bus = FakeBus { _ in Self.view(manages: manages, code: code) }
        return try await PortalTests.make(bus).0.test(.router) { client in
            try await client.execute(uri: "/admin/meetings/M-1", method: .get, headers: O.cookies()) { response in
                XCTAssertEqual(response.status, .ok)
                return String(buffer: response.body)
            }
        }
    }

    func testTheLevelAboveSeesTheMeetingButNotItsActsNorItsCode() async throws {
        let above = try await page(manages: false, code: false)
        XCTAssertTrue(above.contains("第四季度支部党员大会"))
        XCTAssertTrue(above.contains("张一"), "who attends is visible above")
        XCTAssertTrue(above.contains("未达到法定人数"))
        for act in ["/admin/meetings/M-1/checkin", "/admin/meetings/M-1/record", "/admin/meetings/M-1/photos", "/admin/meetings/M-1/code"] {
            XCTAssertFalse(above.contains(act), act)
        }
        let own = try await page(manages: true, code: true)
        for act in ["/admin/meetings/M-1/checkin", "/admin/meetings/M-1/record", "/admin/meetings/M-1/photos", "/admin/meetings/M-1/code"] {
            XCTAssertTrue(own.contains(act), act)
        }
        XCTAssertTrue(own.contains(#"id="mc-m2""#), "the one not checked in may be checked in by hand")
        XCTAssertFalse(own.contains(#"id="mc-m1""#), "the one checked in is not offered again")
    }

    func testAScannedCodeWithoutASessionGoesToTheLoginAndRemembersThePage() async throws {
        let bus = FakeBus { _ in "{}" }
        try await PortalTests.make(bus).0.test(.router) { client in
            try await client.execute(uri: "/meetings/M-1/checkin?t=M-1.123.abc", method: .get) { response in
                XCTAssertEqual(response.status, .seeOther)
                XCTAssertEqual(response.headers[.location], "/login")
                let cookies = response.headers[values: .setCookie].joined(separator: "\n")
                XCTAssertTrue(cookies.contains("dj_next=" + PortalCookies.encode("/meetings/M-1/checkin?t=M-1.123.abc")), cookies)
            }
        }
        XCTAssertTrue(bus.types.isEmpty, "nothing asked of the services before the login")
        XCTAssertEqual(PortalCookies.localPath("/meetings/M-1/checkin?t=x"), "/meetings/M-1/checkin?t=x")
        for elsewhere in ["//evil.example/x", "https://evil.example/", "/\\evil.example", "meetings/M-1"] {
            XCTAssertNil(PortalCookies.localPath(elsewhere), elsewhere)
        }
    }
}
