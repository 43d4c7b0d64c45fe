import Documents
import Foundation
import GatewayApp
import HTTPTypes
import Hummingbird
import Schema

/// One order as its payer follows it (the SMS code, the QR code to scan, the result, a refund and
/// why), and 缴费记录: every order, also those paid for others or by others for me.
struct OrderRoutes: Sendable {
    let portal: PortalState

    func add(to group: RouterGroup<GatewayContext>) {
        group.get("/me/payments", use: list)
        group.get("/me/payments/certificate.pdf", use: certificate)
        group.get("/me/payments/{orderId}/qr.svg", use: qr)
        group.get("/me/payments/{orderId}/voucher.pdf", use: voucher)
        group.get("/me/payments/{orderId}", use: show)
        group.get("/me/payments/{orderId}/status", use: status)
        group.post("/me/payments/{orderId}/confirm", use: confirm)
        group.post("/me/payments/{orderId}/resend", use: resend)
        group.post("/me/payments/{orderId}/refund", use: applyRefund)
    }

    static let notices = ["resent": "验证码已重新发送。", "refund": "退费申请已提交，请等待党支部审核。"]

    @Sendable func show(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .member)
        let order = try await get(OrgAdminKit.parameter(context, "orderId"), session)
        return try await page(request, visit, session, order, codeError: nil)
    }

    func get(_ id: String, _ session: SignedIn) async throws -> OrderView {
        do throws(ErrorBody) {
            return try await portal.gateway.call(PaymentsAPI.orderGet, OrderRef(orderId: id), actor: session.actor)
        } catch {
            // Another member's order is as absent as one that never was.
            if error.code == ErrorCode.paymentsForbidden { throw ErrorBody.make(ErrorCode.paymentsOrderNotFound) }
            throw error
        }
    }

    func page(_ request: Request, _ visit: Visit, _ session: SignedIn, _ order: OrderView, codeError: String?,
              refundError: String? = nil, status: HTTPResponse.Status = .ok, extra: [String: Any] = [:]) async throws -> Response {
        var data = await portal.memberPage(visit, session, title: "党费支付订单", current: "/me/dues")
        data["notice"] = OrgAdminKit.notice(request, Self.notices)
        if case let sent as String = EmailRoutes.sentNotice(request, what: "电子凭证") { data["notice"] = sent }
        data["emailError"] = false
        data["emailValue"] = ""
        data.merge(try await Self.orderData(order, portal: portal, session: session)) { _, new in new }
        data["codeError"] = OrgAdminKit.some(codeError)
        data["refundError"] = OrgAdminKit.some(refundError)
        let pending = order.status == .confirmed && order.payerMemberId == session.actor.id
            ? ((try? await portal.gateway.call(PaymentsAPI.refundList, RefundApplicationQuery(status: .pending), actor: session.actor))?
                .items.contains { $0.orderId == order.orderId } ?? false)
            : false
        data["refundPending"] = pending
        data["canApplyRefund"] = order.status == .confirmed && order.purpose == .dues && order.payerMemberId == session.actor.id && !pending
        data.merge(extra) { _, new in new }
        return visit.finish(portal.pages.html("payment_order", data, status: status))
    }

    /// Members' names for the lines (mine and those who authorised me, as dues lists them).
    static func names(_ portal: PortalState, _ session: SignedIn) async -> [String: String] {
        var names = [session.actor.id: "本人"]
        if let proxies = try? await portal.gateway.call(DuesAPI.proxyList, ProxyQuery(), actor: session.actor) {
            for p in proxies.items {
                if p.proxyMemberId == session.actor.id { names[p.memberId] = p.memberName }
                if p.memberId == session.actor.id { names[p.proxyMemberId] = p.proxyName }
            }
        }
        return names
    }

    static func orderData(_ order: OrderView, portal: PortalState, session: SignedIn) async throws -> [String: Any] {
        let names = await names(portal, session)
        let open = order.status == .open
        return [
            "orderId": order.orderId, "total": DuesMonthPage.yuan(order.totalFen), "channel": order.channel.chineseName,
            "statusText": statusText(order), "statusClass": "order-" + order.status.rawValue, "status": order.status.rawValue,
            "createdAt": Format.dateTime(order.createdAt), "expiresAt": Format.dateTime(order.expiresAt),
            "remark": OrgAdminKit.some(order.remark),
            "lines": order.lines.map { ["name": names[$0.memberId] ?? "代交党员", "month": DuesMonthPage.chinese(month: $0.month),
                                        "amount": DuesMonthPage.yuan($0.amountFen)] },
            "needsCode": open && !order.confirmation.confirmed,
            "passwordFactor": order.confirmation.factor == .password,
            "maskedPhone": order.confirmation.maskedPhone ?? "预留手机",
            // UnionPay's cashier is a page to open, not a code to scan.
            "qrCode": open && order.confirmation.confirmed && order.channel != .unionpay ? OrgAdminKit.some(order.qrCode) : false,
            "payLink": open && order.confirmation.confirmed && order.channel == .unionpay ? OrgAdminKit.some(order.qrCode) : false,
            "qrImage": true,
            "app": order.channel == .wechatpay ? "微信" : order.channel.chineseName,
            "voucher": order.status == .confirmed && order.purpose == .dues,
            "retry": open && order.confirmation.confirmed && order.qrCode == nil && order.jsapi == nil,
            "jsapi": open && order.confirmation.confirmed ? (order.jsapi.flatMap { p in
                (try? JSONEncoder().encode(p)).map { String(decoding: $0, as: UTF8.self) as Any } } ?? false) : false,
            "waiting": open || order.status == .paid || order.status == .refunding,
            "paid": order.status == .paid || order.status == .confirmed,
            "paidAt": order.paidAt.map { Format.dateTime($0) as Any } ?? false,
            "tradeNo": OrgAdminKit.some(order.providerTradeNo),
            "refund": order.refund.map { ["reason": $0.reason, "at": $0.refundedAt.map { Format.dateTime($0) as Any } ?? false] as Any } ?? false,
            "expired": order.status == .expired,
            "receiptToken": order.purpose == .topup ? false : OrgAdminKit.some(order.receiptToken),
            "topUp": order.purpose == .topup,
            "wallet": order.channel == .citizencard,
            "heading": order.purpose == .topup ? "市民卡充值订单" : "党费支付订单",
            "payer": order.payerMemberId == session.actor.id,
        ]
    }

    static func statusText(_ order: OrderView) -> String {
        statusText(order.status, confirmed: order.confirmation.confirmed, topUp: order.purpose == .topup)
    }

    /// One wording for members' and administrators' pages.
    static func statusText(_ status: OrderStatus, confirmed: Bool = true, topUp: Bool = false) -> String {
        switch status {
        case .open: confirmed ? "待支付" : "待确认"
        case .paid: "已支付，入账中"
        case .confirmed: topUp ? "充值成功" : "交纳成功"
        case .refunding: "退款中"
        case .refunded: "已退款"
        case .expired: "已失效"
        case .failed: "扣款失败"
        }
    }

    /// For the page's script: it reloads when the status changes (the page works without it: 刷新).
    @Sendable func status(_ request: Request, context: GatewayContext) async throws -> Response {
        let (_, session) = try await portal.signedIn(request, as: .member)
        let order = try await get(OrgAdminKit.parameter(context, "orderId"), session)
        return OrgAdminKit.json(["status": order.status.rawValue])
    }

    @Sendable func confirm(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .member)
        let form = try await portal.form(request, visit: visit)
        let id = OrgAdminKit.parameter(context, "orderId")
        do throws(ErrorBody) {
            let code = form.trimmed("code")
            _ = try await portal.gateway.call(PaymentsAPI.orderConfirm, ConfirmOrderRequest(orderId: id, code: code.isEmpty ? nil : code),
                                              actor: session.actor)
            return visit.finish(Pages.redirect("/me/payments/\(id)"))
        } catch {
            try DuesMonthPage.rethrowIfForbidden(error)
            let order = try await get(id, session)
            return try await page(request, visit, session, order, codeError: error.message, status: LoginRoutes.status(error))
        }
    }

    @Sendable func resend(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .member)
        _ = try await portal.form(request, visit: visit)
        let id = OrgAdminKit.parameter(context, "orderId")
        do throws(ErrorBody) {
            _ = try await portal.gateway.call(PaymentsAPI.orderResendCode, OrderRef(orderId: id), actor: session.actor)
            return visit.finish(Pages.redirect("/me/payments/\(id)?done=resent"))
        } catch {
            try DuesMonthPage.rethrowIfForbidden(error)
            let order = try await get(id, session)
            return try await page(request, visit, session, order, codeError: error.message, status: LoginRoutes.status(error))
        }
    }

    /// The provider's code as an SVG (libqrencode): the payer scans it with the provider's app.
    @Sendable func qr(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .member)
        let order = try await get(OrgAdminKit.parameter(context, "orderId"), session)
        guard order.status == .open, let code = order.qrCode else { throw ErrorBody.make(ErrorCode.paymentsOrderClosed) }
        let svg = try QRCode.svg(for: code, moduleSize: 6)
        return visit.finish(Response(status: .ok, headers: [.contentType: "image/svg+xml; charset=utf-8", .cacheControl: "no-store"],
                                     body: ResponseBody(byteBuffer: ByteBuffer(string: svg))))
    }

    @Sendable func voucher(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .member)
        let reply = try await portal.gateway.call(PaymentsAPI.orderVoucher, OrderRef(orderId: OrgAdminKit.parameter(context, "orderId")),
                                                  actor: session.actor)
        return visit.finish(try DuesMonthPage.download(reply))
    }

    @Sendable func certificate(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .member)
        let year = Int(DuesMonthPage.query(request, "year"))
        let reply = try await portal.gateway.call(PaymentsAPI.certificate, CertificateRequest(year: year), actor: session.actor)
        return visit.finish(try DuesMonthPage.download(reply))
    }

    @Sendable func applyRefund(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .member)
        let form = try await portal.form(request, visit: visit)
        let id = OrgAdminKit.parameter(context, "orderId")
        do throws(ErrorBody) {
            _ = try await portal.gateway.call(PaymentsAPI.refundApply, RefundApplyRequest(orderId: id, reason: form.trimmed("reason")),
                                              actor: session.actor)
            return visit.finish(Pages.redirect("/me/payments/\(id)?done=refund"))
        } catch {
            try DuesMonthPage.rethrowIfForbidden(error)
            let order = try await get(id, session)
            return try await page(request, visit, session, order, codeError: nil, refundError: error.message, status: LoginRoutes.status(error))
        }
    }

    @Sendable func list(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .member)
        return try await listPage(visit, session, extra: ["notice": EmailRoutes.sentNotice(request, what: "缴费证明")])
    }

    func listPage(_ visit: Visit, _ session: SignedIn, status: HTTPResponse.Status = .ok, extra: [String: Any] = [:]) async throws -> Response {
        let orders = try await portal.gateway.call(PaymentsAPI.orderList, OrderListQuery(limit: 50), actor: session.actor)
        let names = await Self.names(portal, session)
        var data = await portal.memberPage(visit, session, title: "缴费记录", current: "/me/dues")
        data["orders"] = orders.items.map { o -> [String: Any] in
            let months = Array(Set(o.lines.map(\.month))).sorted().map(DuesMonthPage.chinese(month:)).joined(separator: "、")
            let whom = Array(Set(o.lines.map { names[$0.memberId] ?? "代交党员" })).sorted().joined(separator: "、")
            return ["orderId": o.orderId, "at": Format.dateTime(o.createdAt), "months": months, "whom": whom,
                    "total": DuesMonthPage.yuan(o.totalFen), "channel": o.channel.chineseName, "statusText": Self.statusText(o),
                    "statusClass": "order-" + o.status.rawValue,
                    "by": o.payerMemberId == session.actor.id ? "本人支付" : "\(names[o.payerMemberId] ?? "他人")代交"]
        }
        data["hasOrders"] = !orders.items.isEmpty
        data["year"] = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "Asia/Shanghai")!, from: Date()).year ?? 2026
        data["notice"] = false
        data["emailError"] = false
        data["emailValue"] = ""
        data.merge(extra) { _, new in new }
        return visit.finish(portal.pages.html("payment_list", data, status: status))
    }
}
