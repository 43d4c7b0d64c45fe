import GatewayApp
import GatewayCore
import Hummingbird
import Schema

/// The login steps as identity answers them: password, then (first login) the forced change, then
/// (new device) the SMS code, then the session cookie. Between steps the ticket waits in a short
/// HttpOnly cookie, never in the page.
struct LoginRoutes: Sendable {
    let portal: PortalState

    func add(to group: RouterGroup<GatewayContext>) {
        group.get("/login", use: showLogin)
        group.post("/login", use: logIn)
        group.get("/login/password", use: showChangePassword)
        group.post("/login/password", use: changePassword)
        group.get("/login/sms", use: showCode)
        group.post("/login/sms", use: verifyCode)
        group.post("/login/sms/resend", use: resendCode)
        group.post("/logout", use: logOut)
    }

    static let notices = ["logout": "您已退出登录。", "reset": "密码已重置，请用新密码登录。", "expired": "登录已失效，请重新登录。"]

    func loginFields(identifier: String = "") -> [Field] {
        [Field(name: "identifier", label: "身份证号 / 手机号 / 用户名", value: identifier, autocomplete: "username"),
         Field(name: "password", label: "密码", type: "password", autocomplete: "current-password")]
    }

    @Sendable func showLogin(_ request: Request, context: GatewayContext) async throws -> Response {
        let visit = await portal.visit(request)
        if let session = visit.session { return visit.finish(Pages.redirect(HomeRoutes.home(session))) }
        var extra: [String: Any] = [:]
        if let done = request.uri.queryParameters["done"].map(String.init), let notice = Self.notices[done] { extra["notice"] = notice }
        return portal.formPage("login", visit: visit, title: "登录", fields: loginFields(), extra: extra)
    }

    @Sendable func logIn(_ request: Request, context: GatewayContext) async throws -> Response {
        var visit = await portal.visit(request)
        let form = try await portal.form(request, visit: visit)
        let identifier = form.trimmed("identifier")
        do throws(ErrorBody) {
            try portal.takeLogin(context, account: identifier)
            let reply = try await portal.gateway.call(IdentityAPI.logIn,
                                                      LoginRequest(identifier: identifier, password: form["password"], deviceId: visit.deviceId),
                                                      actor: PortalState.anonymous)
            return try proceed(reply, identifier: identifier, visit: &visit)
        } catch {
            return portal.formPage("login", visit: visit, title: "登录", fields: loginFields(identifier: identifier),
                                   errors: FormErrors(error, inputs: ["identifier", "password"]), status: Self.status(error))
        }
    }

    /// Identity's next step: the session, or the page of the step it asks for.
    func proceed(_ reply: LoginReply, identifier: String, visit: inout Visit) throws(ErrorBody) -> Response {
        switch reply {
        case .tokens(let pair):
            try visit.signIn(pair, portal: portal)
            visit.clear(PortalCookies.login)
            // Back to the page that sent the visitor here (a scanned check-in code), if it is for their kind.
            if let back = visit.returnTo, let session = visit.session, back.hasPrefix(HomeRoutes.home(session)) || back.hasPrefix("/meetings/") {
                visit.clear(PortalCookies.next)
                return visit.finish(Pages.redirect(back))
            }
            return visit.finish(Pages.redirect(visit.session.map(HomeRoutes.home) ?? "/"))
        case .changePassword(let ticket):
            visit.set(PortalCookies.login, PortalCookies.encode(LoginCookie(step: LoginReply.stepChangePassword, ticket: ticket,
                                                                            identifier: identifier)), maxAge: 600)
            return visit.finish(Pages.redirect("/login/password"))
        case .smsCode(let ticket, let maskedPhone):
            visit.set(PortalCookies.login, PortalCookies.encode(LoginCookie(step: LoginReply.stepSMSCode, ticket: ticket,
                                                                            maskedPhone: maskedPhone, identifier: identifier)), maxAge: 600)
            return visit.finish(Pages.redirect("/login/sms"))
        }
    }

    func loginInProgress(_ request: Request, step: String) -> LoginCookie? {
        PortalCookies.decode(LoginCookie.self, request.cookies[PortalCookies.login]?.value).flatMap { $0.step == step ? $0 : nil }
    }

    static let passwordFields = [Field(name: "newPassword", label: "新密码", type: "password", autocomplete: "new-password"),
                                 Field(name: "confirmPassword", label: "确认新密码", type: "password", autocomplete: "new-password")]

    @Sendable func showChangePassword(_ request: Request, context: GatewayContext) async throws -> Response {
        let visit = await portal.visit(request)
        guard loginInProgress(request, step: LoginReply.stepChangePassword) != nil else { return visit.finish(Pages.redirect("/login")) }
        return portal.formPage("change_password", visit: visit, title: "修改初始密码", fields: Self.passwordFields)
    }

    @Sendable func changePassword(_ request: Request, context: GatewayContext) async throws -> Response {
        var visit = await portal.visit(request)
        let form = try await portal.form(request, visit: visit)
        guard let login = loginInProgress(request, step: LoginReply.stepChangePassword) else { return visit.finish(Pages.redirect("/login?done=expired")) }
        if let mismatch = Self.mismatch(form) {
            return portal.formPage("change_password", visit: visit, title: "修改初始密码", fields: Self.passwordFields, errors: mismatch, status: .unprocessableContent)
        }
        do throws(ErrorBody) {
            try portal.takeLogin(context, account: login.ticket)
            let reply = try await portal.gateway.call(IdentityAPI.loginChangePassword,
                                                      LoginChangePasswordRequest(ticket: login.ticket, newPassword: form["newPassword"]),
                                                      actor: PortalState.anonymous)
            return try proceed(reply, identifier: login.identifier, visit: &visit)
        } catch {
            if let restart = restart(error, visit: &visit) { return restart }
            return portal.formPage("change_password", visit: visit, title: "修改初始密码", fields: Self.passwordFields,
                                   errors: FormErrors(error, inputs: ["newPassword"]), status: Self.status(error))
        }
    }

    /// The two new passwords differ: a typing slip caught before identity is asked.
    static func mismatch(_ form: Form) -> FormErrors? {
        form["newPassword"] == form["confirmPassword"] ? nil : FormErrors(fields: ["confirmPassword": "两次输入的新密码不一致"])
    }

    static let codeFields = [Field(name: "code", label: "短信验证码", autocomplete: "one-time-code", inputmode: "numeric")]

    @Sendable func showCode(_ request: Request, context: GatewayContext) async throws -> Response {
        let visit = await portal.visit(request)
        guard let login = loginInProgress(request, step: LoginReply.stepSMSCode) else { return visit.finish(Pages.redirect("/login")) }
        var extra: [String: Any] = ["maskedPhone": login.maskedPhone ?? ""]
        if request.uri.queryParameters["sent"] != nil { extra["notice"] = "验证码已重新发送。" }
        return portal.formPage("sms_code", visit: visit, title: "短信验证", fields: Self.codeFields, extra: extra)
    }

    @Sendable func verifyCode(_ request: Request, context: GatewayContext) async throws -> Response {
        var visit = await portal.visit(request)
        let form = try await portal.form(request, visit: visit)
        guard let login = loginInProgress(request, step: LoginReply.stepSMSCode) else { return visit.finish(Pages.redirect("/login?done=expired")) }
        do throws(ErrorBody) {
            try portal.takeLogin(context, account: login.ticket)
            let reply = try await portal.gateway.call(IdentityAPI.loginVerifyCode, LoginVerifyCodeRequest(ticket: login.ticket, code: form.trimmed("code")),
                                                      actor: PortalState.anonymous)
            return try proceed(reply, identifier: login.identifier, visit: &visit)
        } catch {
            if let restart = restart(error, visit: &visit) { return restart }
            return portal.formPage("sms_code", visit: visit, title: "短信验证", fields: Self.codeFields,
                                   errors: FormErrors(error, inputs: ["code"]), extra: ["maskedPhone": login.maskedPhone ?? ""],
                                   status: Self.status(error))
        }
    }

    @Sendable func resendCode(_ request: Request, context: GatewayContext) async throws -> Response {
        var visit = await portal.visit(request)
        _ = try await portal.form(request, visit: visit)
        guard let login = loginInProgress(request, step: LoginReply.stepSMSCode) else { return visit.finish(Pages.redirect("/login?done=expired")) }
        do throws(ErrorBody) {
            try portal.takeSMS(context, account: login.ticket)
            let reply = try await portal.gateway.call(IdentityAPI.loginResendCode, LoginResendCodeRequest(ticket: login.ticket),
                                                      actor: PortalState.anonymous)
            let response = try proceed(reply, identifier: login.identifier, visit: &visit)
            return response.status == .seeOther && response.headers[.location] == "/login/sms"
                ? visit.finish(Pages.redirect("/login/sms?sent=1")) : response
        } catch {
            if let restart = restart(error, visit: &visit) { return restart }
            return portal.formPage("sms_code", visit: visit, title: "短信验证", fields: Self.codeFields,
                                   errors: FormErrors(error, inputs: []), extra: ["maskedPhone": login.maskedPhone ?? ""],
                                   status: Self.status(error))
        }
    }

    /// A ticket identity no longer knows: the login starts again.
    func restart(_ error: ErrorBody, visit: inout Visit) -> Response? {
        guard error.code == ErrorCode.identityTicketInvalid else { return nil }
        visit.clear(PortalCookies.login)
        return visit.finish(Pages.redirect("/login?done=expired"))
    }

    @Sendable func logOut(_ request: Request, context: GatewayContext) async throws -> Response {
        var visit = await portal.visit(request)
        do {
            _ = try await portal.form(request, visit: visit)
        } catch is CSRFRefused where visit.session == nil {
            // Already logged out (revoked elsewhere): nothing a forged post could do here.
            visit.clear(PortalCookies.session)
            return visit.finish(Pages.redirect("/login?done=logout"))
        }
        if let session = visit.session {
            // Ended here at once whatever identity answers; identity ends the refresh token too.
            portal.gateway.verifier.revoke(sessionId: session.claims.sid, until: session.claims.exp)
            _ = try? await portal.gateway.call(IdentityAPI.logout, LogoutRequest(accessToken: session.tokens.a, refreshToken: session.tokens.r),
                                               actor: PortalState.anonymous)
        }
        visit.clear(PortalCookies.session)
        return visit.finish(Pages.redirect("/login?done=logout"))
    }

    static func status(_ error: ErrorBody) -> HTTPResponse.Status {
        let code = ErrorStatus.status(for: error.code)
        return HTTPResponse.Status(code: code, reasonPhrase: ErrorStatus.reason(code))
    }
}
