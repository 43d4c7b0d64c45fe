import Foundation
import GatewayApp
import HTTPTypes
import Hummingbird
import Schema

/// 党组织管理: one organization's page (breadcrumb, sub-organizations, 管理员信息, the forms that
/// change it), the name search, and the suggestions the search box asks for while typing.
struct OrgTreeRoutes: Sendable {
    let portal: PortalState

    func add(to group: RouterGroup<GatewayContext>) {
        group.get("/admin/orgs", use: home)
        group.get("/admin/orgs/{code}", use: show)
        group.get("/admin/suggest/orgs", use: suggest)
        group.post("/admin/orgs/{code}/update", use: update)
        group.post("/admin/orgs/{code}/children", use: create)
        group.post("/admin/orgs/{code}/move", use: move)
        group.post("/admin/orgs/{code}/dissolve", use: dissolve)
    }

    static let notices = [
        "created": "已新建党组织。", "updated": "已保存党组织信息。", "moved": "已调整隶属关系。", "dissolved": "已撤销党组织。",
        "admin-created": "已新增管理员，初始密码须在首次登录时修改。", "admin-updated": "已保存管理员信息。",
        "admin-disabled": "已停用管理员账号。", "admin-enabled": "已启用管理员账号。",
    ]

    /// The administrator's own organization, and the results of a name search (the form without script).
    @Sendable func home(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .admin)
        let code = session.actor.orgCode ?? ""
        return try await page(visit, session, code: code, search: OrgAdminKit.query(request, "q"),
                              notice: OrgAdminKit.notice(request, Self.notices))
    }

    @Sendable func show(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .admin)
        return try await page(visit, session, code: OrgAdminKit.parameter(context, "code"), search: "",
                              notice: OrgAdminKit.notice(request, Self.notices))
    }

    struct Suggestion: Encodable {
        var code: String
        var name: String
        var type: String
        var path: String
    }

    /// identity.org.search for the script: always 200 (an empty or refused query suggests nothing).
    @Sendable func suggest(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .admin)
        let query = OrgAdminKit.query(request, "q")
        var items: [Suggestion] = []
        if !query.isEmpty {
            do throws(ErrorBody) {
                let found = try await portal.gateway.call(IdentityAPI.orgSearch, OrganizationSearch(query: query, limit: 10),
                                                          actor: session.actor)
                items = found.items.map { Suggestion(code: $0.code, name: $0.name, type: $0.type.chineseName,
                                                     path: $0.pathNames.joined(separator: " › ")) }
            } catch {
                items = []
            }
        }
        return visit.finish(OrgAdminKit.json(["items": items]))
    }

    // MARK: The page

    func page(_ visit: Visit, _ session: SignedIn, code: String, search: String, notice: Any,
              failed: FailedForm? = nil) async throws -> Response {
        let actor = session.actor
        // Out of scope: identity's 403 becomes the "没有权限" page.
        let org = try await portal.gateway.call(IdentityAPI.orgGet, OrganizationRef(code: code), actor: actor)
        let ancestors = try await portal.gateway.call(IdentityAPI.orgAncestors, OrganizationRef(code: code), actor: actor)
        let children = try await portal.gateway.call(IdentityAPI.orgChildren, OrganizationRef(code: code), actor: actor)
        let admins = try await portal.gateway.call(IdentityAPI.adminList, AdminListRequest(orgCode: code, includeDisabled: true, limit: 200),
                                                   actor: actor)
        var data = await portal.adminPage(visit, session, title: "党组织管理", current: "/admin/orgs")
        data["notice"] = notice
        data["org"] = Self.orgData(org)
        data["breadcrumb"] = ancestors.items.map { ["code": $0.code, "name": $0.name] }
        data["children"] = children.items.map(Self.orgData)
        data["hasChildren"] = !children.items.isEmpty
        data["search"] = search
        if !search.isEmpty {
            do throws(ErrorBody) {
                let found = try await portal.gateway.call(IdentityAPI.orgSearch, OrganizationSearch(query: search, limit: 20), actor: actor)
                data["results"] = found.items.map { ["code": $0.code, "name": $0.name, "type": $0.type.chineseName,
                                                     "path": $0.pathNames.joined(separator: " › ")] }
                data["noResults"] = found.items.isEmpty
            } catch {
                data["searchError"] = error.message
            }
            data["searched"] = true
        }
        let own = admins.items.filter { $0.orgCode == code }
        data["admins"] = own.map(OrgAdminAccountRoutes.adminData)
        data["hasAdmins"] = !own.isEmpty
        data["adminFields"] = AdminField.list(OrgAdminAccountRoutes.createFields(failed), failed.errors(for: "admin"))
        data["adminError"] = failed.general(for: "admin")

        data["updateFields"] = AdminField.list([
            AdminField(form: "update", name: "name", label: "组织名称", value: failed.value("update", "name", org.name), required: true),
            AdminField(form: "update", name: "unit", label: "所属单位", value: failed.value("update", "unit", org.unit)),
            AdminField(form: "update", name: "isVillage", label: "村（社区）党组织", type: "checkbox",
                       value: failed.value("update", "isVillage", org.isVillage ? "1" : "")),
        ], failed.errors(for: "update"))
        data["updateError"] = failed.general(for: "update")

        let childTypes = org.type.allowedChildren
        data["mayCreate"] = !childTypes.isEmpty
        data["createFields"] = AdminField.list([
            AdminField(form: "create", name: "code", label: "组织代码", value: failed.value("create", "code", ""), required: true,
                       hint: "以本组织代码 \(org.code) 开头，如 \(org.code)001", inputmode: "numeric"),
            AdminField(form: "create", name: "name", label: "组织名称", value: failed.value("create", "name", ""), required: true),
            AdminField(form: "create", name: "type", label: "组织类型", value: failed.value("create", "type", childTypes.last?.rawValue ?? ""),
                       options: childTypes.map { ($0.rawValue, $0.chineseName) }),
            AdminField(form: "create", name: "unit", label: "所属单位", value: failed.value("create", "unit", org.unit)),
        ], failed.errors(for: "create"))
        data["createError"] = failed.general(for: "create")

        data["mayMove"] = org.parentCode != nil
        data["moveFields"] = AdminField.list([
            AdminField(form: "move", name: "newParentCode", label: "新的上级组织代码", value: failed.value("move", "newParentCode", ""),
                       required: true, hint: "输入组织名称可从联想中选择", suggest: true),
        ], failed.errors(for: "move"))
        data["moveError"] = failed.general(for: "move")
        data["dissolveError"] = failed.general(for: "dissolve")
        return visit.finish(portal.pages.html("oa_org", data, status: failed.status))
    }

    static func orgData(_ org: OrganizationView) -> [String: Any] {
        ["code": org.code, "name": org.name, "type": org.type.chineseName, "unit": org.unit.isEmpty ? "—" : org.unit,
         "isVillage": org.isVillage ? "是" : "否", "parentCode": OrgAdminKit.some(org.parentCode), "path": org.path]
    }

    // MARK: Forms

    /// Runs `act`, then back to the page with `done`; on identity's error the page again, the error
    /// beside the field it names in the form that failed.
    func post(_ request: Request, _ context: GatewayContext, form name: String, inputs: Set<String>,
              act: (Form, Actor, String) async throws(ErrorBody) -> String) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .admin)
        let form = try await portal.form(request, visit: visit)
        let code = OrgAdminKit.parameter(context, "code")
        do throws(ErrorBody) {
            return visit.finish(Pages.redirect(try await act(form, session.actor, code)))
        } catch {
            let failed = FailedForm(name, error, inputs: inputs, values: form.values)
            return try await page(visit, session, code: code, search: "", notice: false, failed: failed)
        }
    }

    @Sendable func update(_ request: Request, context: GatewayContext) async throws -> Response {
        try await post(request, context, form: "update", inputs: ["name", "unit", "isVillage"]) { form, actor, code throws(ErrorBody) in
            _ = try await portal.gateway.call(IdentityAPI.orgUpdate,
                                              UpdateOrganization(code: code, name: form.trimmed("name"), unit: form.trimmed("unit"),
                                                                 isVillage: form["isVillage"] == "1"), actor: actor)
            return "/admin/orgs/\(OrgAdminKit.escape(code))?done=updated"
        }
    }

    @Sendable func create(_ request: Request, context: GatewayContext) async throws -> Response {
        try await post(request, context, form: "create", inputs: ["code", "name", "type", "unit"]) { form, actor, code throws(ErrorBody) in
            guard let type = OrganizationType(rawValue: form["type"]) else {
                throw ErrorBody.make(ErrorCode.identityOrgTypeInvalid, details: ["field": "body.type"])
            }
            let created = try await portal.gateway.call(IdentityAPI.orgCreate,
                                                        CreateOrganization(code: form.trimmed("code"), name: form.trimmed("name"), type: type,
                                                                           parentCode: code, unit: OrgAdminKit.given(form.trimmed("unit"))),
                                                        actor: actor)
            return "/admin/orgs/\(OrgAdminKit.escape(created.code))?done=created"
        }
    }

    @Sendable func move(_ request: Request, context: GatewayContext) async throws -> Response {
        try await post(request, context, form: "move", inputs: ["newParentCode"]) { form, actor, code throws(ErrorBody) in
            _ = try await portal.gateway.call(IdentityAPI.orgMove, MoveOrganization(code: code, newParentCode: form.trimmed("newParentCode")),
                                              actor: actor)
            return "/admin/orgs/\(OrgAdminKit.escape(code))?done=moved"
        }
    }

    @Sendable func dissolve(_ request: Request, context: GatewayContext) async throws -> Response {
        try await post(request, context, form: "dissolve", inputs: []) { _, actor, code throws(ErrorBody) in
            let gone = try await portal.gateway.call(IdentityAPI.orgDissolve, OrganizationRef(code: code), actor: actor)
            return gone.parentCode.map { "/admin/orgs/\(OrgAdminKit.escape($0))?done=dissolved" } ?? "/admin/orgs?done=dissolved"
        }
    }
}
