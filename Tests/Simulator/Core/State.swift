import Foundation

public struct SimConfig: Sendable {
    public var bind = "127.0.0.1"
    /// 0 picks a free port (tests); `ProviderSimulator.start()` returns the one bound.
    public var port: UInt16 = 8900
    public var smsAccessKeys: [String: String] = ["simkey": "simsecret"]
    public var wechatAppID = "wxsim"
    public var wechatSecret = "wxsecret"
    /// The token the official account configured for its server URL: signs pushes to the callback.
    public var wechatToken = "simtoken"
    /// ToUserName of pushed events (the account's original id).
    public var wechatOriginalID = "gh_5151515151ab"
    public var realnameAppCode = "simcode"
    /// ID numbers the real-name API answers "2 无此记录" for.
    public var realnameNoRecord: Set<String> = []
    /// Where SMS delivery reports (Aliyun JSON array) are POSTed.
    public var callbackURL: URL?
    /// Where WeChat TEMPLATESENDJOBFINISH events (signed XML) are POSTed; defaults to `callbackURL`.
    public var wechatCallbackURL: URL?
    /// Default delay before a delivery report (and the DELIVERED status) for every provider.
    public var reportDelayMs = 200
    /// Alipay (开放平台): keys, ids and the resend scale (`Alipay.swift`).
    public var alipay = AlipaySimConfig()
    /// WeChat Pay API v3: ids, keys and the retry scale (`WeChatPay.swift`).
    public var wechatpay = WeChatPaySimConfig()
    /// UnionPay 全渠道: merId, keys and the resend scale (`UnionPay.swift`).
    public var unionpay = UnionPaySimConfig()
    /// The SMTP sink's port (`SMTPSink.swift`): nil = off, 0 = pick one.
    public var smtpPort: UInt16?

    public init() {}
}

public enum Provider: String, Sendable, CaseIterable {
    case sms, wechat, realname
}

struct Control: Sendable {
    var failNext = 0
    var failWith: String?
    var rateLimitPerSecond: Double?
    var delayMs = 0
    var withholdReports = false
    var reportDelayMs: Int
    /// sms: an err_code (the report says success=false, SendStatus 2); wechat: a Status such as "failed:user block".
    var reportFailWith: String?

    func json() -> [String: Any] {
        [
            "failNext": failNext, "failWith": failWith as Any? ?? NSNull(),
            "rateLimitPerSecond": rateLimitPerSecond as Any? ?? NSNull(), "delayMs": delayMs,
            "withholdReports": withholdReports, "reportDelayMs": reportDelayMs,
            "reportFailWith": reportFailWith as Any? ?? NSNull(),
        ]
    }
}

struct Stats: Sendable {
    var accepted = 0
    var rejected = 0
    var rateLimited = 0
    var duplicates = 0
    var injectedFailures = 0
    var reportsSent = 0
    var callbackErrors = 0

    func json() -> [String: Any] {
        [
            "accepted": accepted, "rejected": rejected, "rate_limited": rateLimited, "duplicates": duplicates,
            "injected_failures": injectedFailures, "reports_sent": reportsSent, "callback_errors": callbackErrors,
        ]
    }
}

struct TokenBucket: Sendable {
    var rate: Double
    var tokens: Double
    var last: UInt64

    init(rate: Double, now: UInt64) {
        self.rate = rate
        self.tokens = max(rate, 1)
        self.last = now
    }

    /// `cost`: messages in the request (a SendSms to several numbers counts each).
    mutating func take(now: UInt64, cost: Int = 1) -> Bool {
        let elapsed = Double(now &- last) / 1e9
        last = now
        tokens = min(max(rate, 1), tokens + elapsed * rate)
        guard tokens >= Double(cost) else { return false }
        tokens -= Double(cost)
        return true
    }
}

enum Admission {
    case ok
    case fail(String?)
    case rateLimited
}

/// FIFO of records waiting for their delivery report; popped in order while due.
struct ReportQueue: Sendable {
    private var items: [(due: UInt64, index: Int)] = []
    private var head = 0

    var count: Int { items.count - head }

    mutating func push(due: UInt64, index: Int) { items.append((due, index)) }

    mutating func popDue(now: UInt64, limit: Int = 10_000) -> [Int] {
        var out: [Int] = []
        while head < items.count, items[head].due <= now, out.count < limit {
            out.append(items[head].index)
            head += 1
        }
        if head > 4096, head * 2 > items.count {
            items.removeFirst(head)
            head = 0
        }
        return out
    }

    mutating func removeAll() { items = []; head = 0 }
}

struct SmsRecord: Sendable {
    var seq: Int
    var phone: String
    var signName: String
    var templateCode: String
    var templateParam: String?
    var outId: String?
    var bizId: String
    var requestId: String
    var receivedAt: Double
    /// 1 waiting for receipt, 2 failed, 3 delivered (QuerySendDetails' SendStatus).
    var sendStatus = 1
    var errCode = ""
    var reportedAt: Double?
    var duplicateOutId = false

    var content: String {
        var text = "【\(signName)】\(templateCode)"
        if let p = templateParam, let obj = JSONValue.object(p), !obj.isEmpty {
            text += " " + obj.keys.sorted().map { "\($0)=\(obj[$0].map { "\($0)" } ?? "")" }.joined(separator: ",")
        }
        return text
    }

    func json() -> [String: Any] {
        var o: [String: Any] = [
            "seq": seq, "phone": phone, "signName": signName, "templateCode": templateCode,
            "bizId": bizId, "requestId": requestId, "receivedAt": Clock.iso8601(receivedAt),
            "sendStatus": sendStatus, "status": sendStatus == 3 ? "delivered" : sendStatus == 2 ? "failed" : "waiting",
            "errCode": errCode, "content": content, "duplicateOutId": duplicateOutId,
        ]
        o["templateParam"] = templateParam.flatMap { JSONValue.object($0) } ?? [String: Any]()
        o["templateParamRaw"] = templateParam ?? NSNull()
        o["outId"] = outId ?? NSNull()
        o["reportedAt"] = reportedAt.map { Clock.iso8601($0) } ?? NSNull()
        return o
    }
}

struct WxRecord: Sendable {
    var seq: Int
    var openid: String
    var templateId: String
    var url: String?
    var data: Data
    var clientMsgId: String?
    var msgid: Int64
    var receivedAt: Double
    var status = "sent"
    var reportedAt: Double?
    var duplicates = 0

    func json() -> [String: Any] {
        [
            "seq": seq, "openid": openid, "templateId": templateId, "url": url as Any? ?? NSNull(),
            "data": (try? JSONSerialization.jsonObject(with: data)) ?? [String: Any](),
            "clientMsgId": clientMsgId as Any? ?? NSNull(), "msgid": msgid, "receivedAt": Clock.iso8601(receivedAt),
            "status": status, "reportedAt": reportedAt.map { Clock.iso8601($0) } as Any? ?? NSNull(),
            "duplicates": duplicates,
        ]
    }
}

struct RealnameRecord: Sendable {
    var seq: Int
    var name: String
    var idNumber: String
    var bizId: String?
    var code: Int
    var orderNo: String
    var receivedAt: Double

    func json() -> [String: Any] {
        [
            "seq": seq, "name": name, "idNumber": idNumber, "bizId": bizId as Any? ?? NSNull(), "code": code,
            "orderNo": orderNo, "receivedAt": Clock.iso8601(receivedAt),
        ]
    }
}

struct OAuthCode: Sendable {
    var openid: String
    var scope: String
    var expiresAt: Double
}

/// Everything the simulator remembers; one lock, O(1) work on the hot paths.
final class SimState: @unchecked Sendable {
    let lock = NSLock()
    let defaultReportDelayMs: Int

    var controls: [Provider: Control] = [:]
    var buckets: [Provider: TokenBucket] = [:]
    var stats: [Provider: Stats] = [:]

    // SMS
    var sms: [SmsRecord] = []
    var smsByPhone: [String: [Int]] = [:]
    var smsByBizId: [String: [Int]] = [:]
    var smsOutIds: Set<String> = []
    var nonces: Set<String> = []
    var bizCounter: UInt64 = 0
    var smsPending = ReportQueue()
    var smsWithheld: [Int] = []

    // WeChat
    var accessTokens: [(token: String, expiresAt: Double)] = []
    var oauthCodes: [String: OAuthCode] = [:]
    /// The WeChat user of the browser /connect/oauth2/authorize redirects (nil: not inside WeChat).
    var browserUser: String?
    var issuedOpenids: Set<String> = []
    var unsubscribed: Set<String> = []
    var wx: [WxRecord] = []
    var wxByOpenid: [String: [Int]] = [:]
    var wxByClientMsgId: [String: Int] = [:]
    var msgidCounter: Int64 = 0
    var wxPending = ReportQueue()
    var wxWithheld: [Int] = []

    // Real-name
    var people: [String: String] = [:]
    var noRecord: Set<String>
    let configuredNoRecord: Set<String>
    var realname: [RealnameRecord] = []

    init(config: SimConfig) {
        defaultReportDelayMs = config.reportDelayMs
        configuredNoRecord = config.realnameNoRecord
        noRecord = config.realnameNoRecord
        resetLocked()
    }

    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    /// Clears what tests recorded and configured; issued access tokens stay valid.
    func resetLocked() {
        for p in Provider.allCases {
            controls[p] = Control(reportDelayMs: defaultReportDelayMs)
            stats[p] = Stats()
        }
        buckets = [:]
        sms = []; smsByPhone = [:]; smsByBizId = [:]; smsOutIds = []; nonces = []
        smsPending.removeAll(); smsWithheld = []
        oauthCodes = [:]; unsubscribed = []; browserUser = nil
        wx = []; wxByOpenid = [:]; wxByClientMsgId = [:]
        wxPending.removeAll(); wxWithheld = []
        people = [:]; noRecord = configuredNoRecord; realname = []
    }

    /// Under the lock: injected failure first, then the per-second token bucket.
    func admitLocked(_ p: Provider, cost: Int = 1) -> Admission {
        var c = controls[p]!
        if c.failNext > 0 {
            c.failNext -= 1
            controls[p] = c
            stats[p]!.injectedFailures += 1
            stats[p]!.rejected += 1
            return .fail(c.failWith)
        }
        if let rate = c.rateLimitPerSecond {
            let now = Clock.monotonicNanos()
            var bucket = buckets[p] ?? TokenBucket(rate: rate, now: now)
            let ok = bucket.take(now: now, cost: cost)
            buckets[p] = bucket
            if !ok {
                stats[p]!.rateLimited += 1
                return .rateLimited
            }
        }
        return .ok
    }

    func delayMs(_ p: Provider) -> Int { withLock { controls[p]!.delayMs } }

    func reject(_ p: Provider) { withLock { stats[p]!.rejected += 1 } }

    func scheduleReport(_ p: Provider, index: Int) {
        let c = controls[p]!
        let due = Clock.monotonicNanos() + UInt64(max(0, c.reportDelayMs)) * 1_000_000
        switch p {
        case .sms: if c.withholdReports { smsWithheld.append(index) } else { smsPending.push(due: due, index: index) }
        case .wechat: if c.withholdReports { wxWithheld.append(index) } else { wxPending.push(due: due, index: index) }
        case .realname: break
        }
    }

    /// Withheld reports are released (due after the report delay) once withholding is switched off.
    func releaseWithheldLocked(_ p: Provider) {
        let due = Clock.monotonicNanos() + UInt64(max(0, controls[p]!.reportDelayMs)) * 1_000_000
        switch p {
        case .sms: for i in smsWithheld { smsPending.push(due: due, index: i) }; smsWithheld = []
        case .wechat: for i in wxWithheld { wxPending.push(due: due, index: i) }; wxWithheld = []
        case .realname: break
        }
    }
}
