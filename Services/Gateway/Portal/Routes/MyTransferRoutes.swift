import Foundation
import GatewayApp
import HTTPTypes
import Hummingbird
import Schema

/// 组织关系转接 of a member (seed 002): 我的组织关系 (every transfer with its timeline), 我要转移组织关系,
/// 撤回, 返回修改 后重新提交, 打印介绍信 (once) and 上传回执.
struct MyTransferRoutes: Sendable {
    let portal: PortalState

    func add(to group: RouterGroup<GatewayContext>) {
        group.get("/me/transfers", use: mine)
        group.get("/me/transfers/new", use: showApply)
        group.post("/me/transfers/new", use: apply)
        group.get("/me/transfers/{id}/edit", use: showEdit)
        group.post("/me/transfers/{id}/edit", use: edit)
        group.post("/me/transfers/{id}/withdraw", use: withdraw)
        group.post("/me/transfers/{id}/letter", use: printLetter)
        group.post("/me/transfers/{id}/receipt", use: upload)
        group.get("/me/transfers/{id}/receipt", use: receipt)
    }

    static let notices = ["applied": "转接申请已提交，请留意办理进度。", "withdrawn": "转接申请已撤回。", "resubmitted": "修改后的申请已重新提交。",
                          "uploaded": "回执已上传。"]

    func minePage(_ visit: Visit, _ session: SignedIn, notice: Any = false, error: String? = nil,
                  status: HTTPResponse.Status = .ok) async throws -> Response {
        let list = try await portal.gateway.call(TransfersAPI.mine, Empty(), actor: session.actor)
        var data = await portal.memberPage(visit, session, title: "我的组织关系", current: "/me")
        let branch = try? await portal.gateway.call(IdentityAPI.branchMine, Empty(), actor: session.actor)
        data["branchName"] = branch?.orgName ?? "—"
        data["branchUnit"] = OrgAdminKit.some(branch.flatMap { $0.unit.isEmpty ? nil : $0.unit })
        data["transfers"] = list.items.map(TransferKit.data)
        data["hasTransfers"] = !list.items.isEmpty
        data["hasOpen"] = list.items.contains { $0.status.isOpen }
        data["notice"] = notice
        data["formError"] = OrgAdminKit.some(error)
        return visit.finish(portal.pages.html("tr_mine", data, status: status))
    }

    @Sendable func mine(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .member)
        return try await minePage(visit, session, notice: OrgAdminKit.notice(request, Self.notices))
    }

    func applyPage(_ visit: Visit, _ session: SignedIn, _ form: TransferApplyForm, errors: FormErrors = FormErrors(),
                   transferId: String? = nil, status: HTTPResponse.Status = .ok) async -> Response {
        let title = transferId == nil ? "我要转移组织关系" : "修改转接申请"
        var data = await portal.memberPage(visit, session, title: title, current: "/me")
        let action = transferId.map { "/me/transfers/\(OrgAdminKit.escape($0))/edit" } ?? "/me/transfers/new"
        data.merge(await form.data(portal: portal, actor: session.actor, action: action, errors: errors, withMember: false,
                                   kindFixed: transferId != nil)) { _, new in new }
        data["heading"] = title
        data["back"] = "/me/transfers"
        return visit.finish(portal.pages.html("tr_apply_member", data, status: status))
    }

    @Sendable func showApply(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .member)
        return await applyPage(visit, session, TransferApplyForm())
    }

    @Sendable func apply(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .member)
        let posted = try await portal.form(request, visit: visit)
        var form = TransferApplyForm(posted)
        form.memberId = ""
        if !posted.trimmed("find").isEmpty { return await applyPage(visit, session, form) }
        do throws(ErrorBody) {
            _ = try await portal.gateway.call(TransfersAPI.apply, form.applyRequest, actor: session.actor)
            return visit.finish(Pages.redirect("/me/transfers?done=applied"))
        } catch {
            return await applyPage(visit, session, form, errors: FormErrors(error, inputs: TransferApplyForm.inputs),
                                   status: LoginRoutes.status(error))
        }
    }

    @Sendable func showEdit(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .member)
        let id = OrgAdminKit.parameter(context, "id")
        let transfer = try await portal.gateway.call(TransfersAPI.get, TransferRef(transferId: id), actor: session.actor)
        return await applyPage(visit, session, TransferApplyForm(transfer), transferId: id)
    }

    @Sendable func edit(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .member)
        let id = OrgAdminKit.parameter(context, "id")
        let posted = try await portal.form(request, visit: visit)
        var form = TransferApplyForm(posted)
        let transfer = try await portal.gateway.call(TransfersAPI.get, TransferRef(transferId: id), actor: session.actor)
        form.kind = transfer.kind.rawValue
        if !posted.trimmed("find").isEmpty { return await applyPage(visit, session, form, transferId: id) }
        do throws(ErrorBody) {
            _ = try await portal.gateway.call(TransfersAPI.resubmit, form.resubmitRequest(id), actor: session.actor)
            return visit.finish(Pages.redirect("/me/transfers?done=resubmitted"))
        } catch {
            return await applyPage(visit, session, form, errors: FormErrors(error, inputs: TransferApplyForm.inputs), transferId: id,
                                   status: LoginRoutes.status(error))
        }
    }

    @Sendable func withdraw(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .member)
        _ = try await portal.form(request, visit: visit)
        do throws(ErrorBody) {
            _ = try await portal.gateway.call(TransfersAPI.withdraw, TransferRef(transferId: OrgAdminKit.parameter(context, "id")),
                                              actor: session.actor)
            return visit.finish(Pages.redirect("/me/transfers?done=withdrawn"))
        } catch {
            return try await minePage(visit, session, error: error.message, status: LoginRoutes.status(error))
        }
    }

    /// The letter's PDF, once: a second print is refused with the service's message (ask the committee).
    @Sendable func printLetter(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .member)
        _ = try await portal.form(request, visit: visit)
        do throws(ErrorBody) {
            let pdf = try await portal.gateway.call(TransfersAPI.letterPrint, TransferRef(transferId: OrgAdminKit.parameter(context, "id")),
                                                    actor: session.actor)
            return visit.finish(Download.file(pdf))
        } catch {
            return try await minePage(visit, session, error: error.message, status: LoginRoutes.status(error))
        }
    }

    @Sendable func upload(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .member)
        let id = OrgAdminKit.parameter(context, "id")
        let form = try await portal.multipartForm(request, visit: visit, limit: TransferKit.receiptLimit)
        guard let upload = TransferKit.uploadRequest(form, transferId: id) else {
            return try await minePage(visit, session, error: "请选择回执文件（JPG、PNG 或 PDF）", status: .unprocessableContent)
        }
        do throws(ErrorBody) {
            _ = try await portal.gateway.call(TransfersAPI.receiptUpload, upload, actor: session.actor)
            return visit.finish(Pages.redirect("/me/transfers?done=uploaded"))
        } catch {
            return try await minePage(visit, session, error: error.message, status: LoginRoutes.status(error))
        }
    }

    @Sendable func receipt(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .member)
        let file = try await portal.gateway.call(TransfersAPI.receiptGet, TransferRef(transferId: OrgAdminKit.parameter(context, "id")),
                                                 actor: session.actor)
        return visit.finish(Download.file(file, inline: true))
    }
}
