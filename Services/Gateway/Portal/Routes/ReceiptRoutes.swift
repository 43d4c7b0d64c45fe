import Foundation
import GatewayApp
import Hummingbird
import Schema

/// 党费交纳回执 (seed 002): the page a member shares. No login; payments answers only for a confirmed
/// order's random token, with the payer's name masked and nothing else personal.
struct ReceiptRoutes: Sendable {
    let portal: PortalState

    func add(to group: RouterGroup<GatewayContext>) {
        group.get("/receipts/{token}", use: show)
    }

    @Sendable func show(_ request: Request, context: GatewayContext) async throws -> Response {
        let visit = await portal.visit(request)
        let receipt = try await portal.gateway.call(PaymentsAPI.receipt, ReceiptRef(token: OrgAdminKit.parameter(context, "token")),
                                                    actor: Actor(kind: .anonymous, id: ""))
        let months = receipt.months.map(DuesMonthPage.chinese(month:)).joined(separator: "、")
        return visit.finish(portal.pages.html("receipt", [
            "title": "党费交纳回执", "name": receipt.maskedName, "org": receipt.organizationName, "months": months,
            "members": receipt.members > 1 ? "（\(receipt.members) 人）" : "", "amount": DuesMonthPage.yuan(receipt.amountFen),
            "channel": receipt.channel.chineseName, "paidAt": Format.dateTime(receipt.paidAt),
        ]))
    }
}
