import Foundation
import GatewayApp
import HTTPTypes
import Hummingbird
import Schema

/// 减免审批: reduced or exempt standards a branch proposed (for the committee above) and the amounts
/// members proposed themselves (for their branch), approved or rejected with a reason.
struct DuesApprovalRoutes: Sendable {
    let portal: PortalState
    static let path = "/admin/dues/approvals"

    func add(to group: RouterGroup<GatewayContext>) {
        group.get(RouterPath(Self.path), use: show)
        group.post(RouterPath(Self.path + "/exemption"), use: reviewExemption)
        group.post(RouterPath(Self.path + "/proposal/{proposalId}"), use: reviewProposal)
    }

    static let notices = ["approved": "已批准。", "rejected": "已驳回。"]

    func page(_ request: Request, _ visit: Visit, _ session: SignedIn, error: String? = nil,
              status: HTTPResponse.Status = .ok) async throws -> Response {
        let exemptions = try await portal.gateway.call(DuesAPI.exemptionPending, ExemptionQuery(), actor: session.actor)
        let proposals = try await portal.gateway.call(DuesAPI.proposalList, ProposalQuery(orgCode: session.actor.orgCode), actor: session.actor)
        var data = await portal.adminPage(visit, session, title: "减免审批", current: Self.path)
        data["notice"] = OrgAdminKit.notice(request, Self.notices)
        data["formError"] = OrgAdminKit.some(error)
        data["exemptions"] = exemptions.items.map { s -> [String: Any] in
            ["memberId": s.memberId, "name": s.memberName, "org": s.orgCode, "month": s.month, "monthText": DuesMonthPage.chinese(month: s.month),
             "kind": s.kind.chineseName, "amount": DuesMonthPage.yuan(s.amountFen), "note": OrgAdminKit.some(s.note)]
        }
        data["noExemptions"] = exemptions.items.isEmpty
        let pending = proposals.items.filter { $0.status == .pending }
        data["proposals"] = pending.map { p -> [String: Any] in
            ["id": p.id, "name": p.memberName, "org": p.orgCode, "amount": DuesMonthPage.yuan(p.amountFen), "note": OrgAdminKit.some(p.note),
             "when": Format.dateTime(p.submittedAt)]
        }
        data["noProposals"] = pending.isEmpty
        return visit.finish(portal.pages.html("dues_approvals", data, status: status))
    }

    @Sendable func show(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .admin)
        return try await page(request, visit, session)
    }

    func decide(_ request: Request, _ visit: Visit, _ session: SignedIn, approve: Bool,
                _ call: () async throws(ErrorBody) -> Void) async throws -> Response {
        do throws(ErrorBody) {
            try await call()
            return visit.finish(Pages.redirect("\(Self.path)?done=\(approve ? "approved" : "rejected")"))
        } catch {
            try DuesMonthPage.rethrowIfForbidden(error)
            return try await page(request, visit, session, error: error.message, status: LoginRoutes.status(error))
        }
    }

    @Sendable func reviewExemption(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .admin)
        let form = try await portal.form(request, visit: visit)
        let approve = form["decision"] == "approve"
        return try await decide(request, visit, session, approve: approve) { () async throws(ErrorBody) in
            _ = try await portal.gateway.call(DuesAPI.exemptionReview,
                                              ReviewExemptionRequest(memberId: form.trimmed("memberId"), month: form.trimmed("month"), approve: approve,
                                                                     reason: DuesMonthPage.given(form.trimmed("reason"))),
                                              actor: session.actor)
        }
    }

    @Sendable func reviewProposal(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .admin)
        let form = try await portal.form(request, visit: visit)
        let approve = form["decision"] == "approve"
        let id = OrgAdminKit.parameter(context, "proposalId")
        return try await decide(request, visit, session, approve: approve) { () async throws(ErrorBody) in
            _ = try await portal.gateway.call(DuesAPI.proposalReview,
                                              ReviewProposalRequest(proposalId: id, approve: approve, reason: DuesMonthPage.given(form.trimmed("reason"))),
                                              actor: session.actor)
        }
    }
}
