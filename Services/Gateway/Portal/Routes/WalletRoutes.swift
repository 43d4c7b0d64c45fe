import Foundation
import GatewayApp
import HTTPTypes
import Hummingbird
import Schema

/// 市民卡 (Shaoxing): open the wallet with an SMS code, top it up through Alipay or WeChat Pay (the
/// top-up is an order: its page shows the QR code), see the balance and every movement.
struct WalletRoutes: Sendable {
    let portal: PortalState

    func add(to group: RouterGroup<GatewayContext>) {
        group.get("/me/wallet", use: show)
        group.post("/me/wallet/register", use: register)
        group.post("/me/wallet/topup", use: topUp)
    }

    static let notices = ["opened": "市民卡党费钱包已开通。"]

    @Sendable func show(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .member)
        let wallet = try await portal.gateway.call(PaymentsAPI.walletGet, Empty(), actor: session.actor)
        return try await page(request, visit, session, wallet, error: nil)
    }

    func page(_ request: Request, _ visit: Visit, _ session: SignedIn, _ wallet: WalletView, error: String?,
              status: HTTPResponse.Status = .ok) async throws -> Response {
        var data = await portal.memberPage(visit, session, title: "市民卡", current: "/me/dues")
        let channels = (try? await portal.gateway.call(PaymentsAPI.channels, Empty(), actor: session.actor))?.items ?? []
        data["notice"] = OrgAdminKit.notice(request, Self.notices)
        data["error"] = OrgAdminKit.some(error)
        data["registered"] = wallet.registered
        data["codeSent"] = OrgAdminKit.some(wallet.maskedPhone)
        data["cardNo"] = wallet.cardNo ?? ""
        data["balance"] = DuesMonthPage.yuan(wallet.balanceFen)
        data["key"] = UUID().uuidString.lowercased()
        data["topUpChannels"] = channels.filter { $0.channel == .alipay || $0.channel == .wechatpay }.enumerated().map { i, c in
            ["channel": c.channel.rawValue, "name": c.name, "checked": i == 0] as [String: Any]
        }
        data["movements"] = wallet.movements.map { m -> [String: Any] in
            ["kind": Self.kindText(m.kind), "amount": (m.amountFen > 0 ? "+" : "−") + DuesMonthPage.yuan(abs(m.amountFen)),
             "at": Format.dateTime(m.createdAt), "orderId": m.orderId, "in": m.amountFen > 0]
        }
        data["hasMovements"] = !wallet.movements.isEmpty
        return visit.finish(portal.pages.html("wallet", data, status: status))
    }

    static func kindText(_ kind: WalletMovementKind) -> String {
        switch kind {
        case .topup: "充值"
        case .spend: "交纳党费"
        case .refund: "退款"
        }
    }

    @Sendable func register(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .member)
        let form = try await portal.form(request, visit: visit)
        let code = form.trimmed("code")
        do throws(ErrorBody) {
            let wallet = try await portal.gateway.call(PaymentsAPI.walletRegister, WalletRegisterRequest(code: code.isEmpty ? nil : code),
                                                       actor: session.actor)
            return visit.finish(Pages.redirect(wallet.registered ? "/me/wallet?done=opened" : "/me/wallet"))
        } catch {
            try DuesMonthPage.rethrowIfForbidden(error)
            let wallet = try await portal.gateway.call(PaymentsAPI.walletGet, Empty(), actor: session.actor)
            return try await page(request, visit, session, wallet, error: error.message, status: LoginRoutes.status(error))
        }
    }

    @Sendable func topUp(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .member)
        let form = try await portal.form(request, visit: visit)
        let key = form.trimmed("key")
        do throws(ErrorBody) {
            guard let fen = YuanText.parse(form.trimmed("amount")), let channel = PaymentChannel(rawValue: form.trimmed("channel")) else {
                throw ErrorBody.make(ErrorCode.paymentsTopUpInvalid, details: ["field": "body.amountFen"])
            }
            let order = try await portal.gateway.call(PaymentsAPI.walletTopUp, TopUpRequest(amountFen: fen, channel: channel),
                                                      actor: session.actor, requestId: key.isEmpty ? nil : "portal-" + key)
            return visit.finish(Pages.redirect("/me/payments/\(order.orderId)"))
        } catch {
            try DuesMonthPage.rethrowIfForbidden(error)
            let wallet = try await portal.gateway.call(PaymentsAPI.walletGet, Empty(), actor: session.actor)
            return try await page(request, visit, session, wallet, error: error.message, status: LoginRoutes.status(error))
        }
    }
}
