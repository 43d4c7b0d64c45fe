import Foundation
import GatewayApp
import Hummingbird
import Schema

/// 未交党费党员名单: an organization's subtree (the administrator's by default), a month (dues'
/// current one by default), unpaid / paid / all; 50 a page; the unpaid list as CSV or XLSX.
/// dues holds no ID numbers or phones: the list shows none.
struct DuesUnpaidRoutes: Sendable {
    let portal: PortalState
    static let path = "/admin/dues/unpaid"
    static let pageSize = 50

    func add(to group: RouterGroup<GatewayContext>) {
        group.get(RouterPath(Self.path), use: show)
        group.get(RouterPath(Self.path + "/export"), use: export)
    }

    static func link(org: String, month: String, paid: String, page: Int) -> String {
        var query = ["org=\(org)", "month=\(month)", "paid=\(paid)"]
        if page > 1 { query.append("page=\(page)") }
        return path + "?" + query.joined(separator: "&")
    }

    @Sendable func show(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .admin)
        let actor = session.actor
        let org = DuesMonthPage.query(request, "org"), month = DuesMonthPage.query(request, "month")
        let paid = ["paid", "all"].contains(DuesMonthPage.query(request, "paid")) ? DuesMonthPage.query(request, "paid") : "unpaid"
        let page = max(1, min(Int(DuesMonthPage.query(request, "page")) ?? 1, 100_000))
        var data = await portal.adminPage(visit, session, title: "未交党费党员名单", current: Self.path)
        data["org"] = org
        data["month"] = month
        data["filters"] = [("unpaid", "未交"), ("paid", "已交"), ("all", "全部")].map { ["value": $0.0, "label": $0.1, "selected": $0.0 == paid] }
        data["unpaid"] = paid == "unpaid"
        let offset = (page - 1) * Self.pageSize
        let list: DuesRecordPage
        do throws(ErrorBody) {
            if paid == "unpaid" {
                list = try await portal.gateway.call(DuesAPI.unpaidList, UnpaidQuery(
                    orgCode: DuesMonthPage.given(org), month: DuesMonthPage.given(month), offset: offset, limit: Self.pageSize), actor: actor)
            } else {
                list = try await portal.gateway.call(DuesAPI.recordList, RecordQuery(
                    orgCode: DuesMonthPage.given(org), month: DuesMonthPage.given(month), paid: paid == "paid" ? true : nil,
                    offset: offset, limit: Self.pageSize), actor: actor)
            }
        } catch {
            try DuesMonthPage.rethrowIfForbidden(error)
            data["formError"] = error.message
            return visit.finish(portal.pages.html("dues_unpaid", data, status: LoginRoutes.status(error)))
        }
        data["total"] = list.total
        data["rows"] = list.items.map { record -> [String: Any] in
            var row: [String: Any] = [
                "name": record.memberName, "orgName": record.orgName, "month": DuesMonthPage.chinese(month: record.month),
                "amount": DuesMonthPage.yuan(record.amountFen), "paid": record.paid,
            ]
            if record.paid {
                row["how"] = [record.way?.chineseName, record.paidAt.map(Format.dateTime)].compactMap { $0 }.joined(separator: " ")
            } else if record.arrearsMonths > 0 {
                row["arrears"] = "此前已连续欠交 \(record.arrearsMonths) 个月"
            }
            return row
        }
        data["empty"] = list.items.isEmpty
        let pages = max(1, (list.total + Self.pageSize - 1) / Self.pageSize)
        data["page"] = page
        data["pages"] = pages
        if page > 1 { data["previousHref"] = Self.link(org: org, month: month, paid: paid, page: page - 1) }
        if page < pages { data["nextHref"] = Self.link(org: org, month: month, paid: paid, page: page + 1) }
        data["csvHref"] = "\(Self.path)/export?format=csv&org=\(org)&month=\(month)"
        data["xlsxHref"] = "\(Self.path)/export?format=xlsx&org=\(org)&month=\(month)"
        return visit.finish(portal.pages.html("dues_unpaid", data))
    }

    /// The whole unpaid list as dues exports it (CSV or XLSX), downloaded with its name.
    @Sendable func export(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .admin)
        let format = ExportFormat(rawValue: DuesMonthPage.query(request, "format")) ?? .csv
        let reply = try await portal.gateway.call(DuesAPI.exportUnpaid, ExportUnpaidRequest(
            orgCode: DuesMonthPage.given(DuesMonthPage.query(request, "org")),
            month: DuesMonthPage.given(DuesMonthPage.query(request, "month")), format: format), actor: session.actor)
        return visit.finish(try DuesMonthPage.download(reply))
    }
}
