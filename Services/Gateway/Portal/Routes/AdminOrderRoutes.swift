import Foundation
import GatewayApp
import Hummingbird
import Schema

/// 在线支付订单 (administrators): orders and refunds of members in their organizations, by status.
struct AdminOrderRoutes: Sendable {
    let portal: PortalState

    func add(to group: RouterGroup<GatewayContext>) {
        group.get("/admin/payments/orders", use: show)
    }

    static let statuses: [(OrderStatus?, String)] = [(nil, "全部"), (.confirmed, "交纳成功"), (.open, "待支付"), (.refunding, "退款中"),
                                                      (.refunded, "已退款"), (.expired, "已失效")]

    @Sendable func show(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .admin)
        let org = DuesMonthPage.query(request, "org"), statusText = DuesMonthPage.query(request, "status")
        let status = OrderStatus(rawValue: statusText)
        var data = await portal.adminPage(visit, session, title: "在线支付订单", current: "/admin/payments/orders")
        data["org"] = org
        data["statuses"] = Self.statuses.map { s, name -> [String: Any] in
            ["value": s?.rawValue ?? "", "name": name, "selected": s == status]
        }
        data["formError"] = false
        data["items"] = [[String: Any]]()
        do throws(ErrorBody) {
            let list = try await portal.gateway.call(PaymentsAPI.orderSearch,
                                                     OrderSearchQuery(orgCode: org.isEmpty ? nil : org, status: status, limit: 100),
                                                     actor: session.actor)
            data["items"] = list.items.map { o -> [String: Any] in
                ["at": Format.dateTime(o.createdAt), "members": Array(Set(o.lines.map(\.memberName))).sorted().joined(separator: "、"),
                 "months": Array(Set(o.lines.map(\.month))).sorted().map(DuesMonthPage.chinese(month:)).joined(separator: "、"),
                 "amount": DuesMonthPage.yuan(o.totalFen), "channel": o.channel.chineseName, "status": OrderRoutes.statusText(o.status),
                 "statusClass": "order-" + o.status.rawValue, "orderId": o.orderId, "refund": OrgAdminKit.some(o.refundReason)]
            }
            data["empty"] = list.items.isEmpty
        } catch {
            try DuesMonthPage.rethrowIfForbidden(error)
            data["formError"] = error.message
            data["empty"] = false
        }
        return visit.finish(portal.pages.html("admin_orders", data))
    }
}
