import GatewayApp
import Hummingbird
import Schema

/// `/` sends each visitor where they belong; 个人中心 for members, the administrators' home.
struct HomeRoutes: Sendable {
    let portal: PortalState

    func add(to group: RouterGroup<GatewayContext>) {
        group.get("/", use: root)
        group.get("/me", use: member)
        group.get("/admin", use: admin)
    }

    static func home(_ session: SignedIn) -> String { session.actor.kind == .member ? "/me" : "/admin" }

    /// The administrators' menu: only pages that exist.
    static let adminMenu: [(href: String, label: String)] = [("/admin", "管理首页")]

    static func menu(current: String) -> [[String: Any]] {
        adminMenu.map { ["href": $0.href, "label": $0.label, "current": $0.href == current] }
    }

    @Sendable func root(_ request: Request, context: GatewayContext) async throws -> Response {
        let visit = await portal.visit(request)
        return visit.finish(Pages.redirect(visit.session.map(Self.home) ?? "/login"))
    }

    @Sendable func member(_ request: Request, context: GatewayContext) async throws -> Response {
        let visit = await portal.visit(request)
        guard let session = visit.session else { return visit.finish(Pages.redirect("/login")) }
        guard session.actor.kind == .member else { return visit.finish(Pages.redirect(Self.home(session))) }
        let record = try await portal.gateway.call(IdentityAPI.memberGet, MemberRef(memberId: session.actor.id), actor: session.actor)
        let data: [String: Any] = [
            "title": "个人中心", "csrf": portal.csrfToken(visit), "name": record.name, "orgName": record.orgName,
            "phone": record.phone.map(PersonalData.maskPhone) ?? "未登记", "memberType": record.memberType.chineseName,
            "post": record.post.chineseName, "joinDate": record.joinDate ?? "未登记", "updatedAt": Format.dateTime(record.updatedAt),
        ]
        return visit.finish(portal.pages.html("member_home", data))
    }

    @Sendable func admin(_ request: Request, context: GatewayContext) async throws -> Response {
        let visit = await portal.visit(request)
        guard let session = visit.session else { return visit.finish(Pages.redirect("/login")) }
        guard session.actor.kind == .admin else { return visit.finish(Pages.redirect(Self.home(session))) }
        var data: [String: Any] = ["title": "管理首页", "csrf": portal.csrfToken(visit), "orgCode": session.actor.orgCode ?? ""]
        if let code = session.actor.orgCode {
            data["orgName"] = try await portal.gateway.call(IdentityAPI.orgGet, OrganizationRef(code: code), actor: session.actor).name
        }
        data["menu"] = Self.menu(current: "/admin")
        return visit.finish(portal.pages.html("admin_home", data))
    }
}
