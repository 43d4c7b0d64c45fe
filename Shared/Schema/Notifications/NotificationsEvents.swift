import Foundation

/// Event type strings notifications emits.
public enum NotificationsEvent {
    /// WeChatUnsubscribedEvent: a follower unsubscribed from the official account (WeChat's
    /// `unsubscribe` push); identity unbinds the member, so nothing is sent to that openid again.
    public static let wechatUnsubscribed = "notifications.wechat.unsubscribed"
}

/// notifications.wechat.unsubscribed
public struct WeChatUnsubscribedEvent: Codable, Sendable, Equatable {
    public var openid: String
    /// WeChat's CreateTime (seconds since 1970), when given.
    public var at: Date?
    public init(openid: String, at: Date?) {
        self.openid = openid
        self.at = at
    }
}
