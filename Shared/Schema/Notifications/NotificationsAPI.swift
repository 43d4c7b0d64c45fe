/// The notifications service's contract: notices, the inbox, delivery status and the provider
/// callbacks, declared once. Bodies: NotificationsMessages.swift.
///
/// Callbacks carry no bearer token; each is authenticated the way its provider does it: WeChat signs
/// every push and its server-URL check with sha1(sort(token, timestamp, nonce)), which notifications
/// (the token's owner) verifies; Aliyun does not sign SMS report pushes, so the endpoint is
/// rate-limited per client address and a report applies only to an SMS in flight whose OutId or
/// BizId matches.
public enum NotificationsAPI: ServiceContract {
    public static let service = "notifications"
    typealias E = ErrorCode

    // MARK: Notices
    /// Actors whose roles the setting allows (by default the city's administrators).
    public static let noticePublish = BusOperation<PublishNotice, NoticeView>(
        "notifications.notice.publish", .command, callers: .admin,
        http: .post("/api/v1/notices", "发布通知公告（面向组织及其下级的全体党员和管理员）", tag: "notices"),
        errors: [E.notificationsForbidden, E.notificationsInvalid, E.notificationsOrgNotFound])
    /// A member: notices addressed to them; an administrator: notices they published.
    public static let noticeList = BusOperation<NoticeListRequest, NoticeList>(
        "notifications.notice.list", .query, callers: .people,
        http: .get("/api/v1/notices", "通知列表（党员：收到的；管理员：本人发布的）", tag: "notices"))
    /// A recipient (member or administrator) reading it marks it read, hence a command.
    public static let noticeGet = BusOperation<NoticeRef, NoticeView>(
        "notifications.notice.get", .command, callers: .people,
        http: .get("/api/v1/notices/{noticeId}", "通知详情（收件的党员或管理员阅读即标记已读）", tag: "notices"),
        errors: [E.notificationsForbidden, E.notificationsNoticeNotFound])
    /// The publisher, or an administrator of the publisher's role.
    public static let noticeReceipts = BusOperation<NoticeReceiptsRequest, NoticeReceipts>(
        "notifications.notice.receipts", .query, callers: .people,
        http: .get("/api/v1/notices/{noticeId}/receipts", "阅读回执：已读、未读人数及未读名单", tag: "notices"),
        errors: [E.notificationsForbidden, E.notificationsNoticeNotFound])

    // MARK: Inbox
    /// The caller's own inbox: a member's (by member id) or an administrator account's (by account id).
    public static let inboxList = BusOperation<InboxListRequest, InboxPage>(
        "notifications.inbox.list", .query, callers: .people,
        http: .get("/api/v1/inbox", "本人消息（站内信；党员与管理员各自的收件箱）", tag: "inbox"),
        errors: [E.notificationsForbidden])
    public static let inboxRead = BusOperation<InboxReadRequest, UnreadCount>(
        "notifications.inbox.read", .command, callers: .people,
        http: .post("/api/v1/inbox/read", "标记消息已读（指定 ids 或 all=true）", tag: "inbox"),
        errors: [E.notificationsForbidden])
    public static let inboxUnreadCount = BusOperation<Empty, UnreadCount>(
        "notifications.inbox.unread_count", .query, callers: .people,
        http: .get("/api/v1/inbox/unread-count", "未读消息数", tag: "inbox"),
        errors: [E.notificationsForbidden])

    // MARK: Deliveries
    /// The recipient, administrators whose subtree holds the recipient, services.
    public static let deliveryGet = BusOperation<DeliveryRef, DeliveryView>(
        "notifications.delivery.get", .query, callers: .people,
        http: .get("/api/v1/deliveries/{deliveryId}", "消息发送状态（短信/微信模板消息）", tag: "deliveries"),
        errors: [E.notificationsForbidden, E.notificationsDeliveryNotFound])
    /// Deliveries of one notice (an administrator over all its organizations), one event or source
    /// (rows outside the caller's subtree left out), one member or administrator account (in scope);
    /// a member: their own only. Services and the city: any.
    public static let deliveryList = BusOperation<DeliveryListRequest, DeliveryList>(
        "notifications.delivery.list", .query, callers: .people,
        http: .get("/api/v1/deliveries", "消息发送状态查询（按通知、事件、来源、党员或管理员；手机号脱敏）", tag: "deliveries"),
        errors: [E.notificationsForbidden, E.notificationsDeliveryFilterInvalid, E.notificationsNoticeNotFound])

    // MARK: Provider callbacks (no token: the provider's own authentication, see above)
    /// Aliyun's SMS report push: a JSON array, answered with Aliyun's acknowledgement.
    public static let callbackSms = BusOperation<[SmsReport], CallbackAck>(
        "notifications.callback.sms", .command, callers: .anyone,
        http: HTTPBinding(.POST, "/api/v1/callbacks/sms", "阿里云短信状态报告推送（JSON 数组，无签名）", tag: "callbacks",
                          open: true, rateLimit: .callback, request: .jsonValue,
                          response: .fixed(#"{"code":0,"msg":"成功"}"#, mediaType: "application/json")))
    /// WeChat's pushed XML with the signature in the query.
    public static let callbackWechat = BusOperation<WeChatCallback, CallbackAck>(
        "notifications.callback.wechat", .command, callers: .anyone,
        http: HTTPBinding(.POST, "/api/v1/callbacks/wechat", "微信公众号事件推送（XML，签名在查询参数中，由通知服务校验）",
                          tag: "callbacks", open: true, query: ["signature", "timestamp", "nonce", "openid"],
                          rateLimit: .callback, request: .text(field: "xml", mediaTypes: ["application/xml", "text/xml"]),
                          response: .fixed("success", mediaType: "text/plain")),
        errors: [E.notificationsSignatureInvalid, E.notificationsReportEarly])
    /// WeChat's server-URL check: `echostr` itself when the signature matches, else 403.
    public static let callbackWechatCheck = BusOperation<WeChatServerCheck, String>(
        "notifications.callback.wechat_check", .query, callers: .anyone,
        http: HTTPBinding(.GET, "/api/v1/callbacks/wechat", "微信服务器地址校验：签名正确时原样返回 echostr，否则 403",
                          tag: "callbacks", open: true, rateLimit: .callback, response: .text(mediaType: "text/plain")),
        errors: [E.notificationsSignatureInvalid])

    // MARK: Email
    /// Services only (payments' 电子凭证 and 缴费证明): sent at once through the SMTP relay of the
    /// settings, the relay's answer returned (messages: NotificationsEmail.swift).
    public static let emailSend = BusOperation<EmailSendRequest, EmailSent>(
        "notifications.email.send", .command, callers: .service,
        errors: [E.notificationsEmailUnavailable, E.notificationsEmailInvalid, E.notificationsEmailRejected, E.notificationsEmailFailed])

    public static let operations: [OperationDescriptor] = ([
        noticePublish, noticeList, noticeGet, noticeReceipts, inboxList, inboxRead, inboxUnreadCount, deliveryGet,
        deliveryList, callbackSms, callbackWechat, callbackWechatCheck,
        emailSend,
    ] as [any DeclaredOperation]).map(\.descriptor)
}
