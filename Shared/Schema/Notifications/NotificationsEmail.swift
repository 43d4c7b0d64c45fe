import Foundation

// MARK: Email (notifications.email.send): a message with attachments through the installation's SMTP relay.

extension ErrorCode {
    /// No relay configured here (notifications' `smtp.host` empty).
    public static let notificationsEmailUnavailable = define(
        "notifications.email_unavailable", "本平台未配置邮件服务，暂不能发送邮件", status: 503)
    public static let notificationsEmailInvalid = define(
        "notifications.email_invalid", "邮件内容无效：请检查收件地址、主题和附件")
    /// The relay refused for good (5xx), e.g. an unknown mailbox.
    public static let notificationsEmailRejected = define(
        "notifications.email_rejected", "邮件服务器拒收：请检查邮箱地址是否正确", status: 422)
    /// The relay could not be reached or answered a temporary refusal (4xx): try again later.
    public static let notificationsEmailFailed = define(
        "notifications.email_failed", "邮件暂时发送失败，请稍后重试", status: 503)
}

public struct EmailAttachment: Codable, Sendable, Equatable {
    public var fileName: String
    public var mediaType: String
    public var contentBase64: String
    public init(fileName: String, mediaType: String, contentBase64: String) {
        self.fileName = fileName; self.mediaType = mediaType; self.contentBase64 = contentBase64
    }
}

public struct EmailSendRequest: Codable, Sendable, Equatable {
    public var to: String
    public var subject: String
    /// Plain text.
    public var body: String
    public var attachments: [EmailAttachment]
    /// Whom it concerns (for the log line; nil for no member).
    public var memberId: String?
    public init(to: String, subject: String, body: String, attachments: [EmailAttachment] = [], memberId: String? = nil) {
        self.to = to; self.subject = subject; self.body = body; self.attachments = attachments; self.memberId = memberId
    }
}

public struct EmailSent: Codable, Sendable, Equatable {
    /// The Message-ID header, without angle brackets.
    public var messageId: String
    /// What the relay answered to the message (its queue id); empty while queued.
    public var relayReply: String
    /// The relay could not be reached (or answered 4xx): kept and tried again until it takes it.
    public var queued: Bool
    public init(messageId: String, relayReply: String, queued: Bool = false) {
        self.messageId = messageId; self.relayReply = relayReply; self.queued = queued
    }
}
