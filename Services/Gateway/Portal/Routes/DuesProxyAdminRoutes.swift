import Foundation
import GatewayApp
import HTTPTypes
import Hummingbird
import Schema

/// 代交党费委托管理: the authorisations in the administrator's scope, revoked one by one, and a bulk
/// authorisation (one payer for several members of a branch, active at once: dues' rule for an
/// administrator's grant).
struct DuesProxyAdminRoutes: Sendable {
    let portal: PortalState
    static let path = "/admin/dues/proxies"

    func add(to group: RouterGroup<GatewayContext>) {
        group.get(RouterPath(Self.path), use: show)
        group.post(RouterPath(Self.path), use: grant)
        group.post(RouterPath(Self.path + "/{proxyId}/revoke"), use: revoke)
    }

    static let notices = ["granted": "代交委托已生效。", "revoked": "代交委托已撤销。"]

    func page(_ request: Request, _ visit: Visit, _ session: SignedIn, error: String? = nil,
              status: HTTPResponse.Status = .ok) async throws -> Response {
        let org = DuesMonthPage.query(request, "org")
        let list = try await portal.gateway.call(DuesAPI.proxyList, ProxyQuery(orgCode: DuesMonthPage.given(org) ?? session.actor.orgCode),
                                                 actor: session.actor)
        var data = await portal.adminPage(visit, session, title: "代交委托管理", current: Self.path)
        data["org"] = org
        data["notice"] = OrgAdminKit.notice(request, Self.notices)
        data["formError"] = OrgAdminKit.some(error)
        data["items"] = list.items.filter { $0.status != .revoked }.map { p -> [String: Any] in
            ["id": p.id, "member": p.memberName, "proxy": p.proxyName, "status": MyDuesRoutes.statusText(p.status),
             "since": Format.dateTime(p.createdAt)]
        }
        data["empty"] = !list.items.contains { $0.status != .revoked }
        // The bulk form lists one branch's members (identity's list of the organization asked for).
        data["members"] = [[String: Any]]()
        if !org.isEmpty {
            let page = try await portal.gateway.call(IdentityAPI.memberSearch, MemberSearch(orgCode: org, status: .active, limit: 200),
                                                     actor: session.actor)
            data["members"] = page.items.map { ["id": $0.id, "name": $0.name, "post": $0.post.chineseName] as [String: Any] }
            data["hasMembers"] = !page.items.isEmpty
        }
        return visit.finish(portal.pages.html("dues_proxies", data, status: status))
    }

    @Sendable func show(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .admin)
        return try await page(request, visit, session)
    }

    @Sendable func grant(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .admin)
        let form = try await portal.form(request, visit: visit)
        let org = form.trimmed("org")
        // Checkboxes are named m_<memberId>: a form value per member ticked.
        let members = form.values.keys.filter { $0.hasPrefix("m_") }.map { String($0.dropFirst(2)) }.sorted()
        do throws(ErrorBody) {
            _ = try await portal.gateway.call(DuesAPI.proxyGrant, GrantProxyRequest(proxyMemberId: form.trimmed("proxyMemberId"), memberIds: members),
                                              actor: session.actor)
            return visit.finish(Pages.redirect("\(Self.path)?org=\(OrgAdminKit.escape(org))&done=granted"))
        } catch {
            try DuesMonthPage.rethrowIfForbidden(error)
            let message = error.details["field"] == "body.memberIds" ? "请至少勾选一名委托代交的党员" : error.message
            return try await page(request, visit, session, error: message, status: LoginRoutes.status(error))
        }
    }

    @Sendable func revoke(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .admin)
        let form = try await portal.form(request, visit: visit)
        _ = try await portal.gateway.call(DuesAPI.proxyRevoke, ProxyRef(proxyId: OrgAdminKit.parameter(context, "proxyId")), actor: session.actor)
        return visit.finish(Pages.redirect("\(Self.path)?org=\(OrgAdminKit.escape(form.trimmed("org")))&done=revoked"))
    }
}
