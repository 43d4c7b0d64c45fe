import Foundation
import GatewayApp
import Hummingbird
import Schema

/// 收缴率: an organization's collection rate and each child's, as dues rolls them up the tree: a bar
/// chart drawn on the server (SVG, presentation attributes only: the CSP allows no inline style) with
/// the numbers in a table beside it. A child's name goes down a level.
struct DuesRateRoutes: Sendable {
    let portal: PortalState
    static let path = "/admin/dues/rate"

    func add(to group: RouterGroup<GatewayContext>) {
        group.get(RouterPath(Self.path), use: show)
    }

    /// The chart's geometry (SVG user units; the chart scales to its box).
    static let barWidth = 330, rowHeight = 46, chartWidth = 400

    @Sendable func show(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .admin)
        let actor = session.actor
        let org = DuesMonthPage.query(request, "org"), month = DuesMonthPage.query(request, "month")
        var data = await portal.adminPage(visit, session, title: "收缴率", current: Self.path)
        data["org"] = org
        data["month"] = month
        let reply: CollectionRateReply
        do throws(ErrorBody) {
            reply = try await portal.gateway.call(DuesAPI.collectionRate, CollectionRateQuery(
                orgCode: DuesMonthPage.given(org), month: DuesMonthPage.given(month)), actor: actor)
        } catch {
            try DuesMonthPage.rethrowIfForbidden(error)
            data["formError"] = error.message
            return visit.finish(portal.pages.html("dues_rate", data, status: LoginRoutes.status(error)))
        }
        data["month"] = reply.month
        data["monthChinese"] = DuesMonthPage.chinese(month: reply.month)
        data["orgName"] = reply.total.orgName
        // Up a level, short of the administrator's own organization.
        if reply.total.orgCode != actor.orgCode,
           let parent = try? await portal.gateway.call(IdentityAPI.orgGet, OrganizationRef(code: reply.total.orgCode), actor: actor).parentCode {
            data["upHref"] = "\(Self.path)?org=\(parent)&month=\(reply.month)"
        }
        func numbers(_ rate: CollectionRate) -> [String: Any] {
            ["code": rate.orgCode, "name": rate.orgName, "due": rate.dueMembers, "paid": rate.paidMembers,
             "dueAmount": DuesMonthPage.yuan(rate.dueFen), "paidAmount": DuesMonthPage.yuan(rate.paidFen),
             "rate": rate.dueMembers == 0 ? "—" : DuesMonthPage.percent(basisPoints: rate.rateBasisPoints),
             "href": "\(Self.path)?org=\(rate.orgCode)&month=\(reply.month)"]
        }
        data["totalRow"] = numbers(reply.total)
        data["children"] = reply.children.map(numbers)
        data["hasChildren"] = !reply.children.isEmpty
        // One bar per child (or the organization itself when it has none): its name above, its rate after.
        let bars = reply.children.isEmpty ? [reply.total] : reply.children
        data["chartHeight"] = bars.count * Self.rowHeight + 8
        data["chartWidth"] = Self.chartWidth
        data["bars"] = bars.enumerated().map { index, rate -> [String: Any] in
            let y = index * Self.rowHeight
            let width = Self.barWidth * min(max(rate.rateBasisPoints, 0), 10_000) / 10_000
            var bar = numbers(rate)
            bar.merge(["labelY": y + 16, "barY": y + 22, "barHeight": 16, "barWidth": Self.barWidth, "width": width,
                       "valueX": min(width + 6, Self.barWidth + 6), "valueY": y + 35, "linked": !reply.children.isEmpty]) { _, new in new }
            return bar
        }
        return visit.finish(portal.pages.html("dues_rate", data))
    }
}
