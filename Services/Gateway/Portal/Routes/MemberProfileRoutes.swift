import Foundation
import GatewayApp
import HTTPTypes
import Hummingbird
import Schema

/// 我的档案 编辑: a change sent for the branch's approval (identity.profile.submit) and its status.
/// Fields identity has locked after review are shown greyed and not sent; identity refuses them anyway.
struct MemberProfileRoutes: Sendable {
    let portal: PortalState

    func add(to group: RouterGroup<GatewayContext>) {
        group.get("/me/profile", use: show)
        group.post("/me/profile", use: submit)
    }

    static let statusNames: [ProfileChangeStatus: String] = [.pending: "待审核", .approved: "已通过", .rejected: "已驳回", .superseded: "已被新申请替代"]

    /// The inputs, in the order of the form: the free fields, then those a review locks.
    static func fields(_ record: MemberView, values: [String: String]) -> [[String: Any]] {
        let locked = record.reviewed
        func field(_ name: String, _ label: String, _ current: String, reviewed: Bool, options: [(String, String)]? = nil,
                   type: String = "text") -> [String: Any] {
            var data: [String: Any] = ["name": name, "id": "p-" + name, "label": label, "value": values[name] ?? current,
                                       "type": type, "locked": reviewed && locked, "isSelect": options != nil, "hasError": false]
            if let options {
                let chosen = values[name] ?? current
                data["options"] = options.map { ["optionValue": $0.0, "optionLabel": $0.1, "selected": $0.0 == chosen] }
            }
            return data
        }
        return [
            field("phone", "手机号码", "", reviewed: false, type: "tel"),
            field("ethnicity", "民族", record.ethnicity, reviewed: false),
            field("unit", "所属单位", record.unit, reviewed: false),
            field("name", "姓名", record.name, reviewed: true),
            field("memberType", "党员类型", record.memberType.rawValue, reviewed: true, options: MemberType.allCases.map { ($0.rawValue, $0.chineseName) }),
            field("joinDate", "入党日期", record.joinDate ?? "", reviewed: true, type: "date"),
            field("post", "党内职务", record.post.rawValue, reviewed: true, options: MemberPost.allCases.map { ($0.rawValue, $0.chineseName) }),
        ]
    }

    func page(_ request: Request, _ visit: Visit, _ session: SignedIn, values: [String: String] = [:], errors: FormErrors = FormErrors(),
              status: HTTPResponse.Status = .ok) async throws -> Response {
        let record = try await portal.gateway.call(IdentityAPI.memberGet, MemberRef(memberId: session.actor.id), actor: session.actor)
        let changes = try await portal.gateway.call(IdentityAPI.profileMine, MemberProfileChanges(), actor: session.actor)
        var data = await portal.memberPage(visit, session, title: "修改个人信息", current: "/me")
        data["reviewed"] = record.reviewed
        data["phoneNow"] = record.phone ?? "未登记"
        data["fields"] = Self.fields(record, values: values).map { field -> [String: Any] in
            var field = field
            if let error = errors.fields[field["name"] as? String ?? ""] { field["hasError"] = true; field["error"] = error }
            return field
        }
        data["formError"] = OrgAdminKit.some(errors.general)
        data["notice"] = OrgAdminKit.notice(request, ["sent": "修改申请已提交，待支部审核后生效。"])
        data["changes"] = changes.items.sorted { $0.submittedAt > $1.submittedAt }.prefix(10).map { change -> [String: Any] in
            ["when": Format.dateTime(change.submittedAt), "status": Self.statusNames[change.status] ?? change.status.rawValue,
             "statusClass": "change-" + change.status.rawValue, "fields": ReviewRoutes.changes(change.changes).map { "\($0["field"] ?? "")：\($0["value"] ?? "")" }.joined(separator: "；"),
             "reason": OrgAdminKit.some(change.reason)]
        }
        data["hasChanges"] = !changes.items.isEmpty
        return visit.finish(portal.pages.html("member_profile", data, status: status))
    }

    @Sendable func show(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .member)
        return try await page(request, visit, session)
    }

    @Sendable func submit(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .member)
        let form = try await portal.form(request, visit: visit)
        let record = try await portal.gateway.call(IdentityAPI.memberGet, MemberRef(memberId: session.actor.id), actor: session.actor)
        // Only what was changed is sent (an unchanged locked field is not a request to change it).
        func changed(_ name: String, _ current: String?) -> String? {
            let typed = form.trimmed(name)
            return typed.isEmpty || typed == (current ?? "") ? nil : typed
        }
        let changes = ProfileFields(phone: changed("phone", nil), ethnicity: changed("ethnicity", record.ethnicity), unit: changed("unit", record.unit),
                                    name: changed("name", record.name),
                                    memberType: changed("memberType", record.memberType.rawValue).flatMap(MemberType.init(rawValue:)),
                                    joinDate: changed("joinDate", record.joinDate), post: changed("post", record.post.rawValue).flatMap(MemberPost.init(rawValue:)))
        do throws(ErrorBody) {
            _ = try await portal.gateway.call(IdentityAPI.profileSubmit, SubmitProfileChange(changes: changes), actor: session.actor)
            return visit.finish(Pages.redirect("/me/profile?done=sent"))
        } catch {
            try DuesMonthPage.rethrowIfForbidden(error)
            // identity names the field as `changes.phone`.
            var errors = FormErrors(general: error.message)
            if let field = error.details["field"], let name = field.split(separator: ".").last.map(String.init),
               ["phone", "ethnicity", "unit", "name", "memberType", "joinDate", "post"].contains(name) {
                errors = FormErrors(fields: [name: error.message])
            }
            return try await page(request, visit, session, values: form.values, errors: errors, status: LoginRoutes.status(error))
        }
    }
}
