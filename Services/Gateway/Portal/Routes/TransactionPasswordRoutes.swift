import Foundation
import GatewayApp
import HTTPTypes
import Hummingbird
import Schema

/// 交易密码: an SMS code to the phone on record, then six digits typed twice.
struct TransactionPasswordRoutes: Sendable {
    let portal: PortalState

    func add(to group: RouterGroup<GatewayContext>) {
        group.get("/me/payments/password", use: show)
        group.post("/me/payments/password", use: set)
    }

    static let notices = ["set": "交易密码已设置。"]

    @Sendable func show(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .member)
        return try await page(request, visit, session, error: nil)
    }

    func page(_ request: Request, _ visit: Visit, _ session: SignedIn, error: String?, status: HTTPResponse.Status = .ok) async throws -> Response {
        let state = try await portal.gateway.call(PaymentsAPI.passwordStatus, Empty(), actor: session.actor)
        var data = await portal.memberPage(visit, session, title: "交易密码", current: "/me/dues")
        data["notice"] = OrgAdminKit.notice(request, Self.notices)
        data["error"] = OrgAdminKit.some(error)
        data["isSet"] = state.set
        data["codeSent"] = OrgAdminKit.some(state.maskedPhone)
        data["locked"] = state.lockedUntil.map { Format.dateTime($0) as Any } ?? false
        return visit.finish(portal.pages.html("transaction_password", data, status: status))
    }

    @Sendable func set(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .member)
        let form = try await portal.form(request, visit: visit)
        let code = form.trimmed("code"), password = form["password"]
        do throws(ErrorBody) {
            if !code.isEmpty, password != form["again"] {
                throw ErrorBody.make(ErrorCode.paymentsPasswordInvalid, message: "两次输入的交易密码不一致")
            }
            let state = try await portal.gateway.call(PaymentsAPI.passwordSet, TransactionPasswordRequest(
                code: code.isEmpty ? nil : code, password: code.isEmpty ? nil : password), actor: session.actor)
            return visit.finish(Pages.redirect(code.isEmpty || !state.set ? "/me/payments/password" : "/me/payments/password?done=set"))
        } catch {
            try DuesMonthPage.rethrowIfForbidden(error)
            return try await page(request, visit, session, error: error.message, status: LoginRoutes.status(error))
        }
    }
}
