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

/// The portal's pages in-process (HummingbirdTesting) on the gateway's real router, the bus answered
/// by a closure: security headers, CSRF refusal, redirects without a session, the login's next step,
/// a session cookie's page and logout.
final class PortalTests: XCTestCase {
    final class FakeBus: GatewayBus, @unchecked Sendable {
        let sent = Mutex<[JSONValue]>([])
        let answer: @Sendable (JSONValue) -> String
        init(answer: @escaping @Sendable (JSONValue) -> String) { self.answer = answer }

        func send(service: String, envelope: [UInt8], timeout: Duration) async throws(ErrorBody) -> [UInt8] {
            let value = (try? JSONDecoder().decode(JSONValue.self, from: Data(envelope))) ?? .null
            sent.withLock { $0.append(value) }
            let id = value["id"].flatMap { if case .string(let s) = $0 { s } else { nil } } ?? ""
            // An answer starting with "error:" is the reply's error object, else its body.
            let answer = answer(value)
            let payload = answer.hasPrefix("error:") ? #""error":\#(answer.dropFirst(6))"# : #""body":\#(answer)"#
            return Array(#"{\#(payload),"correlationId":"\#(id)","id":"r","sentAt":"2026-11-28T00:00:00.000Z","type":"x","version":1}"#.utf8)
        }
        func available(_ service: String, timeout: Duration) async -> Bool? { true }
        var types: [String] { sent.withLock { $0.compactMap { if case .string(let t)? = $0["type"] { t } else { nil } } } }
    }

    static let secret = Array("0123456789abcdef0123456789abcdef".utf8)

    func app(_ bus: FakeBus, loginLimit: Int = 1000) -> (some ApplicationProtocol, GatewayState) {
        Self.make(bus, loginLimit: loginLimit)
    }

    /// The gateway's router with the portal mounted, the services answered by `bus`: every page test
    /// file builds its app here.
    static func make(_ bus: FakeBus, loginLimit: Int = 1000) -> (some ApplicationProtocol, GatewayState) {
        let limit = RateLimiter(capacity: 1000)
        let settings = GatewaySettings(maxBodyBytes: 1 << 20, corsOrigins: [], busTimeout: .seconds(3), profileCacheSeconds: 5,
                                       loginPerIP: RateLimiter(capacity: loginLimit), loginPerAccount: limit, smsPerIP: limit,
                                       smsPerAccount: limit, callbackPerIP: limit)
        let state = GatewayState(bus: bus, settings: settings, logger: Logger(label: "test"))
        state.verifier.setKeys(["k1": secret])
        let router = buildRouter(state: state)
        Portal.mount(on: router, state: state, settings: PortalSettings(secret: Array(repeating: 7, count: 32)))
        return (Application(router: router), state)
    }

    func memberToken(sid: String = "s-1", expiresIn: Int = 600) -> String {
        let now = Int(Date().timeIntervalSince1970)
        return TokenVerifier.sign(TokenClaims(sub: "acct-9", kind: "member", mid: "m-9", org: "001001001", roles: [],
                                              sid: sid, iat: now - 1, exp: now + expiresIn), secret: Self.secret)
    }

    static let member = #"{"id":"m-9","idNumber":"110101199001011234","name":"王小明","sex":"male","birthDate":"1990-01-01","ethnicity":"汉族","phone":"13812345678","memberType":"full","joinDate":"2015-07-01","orgCode":"001001001","orgName":"第一党支部","unit":"某单位","post":"member","status":"active","reviewed":true,"masked":false,"createdAt":"2026-01-01T00:00:00.000Z","updatedAt":"2026-11-27T16:30:00.000Z"}"#

    static let device = CSRF(secret: Array(repeating: 7, count: 32)).token(device: "device-0001")
    static let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded", cookieName: "dj_device=device-0001"]

    static let cookieName = HTTPField.Name("Cookie")!
    static let csp = HTTPField.Name("Content-Security-Policy")!

    /// name → value of every Set-Cookie of a response.
    static func setCookies(_ response: TestResponse) -> [String: String] {
        var cookies: [String: String] = [:]
        for line in response.headers[values: .setCookie] {
            let pair = line.prefix { $0 != ";" }.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            cookies[String(pair[0])] = pair.count > 1 ? String(pair[1]) : ""
        }
        return cookies
    }

    static func csrf(in html: String) -> String? {
        guard let range = html.range(of: #"name="_csrf" value=""#) else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }

    func testPagesCarryTheSecurityHeadersAndEveryInputHasALabel() async throws {
        let (app, _) = app(FakeBus { _ in "{}" })
        try await app.test(.router) { client in
            try await client.execute(uri: "/login", method: .get) { response in
                XCTAssertEqual(response.status, .ok)
                XCTAssertEqual(response.headers[.contentType], "text/html; charset=utf-8")
                let csp = try XCTUnwrap(response.headers[Self.csp])
                XCTAssertTrue(csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self'") && csp.contains("style-src 'self'"))
                XCTAssertFalse(csp.contains("unsafe-inline"))
                XCTAssertEqual(response.headers[HTTPField.Name("X-Content-Type-Options")!], "nosniff")
                XCTAssertEqual(response.headers[HTTPField.Name("Referrer-Policy")!], "no-referrer")
                let device = try XCTUnwrap(response.headers[values: .setCookie].first { $0.hasPrefix("dj_device=") })
                XCTAssertTrue(device.contains("HttpOnly") && device.contains("SameSite=Lax"), device)
                let html = String(buffer: response.body)
                XCTAssertTrue(html.contains("<html lang=\"zh-CN\">"))
                // Scripts only from the portal's own file: nothing inline for the CSP to refuse.
                let scripts = html.components(separatedBy: "<script").dropFirst()
                XCTAssertTrue(scripts.allSatisfy { $0.hasPrefix(#" src="/static/portal.js" defer></script>"#) }, "inline script")
                XCTAssertFalse(html.contains("style="), "inline style")
                for id in ["f-identifier", "f-password"] {
                    XCTAssertTrue(html.contains("<label for=\"\(id)\">"), id)
                    XCTAssertTrue(html.contains("id=\"\(id)\""), id)
                }
            }
            try await client.execute(uri: "/static/portal.css", method: .get) { response in
                XCTAssertEqual(response.status, .ok)
                XCTAssertEqual(response.headers[.contentType], "text/css; charset=utf-8")
                XCTAssertNotNil(response.headers[Self.csp])
                XCTAssertTrue(String(buffer: response.body).contains("#c8161d"))
            }
            // The JSON API keeps its own face, with nosniff.
            try await client.execute(uri: "/healthz", method: .get) { response in
                XCTAssertEqual(response.headers[HTTPField.Name("X-Content-Type-Options")!], "nosniff")
                XCTAssertEqual(response.headers[.contentType], "application/json; charset=utf-8")
            }
        }
    }

    func testWithoutASessionPagesSendToLogin() async throws {
        let bus = FakeBus { _ in "{}" }
        let (app, _) = app(bus)
        try await app.test(.router) { client in
            for path in ["/", "/me", "/admin", "/login/password", "/login/sms"] {
                try await client.execute(uri: path, method: .get) { response in
                    XCTAssertEqual(response.status, .seeOther, path)
                    XCTAssertEqual(response.headers[.location], "/login", path)
                }
            }
            // A forged or revoked session cookie is cleared, not trusted.
            let forged = PortalCookies.encode(SessionCookie(a: "x.y.z", r: "r"))
            try await client.execute(uri: "/me", method: .get, headers: [Self.cookieName: "dj_session=\(forged)"]) { response in
                XCTAssertEqual(response.headers[.location], "/login")
                XCTAssertEqual(Self.setCookies(response)["dj_session"], "")
            }
        }
        XCTAssertEqual(bus.types, [], "nothing reached the services")
    }

    func testAFormPostWithoutItsTokenIsRefusedWithAChinesePage() async throws {
        let bus = FakeBus { _ in #"{"step":"change_password","ticket":"t-1"}"# }
        let (app, _) = app(bus)
        try await app.test(.router) { client in
            let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded", Self.cookieName: "dj_device=device-0001"]
            try await client.execute(uri: "/login", method: .post, headers: form,
                                     body: ByteBuffer(string: "identifier=demoadmin&password=123456")) { response in
                XCTAssertEqual(response.status, .forbidden)
                XCTAssertEqual(response.headers[.contentType], "text/html; charset=utf-8")
                XCTAssertNotNil(response.headers[Self.csp])
                XCTAssertTrue(String(buffer: response.body).contains("请求被拒绝"))
            }
            // Another visitor's token is refused too.
            let other = CSRF(secret: Array(repeating: 7, count: 32)).token(device: "device-0002")
            try await client.execute(uri: "/login", method: .post, headers: form,
                                     body: ByteBuffer(string: "identifier=demoadmin&password=123456&_csrf=\(other)")) { response in
                XCTAssertEqual(response.status, .forbidden)
            }
            XCTAssertEqual(bus.types, [])

            // With this visitor's token the login goes on to identity's next step.
            let token = CSRF(secret: Array(repeating: 7, count: 32)).token(device: "device-0001")
            try await client.execute(uri: "/login", method: .post, headers: form,
                                     body: ByteBuffer(string: "identifier=demoadmin&password=123456&_csrf=\(token)")) { response in
                XCTAssertEqual(response.status, .seeOther)
                XCTAssertEqual(response.headers[.location], "/login/password")
                let login = try XCTUnwrap(PortalCookies.decode(LoginCookie.self, Self.setCookies(response)["dj_login"]))
                XCTAssertEqual(login.ticket, "t-1")
            }
        }
        XCTAssertEqual(bus.types, ["identity.login"])
        let sent = try XCTUnwrap(bus.sent.withLock { $0.first })
        XCTAssertEqual(sent["body"]?["deviceId"], .string("device-0001"), "the device cookie is identity's device")
        XCTAssertEqual(sent["actor"]?["kind"], .string("anonymous"))
    }

    func testAServiceErrorShowsBesideTheFieldItNames() {
        let errors = FormErrors(ErrorBody.make("identity.password_weak", details: ["field": "body.newPassword"], message: "密码至少 8 位"),
                                inputs: ["newPassword"])
        XCTAssertEqual(errors.fields, ["newPassword": "密码至少 8 位"])
        XCTAssertNil(errors.general)
        XCTAssertEqual(FormErrors(ErrorBody.make(ErrorCode.identityLoginFailed), inputs: ["password"]).general, "账号或密码错误")
    }

    func testASessionShowsTheMembersRecordAndLogoutEndsItAtOnce() async throws {
        let bus = FakeBus { request in
            if case .string("identity.member.get")? = request["type"] { return PortalTests.member }
            return "{}"
        }
        let (app, _) = app(bus)
        let session = PortalCookies.encode(SessionCookie(a: memberToken(), r: "refresh-1"))
        let cookies: HTTPFields = [Self.cookieName: "dj_device=device-0001; dj_session=\(session)"]
        try await app.test(.router) { client in
            var csrf = ""
            try await client.execute(uri: "/me", method: .get, headers: cookies) { response in
                XCTAssertEqual(response.status, .ok)
                let html = String(buffer: response.body)
                XCTAssertTrue(html.contains("王小明") && html.contains("第一党支部") && html.contains("138****5678"), html)
                XCTAssertFalse(html.contains("13812345678"), "the phone is shown masked")
                XCTAssertTrue(html.contains("2026-11-28 00:30"), "times in Asia/Shanghai")
                csrf = try XCTUnwrap(Self.csrf(in: html))
            }
            try await client.execute(uri: "/", method: .get, headers: cookies) { response in
                XCTAssertEqual(response.headers[.location], "/me")
            }
            var form = cookies
            form[.contentType] = "application/x-www-form-urlencoded"
            try await client.execute(uri: "/logout", method: .post, headers: form, body: ByteBuffer(string: "_csrf=\(csrf)")) { response in
                XCTAssertEqual(response.status, .seeOther)
                XCTAssertEqual(response.headers[.location], "/login?done=logout")
                XCTAssertEqual(Self.setCookies(response)["dj_session"], "")
            }
            // The same cookie, replayed, no longer works.
            try await client.execute(uri: "/me", method: .get, headers: cookies) { response in
                XCTAssertEqual(response.headers[.location], "/login")
            }
        }
        // The page's record, its frame's unread count, then the logout.
        XCTAssertEqual(bus.types, ["identity.member.get", "notifications.inbox.unread_count", "identity.logout"])
    }

    /// A session identity revoked (seen by the gateway's poll) stops at once; an expired access token
    /// is refreshed with the refresh token and the new pair goes back in the cookie.
    func testRevokedSessionsStopAndExpiredTokensAreRefreshed() async throws {
        let fresh = memberToken(sid: "s-2")
        let bus = FakeBus { request in
            switch request["type"] {
            case .string("identity.member.get")?: return PortalTests.member
            case .string("identity.token.refresh")?:
                return #"{"accessToken":"\#(fresh)","accessTokenExpiresAt":"2030-01-01T00:00:00.000Z","refreshToken":"refresh-2","refreshTokenExpiresAt":"2030-01-01T00:00:00.000Z","sessionId":"s-2"}"#
            default: return "{}"
            }
        }
        let (app, state) = app(bus)
        let live = PortalCookies.encode(SessionCookie(a: memberToken(sid: "s-1"), r: "refresh-1"))
        let expired = PortalCookies.encode(SessionCookie(a: memberToken(sid: "s-2", expiresIn: -10), r: "refresh-1"))
        try await app.test(.router) { client in
            state.verifier.revoke(sessionId: "s-1", until: Int(Date().timeIntervalSince1970) + 600)
            try await client.execute(uri: "/me", method: .get, headers: [Self.cookieName: "dj_session=\(live)"]) { response in
                XCTAssertEqual(response.headers[.location], "/login")
                XCTAssertEqual(Self.setCookies(response)["dj_session"], "")
            }
            try await client.execute(uri: "/me", method: .get, headers: [Self.cookieName: "dj_session=\(expired)"]) { response in
                XCTAssertEqual(response.status, .ok)
                let renewed = try XCTUnwrap(PortalCookies.decode(SessionCookie.self, Self.setCookies(response)["dj_session"]))
                XCTAssertEqual(renewed.r, "refresh-2")
            }
        }
        XCTAssertEqual(bus.types, ["identity.token.refresh", "identity.member.get", "notifications.inbox.unread_count"])
    }

    /// identity's error on the field it names, with the field marked; the API's rate limit on the form.
    func testErrorsAreShownOnTheFormAndLimitsApply() async throws {
        let bus = FakeBus { _ in
            #"error:{"code":"identity.password_weak","message":"密码至少 8 位，且须含字母和数字","details":{"field":"body.newPassword"}}"#
        }
        let (app, _) = app(bus, loginLimit: 1)
        let login = PortalCookies.encode(LoginCookie(step: LoginReply.stepChangePassword, ticket: "t-1", identifier: "demoadmin"))
        var withLogin = Self.form
        withLogin[Self.cookieName] = "dj_device=device-0001; dj_login=\(login)"
        let headers = withLogin
        let body = "newPassword=abc&confirmPassword=abc&_csrf=\(Self.device)"
        try await app.test(.router) { client in
            try await client.execute(uri: "/login/password", method: .post, headers: headers, body: ByteBuffer(string: body)) { response in
                XCTAssertEqual(response.status, .unprocessableContent)
                let html = String(buffer: response.body)
                XCTAssertTrue(html.contains(#"aria-invalid="true" aria-describedby="f-newPassword-error""#), html)
                XCTAssertTrue(html.contains(#"<p class="field-error" id="f-newPassword-error" role="alert">密码至少 8 位，且须含字母和数字</p>"#), html)
            }
            try await client.execute(uri: "/login/password", method: .post, headers: headers, body: ByteBuffer(string: body)) { response in
                XCTAssertEqual(response.status, .tooManyRequests)
                XCTAssertTrue(String(buffer: response.body).contains("请求过于频繁"))
            }
        }
        XCTAssertEqual(bus.types, ["identity.login.change_password"])
    }

    /// A browser's unknown page is a Chinese 404 page; the API's unknown paths stay JSON.
    func testUnknownPagesAreA404PageAndTheAPIKeepsItsJSON() async throws {
        let (app, _) = app(FakeBus { _ in "{}" })
        let html: HTTPFields = [.accept: "text/html,application/xhtml+xml,*/*;q=0.8"]
        try await app.test(.router) { client in
            try await client.execute(uri: "/nowhere", method: .get, headers: html) { response in
                XCTAssertEqual(response.status, .notFound)
                XCTAssertEqual(response.headers[.contentType], "text/html; charset=utf-8")
                XCTAssertNotNil(response.headers[Self.csp])
                XCTAssertTrue(String(buffer: response.body).contains("页面不存在"))
            }
            try await client.execute(uri: "/api/v1/nowhere", method: .get, headers: html) { response in
                XCTAssertEqual(response.status, .notFound)
                XCTAssertEqual(try JSONDecoder().decode(ErrorBody.self, from: Data(buffer: response.body)).code, "http.not_found")
            }
            try await client.execute(uri: "/nowhere", method: .get) { response in
                XCTAssertEqual(response.headers[.contentType], "application/json; charset=utf-8")
            }
            try await client.execute(uri: "/api/v1/orgs/subtree", method: .delete, headers: html) { response in
                XCTAssertEqual(response.status, .methodNotAllowed)
            }
        }
    }

    func testCookiesAreSecureBehindTLS() async throws {
        let (app, _) = app(FakeBus { _ in "{}" })
        try await app.test(.router) { client in
            try await client.execute(uri: "/login", method: .get, headers: [HTTPField.Name("X-Forwarded-Proto")!: "https"]) { response in
                let device = try XCTUnwrap(response.headers[values: .setCookie].first { $0.hasPrefix("dj_device=") })
                XCTAssertTrue(device.contains("Secure"), device)
            }
        }
    }

    func testAmountsAndTimes() {
        XCTAssertEqual(Format.yuan(fen: 123456), "¥1234.56")
        XCTAssertEqual(Format.yuan(fen: 5), "¥0.05")
        XCTAssertEqual(Format.yuan(fen: -250), "-¥2.50")
        XCTAssertEqual(Format.dateTime(Date(timeIntervalSince1970: 0)), "1970-01-01 08:00")
    }
}
