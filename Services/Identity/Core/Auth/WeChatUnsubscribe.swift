import Foundation
import GRDB
import Schema
import Store

/// A follower who unsubscribes from the official account is unbound (seed 003): notifications
/// turns WeChat's `unsubscribe` push into `notifications.wechat.unsubscribed`, which identity
/// consumes here. Appends `identity.wechat.unbound` when a member was bound to that openid.
public enum WeChatUnsubscribe {
    /// Applies one event of `notifications` (others are ignored), in the consumer's transaction.
    public static func apply(_ db: Database, event: Envelope<JSONValue>) throws {
        guard event.type == NotificationsEvent.wechatUnsubscribed, let body = event.body else { return }
        let unsubscribed = try body.decode(as: WeChatUnsubscribedEvent.self, at: ["body"])
        guard let memberId = try String.fetchOne(db.cachedStatement(sql: "SELECT memberId FROM auth_wechat WHERE openid = ?"),
                                                 arguments: [unsubscribed.openid]) else { return }
        try db.cachedStatement(sql: "DELETE FROM auth_wechat WHERE openid = ?").execute(arguments: [unsubscribed.openid])
        _ = try EventWriter.append(db, type: IdentityEvent.wechatUnbound,
                               body: WeChatBindingEvent(memberId: memberId, openid: unsubscribed.openid),
                               actor: Actor.service("notifications"), correlationId: event.id)
    }
}
