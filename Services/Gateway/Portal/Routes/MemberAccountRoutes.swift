import Foundation
import GatewayApp
import HTTPTypes
import Hummingbird
import Schema

/// 修改密码, 我的支部 and 实名核验: a member's account pages.
struct MemberAccountRoutes: Sendable {
    let portal: PortalState

    func add(to group: RouterGroup<GatewayContext>) {
        group.get("/me/password", use: showPassword)
        group.post("/me/password", use: changePassword)
        group.get("/me/branch", use: branch)
        group.get("/me/realname", use: realName)
        group.post("/me/realname", use: verifyRealName)
    }

    static let passwordFields = [Field(name: "oldPassword", label: "当前密码", type: "password", autocomplete: "current-password")]
        + LoginRoutes.passwordFields

    func passwordPage(_ visit: Visit, _ session: SignedIn, errors: FormErrors = FormErrors(), notice: String? = nil,
                      status: HTTPResponse.Status = .ok) async -> Response {
        var data = await portal.memberPage(visit, session, title: "修改密码", current: "/me")
        data["fields"] = Self.passwordFields.map { $0.data(errors) }
        data["formError"] = OrgAdminKit.some(errors.general)
        data["notice"] = OrgAdminKit.some(notice)
        return visit.finish(portal.pages.html("member_password", data, status: status))
    }

    @Sendable func showPassword(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .member)
        return await passwordPage(visit, session, notice: OrgAdminKit.query(request, "done") == "changed" ? "密码已修改，其他设备上的登录已退出。" : nil)
    }

    @Sendable func changePassword(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .member)
        let form = try await portal.form(request, visit: visit)
        if let mismatch = LoginRoutes.mismatch(form) { return await passwordPage(visit, session, errors: mismatch, status: .unprocessableContent) }
        do throws(ErrorBody) {
            try portal.takeLogin(context, account: session.actor.id)
            // This session is kept (its access token sent), every other one of the account ends.
            _ = try await portal.gateway.call(IdentityAPI.passwordChange,
                                              PasswordChangeRequest(oldPassword: form["oldPassword"], newPassword: form["newPassword"],
                                                                    accessToken: session.tokens.a),
                                              actor: session.actor)
            try? await portal.gateway.pollRevocations()
            return visit.finish(Pages.redirect("/me/password?done=changed"))
        } catch {
            try DuesMonthPage.rethrowIfForbidden(error)
            return await passwordPage(visit, session, errors: FormErrors(error, inputs: ["oldPassword", "newPassword"]), status: LoginRoutes.status(error))
        }
    }

    @Sendable func branch(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .member)
        let branch = try await portal.gateway.call(IdentityAPI.branchMine, Empty(), actor: session.actor)
        var data = await portal.memberPage(visit, session, title: "我的支部", current: "/me")
        data["orgName"] = branch.orgName
        data["orgCode"] = branch.orgCode
        data["unit"] = branch.unit.isEmpty ? "—" : branch.unit
        data["parentName"] = branch.parentName ?? "—"
        data["memberCount"] = branch.memberCount
        data["leaders"] = branch.leaders.map { leader -> [String: Any] in
            ["name": leader.name, "post": leader.post.chineseName, "phone": OrgAdminKit.some(leader.phone),
             "masked": leader.phone.map(PersonalData.maskPhone) ?? "未登记"]
        }
        data["hasLeaders"] = !branch.leaders.isEmpty
        return visit.finish(portal.pages.html("member_branch", data))
    }

    func realNamePage(_ visit: Visit, _ session: SignedIn, error: String? = nil, notice: String? = nil,
                      status: HTTPResponse.Status = .ok) async throws -> Response {
        let state = try await portal.gateway.call(IdentityAPI.realNameStatus, RealNameStatusRequest(), actor: session.actor)
        var data = await portal.memberPage(visit, session, title: "实名核验", current: "/me")
        data["verified"] = state.verified
        data["verifiedOn"] = state.verifiedOn ?? ""
        data["required"] = state.required
        data["formError"] = OrgAdminKit.some(error)
        data["notice"] = OrgAdminKit.some(notice)
        return visit.finish(portal.pages.html("member_realname", data, status: status))
    }

    @Sendable func realName(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .member)
        return try await realNamePage(visit, session, notice: OrgAdminKit.query(request, "done") == "verified" ? "实名核验已通过。" : nil)
    }

    @Sendable func verifyRealName(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .member)
        _ = try await portal.form(request, visit: visit)
        do throws(ErrorBody) {
            _ = try await portal.gateway.call(IdentityAPI.realNameVerify, Empty(), actor: session.actor)
            return visit.finish(Pages.redirect("/me/realname?done=verified"))
        } catch {
            try DuesMonthPage.rethrowIfForbidden(error)
            return try await realNamePage(visit, session, error: error.message, status: LoginRoutes.status(error))
        }
    }
}
