import Foundation
import GatewayApp
import Hummingbird
import Schema

/// 通知公告 and 我的消息: what notifications delivered to the member. Opening a notice marks it read
/// (notifications does, on get); opening a message marks it read (inbox.read).
struct MemberMessageRoutes: Sendable {
    let portal: PortalState

    func add(to group: RouterGroup<GatewayContext>) {
        group.get("/me/notices", use: notices)
        group.get("/me/notices/{noticeId}", use: notice)
        group.get("/me/messages", use: messages)
        group.get("/me/messages/{messageId}", use: message)
        group.post("/me/messages/read-all", use: readAll)
    }

    static func excerpt(_ text: String) -> String { text.count > 60 ? String(text.prefix(60)) + "…" : text }

    @Sendable func notices(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .member)
        let list = try await portal.gateway.call(NotificationsAPI.noticeList, NoticeListRequest(limit: 50), actor: session.actor)
        var data = await portal.memberPage(visit, session, title: "通知公告", current: "/me/notices")
        data["items"] = list.items.map { n -> [String: Any] in
            ["id": n.id, "title": n.title, "when": Format.dateTime(n.publishedAt), "unread": n.readAt == nil, "excerpt": Self.excerpt(n.content)]
        }
        data["empty"] = list.items.isEmpty
        return visit.finish(portal.pages.html("member_notices", data))
    }

    @Sendable func notice(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .member)
        let notice = try await portal.gateway.call(NotificationsAPI.noticeGet, NoticeRef(noticeId: OrgAdminKit.parameter(context, "noticeId")),
                                                   actor: session.actor)
        var data = await portal.memberPage(visit, session, title: notice.title, current: "/me/notices")
        data["heading"] = notice.title
        data["when"] = Format.dateTime(notice.publishedAt)
        data["content"] = notice.content
        data["back"] = "/me/notices"
        data["backLabel"] = "返回通知公告"
        return visit.finish(portal.pages.html("member_message", data))
    }

    @Sendable func messages(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .member)
        let page = try await portal.gateway.call(NotificationsAPI.inboxList, InboxListRequest(limit: 50), actor: session.actor)
        var data = await portal.memberPage(visit, session, title: "我的消息", current: "/me/messages")
        data["items"] = page.items.map { m -> [String: Any] in
            ["id": m.id, "title": m.title, "when": Format.dateTime(m.createdAt), "unread": m.readAt == nil, "excerpt": Self.excerpt(m.body)]
        }
        data["empty"] = page.items.isEmpty
        data["anyUnread"] = page.unread > 0
        return visit.finish(portal.pages.html("member_messages", data))
    }

    @Sendable func message(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .member)
        let id = OrgAdminKit.parameter(context, "messageId")
        // The inbox has no single-message read: find it on the member's pages (newest first).
        var found: InboxItem?
        var offset = 0
        while found == nil {
            let page = try await portal.gateway.call(NotificationsAPI.inboxList, InboxListRequest(offset: offset, limit: 100), actor: session.actor)
            found = page.items.first { $0.id == id }
            offset += page.items.count
            if page.items.isEmpty || offset >= page.total { break }
        }
        // A message not (or no longer) in the inbox: the Chinese 404 page, not a 500.
        guard let item = found else { throw ErrorBody.make(ErrorCode.notFound) }
        if item.readAt == nil {
            _ = try await portal.gateway.call(NotificationsAPI.inboxRead, InboxReadRequest(ids: [id]), actor: session.actor)
        }
        // The badge shows the count after this read.
        var data = await portal.memberPage(visit, session, title: item.title, current: "/me/messages")
        data["heading"] = item.title
        data["when"] = Format.dateTime(item.createdAt)
        data["content"] = item.body
        data["back"] = "/me/messages"
        data["backLabel"] = "返回我的消息"
        if let noticeId = item.noticeId { data["noticeHref"] = "/me/notices/" + OrgAdminKit.escape(noticeId) }
        return visit.finish(portal.pages.html("member_message", data))
    }

    @Sendable func readAll(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .member)
        _ = try await portal.form(request, visit: visit)
        _ = try await portal.gateway.call(NotificationsAPI.inboxRead, InboxReadRequest(all: true), actor: session.actor)
        return visit.finish(Pages.redirect("/me/messages"))
    }
}
