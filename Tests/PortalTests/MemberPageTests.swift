import Foundation
import GatewayApp
import GatewayCore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
@testable import Portal
import Schema
import Synchronization
import XCTest

/// The members' own pages in-process, the services answered by a closure: what each page asks,
/// what it shows of the answer, and that forms send only what the member changed.
final class MemberPageTests: XCTestCase {
    typealias FakeBus = PortalTests.FakeBus

    func app(_ bus: FakeBus) -> some ApplicationProtocol { PortalTests.make(bus).0 }

    static let sid = "s-member"
    static let csrf = CSRF(secret: Array(repeating: 7, count: 32)).token(session: sid)

    /// Member m-9 of branch 001001001: the session cookie, and the headers of a form post.
    static func cookies(form: Bool = false) -> HTTPFields {
        let now = Int(Date().timeIntervalSince1970)
        let token = TokenVerifier.sign(TokenClaims(sub: "acct-9", kind: "member", mid: "m-9", org: "001001001", roles: [], sid: sid,
                                                   iat: now - 1, exp: now + 600), secret: PortalTests.secret)
        var headers: HTTPFields = [PortalTests.cookieName: "dj_device=device-0001; dj_session=\(PortalCookies.encode(SessionCookie(a: token, r: "r-1")))"]
        if form { headers[.contentType] = "application/x-www-form-urlencoded" }
        return headers
    }

    static func type(_ request: JSONValue) -> String { if case .string(let t)? = request["type"] { t } else { "" } }

    static func body(_ text: String) -> ByteBuffer { ByteBuffer(string: "_csrf=\(csrf)&" + text) }

    func testReadingAMessageMarksItReadAndTheBadgeCountsWhatIsLeft() async throws {
        let unread = Mutex(3)
        let bus = FakeBus { request in
            switch Self.type(request) {
            case "notifications.inbox.unread_count": return #"{"unread":\#(unread.withLock { $0 })}"#
            case "notifications.inbox.list":
                return #"{"items":[{"id":"x1","kind":"notice","noticeId":"n-1","title":"关于开展主题党日活动的通知","body":"请按时参加。","createdAt":"2026-11-27T02:00:00.000Z"},{"id":"x2","kind":"notice","title":"已读的消息","body":"旧","createdAt":"2026-11-20T02:00:00.000Z","readAt":"2026-11-21T02:00:00.000Z"}],"total":2,"unread":1}"#
            case "notifications.inbox.read":
                return #"{"unread":\#(unread.withLock { $0 -= 1; return $0 })}"#
            default: return "{}"
            }
        }
        try await app(bus).test(.router) { client in
            try await client.execute(uri: "/me/messages", method: .get, headers: Self.cookies()) { response in
                XCTAssertEqual(response.status, .ok)
                let html = String(buffer: response.body)
                XCTAssertTrue(html.contains(#"aria-label="3 条未读">3</span>"#), html)
                XCTAssertTrue(html.contains(#"<li class="unread"><a href="/me/messages/x1">"#), html)
                XCTAssertTrue(html.contains("全部标为已读"))
            }
            try await client.execute(uri: "/me/messages/x1", method: .get, headers: Self.cookies()) { response in
                XCTAssertEqual(response.status, .ok)
                let html = String(buffer: response.body)
                XCTAssertTrue(html.contains("<h1>关于开展主题党日活动的通知</h1>"), html)
                XCTAssertTrue(html.contains(#"aria-label="2 条未读">2</span>"#), "the badge after this read: \(html)")
                XCTAssertTrue(html.contains(#"href="/me/notices/n-1""#))
            }
            // An already read message is not marked again; an unknown one is a 404 page.
            try await client.execute(uri: "/me/messages/x2", method: .get, headers: Self.cookies()) { response in
                XCTAssertEqual(response.status, .ok)
            }
            var browser = Self.cookies()
            browser[.accept] = "text/html"
            try await client.execute(uri: "/me/messages/nope", method: .get, headers: browser) { response in
                XCTAssertEqual(response.status, .notFound)
            }
        }
        let reads = bus.sent.withLock { $0.filter { Self.type($0) == "notifications.inbox.read" } }
        XCTAssertEqual(reads.count, 1)
        XCTAssertEqual(reads.first?["body"], .object(["ids": .array([.string("x1")])]))
        let x1 = bus.types.drop { $0 != "notifications.inbox.read" }
        XCTAssertEqual(x1.dropFirst().first, "notifications.inbox.unread_count", "the badge is counted after the read")
    }

    func testTheBadgeIsLeftOutWhenNothingIsUnreadOrNotificationsDoesNotAnswer() async throws {
        for answer in [#"{"unread":0}"#, #"error:{"code":"bus.unavailable","message":"服务暂不可用"}"#] {
            let bus = FakeBus { request in
                switch Self.type(request) {
                case "identity.member.get": return PortalTests.member
                case "notifications.inbox.unread_count": return answer
                default: return "{}"
                }
            }
            try await app(bus).test(.router) { client in
                try await client.execute(uri: "/me", method: .get, headers: Self.cookies()) { response in
                    XCTAssertEqual(response.status, .ok, answer)
                    let html = String(buffer: response.body)
                    XCTAssertFalse(html.contains("unread-count"), html)
                    XCTAssertTrue(html.contains(#"href="/me/branch""#) && html.contains(#"href="/me/password""#))
                }
            }
        }
    }

    func testAProfileEditSendsOnlyWhatChangedAndShowsIdentitysRefusalBesideTheField() async throws {
        let bus = FakeBus { request in
            switch Self.type(request) {
            case "identity.member.get": return PortalTests.member
            case "identity.profile.mine":
                return #"{"items":[{"id":"c-1","memberId":"m-9","memberName":"王小明","orgCode":"001001001","changes":{"unit":"旧单位"},"status":"rejected","submittedAt":"2026-11-01T02:00:00.000Z","reason":"单位名称有误"}]}"#
            case "identity.profile.submit":
                if case .string("12")? = request["body"]?["changes"]?["phone"] {
                    return #"error:{"code":"schema.invalid","message":"手机号码格式不正确","details":{"field":"changes.phone"}}"#
                }
                return #"{"id":"c-2","memberId":"m-9","memberName":"王小明","orgCode":"001001001","changes":{"ethnicity":"回族"},"status":"pending","submittedAt":"2026-11-28T02:00:00.000Z"}"#
            default: return "{}"
            }
        }
        try await app(bus).test(.router) { client in
            try await client.execute(uri: "/me/profile", method: .get, headers: Self.cookies()) { response in
                let html = String(buffer: response.body)
                XCTAssertTrue(html.contains("已驳回") && html.contains("原因：单位名称有误"), html)
                XCTAssertTrue(html.contains(#"<input id="p-name" name="name" type="text" value="王小明" autocomplete="off" disabled>"#),
                              "a reviewed record's name is locked: \(html)")
                OrgAdminPageTests.assertLabelled(html)
            }
            try await client.execute(uri: "/me/profile", method: .post, headers: Self.cookies(form: true),
                                     body: Self.body("phone=&ethnicity=%E5%9B%9E%E6%97%8F&unit=%E6%9F%90%E5%8D%95%E4%BD%8D&joinDate=2015-07-01")) { response in
                XCTAssertEqual(response.status, .seeOther)
                XCTAssertEqual(response.headers[.location], "/me/profile?done=sent")
            }
            try await client.execute(uri: "/me/profile", method: .post, headers: Self.cookies(form: true), body: Self.body("phone=12")) { response in
                XCTAssertEqual(response.status, .badRequest, "identity's status for schema.invalid")
                let html = String(buffer: response.body)
                XCTAssertTrue(html.contains(#"<p class="field-error" id="p-phone-error" role="alert">手机号码格式不正确</p>"#), html)
                XCTAssertTrue(html.contains(#"value="12""#), "what was typed stays")
            }
        }
        let submits = bus.sent.withLock { $0.filter { Self.type($0) == "identity.profile.submit" } }
        XCTAssertEqual(submits.first?["body"], .object(["changes": .object(["ethnicity": .string("回族")])]),
                       "unchanged fields (unit, joinDate) and the empty phone are not sent")
    }

    func testAPasswordChangeKeepsThisSessionAndAMismatchNeverReachesIdentity() async throws {
        let bus = FakeBus { request in
            switch Self.type(request) {
            case "identity.password.change":
                if case .string("wrong-1")? = request["body"]?["oldPassword"] {
                    return #"error:{"code":"identity.login_failed","message":"当前密码不正确","details":{"field":"body.oldPassword"}}"#
                }
                return "{}"
            default: return "{}"
            }
        }
        try await app(bus).test(.router) { client in
            try await client.execute(uri: "/me/password", method: .post, headers: Self.cookies(form: true),
                                     body: Self.body("oldPassword=old-1&newPassword=New2026pass&confirmPassword=Other2026pass")) { response in
                XCTAssertEqual(response.status, .unprocessableContent)
            }
            XCTAssertFalse(bus.types.contains("identity.password.change"))
            try await client.execute(uri: "/me/password", method: .post, headers: Self.cookies(form: true),
                                     body: Self.body("oldPassword=wrong-1&newPassword=New2026pass&confirmPassword=New2026pass")) { response in
                XCTAssertNotEqual(response.status, .seeOther)
                XCTAssertTrue(String(buffer: response.body).contains("当前密码不正确"))
            }
            try await client.execute(uri: "/me/password", method: .post, headers: Self.cookies(form: true),
                                     body: Self.body("oldPassword=old-1&newPassword=New2026pass&confirmPassword=New2026pass")) { response in
                XCTAssertEqual(response.status, .seeOther)
                XCTAssertEqual(response.headers[.location], "/me/password?done=changed")
                XCTAssertNil(PortalTests.setCookies(response)["dj_session"].flatMap { $0.isEmpty ? $0 : nil }, "this session is kept")
            }
        }
        let change = try XCTUnwrap(bus.sent.withLock { $0.last { Self.type($0) == "identity.password.change" } })
        XCTAssertNotNil(change["body"]?["accessToken"], "identity is told which session to keep")
    }

    func testMyBranchShowsTheSecretaryFirstWithATelLink() async throws {
        let bus = FakeBus { request in
            switch Self.type(request) {
            case "identity.branch.mine":
                return #"{"orgCode":"001001001","orgName":"第一党支部","unit":"","parentName":"机关党委","memberCount":12,"leaders":[{"name":"李书记","post":"secretary","phone":"13900001111"},{"name":"赵委员","post":"committee_member"}]}"#
            default: return "{}"
            }
        }
        try await app(bus).test(.router) { client in
            try await client.execute(uri: "/me/branch", method: .get, headers: Self.cookies()) { response in
                XCTAssertEqual(response.status, .ok)
                let html = String(buffer: response.body)
                XCTAssertTrue(html.contains(#"<a class="mb-tel" href="tel:13900001111">139****1111 拨打</a>"#), html)
                XCTAssertTrue(html.contains("李书记") && html.contains("机关党委") && html.contains("12"))
                XCTAssertEqual(html.components(separatedBy: "href=\"tel:").count, 2, "no link without a phone")
            }
        }
    }
}
