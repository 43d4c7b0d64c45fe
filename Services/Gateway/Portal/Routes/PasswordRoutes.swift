import GatewayApp
import Hummingbird
import Schema

/// Forgot password: the identifier, then the SMS code identity sends to the phone on record with the
/// new password. Identity answers the same whether or not the account exists; so does the page.
struct PasswordRoutes: Sendable {
    let portal: PortalState

    struct ResetCookie: Codable {
        var identifier: String
        var message: String
    }

    func add(to group: RouterGroup<GatewayContext>) {
        group.get("/password/forgot", use: showForgot)
        group.post("/password/forgot", use: forgot)
        group.get("/password/reset", use: showReset)
        group.post("/password/reset", use: reset)
    }

    func forgotFields(_ identifier: String = "") -> [Field] {
        [Field(name: "identifier", label: "身份证号 / 手机号 / 用户名", value: identifier, autocomplete: "username")]
    }

    static let resetFields = [Field(name: "code", label: "短信验证码", autocomplete: "one-time-code", inputmode: "numeric")]
        + LoginRoutes.passwordFields

    @Sendable func showForgot(_ request: Request, context: GatewayContext) async throws -> Response {
        let visit = await portal.visit(request)
        return portal.formPage("forgot", visit: visit, title: "忘记密码", fields: forgotFields())
    }

    @Sendable func forgot(_ request: Request, context: GatewayContext) async throws -> Response {
        var visit = await portal.visit(request)
        let form = try await portal.form(request, visit: visit)
        let identifier = form.trimmed("identifier")
        do throws(ErrorBody) {
            try portal.takeSMS(context, account: identifier)
            let reply = try await portal.gateway.call(IdentityAPI.passwordForgot, ForgotPasswordRequest(identifier: identifier),
                                                      actor: PortalState.anonymous)
            visit.set(PortalCookies.reset, PortalCookies.encode(ResetCookie(identifier: identifier, message: reply.message)), maxAge: 600)
            return visit.finish(Pages.redirect("/password/reset"))
        } catch {
            return portal.formPage("forgot", visit: visit, title: "忘记密码", fields: forgotFields(identifier),
                                   errors: FormErrors(error, inputs: ["identifier"]), status: LoginRoutes.status(error))
        }
    }

    func resetInProgress(_ request: Request) -> ResetCookie? {
        PortalCookies.decode(ResetCookie.self, request.cookies[PortalCookies.reset]?.value)
    }

    @Sendable func showReset(_ request: Request, context: GatewayContext) async throws -> Response {
        let visit = await portal.visit(request)
        guard let pending = resetInProgress(request) else { return visit.finish(Pages.redirect("/password/forgot")) }
        return portal.formPage("reset", visit: visit, title: "重置密码", fields: Self.resetFields, extra: ["notice": pending.message])
    }

    @Sendable func reset(_ request: Request, context: GatewayContext) async throws -> Response {
        var visit = await portal.visit(request)
        let form = try await portal.form(request, visit: visit)
        guard let pending = resetInProgress(request) else { return visit.finish(Pages.redirect("/password/forgot")) }
        if let mismatch = LoginRoutes.mismatch(form) {
            return portal.formPage("reset", visit: visit, title: "重置密码", fields: Self.resetFields, errors: mismatch, status: .unprocessableContent)
        }
        do throws(ErrorBody) {
            try portal.takeLogin(context, account: pending.identifier)
            _ = try await portal.gateway.call(IdentityAPI.passwordReset,
                                              ResetPasswordRequest(identifier: pending.identifier, code: form.trimmed("code"),
                                                                   newPassword: form["newPassword"]),
                                              actor: PortalState.anonymous)
            // The reset ended the account's sessions: learn it now, as the API's route does, not at the next poll.
            try? await portal.gateway.pollRevocations()
            visit.clear(PortalCookies.reset)
            return visit.finish(Pages.redirect("/login?done=reset"))
        } catch {
            return portal.formPage("reset", visit: visit, title: "重置密码", fields: Self.resetFields,
                                   errors: FormErrors(error, inputs: ["code", "newPassword"]), status: LoginRoutes.status(error))
        }
    }
}
