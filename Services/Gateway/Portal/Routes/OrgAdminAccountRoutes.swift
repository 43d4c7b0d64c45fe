import Foundation
import GatewayApp
import HTTPTypes
import Hummingbird
import Schema

/// 管理员信息: an organization's administrator accounts (listed on its page, phones masked), new ones,
/// one account's edit page (full phones, as identity.admin.get gives them), disable and enable.
struct OrgAdminAccountRoutes: Sendable {
    let portal: PortalState

    func add(to group: RouterGroup<GatewayContext>) {
        group.post("/admin/orgs/{code}/admins", use: create)
        group.get("/admin/admins/{accountId}", use: show)
        group.post("/admin/admins/{accountId}", use: update)
        group.post("/admin/admins/{accountId}/disable", use: disable)
        group.post("/admin/admins/{accountId}/enable", use: enable)
    }

    static func adminData(_ admin: AdminView) -> [String: Any] {
        ["accountId": admin.accountId, "username": admin.username, "name": admin.name ?? "—", "post": admin.post ?? "—",
         "mobile": admin.mobile.map { admin.masked ? $0 : PersonalData.maskPhone($0) } ?? "—",
         "officePhone": admin.officePhone.flatMap { $0.isEmpty ? nil : $0 } ?? "—",
         "active": admin.active, "state": admin.active ? "正常" : "已停用", "orgCode": admin.orgCode]
    }

    static func createFields(_ failed: FailedForm?) -> [AdminField] {
        [
            AdminField(form: "admin", name: "username", label: "用户名", value: failed.value("admin", "username", ""), required: true,
                       hint: "字母和数字"),
            AdminField(form: "admin", name: "name", label: "姓名", value: failed.value("admin", "name", ""), required: true),
            AdminField(form: "admin", name: "post", label: "职务", value: failed.value("admin", "post", ""), required: true,
                       hint: "如 书记、组织委员、操作员"),
            AdminField(form: "admin", name: "mobile", label: "移动电话", type: "tel", value: failed.value("admin", "mobile", ""),
                       required: true, hint: "登录验证码发送至此号码", inputmode: "numeric"),
            AdminField(form: "admin", name: "officePhone", label: "办公电话", type: "tel", value: failed.value("admin", "officePhone", "")),
        ]
    }

    static let inputs: Set<String> = ["username", "name", "post", "mobile", "officePhone"]

    @Sendable func create(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .admin)
        let form = try await portal.form(request, visit: visit)
        let code = OrgAdminKit.parameter(context, "code")
        do throws(ErrorBody) {
            _ = try await portal.gateway.call(IdentityAPI.adminCreate,
                                              AdminCreateRequest(orgCode: code, username: form.trimmed("username"), name: form.trimmed("name"),
                                                                 post: form.trimmed("post"), mobile: form.trimmed("mobile"),
                                                                 officePhone: OrgAdminKit.given(form.trimmed("officePhone"))),
                                              actor: session.actor)
            return visit.finish(Pages.redirect("/admin/orgs/\(OrgAdminKit.escape(code))?done=admin-created#admins"))
        } catch {
            return try await OrgTreeRoutes(portal: portal).page(visit, session, code: code, search: "", notice: false,
                                                                failed: FailedForm("admin", error, inputs: Self.inputs, values: form.values))
        }
    }

    func editFields(_ admin: AdminView, _ failed: FailedForm?) -> [AdminField] {
        [
            AdminField(form: "edit", name: "name", label: "姓名", value: failed.value("edit", "name", admin.name ?? ""), required: true),
            AdminField(form: "edit", name: "post", label: "职务", value: failed.value("edit", "post", admin.post ?? ""), required: true),
            AdminField(form: "edit", name: "mobile", label: "移动电话", type: "tel", value: failed.value("edit", "mobile", admin.mobile ?? ""),
                       required: true, hint: "本人的移动电话须由本组织另一名管理员或上级组织修改", inputmode: "numeric"),
            AdminField(form: "edit", name: "officePhone", label: "办公电话", type: "tel",
                       value: failed.value("edit", "officePhone", admin.officePhone ?? "")),
        ]
    }

    func page(_ visit: Visit, _ session: SignedIn, accountId: String, failed: FailedForm? = nil) async throws -> Response {
        let admin = try await portal.gateway.call(IdentityAPI.adminGet, AdminRef(accountId: accountId), actor: session.actor)
        var data = await portal.adminPage(visit, session, title: "管理员信息", current: "/admin/orgs")
        data["admin"] = Self.adminData(admin)
        data["orgName"] = admin.orgName
        data["fields"] = AdminField.list(editFields(admin, failed), failed.errors(for: "edit"))
        data["formError"] = failed.general(for: "edit")
        return visit.finish(portal.pages.html("oa_admin", data, status: failed.status))
    }

    @Sendable func show(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .admin)
        return try await page(visit, session, accountId: OrgAdminKit.parameter(context, "accountId"))
    }

    @Sendable func update(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .admin)
        let form = try await portal.form(request, visit: visit)
        let accountId = OrgAdminKit.parameter(context, "accountId")
        do throws(ErrorBody) {
            let current = try await portal.gateway.call(IdentityAPI.adminGet, AdminRef(accountId: accountId), actor: session.actor)
            // Only what changed: one's own mobile may not be sent at all, even unchanged.
            func changed(_ name: String, _ old: String?) -> String? { form.trimmed(name) == (old ?? "") ? nil : form.trimmed(name) }
            let saved = try await portal.gateway.call(
                IdentityAPI.adminUpdate,
                AdminUpdateRequest(accountId: accountId, name: changed("name", current.name), post: changed("post", current.post),
                                   mobile: changed("mobile", current.mobile), officePhone: changed("officePhone", current.officePhone)),
                actor: session.actor)
            return visit.finish(Pages.redirect("/admin/orgs/\(OrgAdminKit.escape(saved.orgCode))?done=admin-updated#admins"))
        } catch {
            return try await page(visit, session, accountId: accountId,
                                  failed: FailedForm("edit", error, inputs: ["name", "post", "mobile", "officePhone"], values: form.values))
        }
    }

    @Sendable func disable(_ request: Request, context: GatewayContext) async throws -> Response {
        try await toggle(request, context, operation: IdentityAPI.adminDisable, done: "admin-disabled")
    }

    @Sendable func enable(_ request: Request, context: GatewayContext) async throws -> Response {
        try await toggle(request, context, operation: IdentityAPI.adminEnable, done: "admin-enabled")
    }

    /// Back to the organization's page; identity's refusal (one's own account, the limit of two) shown there.
    func toggle(_ request: Request, _ context: GatewayContext, operation: BusOperation<AdminRef, AdminView>, done: String) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .admin)
        let form = try await portal.form(request, visit: visit)
        let accountId = OrgAdminKit.parameter(context, "accountId")
        do throws(ErrorBody) {
            let admin = try await portal.gateway.call(operation, AdminRef(accountId: accountId), actor: session.actor)
            return visit.finish(Pages.redirect("/admin/orgs/\(OrgAdminKit.escape(admin.orgCode))?done=\(done)#admins"))
        } catch {
            let code = form.trimmed("orgCode").isEmpty ? (session.actor.orgCode ?? "") : form.trimmed("orgCode")
            return try await OrgTreeRoutes(portal: portal).page(visit, session, code: code, search: "", notice: false,
                                                                failed: FailedForm("admin", error, inputs: [], values: [:]))
        }
    }
}
