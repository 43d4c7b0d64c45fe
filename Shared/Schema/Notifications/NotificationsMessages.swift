import Foundation

extension ErrorCode {
    public static let notificationsForbidden = define("notifications.forbidden", "无权进行此操作")
    public static let notificationsNoticeNotFound = define("notifications.notice_not_found", "通知不存在")
    public static let notificationsDeliveryNotFound = define("notifications.delivery_not_found", "消息发送记录不存在")
    public static let notificationsOrgNotFound = define("notifications.org_not_found", "组织不存在")
    public static let notificationsInvalid = define("notifications.invalid", "请填写标题、正文和接收组织")
    public static let notificationsSignatureInvalid = define("notifications.signature_invalid", "回调签名校验失败", status: 403)
    /// A WeChat report for a message whose send is not yet recorded here: the provider pushes again.
    public static let notificationsReportEarly = define("notifications.report_early", "消息发送记录尚未保存，请稍后重新推送", status: 503)
    /// `notifications.delivery.list` needs exactly one of noticeId, eventId, sourceKey, or a recipient (memberId / adminId).
    public static let notificationsDeliveryFilterInvalid = define(
        "notifications.delivery_filter_invalid", "请指定一项查询条件：通知、事件、来源，或党员、管理员", status: 400)
}

// MARK: Notices

public struct PublishNotice: Codable, Sendable, Equatable {
    public var title: String
    public var content: String
    /// Organizations whose whole subtree (and its active members) receive the notice.
    public var orgCodes: [String]
    public init(title: String, content: String, orgCodes: [String]) {
        self.title = title
        self.content = content
        self.orgCodes = orgCodes
    }
}

public struct NoticeRef: Codable, Sendable, Equatable {
    public var noticeId: String
    public init(noticeId: String) { self.noticeId = noticeId }
}

public struct NoticeView: Codable, Sendable, Equatable {
    public var id: String
    public var title: String
    public var content: String
    public var orgCodes: [String]
    public var publishedBy: String
    public var publishedAt: Date
    /// Recipients enqueued so far; final once `fanoutDone`.
    public var recipients: Int
    public var fanoutDone: Bool
    /// For a member reading it: when they read it.
    public var readAt: Date?
    public init(id: String, title: String, content: String, orgCodes: [String], publishedBy: String, publishedAt: Date,
                recipients: Int, fanoutDone: Bool, readAt: Date? = nil) {
        self.id = id
        self.title = title
        self.content = content
        self.orgCodes = orgCodes
        self.publishedBy = publishedBy
        self.publishedAt = publishedAt
        self.recipients = recipients
        self.fanoutDone = fanoutDone
        self.readAt = readAt
    }
}

public struct NoticeListRequest: Codable, Sendable, Equatable {
    public var unreadOnly: Bool?
    public var offset: Int?
    public var limit: Int?
    public init(unreadOnly: Bool? = nil, offset: Int? = nil, limit: Int? = nil) {
        self.unreadOnly = unreadOnly
        self.offset = offset
        self.limit = limit
    }
}

public struct NoticeList: Codable, Sendable, Equatable {
    public var items: [NoticeView]
    public var total: Int
    public var unread: Int
    public init(items: [NoticeView], total: Int, unread: Int) {
        self.items = items
        self.total = total
        self.unread = unread
    }
}

public struct NoticeReceiptsRequest: Codable, Sendable, Equatable {
    public var noticeId: String
    /// Page through who has not read it.
    public var offset: Int?
    public var limit: Int?
    public init(noticeId: String, offset: Int? = nil, limit: Int? = nil) {
        self.noticeId = noticeId
        self.offset = offset
        self.limit = limit
    }
}

public struct NoticeReader: Codable, Sendable, Equatable {
    public var memberId: String
    public var name: String
    public var orgCode: String
    public init(memberId: String, name: String, orgCode: String) {
        self.memberId = memberId
        self.name = name
        self.orgCode = orgCode
    }
}

public struct NoticeReceipts: Codable, Sendable, Equatable {
    public var noticeId: String
    public var recipients: Int
    public var read: Int
    public var unread: Int
    /// A page of those who have not read it, by member id.
    public var notRead: [NoticeReader]
    public init(noticeId: String, recipients: Int, read: Int, unread: Int, notRead: [NoticeReader]) {
        self.noticeId = noticeId
        self.recipients = recipients
        self.read = read
        self.unread = unread
        self.notRead = notRead
    }
}

// MARK: Inbox

public struct InboxListRequest: Codable, Sendable, Equatable {
    public var unreadOnly: Bool?
    public var offset: Int?
    public var limit: Int?
    public init(unreadOnly: Bool? = nil, offset: Int? = nil, limit: Int? = nil) {
        self.unreadOnly = unreadOnly
        self.offset = offset
        self.limit = limit
    }
}

public struct InboxItem: Codable, Sendable, Equatable {
    public var id: String
    /// "notice" or the event type that caused it (e.g. "dues.standards.submitted").
    public var kind: String
    public var noticeId: String?
    public var title: String
    public var body: String
    public var createdAt: Date
    public var readAt: Date?
    public init(id: String, kind: String, noticeId: String?, title: String, body: String, createdAt: Date, readAt: Date?) {
        self.id = id
        self.kind = kind
        self.noticeId = noticeId
        self.title = title
        self.body = body
        self.createdAt = createdAt
        self.readAt = readAt
    }
}

public struct InboxPage: Codable, Sendable, Equatable {
    public var items: [InboxItem]
    public var total: Int
    public var unread: Int
    public init(items: [InboxItem], total: Int, unread: Int) {
        self.items = items
        self.total = total
        self.unread = unread
    }
}

/// Mark the given items read, or all of them with `all`.
public struct InboxReadRequest: Codable, Sendable, Equatable {
    public var ids: [String]?
    public var all: Bool?
    public init(ids: [String]? = nil, all: Bool? = nil) {
        self.ids = ids
        self.all = all
    }
}

public struct UnreadCount: Codable, Sendable, Equatable {
    public var unread: Int
    public init(unread: Int) { self.unread = unread }
}

// MARK: Deliveries

public struct DeliveryRef: Codable, Sendable, Equatable {
    public var deliveryId: String
    public init(deliveryId: String) { self.deliveryId = deliveryId }
}

public struct DeliveryView: Codable, Sendable, Equatable {
    public var id: String
    /// "wechat" | "sms"
    public var channel: String
    /// "pending" | "sending" | "sent" | "delivered" | "failed"
    public var state: String
    public var memberId: String?
    /// The template entry (event type or "notice").
    public var templateKey: String
    /// Masked phone or openid.
    public var recipient: String?
    public var attempts: Int
    public var providerMessageId: String?
    public var lastError: String?
    /// The WeChat delivery this SMS stands in for.
    public var fallbackOf: String?
    public var createdAt: Date
    /// When the state last changed (sent, delivered, failed…).
    public var updatedAt: Date
    /// The administrator account it went to (SMS to the account's mobile), when not a member.
    public var adminId: String?
    /// What asked for it: `event:<event id>` (a service's event: a code, a reminder) or `notice:<notice id>`.
    public var sourceKey: String?
    /// When it is (or was) due to be sent: a verification code's slot, a retry's time.
    public var nextAttemptAt: Date?
    public init(id: String, channel: String, state: String, memberId: String?, templateKey: String, recipient: String?,
                attempts: Int, providerMessageId: String?, lastError: String?, fallbackOf: String?,
                createdAt: Date, updatedAt: Date, adminId: String? = nil, sourceKey: String? = nil, nextAttemptAt: Date? = nil) {
        self.adminId = adminId
        self.sourceKey = sourceKey
        self.nextAttemptAt = nextAttemptAt
        self.id = id
        self.channel = channel
        self.state = state
        self.memberId = memberId
        self.templateKey = templateKey
        self.recipient = recipient
        self.attempts = attempts
        self.providerMessageId = providerMessageId
        self.lastError = lastError
        self.fallbackOf = fallbackOf
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// Traces messages to their deliveries. Exactly one selector: what asked for them (`noticeId`,
/// `eventId` — a service's event such as a verification code or a reminder — or a raw `sourceKey`),
/// or whom they went to (`memberId`, `adminId`). A member sees only their own deliveries.
public struct DeliveryListRequest: Codable, Sendable, Equatable {
    public var noticeId: String?
    public var eventId: String?
    public var sourceKey: String?
    public var memberId: String?
    public var adminId: String?
    public var offset: Int?
    public var limit: Int?
    public init(noticeId: String? = nil, eventId: String? = nil, sourceKey: String? = nil, memberId: String? = nil,
                adminId: String? = nil, offset: Int? = nil, limit: Int? = nil) {
        self.noticeId = noticeId
        self.eventId = eventId
        self.sourceKey = sourceKey
        self.memberId = memberId
        self.adminId = adminId
        self.offset = offset
        self.limit = limit
    }
}

/// Deliveries oldest first; phones and openids masked, never a message's text or a code.
public struct DeliveryList: Codable, Sendable, Equatable {
    public var items: [DeliveryView]
    public var total: Int
    public init(items: [DeliveryView], total: Int) {
        self.items = items
        self.total = total
    }
}

// MARK: Provider callbacks (forwarded by the gateway)

/// One element of the JSON array Aliyun pushes for SMS delivery reports (SmsReport message).
public struct SmsReport: Codable, Sendable, Equatable {
    public var phone_number: String?
    public var send_time: String?
    public var report_time: String?
    public var success: Bool
    public var err_code: String?
    public var err_msg: String?
    public var sms_size: String?
    public var biz_id: String?
    public var out_id: String?
    public init(success: Bool, err_code: String? = nil, biz_id: String? = nil, out_id: String? = nil,
                phone_number: String? = nil) {
        self.success = success
        self.err_code = err_code
        self.biz_id = biz_id
        self.out_id = out_id
        self.phone_number = phone_number
    }
}

/// WeChat's push to the account's server URL: the XML body and the query parameters as received.
public struct WeChatCallback: Codable, Sendable, Equatable {
    public var xml: String
    public var signature: String
    public var timestamp: String
    public var nonce: String
    public var openid: String?
    public init(xml: String, signature: String, timestamp: String, nonce: String, openid: String? = nil) {
        self.xml = xml
        self.signature = signature
        self.timestamp = timestamp
        self.nonce = nonce
        self.openid = openid
    }
}

public struct CallbackAck: Codable, Sendable, Equatable {
    /// How many reports matched a delivery.
    public var matched: Int
    public init(matched: Int) { self.matched = matched }
}

/// WeChat's server-URL check (a GET when the official account's server address is saved): the
/// query as received; the reply is `echostr` itself when the signature matches.
public struct WeChatServerCheck: Codable, Sendable, Equatable {
    public var signature: String
    public var timestamp: String
    public var nonce: String
    public var echostr: String
    public init(signature: String, timestamp: String, nonce: String, echostr: String) {
        self.signature = signature
        self.timestamp = timestamp
        self.nonce = nonce
        self.echostr = echostr
    }
}
