import Foundation
import GatewayApp
import HTTPTypes
import Hummingbird
import Schema

/// 微信绑定 (/me/wechat) and the 公众号 menu entry (/wechat/entry). WeChat's OAuth `code` is
/// exchanged by identity only (identity.login.wechat, identity.wechat.bind): the portal never sees
/// an openid. An unbound openid comes back as identity's sealed ticket, kept in an HttpOnly cookie
/// until the member, logged in with the password, binds it here.
struct MemberWeChatRoutes: Sendable {
    let portal: PortalState

    /// The unbound openid's ticket from identity (ten minutes, as identity keeps it valid).
    static let ticketCookie = "dj_wxbind"
    /// Where the menu's `state` may lead once logged in (【我要】交党费, 看通知…); anything else: 个人中心.
    static let targets = ["dues": "/me/dues", "notices": "/me/notices", "messages": "/me/messages", "branch": "/me/branch",
                          "wechat": "/me/wechat"]

    func add(to group: RouterGroup<GatewayContext>) {
        group.get("/wechat/entry", use: entry)
        group.get("/me/wechat", use: show)
        group.post("/me/wechat/bind", use: bind)
        group.post("/me/wechat/unbind", use: unbind)
    }

    static func query(_ request: Request, _ name: String) -> String? {
        request.uri.queryParameters[Substring(name)].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
    }

    // MARK: The 公众号 entry

    @Sendable func entry(_ request: Request, context: GatewayContext) async throws -> Response {
        var visit = await portal.visit(request)
        let login = LoginRoutes(portal: portal)
        guard let code = Self.query(request, "code") else {
            // Opened outside WeChat, or the user refused: the ordinary login.
            return visit.finish(Pages.redirect(visit.session.map(HomeRoutes.home) ?? "/login"))
        }
        do throws(ErrorBody) {
            try portal.takeLogin(context, account: "wechat:" + visit.deviceId)
            let reply = try await portal.gateway.call(IdentityAPI.loginWeChat, WeChatLoginRequest(wechatCode: code, deviceId: visit.deviceId),
                                                      actor: PortalState.anonymous)
            visit.clear(Self.ticketCookie)
            if case .tokens(let pair) = reply, let target = Self.query(request, "state").flatMap({ Self.targets[$0] }) {
                try visit.signIn(pair, portal: portal)
                visit.clear(PortalCookies.login)
                return visit.finish(Pages.redirect(visit.session.map { $0.actor.kind == .member ? target : HomeRoutes.home($0) } ?? "/"))
            }
            // Identity's next step, as after a password: the session, the forced change or the SMS code.
            return try login.proceed(reply, identifier: "", visit: &visit)
        } catch {
            if error.code == ErrorCode.identityWeChatNotBound, let ticket = error.details["wechatTicket"] {
                visit.set(Self.ticketCookie, ticket, maxAge: 600)
                if visit.session?.actor.kind == .member { return visit.finish(Pages.redirect("/me/wechat")) }
                return portal.formPage("login", visit: visit, title: "登录", fields: login.loginFields(),
                                       extra: ["notice": "此微信尚未绑定党员账号。请用身份证号或手机号和密码登录，登录后即可绑定微信，以后从公众号菜单进入无需再输入密码。"])
            }
            return portal.formPage("login", visit: visit, title: "登录", fields: login.loginFields(),
                                   errors: FormErrors(general: error.message), status: LoginRoutes.status(error))
        }
    }

    // MARK: 微信绑定

    static let passwordFields = [Field(name: "password", label: "登录密码", type: "password", autocomplete: "current-password")]

    func page(_ request: Request, _ visit: Visit, _ session: SignedIn, code: String?, errors: FormErrors = FormErrors(),
              status: HTTPResponse.Status = .ok) async throws -> Response {
        let state = try await portal.gateway.call(IdentityAPI.wechatStatus, Empty(), actor: session.actor)
        var data = await portal.memberPage(visit, session, title: "微信绑定", current: "/me")
        data["bound"] = state.bound
        data["boundAt"] = state.boundAt.map(Format.dateTime) ?? ""
        // A WeChat authorisation at hand: a code from WeChat's redirect, or identity's ticket.
        let ticket = request.cookies[Self.ticketCookie]?.value
        data["offer"] = code != nil || !(ticket ?? "").isEmpty
        data["code"] = code ?? ""
        data["fields"] = Self.passwordFields.map { $0.data(errors) }
        data["formError"] = OrgAdminKit.some(errors.general)
        let notices = ["bound": "微信已绑定，以后从“党员e家”公众号菜单进入即可直接登录。", "unbound": "已解除微信绑定。"]
        data["notice"] = OrgAdminKit.some(notices[OrgAdminKit.query(request, "done")])
        return visit.finish(portal.pages.html("member_wechat", data, status: status))
    }

    @Sendable func show(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .member)
        return try await page(request, visit, session, code: Self.query(request, "code"))
    }

    @Sendable func bind(_ request: Request, context: GatewayContext) async throws -> Response {
        let (signedIn, session) = try await portal.signedIn(request, as: .member)
        var visit = signedIn
        let form = try await portal.form(request, visit: visit)
        let code = form.trimmed("code")
        let ticket = request.cookies[Self.ticketCookie]?.value ?? ""
        do throws(ErrorBody) {
            try portal.takeLogin(context, account: session.actor.id)
            // Identity binds by ID number + password; the member's own record gives the number.
            let record = try await portal.gateway.call(IdentityAPI.memberGet, MemberRef(memberId: session.actor.id), actor: session.actor)
            _ = try await portal.gateway.call(IdentityAPI.wechatBind,
                                              WeChatBindRequest(wechatCode: code, idNumber: record.idNumber, password: form["password"],
                                                                wechatTicket: code.isEmpty && !ticket.isEmpty ? ticket : nil),
                                              actor: session.actor)
            visit.clear(Self.ticketCookie)
            return visit.finish(Pages.redirect("/me/wechat?done=bound"))
        } catch {
            try DuesMonthPage.rethrowIfForbidden(error)
            // A spent code or an expired ticket cannot be retried: it must come from WeChat again.
            let spent = error.code == ErrorCode.identityWeChatCodeInvalid
            if spent { visit.clear(Self.ticketCookie) }
            // The only input here is the password: a refused one is shown beside it.
            let errors = error.code == ErrorCode.identityLoginFailed ? FormErrors(fields: ["password": error.message])
                                                                     : FormErrors(error, inputs: ["password"])
            return try await page(request, visit, session, code: spent || code.isEmpty ? nil : code,
                                  errors: errors, status: LoginRoutes.status(error))
        }
    }

    @Sendable func unbind(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .member)
        _ = try await portal.form(request, visit: visit)
        do throws(ErrorBody) {
            _ = try await portal.gateway.call(IdentityAPI.wechatUnbind, Empty(), actor: session.actor)
        } catch {
            // Already unbound (another tab): the page says so.
            guard error.code == ErrorCode.identityWeChatNotBound else { throw error }
        }
        return visit.finish(Pages.redirect("/me/wechat?done=unbound"))
    }
}
