import Foundation
import GatewayApp
import HTTPTypes
import Hummingbird
import Schema

/// 党员管理: the search (by name or ID number, within an organization; identity masks ID numbers and
/// phones in lists), one member's record and its edit, password reset, 划拨 and status change
/// (committees only: identity answers 403 to a branch, shown on the form).
struct MemberAdminRoutes: Sendable {
    let portal: PortalState

    func add(to group: RouterGroup<GatewayContext>) {
        group.get("/admin/members", use: search)
        group.get("/admin/members/{memberId}", use: show)
        group.post("/admin/members/{memberId}", use: update)
        group.post("/admin/members/{memberId}/reset-password", use: resetPassword)
        group.post("/admin/members/{memberId}/reassign", use: reassign)
        group.post("/admin/members/{memberId}/status", use: changeStatus)
    }

    static let pageSize = 20

    static let notices = [
        "updated": "已保存党员档案。", "reset": "密码已重置为初始密码，该党员下次登录时须修改密码。", "reassigned": "已划拨到新的支部。",
        "status": "已变更党员状态。",
    ]

    @Sendable func search(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .admin)
        let name = OrgAdminKit.query(request, "name"), idNumber = OrgAdminKit.query(request, "idNumber")
        let orgCode = OrgAdminKit.query(request, "orgCode"), statusText = OrgAdminKit.query(request, "status")
        let offset = max(0, Int(OrgAdminKit.query(request, "offset")) ?? 0)
        let status = MemberStatus(rawValue: statusText)
        var data = await portal.adminPage(visit, session, title: "党员管理", current: "/admin/members")
        // Nothing asked yet: the members of the administrator's whole organization.
        let scope = name.isEmpty && idNumber.isEmpty && orgCode.isEmpty ? session.actor.orgCode : OrgAdminKit.given(orgCode)
        var errors = FormErrors()
        var code = HTTPResponse.Status.ok
        do throws(ErrorBody) {
            let page = try await portal.gateway.call(
                IdentityAPI.memberSearch,
                MemberSearch(name: OrgAdminKit.given(name), idNumber: OrgAdminKit.given(idNumber), orgCode: scope, status: status,
                             offset: offset, limit: Self.pageSize),
                actor: session.actor)
            data["members"] = page.items.map(Self.row)
            data["total"] = page.total
            data["empty"] = page.items.isEmpty
            data["range"] = page.items.isEmpty ? "" : "第 \(page.offset + 1)–\(page.offset + page.items.count) 条，共 \(page.total) 条"
            let base = "/admin/members?name=\(OrgAdminKit.escape(name))&idNumber=\(OrgAdminKit.escape(idNumber))"
                + "&orgCode=\(OrgAdminKit.escape(orgCode))&status=\(OrgAdminKit.escape(statusText))&offset="
            data["previous"] = OrgAdminKit.some(page.offset > 0 ? base + String(max(0, page.offset - Self.pageSize)) : nil)
            data["next"] = OrgAdminKit.some(page.offset + page.items.count < page.total ? base + String(page.offset + page.items.count) : nil)
            data["listed"] = true
        } catch {
            errors = FormErrors(error, inputs: ["name", "idNumber", "orgCode"])
            code = LoginRoutes.status(error)
        }
        data["fields"] = AdminField.list([
            AdminField(form: "find", name: "name", label: "姓名", value: name),
            AdminField(form: "find", name: "idNumber", label: "身份证号码", value: idNumber, hint: "完整号码或后 4 位以上"),
            AdminField(form: "find", name: "orgCode", label: "所在组织代码", value: orgCode, hint: "不填为本组织全部；输入组织名称可从联想中选择",
                       suggest: true),
            AdminField(form: "find", name: "status", label: "状态", value: statusText,
                       options: [("", "正常（默认）")] + MemberStatus.allCases.filter { $0 != .active }.map { ($0.rawValue, OrgAdminKit.statusName($0)) }),
        ], errors)
        data["formError"] = OrgAdminKit.some(errors.general)
        return visit.finish(portal.pages.html("oa_members", data, status: code))
    }

    static func row(_ member: MemberView) -> [String: Any] {
        ["id": member.id, "name": member.name, "idNumber": member.idNumber,
         // identity masks lists; a phone it sent whole would still be masked here.
         "phone": member.phone.map { member.masked ? $0 : PersonalData.maskPhone($0) } ?? "—",
         "orgName": member.orgName, "memberType": member.memberType.chineseName, "post": member.post.chineseName,
         "status": OrgAdminKit.statusName(member.status)]
    }

    // MARK: One record

    func page(_ visit: Visit, _ session: SignedIn, memberId: String, notice: Any, failed: FailedForm? = nil) async throws -> Response {
        let actor = session.actor
        let member = try await portal.gateway.call(IdentityAPI.memberGet, MemberRef(memberId: memberId), actor: actor)
        let history = try await portal.gateway.call(IdentityAPI.memberHistory, MemberRef(memberId: memberId), actor: actor)
        var data = await portal.adminPage(visit, session, title: "党员档案", current: "/admin/members")
        data["notice"] = notice
        data["member"] = [
            "id": member.id, "name": member.name, "idNumber": member.idNumber, "sex": member.sex == .male ? "男" : "女",
            "birthDate": member.birthDate, "ethnicity": member.ethnicity.isEmpty ? "—" : member.ethnicity,
            "phone": member.phone ?? "未登记", "memberType": member.memberType.chineseName, "joinDate": member.joinDate ?? "—",
            "orgName": member.orgName, "orgCode": member.orgCode, "unit": member.unit.isEmpty ? "—" : member.unit,
            "post": member.post.chineseName, "status": OrgAdminKit.statusName(member.status),
            "reviewed": member.reviewed ? "已审核" : "未审核", "updatedAt": Format.dateTime(member.updatedAt),
        ] as [String: Any]
        data["history"] = history.items.reversed().map { entry in
            ["at": Format.dateTime(entry.at), "kind": entry.kind == "reassign" ? "划拨" : "状态变更",
             "change": entry.kind == "reassign" ? "\(entry.fromOrgCode) → \(entry.toOrgCode)"
                 : "\(OrgAdminKit.statusName(entry.fromStatus)) → \(OrgAdminKit.statusName(entry.toStatus))",
             "reason": entry.reason.isEmpty ? "—" : entry.reason]
        }
        data["hasHistory"] = !history.items.isEmpty
        data["editFields"] = AdminField.list([
            AdminField(form: "edit", name: "name", label: "姓名", value: failed.value("edit", "name", member.name), required: true),
            AdminField(form: "edit", name: "idNumber", label: "身份证号码", value: failed.value("edit", "idNumber", member.idNumber), required: true),
            AdminField(form: "edit", name: "ethnicity", label: "民族", value: failed.value("edit", "ethnicity", member.ethnicity)),
            AdminField(form: "edit", name: "phone", label: "手机号码", type: "tel", value: failed.value("edit", "phone", member.phone ?? ""),
                       inputmode: "numeric"),
            AdminField(form: "edit", name: "memberType", label: "党员类型", value: failed.value("edit", "memberType", member.memberType.rawValue),
                       options: OrgAdminKit.memberTypes),
            AdminField(form: "edit", name: "joinDate", label: "入党日期", type: "date", value: failed.value("edit", "joinDate", member.joinDate ?? "")),
            AdminField(form: "edit", name: "unit", label: "所属单位", value: failed.value("edit", "unit", member.unit)),
            AdminField(form: "edit", name: "post", label: "党内职务", value: failed.value("edit", "post", member.post.rawValue),
                       options: OrgAdminKit.posts),
        ], failed.errors(for: "edit"))
        data["editError"] = failed.general(for: "edit")
        data["resetError"] = failed.general(for: "reset")
        data["reassignFields"] = AdminField.list([
            AdminField(form: "reassign", name: "toOrgCode", label: "划入支部代码", value: failed.value("reassign", "toOrgCode", ""),
                       required: true, hint: "输入支部名称可从联想中选择", suggest: true),
            AdminField(form: "reassign", name: "reason", label: "划拨原因", value: failed.value("reassign", "reason", "")),
        ], failed.errors(for: "reassign"))
        data["reassignError"] = failed.general(for: "reassign")
        data["statusFields"] = AdminField.list([
            AdminField(form: "status", name: "status", label: "新状态", value: failed.value("status", "status", MemberStatus.removed.rawValue),
                       options: MemberStatus.allCases.filter { $0 != member.status }.map { ($0.rawValue, OrgAdminKit.statusName($0)) }),
            AdminField(form: "status", name: "reason", label: "原因", value: failed.value("status", "reason", ""), required: true,
                       hint: "如 已转出、出党"),
        ], failed.errors(for: "status"))
        data["statusError"] = failed.general(for: "status")
        return visit.finish(portal.pages.html("oa_member", data, status: failed.status))
    }

    @Sendable func show(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .admin)
        return try await page(visit, session, memberId: OrgAdminKit.parameter(context, "memberId"),
                              notice: OrgAdminKit.notice(request, Self.notices))
    }

    /// Runs `act` on the posted form, then the record again with `done`; on identity's error the record
    /// with the error in the form that failed.
    func post(_ request: Request, _ context: GatewayContext, form name: String, inputs: Set<String>,
              act: (Form, Actor, String) async throws(ErrorBody) -> String) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .admin)
        let form = try await portal.form(request, visit: visit)
        let memberId = OrgAdminKit.parameter(context, "memberId")
        do throws(ErrorBody) {
            let done = try await act(form, session.actor, memberId)
            return visit.finish(Pages.redirect("/admin/members/\(OrgAdminKit.escape(memberId))?done=\(done)"))
        } catch {
            return try await page(visit, session, memberId: memberId, notice: false,
                                  failed: FailedForm(name, error, inputs: inputs, values: form.values))
        }
    }

    @Sendable func update(_ request: Request, context: GatewayContext) async throws -> Response {
        let inputs: Set<String> = ["name", "idNumber", "ethnicity", "phone", "memberType", "joinDate", "unit", "post"]
        return try await post(request, context, form: "edit", inputs: inputs) { form, actor, memberId throws(ErrorBody) in
            let current = try await portal.gateway.call(IdentityAPI.memberGet, MemberRef(memberId: memberId), actor: actor)
            // Only what the administrator changed goes to identity.
            func changed(_ name: String, _ old: String) -> String? { form.trimmed(name) == old ? nil : form.trimmed(name) }
            let update = UpdateMember(
                memberId: memberId, idNumber: changed("idNumber", current.idNumber), name: changed("name", current.name),
                ethnicity: changed("ethnicity", current.ethnicity), phone: changed("phone", current.phone ?? ""),
                memberType: changed("memberType", current.memberType.rawValue).flatMap(MemberType.init(rawValue:)),
                joinDate: changed("joinDate", current.joinDate ?? ""), unit: changed("unit", current.unit),
                post: changed("post", current.post.rawValue).flatMap(MemberPost.init(rawValue:)))
            _ = try await portal.gateway.call(IdentityAPI.memberUpdate, update, actor: actor)
            return "updated"
        }
    }

    @Sendable func resetPassword(_ request: Request, context: GatewayContext) async throws -> Response {
        try await post(request, context, form: "reset", inputs: []) { _, actor, memberId throws(ErrorBody) in
            _ = try await portal.gateway.call(IdentityAPI.memberResetPassword, MemberResetPasswordRequest(memberId: memberId), actor: actor)
            return "reset"
        }
    }

    @Sendable func reassign(_ request: Request, context: GatewayContext) async throws -> Response {
        try await post(request, context, form: "reassign", inputs: ["toOrgCode", "reason"]) { form, actor, memberId throws(ErrorBody) in
            _ = try await portal.gateway.call(IdentityAPI.memberReassign,
                                              ReassignMember(memberId: memberId, toOrgCode: form.trimmed("toOrgCode"),
                                                             reason: OrgAdminKit.given(form.trimmed("reason"))), actor: actor)
            return "reassigned"
        }
    }

    @Sendable func changeStatus(_ request: Request, context: GatewayContext) async throws -> Response {
        try await post(request, context, form: "status", inputs: ["status", "reason"]) { form, actor, memberId throws(ErrorBody) in
            guard let status = MemberStatus(rawValue: form["status"]) else {
                throw ErrorBody.make(ErrorCode.identityStatusInvalid, details: ["field": "body.status"])
            }
            _ = try await portal.gateway.call(IdentityAPI.memberStatus,
                                              ChangeMemberStatus(memberId: memberId, status: status,
                                                                 reason: OrgAdminKit.given(form.trimmed("reason"))), actor: actor)
            return "status"
        }
    }
}
