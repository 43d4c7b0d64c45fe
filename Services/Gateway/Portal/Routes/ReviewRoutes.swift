import Foundation
import GatewayApp
import HTTPTypes
import Hummingbird
import Schema

/// 信息审核: members' profile changes waiting in the administrator's organization, approved or
/// rejected (with a reason) one by one.
struct ReviewRoutes: Sendable {
    let portal: PortalState

    func add(to group: RouterGroup<GatewayContext>) {
        group.get("/admin/reviews", use: list)
        group.post("/admin/reviews/{changeId}", use: review)
    }

    static let notices = ["approved": "已通过该修改申请，档案已更新。", "rejected": "已驳回该修改申请。"]

    static let fieldNames = ["phone": "手机号码", "ethnicity": "民族", "unit": "所属单位", "name": "姓名", "idNumber": "身份证号码",
                             "memberType": "党员类型", "joinDate": "入党日期", "post": "党内职务"]

    /// "民族：回族" for each field the member asked to change.
    static func changes(_ fields: ProfileFields) -> [[String: String]] {
        var values: [String: String] = [:]
        values["phone"] = fields.phone
        values["ethnicity"] = fields.ethnicity
        values["unit"] = fields.unit
        values["name"] = fields.name
        values["idNumber"] = fields.idNumber
        values["memberType"] = fields.memberType?.chineseName
        values["joinDate"] = fields.joinDate
        values["post"] = fields.post?.chineseName
        return fields.givenFields.map { ["field": fieldNames[$0] ?? $0, "value": values[$0] ?? ""] }
    }

    func page(_ visit: Visit, _ session: SignedIn, notice: Any, failed: (changeId: String, form: FailedForm)? = nil) async throws -> Response {
        let pending = try await portal.gateway.call(IdentityAPI.profilePending, PendingProfileChanges(), actor: session.actor)
        var data = await portal.adminPage(visit, session, title: "信息审核", current: "/admin/reviews")
        data["notice"] = notice
        data["changes"] = pending.items.map { change -> [String: Any] in
            let mine = failed?.changeId == change.id ? failed?.form : nil
            return ["id": change.id, "memberId": change.memberId, "memberName": change.memberName, "orgCode": change.orgCode,
                    "submittedAt": Format.dateTime(change.submittedAt), "fields": Self.changes(change.changes),
                    "reasonFields": AdminField.list([AdminField(form: "r-\(change.id)", name: "reason", label: "驳回原因",
                                                                value: mine.value("review", "reason", ""),
                                                                hint: "驳回时必填")], mine.errors(for: "review")),
                    "formError": mine.general(for: "review")]
        }
        data["empty"] = pending.items.isEmpty
        return visit.finish(portal.pages.html("oa_reviews", data, status: failed?.form.status ?? .ok))
    }

    @Sendable func list(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .admin)
        return try await page(visit, session, notice: OrgAdminKit.notice(request, Self.notices))
    }

    @Sendable func review(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .admin)
        let form = try await portal.form(request, visit: visit)
        let changeId = OrgAdminKit.parameter(context, "changeId")
        let approve = form["decision"] == "approve"
        do throws(ErrorBody) {
            _ = try await portal.gateway.call(IdentityAPI.profileReview,
                                              ReviewProfileChange(changeId: changeId, approve: approve,
                                                                  reason: OrgAdminKit.given(form.trimmed("reason"))),
                                              actor: session.actor)
            return visit.finish(Pages.redirect("/admin/reviews?done=\(approve ? "approved" : "rejected")"))
        } catch {
            return try await page(visit, session, notice: false,
                                  failed: (changeId, FailedForm("review", error, inputs: ["reason"], values: form.values)))
        }
    }
}
