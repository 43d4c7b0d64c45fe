import Foundation
import Notifications
import Schema
import ServiceKit

/// The bus requests of notifications. Commands run in one write transaction with request-id
/// de-duplication; queries read.
func registerRoutes(_ host: ServiceHost, settings: NotificationsSettings) {
    let router = host.router, store = host.store
    @Sendable func actor(_ context: RequestContext) -> Actor { context.actor ?? Actor(kind: .anonymous, id: "") }

    router.command(NotificationsAPI.noticePublish, store: store) { request, context, db in
        try Notices.publish(db, request, by: actor(context), settings: settings, now: Date())
    }
    router.query(NotificationsAPI.noticeList) { request, context in
        try await store.read { db in try Notices.list(db, request, by: actor(context)) }
    }
    router.command(NotificationsAPI.noticeGet, store: store) { request, context, db in
        try Notices.get(db, request, by: actor(context), settings: settings, now: Date())
    }
    router.query(NotificationsAPI.noticeReceipts) { request, context in
        try await store.read { db in try Notices.receipts(db, request, by: actor(context), settings: settings) }
    }
    router.query(NotificationsAPI.inboxList) { request, context in
        try await store.read { db in try Inbox.list(db, request, by: actor(context)) }
    }
    router.command(NotificationsAPI.inboxRead, store: store) { request, context, db in
        try Inbox.markRead(db, request, by: actor(context), now: Date())
    }
    router.query(NotificationsAPI.inboxUnreadCount) { _, context in
        try await store.read { db in try Inbox.unreadCount(db, by: actor(context)) }
    }
    router.query(NotificationsAPI.deliveryGet) { request, context in
        try await store.read { db in try DeliveryStatus.get(db, request, by: actor(context)) }
    }
    router.query(NotificationsAPI.deliveryList) { request, context in
        try await store.read { db in try DeliveryStatus.list(db, request, by: actor(context)) }
    }
    router.command(NotificationsAPI.callbackSms, store: store) { request, _, db in
        CallbackAck(matched: try Reports.applySms(db, request, now: Date()))
    }
    router.command(NotificationsAPI.callbackWechat, store: store) { request, _, db in
        CallbackAck(matched: try Reports.applyWeChat(db, request, token: settings.wechatToken, now: Date()))
    }
    router.query(NotificationsAPI.callbackWechatCheck) { request, _ in
        try Reports.checkWeChatServer(request, token: settings.wechatToken)
    }
    // Stored, then sent while the caller waits outside any transaction (the relay may take seconds);
    // kept and retried by EmailRetryService when the relay does not take it.
    let outbox = EmailOutbox(store: store, settings: settings.smtp, holder: host.runtime.instance)
    router.query(NotificationsAPI.emailSend) { request, context in
        try await outbox.send(request, requestId: context.requestId)
    }
}
