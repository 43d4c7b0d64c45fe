import Foundation
import GatewayApp
import HTTPTypes
import Hummingbird
import Schema

/// 退费审核 (administrators): the pending 退费申请 of members in their organizations, approved or
/// rejected with a reason. Payments decides who may; the page shows its answer.
struct RefundReviewRoutes: Sendable {
    let portal: PortalState

    func add(to group: RouterGroup<GatewayContext>) {
        group.get("/admin/payments/refunds", use: show)
        group.post("/admin/payments/refunds/{applicationId}/review", use: review)
    }

    static let notices = ["approved": "已批准退费：所交月份恢复为未交，款项将原路退回。", "rejected": "已驳回退费申请，申请人将收到理由。"]

    @Sendable func show(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .admin)
        return try await page(request, visit, session, error: nil)
    }

    func page(_ request: Request, _ visit: Visit, _ session: SignedIn, error: String?, status: HTTPResponse.Status = .ok) async throws -> Response {
        let list = try await portal.gateway.call(PaymentsAPI.refundList, RefundApplicationQuery(status: .pending), actor: session.actor)
        var data = await portal.adminPage(visit, session, title: "退费审核", current: "/admin/payments/refunds")
        data["notice"] = OrgAdminKit.notice(request, Self.notices)
        data["formError"] = OrgAdminKit.some(error)
        var items: [[String: Any]] = []
        for a in list.items {
            let member = try? await portal.gateway.call(IdentityAPI.memberGet, MemberRef(memberId: a.memberId), actor: session.actor)
            items.append(["id": a.applicationId, "name": member?.name ?? "", "org": member?.orgName ?? "",
                          "months": a.months.map(DuesMonthPage.chinese(month:)).joined(separator: "、"),
                          "amount": DuesMonthPage.yuan(a.amountFen), "reason": a.reason, "at": Format.dateTime(a.createdAt)])
        }
        data["items"] = items
        data["empty"] = items.isEmpty
        return visit.finish(portal.pages.html("refund_review", data, status: status))
    }

    @Sendable func review(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .admin)
        let form = try await portal.form(request, visit: visit)
        let approve = form.trimmed("decision") == "approve"
        let comment = form.trimmed("comment")
        do throws(ErrorBody) {
            _ = try await portal.gateway.call(PaymentsAPI.refundReview, RefundReviewRequest(
                applicationId: OrgAdminKit.parameter(context, "applicationId"), approve: approve, comment: comment.isEmpty ? nil : comment),
                actor: session.actor)
            return visit.finish(Pages.redirect("/admin/payments/refunds?done=\(approve ? "approved" : "rejected")"))
        } catch {
            try DuesMonthPage.rethrowIfForbidden(error)
            return try await page(request, visit, session, error: error.message, status: LoginRoutes.status(error))
        }
    }
}
