import CryptoExtras
import FlyingFox
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Alipay as the merchant sees it (开放平台, RSA2). Its own keys and rules, written from Alipay's
/// documentation, sharing no code with the payments service.
public struct AlipaySimConfig: Sendable {
    /// Duplicated, reordered notifications (`--notify-chaos`).
    public var chaos = NotifyChaos()
    public var appId = "2021000000000001"
    /// 卖家支付宝用户号, sent as `seller_id` in notifications.
    public var sellerId = "2088000000000001"
    /// Alipay's private key (PEM): signs notifications and responses. Nil: the channel is off.
    public var alipayPrivateKeyPEM: String?
    /// The merchant's public key (应用公钥, PEM): verifies the merchant's requests.
    public var merchantPublicKeyPEM: String?
    /// Alipay resends an unanswered notification after 4m, 10m, 10m, 1h, 2h, 6h, 15h; tests scale it
    /// (0.001: 240 ms, 600 ms, …).
    public var resendScale = 1.0
    public init() {}
}

final class AlipaySim: @unchecked Sendable {
    struct Trade {
        var outTradeNo: String
        var tradeNo: String
        var totalFen: Int
        var subject: String
        var notifyURL: String?
        var status = "WAIT_BUYER_PAY"
        var refundedFen = 0
        var refunds: [String: Int] = [:]
        var paidAt: Double?
        /// time_expire: unpaid past it, the trade closes and cannot be paid.
        var expiresAt: Double?
        /// out_request_no → when it was refunded (the day statement's 退款 lines).
        var refundedAt: [String: Double] = [:]
    }

    struct Notification {
        var notifyId: String
        var outTradeNo: String
        var attempts = 0
        var answered = false
    }

    static let schedule: [Double] = [4 * 60, 10 * 60, 10 * 60, 3600, 2 * 3600, 6 * 3600, 15 * 3600]

    let config: AlipaySimConfig
    let privateKey: _RSA.Signing.PrivateKey?
    let merchantKey: _RSA.Signing.PublicKey?
    let session: Outbound
    private let lock = NSLock()
    var trades: [String: Trade] = [:]
    /// The day statements' injected differences and downloadable files (Statements.swift).
    let book = StatementBook()
    /// One notification per trade (a second pay starts none), by out_trade_no; its notify_id → out_trade_no.
    private var notifications: [String: Notification] = [:]
    private var tradeOfNotify: [String: String] = [:]
    private var rejected = 0

    /// Every signature made or checked goes through it (counted for /_sim/stats).
    let rsa: ProviderRSA

    init(config: AlipaySimConfig, session: Outbound, rsa: ProviderRSA) {
        self.rsa = rsa
        self.config = config
        self.session = session
        privateKey = config.alipayPrivateKeyPEM.flatMap { try? _RSA.Signing.PrivateKey(pemRepresentation: $0) }
        merchantKey = config.merchantPublicKeyPEM.flatMap { try? _RSA.Signing.PublicKey(pemRepresentation: $0) }
    }

    // MARK: Signatures (sorted k=v&…, no empty values). A merchant's request keeps sign_type in the
    // signed string (only sign is dropped); a notification drops both (开放平台 签名/验签 rules).

    static func content(_ fields: [String: String], dropping: Set<String> = ["sign", "sign_type"]) -> String {
        fields.filter { !dropping.contains($0.key) && !$0.value.isEmpty }
            .sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            .map { $0.key + "=" + $0.value }.joined(separator: "&")
    }

    func sign(_ text: String) -> String {
        rsa.sign(Data(text.utf8), with: privateKey)
    }

    // MARK: The gateway (POST /gateway.do)

    func gateway(_ request: HTTPRequest) async throws -> HTTPResponse {
        var pairs = Form.parse(request.target.query(percentEncoded: true))
        if request.method == .POST { pairs += Form.parse(String(decoding: try await request.bodyData, as: UTF8.self)) }
        var p: [String: String] = [:]
        for (k, v) in pairs where p[k] == nil { p[k] = v }
        let method = p["method"] ?? ""
        let key = method.replacingOccurrences(of: ".", with: "_") + "_response"
        guard merchantKey != nil, privateKey != nil else { return reply(key, error("40001", "Missing Required Arguments", "isv.missing-app-id")) }
        guard p["app_id"] == config.appId else { return reply(key, error("40002", "Invalid Arguments", "isv.invalid-app-id")) }
        guard p["sign_type"] == "RSA2", rsa.isValid(p["sign"], of: Data(Self.content(p, dropping: ["sign"]).utf8), by: merchantKey) else {
            return reply(key, error("40002", "Invalid Arguments", "isv.invalid-signature", "验签出错"))
        }
        guard let biz = p["biz_content"].flatMap(JSONValue.object) else {
            return reply(key, error("40002", "Invalid Arguments", "isv.invalid-biz-content"))
        }
        switch method {
        case "alipay.trade.precreate", "alipay.trade.page.pay":
            return reply(key, create(biz, notifyURL: p["notify_url"], qr: method == "alipay.trade.precreate"))
        case "alipay.trade.query": return reply(key, query(biz))
        case "alipay.trade.refund": return reply(key, refund(biz))
        case "alipay.data.dataservice.bill.downloadurl.query": return reply(key, billDownloadURL(biz, host: request.headers[.host]))
        default: return reply(key, error("40004", "Business Failed", "isv.invalid-method"))
        }
    }

    func error(_ code: String, _ msg: String, _ subCode: String, _ subMsg: String? = nil) -> [String: Any] {
        withLock { rejected += 1 }
        return ["code": code, "msg": msg, "sub_code": subCode, "sub_msg": subMsg ?? subCode]
    }

    /// `{"<method>_response":{…},"sign":"…"}`: the sign covers the response object's text as sent.
    func reply(_ key: String, _ body: [String: Any]) -> HTTPResponse {
        let inner = String(decoding: JSONValue.data(body), as: UTF8.self)
        let text = "{\"\(key)\":\(inner),\"sign\":\"\(sign(inner))\"}"
        return HTTPResponse(statusCode: .ok, headers: [.contentType: "application/json;charset=utf-8"], body: Data(text.utf8))
    }

    /// Yuan with at most two decimals, no sign, no exponent (Alipay answers 40002 otherwise).
    static func fen(_ yuan: String) -> Int? {
        let parts = yuan.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = Int(parts[0]), parts[0].allSatisfy(\.isNumber), whole >= 0 else { return nil }
        var cents = 0
        if parts.count == 2 {
            guard (1...2).contains(parts[1].count), parts[1].allSatisfy(\.isNumber), let f = Int(parts[1]) else { return nil }
            cents = parts[1].count == 1 ? f * 10 : f
        }
        return whole * 100 + cents
    }

    static func yuan(_ fen: Int) -> String { String(format: "%d.%02d", fen / 100, fen % 100) }

    func create(_ biz: [String: Any], notifyURL: String?, qr: Bool) -> [String: Any] {
        guard let out = biz["out_trade_no"] as? String, !out.isEmpty, let amount = biz["total_amount"] as? String,
              let fen = Self.fen(amount), fen > 0, let subject = biz["subject"] as? String else {
            return error("40002", "Invalid Arguments", "isv.invalid-parameter")
        }
        return withLock {
            if let existing = trades[out] {
                // The same out_trade_no with other content is refused, as Alipay does.
                guard existing.totalFen == fen else { return ["code": "40004", "msg": "Business Failed", "sub_code": "ACQ.CONTEXT_INCONSISTENT", "sub_msg": "交易信息被篡改"] }
                if existing.status != "WAIT_BUYER_PAY" { return ["code": "40004", "msg": "Business Failed", "sub_code": "ACQ.TRADE_HAS_SUCCESS", "sub_msg": "交易已被支付"] }
            } else {
                trades[out] = Trade(outTradeNo: out, tradeNo: "2026" + IDs.random(24, alphabet: "0123456789"), totalFen: fen,
                                    subject: subject, notifyURL: notifyURL,
                                    expiresAt: (biz["time_expire"] as? String).flatMap(Clock.parseChinaDigits))
            }
            var r: [String: Any] = ["code": "10000", "msg": "Success", "out_trade_no": out]
            if qr { r["qr_code"] = "https://qr.alipay.com/sim" + IDs.random(16) }
            // Recorded for tests: the debit-only switch the merchant sent.
            trades[out]!.subject = subject
            r["disable_pay_channels"] = biz["disable_pay_channels"] as? String ?? ""
            return r
        }
    }

    func query(_ biz: [String: Any]) -> [String: Any] {
        withLock {
            if let out = biz["out_trade_no"] as? String { closeIfExpiredLocked(out) }
            guard let out = biz["out_trade_no"] as? String, let t = trades[out] else {
                return ["code": "40004", "msg": "Business Failed", "sub_code": "ACQ.TRADE_NOT_EXIST", "sub_msg": "交易不存在"]
            }
            return ["code": "10000", "msg": "Success", "out_trade_no": t.outTradeNo, "trade_no": t.tradeNo,
                    "trade_status": t.status, "total_amount": Self.yuan(t.totalFen)]
        }
    }

    /// out_request_no makes a refund idempotent: the same one again refunds nothing more (fund_change N).
    func refund(_ biz: [String: Any]) -> [String: Any] {
        guard let out = biz["out_trade_no"] as? String, let amount = (biz["refund_amount"] as? String).flatMap(Self.fen), amount > 0 else {
            return error("40002", "Invalid Arguments", "isv.invalid-parameter")
        }
        let requestNo = biz["out_request_no"] as? String ?? out
        return withLock {
            guard var t = trades[out] else { return ["code": "40004", "msg": "Business Failed", "sub_code": "ACQ.TRADE_NOT_EXIST", "sub_msg": "交易不存在"] }
            guard t.status == "TRADE_SUCCESS" || t.status == "TRADE_CLOSED" && t.refundedFen > 0 else {
                return ["code": "40004", "msg": "Business Failed", "sub_code": "ACQ.TRADE_STATUS_ERROR", "sub_msg": "交易状态不合法"]
            }
            var change = "N"
            if let done = t.refunds[requestNo] {
                guard done == amount else { return ["code": "40004", "msg": "Business Failed", "sub_code": "ACQ.REFUND_AMT_RESTRICTION", "sub_msg": "退款金额与原请求不一致"] }
            } else {
                guard t.refundedFen + amount <= t.totalFen else {
                    return ["code": "40004", "msg": "Business Failed", "sub_code": "ACQ.REFUND_AMT_NOT_EQUAL_TOTAL", "sub_msg": "退款金额超限"]
                }
                t.refunds[requestNo] = amount
                t.refundedAt[requestNo] = Date().timeIntervalSince1970
                t.refundedFen += amount
                if t.refundedFen == t.totalFen { t.status = "TRADE_CLOSED" }
                change = "Y"
                trades[out] = t
            }
            return ["code": "10000", "msg": "Success", "out_trade_no": out, "trade_no": t.tradeNo,
                    "refund_fee": Self.yuan(t.refundedFen), "fund_change": change]
        }
    }

    // MARK: Paying and notifying

    /// An unpaid trade past its time_expire closes (TRADE_CLOSED): the buyer can no longer pay it.
    private func closeIfExpiredLocked(_ out: String) {
        guard let t = trades[out], t.status == "WAIT_BUYER_PAY", let end = t.expiresAt, Date().timeIntervalSince1970 > end else { return }
        trades[out]!.status = "TRADE_CLOSED"
    }

    /// The buyer pays (test hook): the trade succeeds and its notification goes out.
    /// `late`: the buyer's payment is accepted past time_expire (Alipay's clock behind ours, a payment
    /// at the very edge of its window): the merchant then gets money for an order it expired.
    func pay(outTradeNo: String, late: Bool = false) -> [String: Any]? {
        // A second pay of the same trade changes nothing and starts no second notification.
        let paid: (notifyId: String, new: Bool)? = withLock {
            if !late { closeIfExpiredLocked(outTradeNo) }
            guard var t = trades[outTradeNo] else { return nil }
            if t.status == "TRADE_CLOSED", t.refundedFen == 0 {
                guard late else { return ("", false) }
                t.status = "WAIT_BUYER_PAY"  // closed by its time limit only: the late payment goes through
            }
            guard t.status == "WAIT_BUYER_PAY" else {
                return notifications[outTradeNo].map { ($0.notifyId, false) }
            }
            t.status = "TRADE_SUCCESS"
            t.paidAt = Date().timeIntervalSince1970
            trades[outTradeNo] = t
            let n = Notification(notifyId: IDs.random(34, alphabet: "0123456789abcdef"), outTradeNo: outTradeNo)
            notifications[outTradeNo] = n
            tradeOfNotify[n.notifyId] = outTradeNo
            return (n.notifyId, true)
        }
        guard let paid else { return nil }
        if paid.notifyId.isEmpty { return ["closed": true] }
        if paid.new {
            config.chaos.deliver({ await self.send(notifyId: paid.notifyId, attempt: 0) },
                                 duplicate: { _ = await self.resend(outTradeNo: outTradeNo) })
        }
        return ["out_trade_no": outTradeNo, "notify_id": paid.notifyId]
    }

    func notificationFields(_ t: Trade, notifyId: String) -> [String: String] {
        let now = Clock.chinaDateTime(Date().timeIntervalSince1970)
        var f = [
            "notify_time": now, "notify_type": "trade_status_sync", "notify_id": notifyId, "charset": "utf-8",
            "version": "1.0", "app_id": config.appId, "auth_app_id": config.appId, "seller_id": config.sellerId,
            "out_trade_no": t.outTradeNo, "trade_no": t.tradeNo, "trade_status": t.status, "subject": t.subject,
            "total_amount": Self.yuan(t.totalFen), "receipt_amount": Self.yuan(t.totalFen),
            "buyer_pay_amount": Self.yuan(t.totalFen), "invoice_amount": Self.yuan(t.totalFen), "point_amount": "0.00",
            "gmt_create": now, "gmt_payment": Clock.chinaDateTime(t.paidAt ?? Date().timeIntervalSince1970),
        ]
        f["sign"] = sign(Self.content(f))
        f["sign_type"] = "RSA2"
        return f
    }

    /// One delivery; unanswered (not HTTP 200 with the body `success`) it is sent again on the schedule,
    /// with the same notify_id.
    func send(notifyId: String, attempt: Int) async {
        let found: (Trade, String)? = withLock {
            guard let out = tradeOfNotify[notifyId], let n = notifications[out], !n.answered,
                  let t = trades[n.outTradeNo], let url = t.notifyURL else { return nil }
            return (t, url)
        }
        guard let (trade, notifyURL) = found, let url = URL(string: notifyURL) else { return }
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.setValue("application/x-www-form-urlencoded; charset=utf-8", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(notificationFields(trade, notifyId: notifyId)
            .map { Self.escape($0.key) + "=" + Self.escape($0.value) }.joined(separator: "&").utf8)
        var answered = false
        if let (data, response) = try? await session.data(for: request), (response as? HTTPURLResponse)?.statusCode == 200 {
            answered = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) == "success"
        }
        withLock {
            if let out = tradeOfNotify[notifyId] {
                notifications[out]?.attempts += 1
                if answered { notifications[out]?.answered = true }
            }
        }
        guard !answered, attempt < Self.schedule.count else { return }
        try? await Task.sleep(for: .seconds(Self.schedule[attempt] * config.resendScale))
        await send(notifyId: notifyId, attempt: attempt + 1)
    }

    /// Test hook: deliver the trade's notification once more now, answered or not (a duplicate).
    func resend(outTradeNo: String) async -> Bool {
        let found: (Trade, String)? = withLock {
            guard let n = notifications[outTradeNo], let t = trades[outTradeNo] else { return nil }
            return (t, n.notifyId)
        }
        guard let (trade, notifyId) = found, let url = trade.notifyURL.flatMap(URL.init(string:)) else { return false }
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.setValue("application/x-www-form-urlencoded; charset=utf-8", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(notificationFields(trade, notifyId: notifyId)
            .map { Self.escape($0.key) + "=" + Self.escape($0.value) }.joined(separator: "&").utf8)
        let answered = (try? await session.data(for: request)).map { String(decoding: $0.0, as: UTF8.self) == "success" } ?? false
        withLock {
            notifications[outTradeNo]?.attempts += 1
        }
        return answered
    }

    static let formSafe = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    static func escape(_ s: String) -> String { s.addingPercentEncoding(withAllowedCharacters: formSafe) ?? s }

    // MARK: Test control (/_sim/alipay/…)

    func control(_ request: HTTPRequest, path: String) async -> HTTPResponse {
        let out = request.query["out_trade_no"] ?? ""
        switch path {
        case "/_sim/alipay/pay":
            guard let r = pay(outTradeNo: out, late: request.query["late"] == "1") else {
                return Self.json(["error": "no such trade"], status: .notFound)
            }
            if r["closed"] != nil { return Self.json(["error": "trade closed (time_expire passed)"], status: .conflict) }
            return Self.json(r)
        case "/_sim/alipay/notify":
            return Self.json(["answered": await resend(outTradeNo: out)])
        case "/_sim/alipay/trades":
            let list: [[String: Any]] = withLock {
                trades.values.sorted { $0.outTradeNo < $1.outTradeNo }.map { t in
                    ["out_trade_no": t.outTradeNo, "trade_no": t.tradeNo, "status": t.status, "total_amount": Self.yuan(t.totalFen),
                     "refund_fee": Self.yuan(t.refundedFen), "refunds": t.refunds.count,
                     "notifications": [notifications[t.outTradeNo]].compactMap { $0 }.map {
                         ["notify_id": $0.notifyId, "attempts": $0.attempts, "answered": $0.answered] as [String: Any]
                     }] as [String: Any]
                }
            }
            return Self.json(["count": list.count, "trades": list, "rejected": withLock { rejected }])
        default:
            return Self.json(["error": "not found", "path": path], status: .notFound)
        }
    }

    static func json(_ object: Any, status: HTTPStatusCode = .ok) -> HTTPResponse {
        HTTPResponse(statusCode: status, headers: [.contentType: "application/json;charset=utf-8"], body: JSONValue.data(object))
    }

    func withLock<T>(_ body: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }
}
