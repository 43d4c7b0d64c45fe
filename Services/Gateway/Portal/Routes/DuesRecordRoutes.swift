import Foundation
import GatewayApp
import Hummingbird
import Schema

/// 交纳记录查询: dues records of the administrator's organizations by organization, month, paid or
/// not and name, paged; a branch's month and a member's history exported as dues makes them.
struct DuesRecordRoutes: Sendable {
    let portal: PortalState
    static let path = "/admin/dues/payments"
    static let pageSize = 50

    func add(to group: RouterGroup<GatewayContext>) {
        group.get(RouterPath(Self.path), use: show)
        group.get(RouterPath(Self.path + "/export"), use: export)
    }

    @Sendable func show(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .admin)
        let org = DuesMonthPage.query(request, "org"), month = DuesMonthPage.query(request, "month")
        let paid = DuesMonthPage.query(request, "paid"), name = DuesMonthPage.query(request, "name")
        let offset = max(0, Int(DuesMonthPage.query(request, "offset")) ?? 0)
        let page = try await portal.gateway.call(DuesAPI.recordList,
                                                 RecordQuery(orgCode: DuesMonthPage.given(org), month: DuesMonthPage.given(month),
                                                             paid: paid == "1" ? true : (paid == "0" ? false : nil),
                                                             memberName: DuesMonthPage.given(name), offset: offset, limit: Self.pageSize),
                                                 actor: session.actor)
        var data = await portal.adminPage(visit, session, title: "交纳记录查询", current: Self.path)
        data["org"] = org
        data["month"] = month
        data["name"] = name
        data["paidOptions"] = [("", "全部"), ("1", "已交"), ("0", "未交")].map { ["value": $0.0, "label": $0.1, "selected": $0.0 == paid] }
        data["total"] = page.total
        data["items"] = page.items.map { r -> [String: Any] in
            ["name": r.memberName, "org": r.orgName, "month": DuesMonthPage.chinese(month: r.month), "amount": DuesMonthPage.yuan(r.amountFen),
             "state": r.paid ? "已交" : "未交", "paidClass": r.paid ? "state-paid" : "state-overdue", "way": r.way?.chineseName ?? "—",
             "when": r.paidAt.map(Format.dateTime) ?? "—", "paidBy": r.paidBy ?? "—",
             "historyHref": "\(Self.path)/export?kind=member&member=\(OrgAdminKit.escape(r.memberId))&format=csv"]
        }
        data["empty"] = page.items.isEmpty
        let query = "org=\(OrgAdminKit.escape(org))&month=\(OrgAdminKit.escape(month))&paid=\(paid)&name=\(OrgAdminKit.escape(name))"
        data["previousHref"] = offset > 0 ? "\(Self.path)?\(query)&offset=\(max(0, offset - Self.pageSize))" as Any : false
        data["nextHref"] = offset + Self.pageSize < page.total ? "\(Self.path)?\(query)&offset=\(offset + Self.pageSize)" as Any : false
        // A branch's month for public posting (公示): dues answers which organizations may be exported.
        let canExport = !org.isEmpty && !month.isEmpty
        data["exports"] = canExport ? ["csv": "\(Self.path)/export?kind=branch&org=\(OrgAdminKit.escape(org))&month=\(OrgAdminKit.escape(month))&format=csv",
                                       "xlsx": "\(Self.path)/export?kind=branch&org=\(OrgAdminKit.escape(org))&month=\(OrgAdminKit.escape(month))&format=xlsx"] as [String: Any] as Any : false
        return visit.finish(portal.pages.html("dues_records", data))
    }

    @Sendable func export(_ request: Request, context: GatewayContext) async throws -> Response {
        let (_, session) = try await portal.signedIn(request, as: .admin)
        let format: ExportFormat = DuesMonthPage.query(request, "format") == "xlsx" ? .xlsx : .csv
        let reply: ExportReply
        if DuesMonthPage.query(request, "kind") == "member" {
            reply = try await portal.gateway.call(DuesAPI.exportMemberHistory,
                                                  ExportMemberHistoryRequest(memberId: DuesMonthPage.query(request, "member"), format: format),
                                                  actor: session.actor)
        } else {
            reply = try await portal.gateway.call(DuesAPI.exportBranchMonth,
                                                  ExportBranchMonthRequest(orgCode: DuesMonthPage.query(request, "org"), month: DuesMonthPage.query(request, "month"),
                                                                           format: format),
                                                  actor: session.actor)
        }
        return try DuesMonthPage.download(reply)
    }
}
