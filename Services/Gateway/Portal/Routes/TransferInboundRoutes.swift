import Foundation
import GatewayApp
import HTTPTypes
import Hummingbird
import Schema

/// 组织关系转入 from the login page (seed 003), no account: the applicant's form (the receiving committee
/// and then its branch from suggestions); the transfer's number and access code shown once submitted;
/// looking it up with both, 修改申请 after 返回修改, and 撤回.
struct TransferInboundRoutes: Sendable {
    let portal: PortalState

    func add(to group: RouterGroup<GatewayContext>) {
        group.get("/transfer-in", use: showForm)
        group.post("/transfer-in", use: submit)
        group.get("/transfer-in/lookup", use: showLookup)
        group.post("/transfer-in/lookup", use: lookup)
        group.post("/transfer-in/withdraw", use: withdraw)
        group.post("/transfer-in/edit", use: edit)
        group.post("/transfer-in/resubmit", use: resubmit)
    }

    /// What the applicant typed (kept across 查找 and refusals).
    struct Applicant {
        var values: [String: String] = [:]
        var committeeQuery = ""
        var committee: (code: String, name: String)?
        var branchQuery = ""
        var branch: (code: String, name: String)?

        static let texts: [(name: String, label: String, hint: String?)] = [
            ("name", "姓名", nil), ("ethnicity", "民族", "如：汉族"), ("idNumber", "身份证号", nil), ("phone", "手机号码", "办理进度将以短信通知"),
            ("joinDate", "入党日期", "yyyy-MM-dd"), ("fromOrgName", "原所在党组织", "与介绍信上一致"), ("letterNumber", "介绍信编号", "如有"),
            ("unit", "工作单位", "如有"),
        ]
        static let inputs: Set<String> = Set(texts.map(\.name) + ["sex", "memberType", "toCommitteeCode", "toOrgCode", "reason"])

        init() {}

        init(_ form: Form) {
            for name in Self.texts.map(\.name) + ["sex", "memberType", "reason"] { values[name] = form.trimmed(name) }
            committeeQuery = form.trimmed("toCommitteeCodeQ")
            committee = TransferKit.picked(form.trimmed("toCommitteeCode"))
            branchQuery = form.trimmed("toOrgCodeQ")
            branch = TransferKit.picked(form.trimmed("toOrgCode"))
        }

        init(_ t: TransferView) {
            if let a = t.applicant {
                values = ["name": a.name, "ethnicity": a.ethnicity, "idNumber": a.idNumber, "phone": a.phone, "joinDate": a.joinDate,
                          "fromOrgName": a.fromOrgName, "letterNumber": a.letterNumber ?? "", "unit": a.unit ?? "", "sex": a.sex.rawValue,
                          "memberType": a.memberType.rawValue]
            }
            values["reason"] = t.reason
            if let code = t.toOrgCode { branch = (code, t.toOrgName) }
            // The committee is the one whose step assigns (划拨).
            if let step = t.steps.first(where: { $0.action == .assign }) { committee = (step.orgCode, step.orgName) }
        }

        var applicant: InboundApplicant {
            let v = { (name: String) in values[name] ?? "" }
            return InboundApplicant(name: v("name"), sex: Sex(rawValue: v("sex")) ?? .male, ethnicity: v("ethnicity"), idNumber: v("idNumber"),
                                    phone: v("phone"), memberType: MemberType(rawValue: v("memberType")) ?? .full, joinDate: v("joinDate"),
                                    fromOrgName: v("fromOrgName"), letterNumber: OrgAdminKit.given(v("letterNumber")),
                                    unit: OrgAdminKit.given(v("unit")))
        }
    }

    func formPage(_ visit: Visit, _ applicant: Applicant, errors: FormErrors = FormErrors(), ref: InboundRef? = nil,
                  search: Bool = true, status: HTTPResponse.Status = .ok) async -> Response {
        var data: [String: Any] = ["title": ref == nil ? "组织关系转入申请" : "修改转入申请", "csrf": portal.csrfToken(visit)]
        data["action"] = ref == nil ? "/transfer-in" : "/transfer-in/resubmit"
        data["ref"] = ref.map { ["transferId": $0.transferId, "accessCode": $0.accessCode] as [String: Any] } ?? false
        let fields = Applicant.texts.map { text -> [String: Any] in
            var field = AdminField(form: "in", name: text.name, label: text.label, value: applicant.values[text.name] ?? "")
            field.hint = text.hint
            if text.name == "joinDate" { field.type = "date" }
            if text.name == "phone" { field.inputmode = "numeric"; field.type = "tel" }
            return field.data(errors)
        }
        // 姓名, then 性别, then the rest as the paper form orders them.
        data["nameField"] = fields[0]
        data["fields"] = Array(fields.dropFirst())
        data["sexField"] = AdminField(form: "in", name: "sex", label: "性别", value: applicant.values["sex"] ?? "male",
                                      options: [("male", "男"), ("female", "女")]).data(errors)
        data["typeField"] = AdminField(form: "in", name: "memberType", label: "党员类别", value: applicant.values["memberType"] ?? "full",
                                       options: [("full", "正式党员"), ("probationary", "预备党员")]).data(errors)
        data["reasonField"] = AdminField(form: "in", name: "reason", label: "转入原因", value: applicant.values["reason"] ?? "", multiline: true).data(errors)
        var committee = TransferKit.Picker(name: "toCommitteeCode", label: "拟转入党委", hint: "先输入党委名称或单位名称的一部分，点“查找”并选择。",
                                           query: applicant.committeeQuery, selected: applicant.committee)
        committee.type = "committee"
        committee.search = search
        committee.error = errors.fields["toCommitteeCode"]
        var branch = TransferKit.Picker(name: "toOrgCode", label: "拟转入党支部", hint: "再在所选党委下查找并选择党支部。",
                                        query: applicant.branchQuery, selected: applicant.branch)
        branch.committeeCode = applicant.committee?.code
        branch.search = search
        branch.error = errors.fields["toOrgCode"]
        data["committeePicker"] = await TransferKit.pickerData(committee, portal: portal, actor: PortalState.anonymous)
        data["branchPicker"] = await TransferKit.pickerData(branch, portal: portal, actor: PortalState.anonymous)
        data["formError"] = OrgAdminKit.some(errors.general)
        return visit.finish(portal.pages.html("tr_in_form", data, status: status))
    }

    @Sendable func showForm(_ request: Request, context: GatewayContext) async throws -> Response {
        await formPage(await portal.visit(request), Applicant())
    }

    @Sendable func submit(_ request: Request, context: GatewayContext) async throws -> Response {
        let visit = await portal.visit(request)
        let form = try await portal.form(request, visit: visit)
        let applicant = Applicant(form)
        if !form.trimmed("find").isEmpty {
            // transfers.targets is open and rate-limited per address on the API: the same here.
            do throws(ErrorBody) { try portal.takeLoginIP(context) } catch {
                return await formPage(visit, applicant, errors: FormErrors(general: error.message), search: false,
                                      status: LoginRoutes.status(error))
            }
            return await formPage(visit, applicant)
        }
        do throws(ErrorBody) {
            try portal.takeLogin(context, account: "transfer-in:" + (applicant.values["idNumber"] ?? ""))
            let applied = try await portal.gateway.call(
                TransfersAPI.inboundApply,
                InboundApplyRequest(applicant: applicant.applicant, toCommitteeCode: applicant.committee?.code ?? "",
                                    toOrgCode: applicant.branch?.code ?? "", reason: applicant.values["reason"] ?? ""),
                actor: PortalState.anonymous)
            return progressPage(visit, applied.transfer, ref: InboundRef(transferId: applied.transferId, accessCode: applied.accessCode),
                                justApplied: true)
        } catch {
            return await formPage(visit, applicant, errors: Self.errors(error), status: LoginRoutes.status(error))
        }
    }

    /// The applicant's progress: the number and access code (prominent once just submitted), the timeline,
    /// and 修改申请 / 撤回 where the transfer stands.
    func progressPage(_ visit: Visit, _ t: TransferView, ref: InboundRef, justApplied: Bool = false, notice: String? = nil) -> Response {
        var data: [String: Any] = ["title": justApplied ? "转入申请已提交" : "转入申请进度", "csrf": portal.csrfToken(visit),
                                   "t": TransferKit.data(t), "transferId": ref.transferId, "accessCode": ref.accessCode,
                                   "justApplied": justApplied, "notice": OrgAdminKit.some(notice)]
        data["canEdit"] = t.status == .returned
        data["canWithdraw"] = t.status == .pending || t.status == .returned
        return visit.finish(portal.pages.html("tr_in_progress", data))
    }

    func lookupPage(_ visit: Visit, transferId: String = "", error: String? = nil, status: HTTPResponse.Status = .ok) -> Response {
        visit.finish(portal.pages.html("tr_in_lookup", ["title": "查询转入申请", "csrf": portal.csrfToken(visit), "transferId": transferId,
                                                        "formError": OrgAdminKit.some(error)], status: status))
    }

    @Sendable func showLookup(_ request: Request, context: GatewayContext) async throws -> Response {
        lookupPage(await portal.visit(request))
    }

    /// The applicant's fields are named "body.applicant.<name>" by the service: beside that input.
    static func errors(_ error: ErrorBody) -> FormErrors {
        var error = error
        if let field = error.details["field"], field.hasPrefix("body.applicant.") {
            error.details["field"] = "body." + field.dropFirst("body.applicant.".count)
        }
        return FormErrors(error, inputs: Applicant.inputs)
    }

    func ref(_ form: Form) -> InboundRef { InboundRef(transferId: form.trimmed("transferId"), accessCode: form.trimmed("accessCode")) }

    @Sendable func lookup(_ request: Request, context: GatewayContext) async throws -> Response {
        let visit = await portal.visit(request)
        let ref = ref(try await portal.form(request, visit: visit))
        do throws(ErrorBody) {
            try portal.takeLogin(context, account: "transfer-in:" + ref.transferId)
            return progressPage(visit, try await portal.gateway.call(TransfersAPI.inboundGet, ref, actor: PortalState.anonymous), ref: ref)
        } catch {
            return lookupPage(visit, transferId: ref.transferId, error: error.message, status: LoginRoutes.status(error))
        }
    }

    @Sendable func withdraw(_ request: Request, context: GatewayContext) async throws -> Response {
        let visit = await portal.visit(request)
        let ref = ref(try await portal.form(request, visit: visit))
        do throws(ErrorBody) {
            try portal.takeLogin(context, account: "transfer-in:" + ref.transferId)
            return progressPage(visit, try await portal.gateway.call(TransfersAPI.inboundWithdraw, ref, actor: PortalState.anonymous), ref: ref,
                                notice: "转入申请已撤回。")
        } catch {
            return lookupPage(visit, transferId: ref.transferId, error: error.message, status: LoginRoutes.status(error))
        }
    }

    @Sendable func edit(_ request: Request, context: GatewayContext) async throws -> Response {
        let visit = await portal.visit(request)
        let ref = ref(try await portal.form(request, visit: visit))
        do throws(ErrorBody) {
            try portal.takeLogin(context, account: "transfer-in:" + ref.transferId)
            let t = try await portal.gateway.call(TransfersAPI.inboundGet, ref, actor: PortalState.anonymous)
            return await formPage(visit, Applicant(t), ref: ref)
        } catch {
            return lookupPage(visit, transferId: ref.transferId, error: error.message, status: LoginRoutes.status(error))
        }
    }

    @Sendable func resubmit(_ request: Request, context: GatewayContext) async throws -> Response {
        let visit = await portal.visit(request)
        let form = try await portal.form(request, visit: visit)
        let ref = ref(form)
        let applicant = Applicant(form)
        if !form.trimmed("find").isEmpty {
            do throws(ErrorBody) { try portal.takeLoginIP(context) } catch {
                return await formPage(visit, applicant, errors: FormErrors(general: error.message), ref: ref,
                                      search: false, status: LoginRoutes.status(error))
            }
            return await formPage(visit, applicant, ref: ref)
        }
        do throws(ErrorBody) {
            try portal.takeLogin(context, account: "transfer-in:" + ref.transferId)
            let t = try await portal.gateway.call(
                TransfersAPI.inboundResubmit,
                InboundResubmitRequest(transferId: ref.transferId, accessCode: ref.accessCode, applicant: applicant.applicant,
                                       toCommitteeCode: applicant.committee?.code ?? "", toOrgCode: applicant.branch?.code ?? "",
                                       reason: applicant.values["reason"] ?? ""),
                actor: PortalState.anonymous)
            return progressPage(visit, t, ref: ref, notice: "修改后的申请已重新提交。")
        } catch {
            return await formPage(visit, applicant, errors: Self.errors(error), ref: ref, status: LoginRoutes.status(error))
        }
    }
}
