import Schema

/// JSON Schemas of notifications' bodies, written from the Codable types in
/// `Shared/Schema/Notifications/NotificationsMessages.swift` (optional properties are absent, never null).
public enum NotificationSchemas {
    public typealias S = JSONSchema

    // MARK: Notices

    public static let publish = S.object([
        "title": .string(minLength: 1, description: "标题"),
        "content": .string(minLength: 1, description: "正文"),
        "orgCodes": S.array(.string(minLength: 1)).described("接收组织代码：各组织及其全部下级组织的党员"),
    ], required: ["title", "content", "orgCodes"])
    public static let notice = S.record([
        "id": .string, "title": .string, "content": .string, "orgCodes": .array(.string), "publishedBy": .string,
        "publishedAt": .dateTime, "recipients": .integer(minimum: 0), "fanoutDone": .boolean,
        "readAt": .dateTime,
    ], optional: ["readAt"])
    public static let noticeList = S.record(["items": .array(notice), "total": .integer(minimum: 0), "unread": .integer(minimum: 0)])
    public static let receipts = S.record([
        "noticeId": .string, "recipients": .integer(minimum: 0), "read": .integer(minimum: 0), "unread": .integer(minimum: 0),
        "notRead": .array(S.record(["memberId": .string, "name": .string, "orgCode": .string])),
    ])

    // MARK: Inbox

    public static let inboxItem = S.record([
        "id": .string, "kind": .string(description: "notice，或引起该消息的事件类型"), "noticeId": .string,
        "title": .string, "body": .string, "createdAt": .dateTime, "readAt": .dateTime,
    ], optional: ["noticeId", "readAt"])
    public static let inboxPage = S.record(["items": .array(inboxItem), "total": .integer(minimum: 0), "unread": .integer(minimum: 0)])
    public static let inboxRead = S.object(["ids": .array(.string), "all": .boolean],
                                           description: "给出 ids（1 至 500 个消息编号）或 all=true")
    public static let unreadCount = S.record(["unread": .integer(minimum: 0)])

    // MARK: Deliveries

    public static let delivery = S.record([
        "id": .string, "channel": .enum(["wechat", "sms"]),
        "state": .enum(["pending", "sending", "sent", "delivered", "failed"]),
        "memberId": .string, "templateKey": .string, "recipient": .string(description: "脱敏的手机号或 openid"),
        "attempts": .integer(minimum: 0), "providerMessageId": .string, "lastError": .string, "fallbackOf": .string,
        "createdAt": .dateTime, "updatedAt": .dateTime,
    ], optional: ["memberId", "recipient", "providerMessageId", "lastError", "fallbackOf"])

    // MARK: Provider callbacks

    /// Aliyun's SmsReport push: a JSON array of reports.
    public static let smsReports = S.array(S.object([
        "phone_number": .string, "send_time": .string, "report_time": .string, "success": .boolean,
        "err_code": .string, "err_msg": .string, "sms_size": .string, "biz_id": .string, "out_id": .string,
    ], required: ["success"])).described("阿里云短信状态报告（SmsReport）数组")
    /// What Aliyun expects back, exactly.
    public static let smsAck = S.record(["code": .integer(minimum: 0, maximum: 0), "msg": .enum(["成功"])])
    public static let wechatXML = S.string(description: "微信推送的 XML（如 TEMPLATESENDJOBFINISH 事件）")
    public static let wechatAck = S.enum(["success"])
    public static let echo = S.string(description: "查询参数 echostr 原样返回")
}

