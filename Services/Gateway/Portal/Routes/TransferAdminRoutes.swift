import Foundation
import GatewayApp
import HTTPTypes
import Hummingbird
import Schema

/// 组织关系接转 of the administrators (seed 003): 待办, 转接记录查询, a transfer's page with the acts its
/// step allows (审核, 退回修改, 划拨, 接收, 撤销, 介绍信, 回执), 代党员申请 and 发函单位设置.
struct TransferAdminRoutes: Sendable {
    let portal: PortalState

    func add(to group: RouterGroup<GatewayContext>) {
        group.get("/admin/transfers", use: records)
        group.get("/admin/transfers/todo", use: todo)
        group.get("/admin/transfers/new", use: showApply)
        group.post("/admin/transfers/new", use: apply)
        group.get("/admin/transfers/letterhead", use: letterhead)
        group.post("/admin/transfers/letterhead", use: saveLetterhead)
        group.get("/admin/transfers/{id}", use: show)
        group.get("/admin/transfers/{id}/edit", use: showEdit)
        group.post("/admin/transfers/{id}/edit", use: edit)
        group.post("/admin/transfers/{id}/assign", use: assign)
        group.post("/admin/transfers/{id}/letter", use: printLetter)
        group.post("/admin/transfers/{id}/receipt", use: upload)
        group.get("/admin/transfers/{id}/receipt", use: receipt)
        for act in Act.allCases where act != .assign {
            group.post("/admin/transfers/{id}/\(act.rawValue)") { request, context in try await self.decide(request, context, act) }
        }
    }

    /// The acts with a comment or a reason, each one call.
    enum Act: String, CaseIterable, Sendable {
        case approve, `return`, assign, revoke, withdraw, void, posted

        var notice: String {
            switch self {
            case .approve: "已审核通过。"
            case .return: "已退回修改。"
            case .assign: "已划拨。"
            case .revoke: "转接已撤销，党员的组织关系已恢复。"
            case .withdraw: "转接申请已撤回。"
            case .void: "原介绍信已作废，并已重新开具。"
            case .posted: "已登记回执邮寄收到。"
            }
        }
    }

    static var notices: [String: String] {
        var notices = Dictionary(uniqueKeysWithValues: Act.allCases.map { ($0.rawValue, $0.notice) })
        notices["uploaded"] = "回执已上传。"
        notices["applied"] = "已代党员提交转接申请。"
        notices["resubmitted"] = "修改后的申请已重新提交。"
        return notices
    }

    // MARK: Lists

    static let directions = [("", "全部"), ("in", "转入"), ("out", "转出"), ("within", "内部")]
    static let pageSize = 20

    func listData(_ request: Request, waitingForMe: Bool, session: SignedIn) async throws -> [String: Any] {
        let q = { (name: String) in OrgAdminKit.query(request, name) }
        let offset = max(0, Int(q("offset")) ?? 0)
        var data: [String: Any] = [:]
        var query = TransferListQuery(waitingForMe: waitingForMe ? true : nil, offset: offset, limit: Self.pageSize)
        if !waitingForMe {
            query.direction = OrgAdminKit.given(q("direction"))
            query.kind = TransferKind(rawValue: q("kind"))
            query.status = TransferStatus(rawValue: q("status"))
            query.from = OrgAdminKit.given(q("from"))
            query.to = OrgAdminKit.given(q("to"))
            query.name = OrgAdminKit.given(q("name"))
        }
        data["directions"] = Self.directions.map { ["value": $0.0, "name": $0.1, "selected": $0.0 == q("direction")] }
        data["kindOptions"] = [["value": "", "name": "全部", "selected": q("kind").isEmpty]]
            + TransferKind.allCases.map { ["value": $0.rawValue, "name": $0.chineseName, "selected": $0.rawValue == q("kind")] }
        data["statusOptions"] = [["value": "", "name": "全部", "selected": q("status").isEmpty]]
            + TransferStatus.allCases.map { ["value": $0.rawValue, "name": $0.chineseName, "selected": $0.rawValue == q("status")] }
        data["from"] = q("from")
        data["to"] = q("to")
        data["name"] = q("name")
        do throws(ErrorBody) {
            let page = try await portal.gateway.call(TransfersAPI.list, query, actor: session.actor)
            data["items"] = page.items.map { s -> [String: Any] in
                ["transferId": s.transferId, "href": "/admin/transfers/" + OrgAdminKit.escape(s.transferId), "kind": s.kind.chineseName,
                 "status": s.status.chineseName, "statusClass": "tr-" + s.status.rawValue, "memberName": s.memberName,
                 "fromOrgName": s.fromOrgName, "toOrgName": s.toOrgName, "createdAt": Format.dateTime(s.createdAt),
                 "waiting": s.waitingAction.map { "\(s.waitingOrgName ?? "") \($0.chineseName)" as Any } ?? false,
                 "letterNumber": OrgAdminKit.some(s.letterNumber)]
            }
            data["empty"] = page.items.isEmpty
            data["total"] = page.total
            var link = request.uri.queryParameters.filter { $0.key != "offset" }
                .map { "\($0.key)=\(OrgAdminKit.escape(String($0.value)))" }.joined(separator: "&")
            if !link.isEmpty { link += "&" }
            let base = waitingForMe ? "/admin/transfers/todo" : "/admin/transfers"
            data["prev"] = offset > 0 ? "\(base)?\(link)offset=\(max(0, offset - Self.pageSize))" as Any : false
            data["next"] = offset + Self.pageSize < page.total ? "\(base)?\(link)offset=\(offset + Self.pageSize)" as Any : false
            data["range"] = page.total == 0 ? "0" : "\(offset + 1)–\(min(page.total, offset + page.items.count))"
            data["formError"] = false
        } catch {
            try DuesMonthPage.rethrowIfForbidden(error)
            data["items"] = [] as [Any]
            data["empty"] = true
            data["total"] = 0
            data["prev"] = false
            data["next"] = false
            data["range"] = "0"
            data["formError"] = error.message
        }
        return data
    }

    @Sendable func records(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .admin)
        var data = await portal.adminPage(visit, session, title: "转接记录查询", current: "/admin/transfers")
        data.merge(try await listData(request, waitingForMe: false, session: session)) { _, new in new }
        return visit.finish(portal.pages.html("tr_records", data))
    }

    @Sendable func todo(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .admin)
        var data = await portal.adminPage(visit, session, title: "转接待办", current: "/admin/transfers/todo")
        data.merge(try await listData(request, waitingForMe: true, session: session)) { _, new in new }
        return visit.finish(portal.pages.html("tr_todo", data))
    }

    // MARK: One transfer

    /// A failed act shown on the transfer's page: which form, the message, beside its field if named.
    struct ActError {
        var form: String
        var error: ErrorBody
    }

    func page(_ visit: Visit, _ session: SignedIn, id: String, notice: Any = false, failed: ActError? = nil,
              assignQuery: String = "", status: HTTPResponse.Status = .ok) async throws -> Response {
        let t = try await portal.gateway.call(TransfersAPI.get, TransferRef(transferId: id), actor: session.actor)
        var data = await portal.adminPage(visit, session, title: "转接详情", current: "/admin/transfers")
        data["t"] = TransferKit.data(t)
        data["base"] = "/admin/transfers/" + OrgAdminKit.escape(id)
        data["notice"] = notice
        // A refused act: its message at the top too (the form may be far down the page).
        data["pageError"] = OrgAdminKit.some(failed?.error.message)
        let step = t.currentStep.flatMap { i in t.steps.first { $0.index == i } }
        let mine = t.status == .pending && step?.orgCode == session.actor.orgCode
        data["canReview"] = mine && step?.action == .review
        data["canAssign"] = mine && step?.action == .assign
        data["canConfirm"] = mine && step?.action == .confirm
        data["canReturn"] = mine
        data["canRevoke"] = t.status == .completed
        data["canWithdraw"] = t.openedBy == "admin" && (t.status == .pending || t.status == .returned)
        data["canEdit"] = t.openedBy == "admin" && t.status == .returned
        data["hasLetterActs"] = t.letter != nil
        // An error beside its field, else above the act's form.
        for form in ["approve", "return", "assign", "revoke", "withdraw", "void", "posted", "letter", "receipt"] {
            var fieldError: Any = false
            var formError: Any = false
            if let failed, failed.form == form {
                let errors = FormErrors(failed.error, inputs: ["comment", "reason", "toOrgCode"])
                fieldError = errors.fields.values.first.map { $0 as Any } ?? false
                formError = OrgAdminKit.some(errors.general)
            }
            data[form + "FieldError"] = fieldError
            data[form + "Error"] = formError
        }
        if step?.action == .assign || failed?.form == "assign" {
            var picker = TransferKit.Picker(name: "toOrgCode", label: "划拨至党支部", hint: "默认为申请人选择的党支部；如需更正，输入名称查找后选择。",
                                            query: assignQuery, selected: t.toOrgCode.map { ($0, t.toOrgName) })
            picker.committeeCode = session.actor.orgCode
            if let failed, failed.form == "assign" { picker.error = FormErrors(failed.error, inputs: ["toOrgCode"]).fields["toOrgCode"] }
            data["picker"] = await TransferKit.pickerData(picker, portal: portal, actor: session.actor)
        }
        return visit.finish(portal.pages.html("tr_admin_transfer", data, status: failed.map { LoginRoutes.status($0.error) } ?? status))
    }

    @Sendable func show(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .admin)
        return try await page(visit, session, id: OrgAdminKit.parameter(context, "id"), notice: OrgAdminKit.notice(request, Self.notices))
    }

    func decide(_ request: Request, _ context: GatewayContext, _ act: Act) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .admin)
        let id = OrgAdminKit.parameter(context, "id")
        let form = try await portal.form(request, visit: visit)
        let comment = OrgAdminKit.given(form.trimmed("comment"))
        let reason = form.trimmed("reason")
        let a = session.actor
        do throws(ErrorBody) {
            switch act {
            case .approve: _ = try await portal.gateway.call(TransfersAPI.approve, TransferDecision(transferId: id, comment: comment), actor: a)
            case .return: _ = try await portal.gateway.call(TransfersAPI.sendBack, TransferDecision(transferId: id, comment: comment), actor: a)
            case .revoke: _ = try await portal.gateway.call(TransfersAPI.revoke, TransferReasonRequest(transferId: id, reason: reason), actor: a)
            case .withdraw: _ = try await portal.gateway.call(TransfersAPI.withdraw, TransferRef(transferId: id), actor: a)
            case .void:
                _ = try await portal.gateway.call(TransfersAPI.letterVoid,
                                                  VoidLetterRequest(transferId: id, letterNumber: form.trimmed("letterNumber"), reason: reason), actor: a)
            case .posted:
                _ = try await portal.gateway.call(TransfersAPI.receiptPosted, TransferDecision(transferId: id, comment: comment), actor: a)
            case .assign: break
            }
            return visit.finish(Pages.redirect("/admin/transfers/\(OrgAdminKit.escape(id))?done=\(act.rawValue)"))
        } catch {
            return try await page(visit, session, id: id, failed: ActError(form: act.rawValue, error: error))
        }
    }

    /// 划拨: the branch named by the applicant, or another one of the committee's picked from suggestions.
    @Sendable func assign(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .admin)
        let id = OrgAdminKit.parameter(context, "id")
        let form = try await portal.form(request, visit: visit)
        let query = form.trimmed("toOrgCodeQ")
        if !form.trimmed("find").isEmpty { return try await page(visit, session, id: id, assignQuery: query) }
        let code = TransferKit.picked(form.trimmed("toOrgCode"))?.code ?? ""
        do throws(ErrorBody) {
            _ = try await portal.gateway.call(TransfersAPI.assign, AssignTransferRequest(transferId: id, toOrgCode: code,
                                                                                          comment: OrgAdminKit.given(form.trimmed("comment"))),
                                              actor: session.actor)
            return visit.finish(Pages.redirect("/admin/transfers/\(OrgAdminKit.escape(id))?done=assign"))
        } catch {
            return try await page(visit, session, id: id, failed: ActError(form: "assign", error: error), assignQuery: query)
        }
    }

    @Sendable func printLetter(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .admin)
        let id = OrgAdminKit.parameter(context, "id")
        _ = try await portal.form(request, visit: visit)
        do throws(ErrorBody) {
            return visit.finish(Download.file(try await portal.gateway.call(TransfersAPI.letterPrint, TransferRef(transferId: id),
                                                                               actor: session.actor)))
        } catch {
            return try await page(visit, session, id: id, failed: ActError(form: "letter", error: error))
        }
    }

    @Sendable func upload(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .admin)
        let id = OrgAdminKit.parameter(context, "id")
        let form = try await portal.multipartForm(request, visit: visit, limit: TransferKit.receiptLimit)
        guard let upload = TransferKit.uploadRequest(form, transferId: id) else {
            return try await page(visit, session, id: id, failed: ActError(form: "receipt", error: ErrorBody.make(
                ErrorCode.transfersReceiptTypeInvalid, details: ["field": "body.contentBase64"])))
        }
        do throws(ErrorBody) {
            _ = try await portal.gateway.call(TransfersAPI.receiptUpload, upload, actor: session.actor)
            return visit.finish(Pages.redirect("/admin/transfers/\(OrgAdminKit.escape(id))?done=uploaded"))
        } catch {
            return try await page(visit, session, id: id, failed: ActError(form: "receipt", error: error))
        }
    }

    @Sendable func receipt(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .admin)
        let file = try await portal.gateway.call(TransfersAPI.receiptGet, TransferRef(transferId: OrgAdminKit.parameter(context, "id")),
                                                 actor: session.actor)
        return visit.finish(Download.file(file, inline: true))
    }

    // MARK: 代党员申请

    func applyPage(_ visit: Visit, _ session: SignedIn, _ form: TransferApplyForm, errors: FormErrors = FormErrors(),
                   status: HTTPResponse.Status = .ok) async -> Response {
        var data = await portal.adminPage(visit, session, title: "代党员申请", current: "/admin/transfers/new")
        data.merge(await form.data(portal: portal, actor: session.actor, action: "/admin/transfers/new", errors: errors, withMember: true,
                                   kindFixed: false)) { _, new in new }
        data["heading"] = "代党员申请组织关系转接"
        data["back"] = "/admin/transfers/todo"
        return visit.finish(portal.pages.html("tr_apply_admin", data, status: status))
    }

    @Sendable func showApply(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .admin)
        var form = TransferApplyForm()
        form.memberId = OrgAdminKit.query(request, "member")
        return await applyPage(visit, session, form)
    }

    @Sendable func apply(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .admin)
        let posted = try await portal.form(request, visit: visit)
        let form = TransferApplyForm(posted)
        if !posted.trimmed("find").isEmpty { return await applyPage(visit, session, form) }
        if form.memberId.isEmpty {
            return await applyPage(visit, session, form, errors: FormErrors(fields: ["memberId": "请填写党员编号"]), status: .unprocessableContent)
        }
        do throws(ErrorBody) {
            let t = try await portal.gateway.call(TransfersAPI.apply, form.applyRequest, actor: session.actor)
            return visit.finish(Pages.redirect("/admin/transfers/\(OrgAdminKit.escape(t.transferId))?done=applied"))
        } catch {
            return await applyPage(visit, session, form, errors: FormErrors(error, inputs: TransferApplyForm.inputs), status: LoginRoutes.status(error))
        }
    }

    // MARK: 返回修改 of an application an administrator opened: corrected and submitted again

    func editPage(_ visit: Visit, _ session: SignedIn, id: String, _ form: TransferApplyForm, errors: FormErrors = FormErrors(),
                  status: HTTPResponse.Status = .ok) async -> Response {
        var data = await portal.adminPage(visit, session, title: "修改转接申请", current: "/admin/transfers/todo")
        data.merge(await form.data(portal: portal, actor: session.actor, action: "/admin/transfers/\(OrgAdminKit.escape(id))/edit",
                                   errors: errors, withMember: false, kindFixed: true)) { _, new in new }
        data["heading"] = "修改转接申请"
        data["back"] = "/admin/transfers/" + OrgAdminKit.escape(id)
        return visit.finish(portal.pages.html("tr_apply_admin", data, status: status))
    }

    @Sendable func showEdit(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .admin)
        let id = OrgAdminKit.parameter(context, "id")
        let t = try await portal.gateway.call(TransfersAPI.get, TransferRef(transferId: id), actor: session.actor)
        return await editPage(visit, session, id: id, TransferApplyForm(t))
    }

    @Sendable func edit(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .admin)
        let id = OrgAdminKit.parameter(context, "id")
        let posted = try await portal.form(request, visit: visit)
        var form = TransferApplyForm(posted)
        form.kind = try await portal.gateway.call(TransfersAPI.get, TransferRef(transferId: id), actor: session.actor).kind.rawValue
        if !posted.trimmed("find").isEmpty { return await editPage(visit, session, id: id, form) }
        do throws(ErrorBody) {
            _ = try await portal.gateway.call(TransfersAPI.resubmit, form.resubmitRequest(id), actor: session.actor)
            return visit.finish(Pages.redirect("/admin/transfers/\(OrgAdminKit.escape(id))?done=resubmitted"))
        } catch {
            return await editPage(visit, session, id: id, form, errors: FormErrors(error, inputs: TransferApplyForm.inputs),
                                  status: LoginRoutes.status(error))
        }
    }

    // MARK: 发函单位设置

    static let letterheadInputs: [(name: String, label: String)] = [("address", "通讯地址"), ("phone", "联系电话"), ("fax", "传真"),
                                                                      ("postcode", "邮政编码")]

    func letterheadPage(_ visit: Visit, _ session: SignedIn, values: [String: String], errors: FormErrors = FormErrors(),
                        notice: Any = false, status: HTTPResponse.Status = .ok) async -> Response {
        var data = await portal.adminPage(visit, session, title: "发函单位设置", current: "/admin/transfers/letterhead")
        data["fields"] = Self.letterheadInputs.map { AdminField(form: "lh", name: $0.name, label: $0.label, value: values[$0.name] ?? "").data(errors) }
        data["formError"] = OrgAdminKit.some(errors.general)
        data["notice"] = notice
        return visit.finish(portal.pages.html("tr_letterhead", data, status: status))
    }

    @Sendable func letterhead(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .admin)
        do throws(ErrorBody) {
            let current = try await portal.gateway.call(TransfersAPI.letterheadGet, LetterheadRef(), actor: session.actor)
            return await letterheadPage(visit, session, values: ["address": current.address, "phone": current.phone, "fax": current.fax,
                                                                 "postcode": current.postcode],
                                        notice: OrgAdminKit.query(request, "done") == "saved" ? "发函单位信息已保存。" : false)
        } catch {
            return await letterheadPage(visit, session, values: [:], errors: FormErrors(general: error.message))
        }
    }

    @Sendable func saveLetterhead(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .admin)
        let form = try await portal.form(request, visit: visit)
        let values = Dictionary(uniqueKeysWithValues: Self.letterheadInputs.map { ($0.name, form.trimmed($0.name)) })
        do throws(ErrorBody) {
            _ = try await portal.gateway.call(TransfersAPI.letterheadSet,
                                              Letterhead(orgCode: session.actor.orgCode ?? "", address: values["address"] ?? "",
                                                         phone: values["phone"] ?? "", fax: values["fax"] ?? "", postcode: values["postcode"] ?? ""),
                                              actor: session.actor)
            return visit.finish(Pages.redirect("/admin/transfers/letterhead?done=saved"))
        } catch {
            return await letterheadPage(visit, session, values: values, errors: FormErrors(error, inputs: Set(values.keys)),
                                        status: LoginRoutes.status(error))
        }
    }
}
