import Foundation
import Notifications
import Schema
import ServiceKit

/// The bus requests of notifications. Commands run in one write transaction with request-id
/// de-duplication; queries read.
func registerRoutes(_ host: ServiceHost, settings: NotificationsSettings) {
    let router = host.router, store = host.store
    @Sendable func actor(_ context: RequestContext) -> Actor { context.actor ?? Actor(kind: .anonymous, id: "") }

    router.command(NotificationsType.noticePublish, PublishNotice.self, store: store) { request, context, db in
        try Notices.publish(db, request, by: actor(context), settings: settings, now: Date())
    }
    router.query(NotificationsType.noticeList, NoticeListRequest.self) { request, context in
        try await store.read { db in try Notices.list(db, request, by: actor(context)) }
    }
    router.command(NotificationsType.noticeGet, NoticeRef.self, store: store) { request, context, db in
        try Notices.get(db, request, by: actor(context), settings: settings, now: Date())
    }
    router.query(NotificationsType.noticeReceipts, NoticeReceiptsRequest.self) { request, context in
        try await store.read { db in try Notices.receipts(db, request, by: actor(context), settings: settings) }
    }
    router.query(NotificationsType.inboxList, InboxListRequest.self) { request, context in
        try await store.read { db in try Inbox.list(db, request, by: actor(context)) }
    }
    router.command(NotificationsType.inboxRead, InboxReadRequest.self, store: store) { request, context, db in
        try Inbox.markRead(db, request, by: actor(context), now: Date())
    }
    router.query(NotificationsType.inboxUnreadCount, Empty.self) { _, context in
        try await store.read { db in try Inbox.unreadCount(db, by: actor(context)) }
    }
    router.query(NotificationsType.deliveryGet, DeliveryRef.self) { request, context in
        try await store.read { db in try DeliveryStatus.get(db, request, by: actor(context)) }
    }
    router.command(NotificationsType.callbackSms, [SmsReport].self, store: store) { request, _, db in
        CallbackAck(matched: try Reports.applySms(db, request, now: Date()))
    }
    router.command(NotificationsType.callbackWechat, WeChatCallback.self, store: store) { request, _, db in
        CallbackAck(matched: try Reports.applyWeChat(db, request, token: settings.wechatToken, now: Date()))
    }
}
