import Foundation
import GatewayApp
import HTTPTypes
import Hummingbird
import Schema

/// 通知公告 for administrators: the notices they published, a new one (to organizations of their
/// subtree, where notifications lets them publish), and one notice with its read receipts.
struct NoticeAdminRoutes: Sendable {
    let portal: PortalState

    func add(to group: RouterGroup<GatewayContext>) {
        group.get("/admin/notices", use: list)
        group.post("/admin/notices", use: publish)
        group.get("/admin/notices/{noticeId}", use: show)
    }

    func page(_ visit: Visit, _ session: SignedIn, failed: FailedForm? = nil) async throws -> Response {
        let notices = try await portal.gateway.call(NotificationsAPI.noticeList, NoticeListRequest(limit: 50), actor: session.actor)
        var data = await portal.adminPage(visit, session, title: "通知公告", current: "/admin/notices")
        data["notices"] = notices.items.map { notice -> [String: Any] in
            ["id": notice.id, "title": notice.title, "publishedAt": Format.dateTime(notice.publishedAt),
             "orgCodes": notice.orgCodes.joined(separator: "、"), "recipients": notice.recipients]
        }
        data["empty"] = notices.items.isEmpty
        data["fields"] = AdminField.list([
            AdminField(form: "notice", name: "title", label: "标题", value: failed.value("notice", "title", ""), required: true),
            AdminField(form: "notice", name: "content", label: "正文", value: failed.value("notice", "content", ""), required: true,
                       multiline: true),
            AdminField(form: "notice", name: "orgCodes", label: "接收组织代码",
                       value: failed.value("notice", "orgCodes", session.actor.orgCode ?? ""), required: true,
                       hint: "该组织及其下级的全体党员和管理员将收到通知；多个组织用逗号分隔", suggest: true),
        ], failed.errors(for: "notice"))
        data["formError"] = failed.general(for: "notice")
        return visit.finish(portal.pages.html("oa_notices", data, status: failed.status))
    }

    @Sendable func list(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .admin)
        return try await page(visit, session)
    }

    @Sendable func publish(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .admin)
        let form = try await portal.form(request, visit: visit)
        let codes = form.trimmed("orgCodes").split { ",，、 ".contains($0) }.map(String.init)
        do throws(ErrorBody) {
            let notice = try await portal.gateway.call(NotificationsAPI.noticePublish,
                                                       PublishNotice(title: form.trimmed("title"), content: form.trimmed("content"),
                                                                     orgCodes: codes), actor: session.actor)
            return visit.finish(Pages.redirect("/admin/notices/\(OrgAdminKit.escape(notice.id))?done=published"))
        } catch {
            return try await page(visit, session, failed: FailedForm("notice", error, inputs: ["title", "content", "orgCodes"],
                                                                     values: form.values))
        }
    }

    @Sendable func show(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .admin)
        let noticeId = OrgAdminKit.parameter(context, "noticeId")
        let offset = max(0, Int(OrgAdminKit.query(request, "offset")) ?? 0)
        let notice = try await portal.gateway.call(NotificationsAPI.noticeGet, NoticeRef(noticeId: noticeId), actor: session.actor)
        let receipts = try await portal.gateway.call(NotificationsAPI.noticeReceipts,
                                                     NoticeReceiptsRequest(noticeId: noticeId, offset: offset, limit: 50),
                                                     actor: session.actor)
        var data = await portal.adminPage(visit, session, title: "通知详情", current: "/admin/notices")
        data["notice"] = OrgAdminKit.notice(request, ["published": "通知已发布，正在送达接收人。"])
        data["item"] = ["id": notice.id, "title": notice.title, "content": notice.content,
                        "publishedAt": Format.dateTime(notice.publishedAt), "orgCodes": notice.orgCodes.joined(separator: "、"),
                        "fanout": notice.fanoutDone ? "已全部送达" : "正在送达"] as [String: Any]
        data["receipts"] = ["recipients": receipts.recipients, "read": receipts.read, "unread": receipts.unread] as [String: Any]
        data["notRead"] = receipts.notRead.map { ["name": $0.name, "orgCode": $0.orgCode] }
        data["hasNotRead"] = !receipts.notRead.isEmpty
        let base = "/admin/notices/\(OrgAdminKit.escape(noticeId))?offset="
        data["previous"] = OrgAdminKit.some(offset > 0 ? base + String(max(0, offset - 50)) : nil)
        data["next"] = OrgAdminKit.some(offset + receipts.notRead.count < receipts.unread ? base + String(offset + receipts.notRead.count) : nil)
        return visit.finish(portal.pages.html("oa_notice", data))
    }
}
