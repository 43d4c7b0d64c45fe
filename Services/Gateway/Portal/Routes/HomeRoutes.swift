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

    @Sendable func root(_ request: Request, context: GatewayContext) async throws -> Response {
        let visit = await portal.visit(request)
        return visit.finish(Pages.redirect(visit.session.map(Self.home) ?? "/login"))
    }

    @Sendable func member(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .member)
        let record = try await portal.gateway.call(IdentityAPI.memberGet, MemberRef(memberId: session.actor.id), actor: session.actor)
        var data = await portal.memberPage(visit, session, title: "个人中心", current: "/me")
        data.merge([
            "name": record.name, "orgName": record.orgName, "unit": record.unit.isEmpty ? "—" : record.unit,
            "sex": record.sex == .male ? "男" : "女", "birthDate": record.birthDate, "ethnicity": record.ethnicity,
            "idNumber": record.masked ? record.idNumber : PersonalData.maskID(record.idNumber),
            "phone": record.phone.map { record.masked ? $0 : PersonalData.maskPhone($0) } ?? "未登记", "memberType": record.memberType.chineseName,
            "post": record.post.chineseName, "joinDate": record.joinDate ?? "未登记", "updatedAt": Format.dateTime(record.updatedAt),
            "reviewed": record.reviewed,
            // Arrived from the 公众号 with a WeChat not yet bound: binding is offered.
            "wechatOffer": request.cookies[MemberWeChatRoutes.ticketCookie].map { !$0.value.isEmpty } ?? false,
        ]) { _, new in new }
        return visit.finish(portal.pages.html("member_home", data))
    }

    @Sendable func admin(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .admin)
        var data = await portal.adminPage(visit, session, title: "管理首页", current: "/admin")
        data["orgCode"] = session.actor.orgCode ?? ""
        if let code = session.actor.orgCode {
            data["orgName"] = try await portal.gateway.call(IdentityAPI.orgGet, OrganizationRef(code: code), actor: session.actor).name
        }
        return visit.finish(portal.pages.html("admin_home", data))
    }
}
