import Foundation
import GatewayApp
import GatewayCore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
@testable import Portal
import Schema
import XCTest

/// The 公众号 entry and 微信绑定: the code goes to identity (identity.login.wechat), an unbound
/// openid's ticket waits in an HttpOnly cookie and is what 绑定 sends after the password login.
final class MemberWeChatPortalTests: XCTestCase {
    typealias P = PortalTests

    func app(_ bus: P.FakeBus) -> some ApplicationProtocol { P.make(bus).0 }

    static var session: String {
        let now = Int(Date().timeIntervalSince1970)
        let token = TokenVerifier.sign(TokenClaims(sub: "acct-9", kind: "member", mid: "m-9", org: "001001001", roles: [],
                                                   sid: "s-1", iat: now - 1, exp: now + 600), secret: P.secret)
        return PortalCookies.encode(SessionCookie(a: token, r: "refresh-1"))
    }

    func testEntryWithoutACodeIsTheOrdinaryLogin() async throws {
        let bus = P.FakeBus { _ in "{}" }
        let application = app(bus)
        try await application.test(.router) { client in
            try await client.execute(uri: "/wechat/entry?state=dues", method: .get) { response in
                XCTAssertEqual(response.status, .seeOther)
                XCTAssertEqual(response.headers[.location], "/login")
            }
        }
        XCTAssertEqual(bus.types, [])
    }

    func testAnUnboundWeChatSeesTheLoginWithBindingOfferedAfterwards() async throws {
        let bus = P.FakeBus { request in
            switch request["type"] {
            case .string("identity.login.wechat")?:
                return #"error:{"code":"identity.wechat_not_bound","message":"尚未绑定微信","details":{"wechatTicket":"sealed-1"}}"#
            case .string("identity.wechat.status")?: return #"{"bound":false}"#
            case .string("identity.member.get")?: return PortalTests.member
            case .string("identity.wechat.bind")?:
                return #"{"memberId":"m-9","openid":"o-1","boundAt":"2026-11-28T00:00:00.000Z"}"#
            default: return "{}"
            }
        }
        let application = app(bus)
        let session = Self.session
        try await application.test(.router) { client in
            try await client.execute(uri: "/wechat/entry?code=c-1&state=home", method: .get,
                                     headers: [P.cookieName: "dj_device=device-0001"]) { response in
                XCTAssertEqual(response.status, .ok)
                let html = String(buffer: response.body)
                XCTAssertTrue(html.contains("此微信尚未绑定党员账号"), html)
                XCTAssertTrue(html.contains(#"action="/login""#), "the password login, on the same page")
                XCTAssertEqual(P.setCookies(response)[MemberWeChatRoutes.ticketCookie], "sealed-1")
                XCTAssertTrue(response.headers[values: .setCookie].contains { $0.hasPrefix("dj_wxbind=") && $0.contains("HttpOnly") })
            }
            // Logged in: 个人中心 offers the binding, 微信绑定 has the form, 绑定 sends the ticket.
            let cookies: HTTPFields = [P.cookieName: "dj_device=device-0001; dj_session=\(session); dj_wxbind=sealed-1"]
            try await client.execute(uri: "/me", method: .get, headers: cookies) { response in
                XCTAssertTrue(String(buffer: response.body).contains(#"class="notice wx-offer""#))
            }
            var csrf = ""
            try await client.execute(uri: "/me/wechat", method: .get, headers: cookies) { response in
                let html = String(buffer: response.body)
                XCTAssertTrue(html.contains("尚未绑定微信") && html.contains(#"class="wx-bind""#), html)
                csrf = try XCTUnwrap(P.csrf(in: html))
            }
            var form = cookies
            form[.contentType] = "application/x-www-form-urlencoded"
            try await client.execute(uri: "/me/wechat/bind", method: .post, headers: form,
                                     body: ByteBuffer(string: "_csrf=\(csrf)&code=&password=Secret2024")) { response in
                XCTAssertEqual(response.status, .seeOther)
                XCTAssertEqual(response.headers[.location], "/me/wechat?done=bound")
                XCTAssertEqual(P.setCookies(response)[MemberWeChatRoutes.ticketCookie], "", "the ticket is spent")
            }
        }
        let bind = try XCTUnwrap(bus.sent.withLock { sent in sent.first { $0["type"] == .string("identity.wechat.bind") } })
        XCTAssertEqual(bind["body"]?["wechatTicket"], .string("sealed-1"))
        XCTAssertEqual(bind["body"]?["idNumber"], .string("110101199001011234"))
        XCTAssertEqual(bind["body"]?["password"], .string("Secret2024"))
        let login = try XCTUnwrap(bus.sent.withLock { sent in sent.first { $0["type"] == .string("identity.login.wechat") } })
        XCTAssertEqual(login["body"]?["wechatCode"], .string("c-1"))
        XCTAssertEqual(login["body"]?["deviceId"], .string("device-0001"))
    }

    /// A bound member: identity's answer is followed as after a password (here its SMS step for a new device).
    func testABoundWeChatFollowsIdentitysNextStep() async throws {
        let bus = P.FakeBus { request in
            if case .string("identity.login.wechat")? = request["type"] {
                return #"{"step":"sms_code","ticket":"t-9","maskedPhone":"138****5678"}"#
            }
            return "{}"
        }
        let application = app(bus)
        try await application.test(.router) { client in
            try await client.execute(uri: "/wechat/entry?code=c-2", method: .get, headers: [P.cookieName: "dj_device=device-0001"]) { response in
                XCTAssertEqual(response.status, .seeOther)
                XCTAssertEqual(response.headers[.location], "/login/sms")
                let login = try XCTUnwrap(PortalCookies.decode(LoginCookie.self, P.setCookies(response)[PortalCookies.login]))
                XCTAssertEqual(login.ticket, "t-9")
            }
        }
    }
}
