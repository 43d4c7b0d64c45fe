import Foundation
import GatewayApp
import HTTPTypes
import Hummingbird
import Schema

/// 组织生活开展情况 (compliance with the rhythm, up the tree) and 工作台账 (the ledger per organization
/// and year, PDF or XLSX; seed 003).
struct MeetingReportRoutes: Sendable {
    let portal: PortalState

    func add(to group: RouterGroup<GatewayContext>) {
        group.get("/admin/meetings/compliance", use: compliance)
        group.get("/admin/meetings/ledger", use: ledger)
        group.get("/admin/meetings/ledger/download", use: download)
    }

    @Sendable func compliance(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .admin)
        let year = Int(OrgAdminKit.query(request, "year")) ?? MeetingKit.year()
        let org = OrgAdminKit.given(OrgAdminKit.query(request, "org"))
        var data = await portal.adminPage(visit, session, title: "组织生活开展情况", current: "/admin/meetings/compliance")
        data["year"] = year
        data["org"] = org ?? ""
        do throws(ErrorBody) {
            let report = try await portal.gateway.call(MeetingsAPI.compliance, ComplianceQuery(orgCode: org, year: year, limit: 50),
                                                       actor: session.actor)
            data["report"] = [
                "orgName": report.orgName, "year": report.year, "meetingsHeld": report.meetingsHeld,
                "kinds": report.kinds.map { k -> [String: Any] in
                    ["kindName": k.kindName, "rhythm": k.rhythm.chineseName, "periodsDue": k.periodsDue, "branches": k.branches,
                     "compliant": k.compliant, "behindTotal": k.behindTotal,
                     "rate": k.branches == 0 ? "—" : String(format: "%.1f%%", Double(k.compliant) * 100 / Double(k.branches)),
                     "behind": k.behind.map { ["orgName": $0.orgName, "orgCode": $0.orgCode, "held": $0.held, "due": $0.due] },
                     "hasBehind": !k.behind.isEmpty, "more": k.behindTotal > k.behind.count]
                },
            ] as [String: Any]
            data["formError"] = false
        } catch {
            try MeetingKit.rethrowIfOutOfScope(error)
            data["report"] = false
            data["formError"] = error.message
        }
        return visit.finish(portal.pages.html("mt_compliance", data))
    }

    @Sendable func ledger(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .admin)
        var data = await portal.adminPage(visit, session, title: "工作台账", current: "/admin/meetings/ledger")
        data["year"] = MeetingKit.year()
        data["formError"] = false
        return visit.finish(portal.pages.html("mt_ledger", data))
    }

    /// A GET form: the file is the answer, or the page again with the service's message.
    @Sendable func download(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .admin)
        let year = OrgAdminKit.query(request, "year")
        let format = LedgerFormat(rawValue: OrgAdminKit.query(request, "format")) ?? .pdf
        let org = OrgAdminKit.given(OrgAdminKit.query(request, "org"))
        do throws(ErrorBody) {
            guard let y = Int(year) else {
                throw ErrorBody.make(ErrorCode.meetingsQueryInvalid, details: ["field": "query.year"], message: "请填写年度，如 2026")
            }
            let file = try await portal.gateway.call(MeetingsAPI.ledger, LedgerQuery(orgCode: org, year: y, format: format), actor: session.actor)
            return visit.finish(Download.file(file))
        } catch {
            try MeetingKit.rethrowIfOutOfScope(error)
            var data = await portal.adminPage(visit, session, title: "工作台账", current: "/admin/meetings/ledger")
            data["year"] = year
            data["org"] = org ?? ""
            data["formError"] = error.message
            return visit.finish(portal.pages.html("mt_ledger", data, status: LoginRoutes.status(error)))
        }
    }
}
