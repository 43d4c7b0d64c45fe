import Foundation
import GatewayApp
import Hummingbird
import Schema

/// 发送到邮箱: the 电子凭证 of an order (on its page) and the 缴费证明 of a year (on 缴费记录), sent
/// through payments (which checks scope and the hourly limit) and notifications' SMTP relay. A sent
/// message comes back as `?emailed=<address>` (已发送至 …, or `&queued=1` when the relay was down and
/// notifications will send it later); a refusal re-renders the page with the message at the address field.
struct EmailRoutes: Sendable {
    let portal: PortalState

    func add(to group: RouterGroup<GatewayContext>) {
        group.post("/me/payments/certificate/email", use: certificate)
        group.post("/me/payments/{orderId}/voucher/email", use: voucher)
    }

    @Sendable func voucher(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .member)
        let form = try await portal.form(request, visit: visit)
        let id = OrgAdminKit.parameter(context, "orderId")
        let email = form.trimmed("email")
        do throws(ErrorBody) {
            let sent = try await portal.gateway.call(PaymentsAPI.orderVoucherEmail, VoucherEmailRequest(orderId: id, email: email),
                                                     actor: session.actor)
            return visit.finish(Pages.redirect("/me/payments/\(id)?emailed=\(Self.queryValue(sent.email))\(sent.queued ? "&queued=1" : "")"))
        } catch {
            try DuesMonthPage.rethrowIfForbidden(error)
            let routes = OrderRoutes(portal: portal)
            let order = try await routes.get(id, session)
            return try await routes.page(request, visit, session, order, codeError: nil, status: LoginRoutes.status(error),
                                         extra: ["emailError": error.message, "emailValue": email])
        }
    }

    @Sendable func certificate(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .member)
        let form = try await portal.form(request, visit: visit)
        let email = form.trimmed("email")
        let year = Int(form.trimmed("year"))
        do throws(ErrorBody) {
            let sent = try await portal.gateway.call(PaymentsAPI.certificateEmail, CertificateEmailRequest(year: year, email: email),
                                                     actor: session.actor)
            return visit.finish(Pages.redirect("/me/payments?emailed=\(Self.queryValue(sent.email))\(sent.queued ? "&queued=1" : "")"))
        } catch {
            return try await OrderRoutes(portal: portal).listPage(visit, session, status: LoginRoutes.status(error),
                                                                  extra: ["emailError": error.message, "emailValue": email])
        }
    }

    static func queryValue(_ text: String) -> String {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "+&=#")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    /// 已发送至 …, when a send just redirected here (only a well-formed address is echoed).
    static func sentNotice(_ request: Request, what: String) -> Any {
        let address = OrgAdminKit.query(request, "emailed")
        guard EmailAddress.isValid(address) else { return false }
        if OrgAdminKit.query(request, "queued") == "1" { return "邮件服务器暂时无法连接，\(what)将自动重发至 \(address)。" }
        return "\(what)已发送至 \(address)，请查收邮件。"
    }
}
