import Foundation
import GRDB
import Schema
import Store

extension ContactBook {
    /// WeChat's `unsubscribe` push: nothing goes to that openid any more (its member's messages fall
    /// back to SMS at once), and `notifications.wechat.unsubscribed` tells identity to unbind it.
    /// Returns how many contacts held the openid.
    static func unsubscribed(_ db: Database, openid: String, at: Double?, now: Date) throws -> Int {
        try db.cachedStatement(sql: "UPDATE contact SET openid = NULL, updatedAt = ? WHERE openid = ?").execute(arguments: [now, openid])
        let matched = db.changesCount
        _ = try EventWriter.append(db, type: NotificationsEvent.wechatUnsubscribed,
                                   body: WeChatUnsubscribedEvent(openid: openid, at: at.map { Date(timeIntervalSince1970: $0) }),
                                   actor: Actor.service("notifications"))
        return matched
    }
}
