import Crypto
import Foundation
import Schema

extension ErrorCode {
    /// WeChat's server-URL check (`GET /api/v1/callbacks/wechat`) with a signature that does not match.
    public static let httpSignatureInvalid = define("http.signature_invalid", "签名校验失败")
}

/// The HTTP face of notifications: notices, the member's inbox, delivery status, and the provider
/// callbacks (Aliyun SMS reports, WeChat pushes) that replace the test relay.
///
/// Callbacks carry no bearer token; each is authenticated the way its provider does it:
/// - WeChat signs every push with sha1(sort(token, timestamp, nonce)). Notifications verifies POSTs
///   (it owns the token's meaning, the bus contract carries the signature, so whatever forwards a push
///   is checked at the one place that applies it). The gateway checks only the GET server-URL check,
///   which it answers itself, with the same token (`--wechat-token`).
/// - Aliyun does not sign SMS report pushes: the endpoint is rate-limited per client address and
///   capped in size, and notifications applies a report only to an SMS delivery in flight whose OutId
///   (a random job id) or BizId matches.
public enum NotificationRoutes {
    public typealias R = GatewayRoute
    typealias P = GatewayRoute.Parameter
    static let S = NotificationSchemas.self
    static let page: [P] = [P("unreadOnly", .boolean), P("offset", Schemas.offset), P("limit", .integer(minimum: 1, maximum: 200))]

    public static let all: [GatewayRoute] = [
        // MARK: Notices
        R.post("/api/v1/notices", NotificationsType.noticePublish, "发布通知公告（面向组织及其下级的全体党员）", tag: "notices",
               body: S.publish, response: S.notice),
        R.get("/api/v1/notices", NotificationsType.noticeList, "通知列表（党员：收到的；管理员：本人发布的）", tag: "notices",
              query: page, response: S.noticeList),
        R.get("/api/v1/notices/{noticeId}", NotificationsType.noticeGet, "通知详情（党员阅读即标记已读）", tag: "notices",
              response: S.notice),
        R.get("/api/v1/notices/{noticeId}/receipts", NotificationsType.noticeReceipts, "阅读回执：已读、未读人数及未读名单",
              tag: "notices", query: [P("offset", Schemas.offset), P("limit", .integer(minimum: 1, maximum: 200))],
              response: S.receipts),

        // MARK: Inbox
        R.get("/api/v1/inbox", NotificationsType.inboxList, "本人消息（站内信）", tag: "inbox", query: page, response: S.inboxPage),
        R.post("/api/v1/inbox/read", NotificationsType.inboxRead, "标记消息已读（指定 ids 或 all=true）", tag: "inbox",
               body: S.inboxRead, response: S.unreadCount),
        R.get("/api/v1/inbox/unread-count", NotificationsType.inboxUnreadCount, "未读消息数", tag: "inbox", response: S.unreadCount),

        // MARK: Deliveries
        R.get("/api/v1/deliveries/{deliveryId}", NotificationsType.deliveryGet, "消息发送状态（短信/微信模板消息）",
              tag: "deliveries", response: S.delivery),

        // MARK: Provider callbacks (no token: the provider's own authentication, see above)
        R.callback(method: "POST", path: "/api/v1/callbacks/sms", .bus(NotificationsType.callbackSms),
                   "阿里云短信状态报告推送（JSON 数组，无签名）", body: S.smsReports, response: S.smsAck,
                   raw: RawExchange(request: .jsonValue, response: .fixed(#"{"code":0,"msg":"成功"}"#, mediaType: "application/json"))),
        R.callback(method: "POST", path: "/api/v1/callbacks/wechat", .bus(NotificationsType.callbackWechat),
                   "微信公众号事件推送（XML，签名在查询参数中，由通知服务校验）",
                   query: [P("signature", .string, required: true), P("timestamp", .string, required: true),
                           P("nonce", .string, required: true), P("openid", .string)],
                   body: S.wechatXML, response: S.wechatAck,
                   raw: RawExchange(request: .text(field: "xml", mediaTypes: ["application/xml", "text/xml"]),
                                    response: .fixed("success", mediaType: "text/plain"))),
        R.callback(method: "GET", path: "/api/v1/callbacks/wechat", .local("wechat_check"),
                   "微信服务器地址校验：签名正确时原样返回 echostr，否则 403",
                   query: [P("signature", .string, required: true), P("timestamp", .string, required: true),
                           P("nonce", .string, required: true), P("echostr", .string, required: true)],
                   response: S.echo, raw: RawExchange(response: .text(mediaType: "text/plain"))),
    ]
}

/// WeChat's signature: sha1 of the token, timestamp and nonce sorted and joined, in lowercase hex.
public enum WeChatServerCheck {
    public static func signature(token: String, timestamp: String, nonce: String) -> String {
        let joined = [token, timestamp, nonce].sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }.joined()
        return Insecure.SHA1.hash(data: Data(joined.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// `echostr` when the signature matches `token` (compared in constant time), else
    /// `http.signature_invalid`. Without a token nothing matches.
    public static func answer(token: String?, signature: String, timestamp: String, nonce: String,
                              echostr: String) -> Result<String, ErrorBody> {
        guard let token, !token.isEmpty else { return .failure(ErrorBody.make(ErrorCode.httpSignatureInvalid)) }
        let expected = Array(Self.signature(token: token, timestamp: timestamp, nonce: nonce).utf8)
        let given = Array(signature.lowercased().utf8)
        guard expected.count == given.count, zip(expected, given).reduce(0, { $0 | ($1.0 ^ $1.1) }) == 0 else {
            return .failure(ErrorBody.make(ErrorCode.httpSignatureInvalid))
        }
        return .success(echostr)
    }

    /// The local handler's answer for the route's input (query parameters already checked present).
    public static func answer(token: String?, input: JSONValue) -> Result<JSONValue, ErrorBody> {
        func field(_ name: String) -> String { if case .string(let s)? = input[name] { s } else { "" } }
        return answer(token: token, signature: field("signature"), timestamp: field("timestamp"), nonce: field("nonce"),
                      echostr: field("echostr")).map { .string($0) }
    }
}

extension GatewayRoute {
    /// A provider callback: no bearer token, rate-limited per client address, its own body and reply forms.
    static func callback(method: String, path: String, _ target: Target, _ summary: String, query: [Parameter] = [],
                         body: JSONSchema? = nil, response: JSONSchema, raw: RawExchange) -> GatewayRoute {
        GatewayRoute(method: method, path: path, summary: summary, tag: "callbacks", target: target, auth: .none,
                     query: query, body: body, response: response, rateLimit: .callback, raw: raw)
    }
}
