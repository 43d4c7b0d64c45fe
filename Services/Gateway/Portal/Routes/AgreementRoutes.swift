import Foundation
import GatewayApp
import HTTPTypes
import Hummingbird
import Schema

/// 我的党费 › 银行缴费协议: the member's agreements, signing (own card + SMS code; the holder is the
/// member as identity has them, shown masked), 解约, and the debits.
struct AgreementRoutes: Sendable {
    let portal: PortalState

    func add(to group: RouterGroup<GatewayContext>) {
        group.get("/me/payments/agreements", use: show)
        group.post("/me/payments/agreements", use: sign)
        group.post("/me/payments/agreements/{agreementId}/cancel", use: cancel)
    }

    static let notices = ["signed": "银行缴费协议已签订，此后每月开放交纳时将自动代扣。", "cancelled": "银行缴费协议已解除。"]

    static let statusNames = ["active": "生效中", "cancelled": "已解约", "replaced": "已由新协议替换"]
    static let debitNames = ["pending": "待扣款", "sent": "扣款处理中", "paid": "已扣款", "failed": "扣款失败", "skipped": "无需扣款"]

    @Sendable func show(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .member)
        return try await page(request, visit, session, error: nil, sent: nil, card: "")
    }

    func page(_ request: Request, _ visit: Visit, _ session: SignedIn, error: String?, sent: AgreementSignReply?, card: String,
              status: HTTPResponse.Status = .ok) async throws -> Response {
        let list = try await portal.gateway.call(PaymentsAPI.agreementList, Empty(), actor: session.actor)
        let me = try await portal.gateway.call(IdentityAPI.memberGet, MemberRef(memberId: session.actor.id), actor: session.actor)
        var data = await portal.memberPage(visit, session, title: "银行缴费协议", current: "/me/dues")
        data["notice"] = OrgAdminKit.notice(request, Self.notices)
        data["error"] = OrgAdminKit.some(error)
        data["holderName"] = me.masked ? me.name : PersonalData.maskName(me.name)
        data["holderId"] = me.masked ? me.idNumber : PersonalData.maskID(me.idNumber)
        data["agreements"] = list.items.map { a -> [String: Any] in
            ["id": a.id, "bank": a.bankName, "last4": a.cardLast4, "holder": a.holderName, "signedAt": Format.dateTime(a.signedAt),
             "status": Self.statusNames[a.status] ?? a.status, "active": a.status == "active"]
        }
        data["hasAgreements"] = !list.items.isEmpty
        data["debits"] = list.debits.map { d -> [String: Any] in
            ["orderId": d.orderId, "month": d.month, "amount": Format.yuan(fen: Int(d.amountFen)),
             "status": Self.debitNames[d.status] ?? d.status, "failure": d.failure.map { $0 as Any } ?? false,
             "createdAt": Format.dateTime(d.createdAt)]
        }
        data["hasDebits"] = !list.debits.isEmpty
        data["codeSent"] = OrgAdminKit.some(sent?.maskedPhone)
        data["codeId"] = sent?.codeId ?? ""
        data["card"] = card
        return visit.finish(portal.pages.html("payment_agreements", data, status: status))
    }

    @Sendable func sign(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .member)
        let form = try await portal.form(request, visit: visit)
        let card = form.trimmed("cardNumber"), code = form.trimmed("code"), codeId = form.trimmed("codeId")
        let reply: AgreementSignReply
        do throws(ErrorBody) {
            reply = try await portal.gateway.call(PaymentsAPI.agreementSign, AgreementSignRequest(
                cardNumber: card, bankName: form.trimmed("bankName").isEmpty ? nil : form.trimmed("bankName"),
                codeId: code.isEmpty || codeId.isEmpty ? nil : codeId, code: code.isEmpty ? nil : code), actor: session.actor)
        } catch {
            try DuesMonthPage.rethrowIfForbidden(error)
            let keep = codeId.isEmpty ? nil : AgreementSignReply(codeId: codeId, maskedPhone: form.trimmed("maskedPhone"))
            return try await page(request, visit, session, error: error.message, sent: keep, card: card, status: LoginRoutes.status(error))
        }
        if reply.agreement != nil { return visit.finish(Pages.redirect("/me/payments/agreements?done=signed")) }
        return try await page(request, visit, session, error: nil, sent: reply, card: card)
    }

    @Sendable func cancel(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .member)
        _ = try await portal.form(request, visit: visit)
        let id = context.parameters.get("agreementId") ?? ""
        do throws(ErrorBody) {
            _ = try await portal.gateway.call(PaymentsAPI.agreementCancel, AgreementRef(agreementId: id), actor: session.actor)
            return visit.finish(Pages.redirect("/me/payments/agreements?done=cancelled"))
        } catch {
            try DuesMonthPage.rethrowIfForbidden(error)
            return try await page(request, visit, session, error: error.message, sent: nil, card: "", status: LoginRoutes.status(error))
        }
    }
}
