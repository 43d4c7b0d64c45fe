import Crypto
import CryptoExtras
import FlyingFox
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// WeChat Pay API v3 as the merchant sees it (直连商户: Native, JSAPI, query, refund, the payment
/// notification). Its own keys and rules, written from WeChat Pay's documentation, sharing no code
/// with the payments service.
public struct WeChatPaySimConfig: Sendable {
    /// Duplicated, reordered notifications (`--notify-chaos`).
    public var chaos = NotifyChaos()
    /// 商户号 the API accepts (Authorization `mchid`, body `mchid`).
    public var mchId = "1900000109"
    /// The AppID bound to the merchant: orders must name it.
    public var appId = "wxsimpay000000001"
    /// The platform private key (PEM): signs replies and notifications. Nil: the channel is off.
    public var platformPrivateKeyPEM: String?
    /// Sent as Wechatpay-Serial.
    public var platformSerialNo = "5157F09EFDC096DE15EBE81A47057A7232F1B8E1"
    /// The merchant API certificate's public key (PEM): verifies the merchant's Authorization.
    public var merchantPublicKeyPEM: String?
    /// The APIv3 key (32 bytes) encrypting notification resources.
    public var apiV3Key: String?
    /// WeChat resends an unanswered notification after 15s, 15s, 30s, 3m, 10m, 20m, 30m, 30m, 30m,
    /// 60m, 3h, 3h, 3h, 6h, 6h; tests scale it (0.001: 15 ms, 15 ms, 30 ms, …).
    public var retryScale = 1.0
    public init() {}
}

final class WeChatPaySim: @unchecked Sendable {
    struct Trade {
        var outTradeNo: String
        var tradeType: String
        var description: String
        var totalFen: Int
        var notifyURL: String
        var openid: String?
        var expiresAt: Double?
        var createdAt: Double
        var prepayId: String?
        var codeURL: String?
        var state = "NOTPAY"
        var transactionId: String?
        var successTime: Double?
        var refunds: [String: Refund] = [:]
        var refundedFen = 0
    }

    struct Refund {
        var refundId: String
        var outRefundNo: String
        var amount: Int
        var createdAt: Double
    }

    struct Notification {
        var id: String
        var outTradeNo: String
        /// The body as first built (its ciphertext fixed); every delivery signs it afresh.
        var body: String
        var attempts = 0
        var answered = false
    }

    static let schedule: [Double] = [15, 15, 30, 180, 600, 1200, 1800, 1800, 1800, 3600, 10800, 10800, 10800, 21600, 21600]
    /// A merchant's Authorization timestamp further than this from now is refused (签名生成: 5 minutes).
    static let tolerance = 300.0

    let config: WeChatPaySimConfig
    let platformKey: _RSA.Signing.PrivateKey?
    let merchantKey: _RSA.Signing.PublicKey?
    let apiV3Key: SymmetricKey?
    let session: Outbound
    private let lock = NSLock()
    var trades: [String: Trade] = [:]
    /// The day statements' injected differences and downloadable files (Statements.swift).
    let book = StatementBook()
    /// One notification per trade (a second pay starts none), by out_trade_no; its id → out_trade_no.
    private var notifications: [String: Notification] = [:]
    private var tradeOfNotification: [String: String] = [:]
    private var rejected = 0

    /// Every signature made or checked goes through it (counted for /_sim/stats).
    let rsa: ProviderRSA

    init(config: WeChatPaySimConfig, session: Outbound, rsa: ProviderRSA) {
        self.rsa = rsa
        self.config = config
        self.session = session
        platformKey = config.platformPrivateKeyPEM.flatMap { try? _RSA.Signing.PrivateKey(pemRepresentation: $0) }
        merchantKey = config.merchantPublicKeyPEM.flatMap { try? _RSA.Signing.PublicKey(pemRepresentation: $0) }
        apiV3Key = config.apiV3Key.flatMap { $0.utf8.count == 32 ? SymmetricKey(data: Data($0.utf8)) : nil }
    }

    // MARK: Signatures (SHA256withRSA, base64; each line ends in \n, the last too)

    func platformSign(_ message: String) -> String {
        rsa.sign(Data(message.utf8), with: platformKey)
    }

    /// The merchant's `Authorization: WECHATPAY2-SHA256-RSA2048 mchid="…",nonce_str="…",signature="…",
    /// timestamp="…",serial_no="…"` over `METHOD\nURL\ntimestamp\nnonce\nbody\n`. Nil when it verifies,
    /// else the refusal message.
    func checkAuthorization(_ request: HTTPRequest, body: Data) -> String? {
        guard merchantKey != nil else { return "商户公钥未配置" }
        guard let header = request.headers[HTTPHeader("Authorization")], header.hasPrefix("WECHATPAY2-SHA256-RSA2048 ") else {
            return "Http头Authorization值格式错误，请参考《微信支付商户REST API签名规则》"
        }
        var f: [String: String] = [:]
        for part in header.dropFirst("WECHATPAY2-SHA256-RSA2048 ".count).split(separator: ",") {
            let kv = part.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1).map(String.init)
            guard kv.count == 2 else { continue }
            f[kv[0]] = kv[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        guard let mchid = f["mchid"], let nonce = f["nonce_str"], let signature = f["signature"], let ts = f["timestamp"],
              let serial = f["serial_no"], !serial.isEmpty, let seconds = Double(ts) else {
            return "Http头Authorization值格式错误，请参考《微信支付商户REST API签名规则》"
        }
        guard mchid == config.mchId else { return "商户号不存在" }
        guard abs(Date().timeIntervalSince1970 - seconds) <= Self.tolerance else {
            return "Http头Authorization中的timestamp与发起请求的时间不得超过5分钟"
        }
        let message = "\(request.method.rawValue)\n\(request.target.rawValue)\n\(ts)\n\(nonce)\n\(String(decoding: body, as: UTF8.self))\n"
        guard rsa.isValid(signature, of: Data(message.utf8), by: merchantKey) else { return "签名错误" }
        return nil
    }

    /// A reply signed by the platform key: Wechatpay-Serial/-Signature/-Timestamp/-Nonce over
    /// `timestamp\nnonce\nbody\n`.
    func reply(_ object: [String: Any]?, status: HTTPStatusCode = .ok) -> HTTPResponse {
        let body = object.map { JSONValue.data($0) } ?? Data()
        let ts = String(Int(Date().timeIntervalSince1970)), nonce = IDs.random(32, alphabet: "0123456789abcdef")
        var headers: HTTPHeaders = [
            HTTPHeader("Request-ID"): UUID().uuidString.lowercased(), HTTPHeader("Wechatpay-Serial"): config.platformSerialNo,
            HTTPHeader("Wechatpay-Timestamp"): ts, HTTPHeader("Wechatpay-Nonce"): nonce,
            HTTPHeader("Wechatpay-Signature"): platformSign("\(ts)\n\(nonce)\n\(String(decoding: body, as: UTF8.self))\n"),
        ]
        if object != nil { headers[.contentType] = "application/json; charset=utf-8" }
        return HTTPResponse(statusCode: status, headers: headers, body: body)
    }

    func fail(_ status: HTTPStatusCode, _ code: String, _ message: String) -> HTTPResponse {
        withLock { rejected += 1 }
        return reply(["code": code, "message": message], status: status)
    }

    // MARK: The API (/v3/…)

    func api(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard platformKey != nil, merchantKey != nil, apiV3Key != nil else {
            return HTTPResponse(statusCode: .internalServerError, headers: [.contentType: "application/json"],
                                body: JSONValue.data(["code": "SYSTEM_ERROR", "message": "provider-sim: WeChat Pay keys not configured"]))
        }
        let body = try await request.bodyData
        if let refusal = checkAuthorization(request, body: body) { return fail(.unauthorized, "SIGN_ERROR", refusal) }
        let path = request.path
        let queryPrefix = "/v3/pay/transactions/out-trade-no/"
        switch (request.method, path) {
        case (.POST, "/v3/pay/transactions/native"): return create(body, type: "NATIVE")
        case (.POST, "/v3/pay/transactions/jsapi"): return create(body, type: "JSAPI")
        case (.GET, _) where path.hasPrefix(queryPrefix) && !path.dropFirst(queryPrefix.count).contains("/"):
            return query(String(path.dropFirst(queryPrefix.count)), mchid: request.query["mchid"])
        case (.POST, "/v3/refund/domestic/refunds"): return refund(body)
        default: return fail(.notFound, "NOT_FOUND", "资源不存在")
        }
    }

    static let idBytes = Set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_-|*".utf8)

    static func validOutTradeNo(_ s: String) -> Bool { (6...32).contains(s.utf8.count) && s.utf8.allSatisfy { idBytes.contains($0) } }

    /// A JSON integer only (a float, a string or a negative amount is refused, as WeChat does).
    static func fen(_ any: Any?) -> Int? {
        guard let n = any as? NSNumber, "\(n)".allSatisfy({ ("0"..."9").contains($0) }) else { return nil }
        return n.intValue
    }

    /// The trade (or refund) a call made, or the refusal to answer.
    enum Made<T> {
        case made(T)
        case refused(HTTPResponse)
    }

    func create(_ data: Data, type: String) -> HTTPResponse {
        guard let b = JSONValue.object(data) else { return fail(.badRequest, "PARAM_ERROR", "请求体不是JSON") }
        guard b["appid"] as? String == config.appId, b["mchid"] as? String == config.mchId else {
            return fail(.badRequest, "APPID_MCHID_NOT_MATCH", "appid和mch_id不匹配")
        }
        guard let out = b["out_trade_no"] as? String, Self.validOutTradeNo(out) else {
            return fail(.badRequest, "PARAM_ERROR", "输入源“/body/out_trade_no”映射到字段“商户订单号”必填性规则校验失败")
        }
        guard let description = b["description"] as? String, !description.isEmpty, let notifyURL = b["notify_url"] as? String,
              URL(string: notifyURL)?.scheme != nil else { return fail(.badRequest, "PARAM_ERROR", "description/notify_url 缺失或无效") }
        guard let amount = b["amount"] as? [String: Any], let total = Self.fen(amount["total"]), total > 0,
              (amount["currency"] as? String ?? "CNY") == "CNY" else { return fail(.badRequest, "PARAM_ERROR", "amount.total 无效") }
        var expiresAt: Double?
        if let te = b["time_expire"] {
            guard let text = te as? String, let date = ISO8601DateFormatter().date(from: text) else {
                return fail(.badRequest, "PARAM_ERROR", "time_expire 格式错误")
            }
            expiresAt = date.timeIntervalSince1970
        }
        var openid: String?
        if type == "JSAPI" {
            guard let o = (b["payer"] as? [String: Any])?["openid"] as? String, !o.isEmpty else {
                return fail(.badRequest, "PARAM_ERROR", "JSAPI下单 payer.openid 必填")
            }
            openid = o
        }
        let now = Date().timeIntervalSince1970
        let result: Made<Trade> = withLock {
            if var t = trades[out] {
                // The same out_trade_no again: the same order (same content) or a refusal.
                guard t.state == "NOTPAY" else { return .refused(reply(["code": "ORDERPAID", "message": "该订单已支付"], status: .forbidden)) }
                guard t.totalFen == total, t.tradeType == type, t.openid == openid else {
                    return .refused(reply(["code": "INVALID_REQUEST", "message": "201 商户订单号重复"], status: .badRequest))
                }
                t.notifyURL = notifyURL
                trades[out] = t
                return .made(t)
            }
            var t = Trade(outTradeNo: out, tradeType: type, description: description, totalFen: total, notifyURL: notifyURL,
                          openid: openid, expiresAt: expiresAt, createdAt: now)
            if type == "JSAPI" {
                t.prepayId = "wx" + Self.compactTime(now) + IDs.random(20, alphabet: "0123456789abcdef")
            } else {
                t.codeURL = "weixin://wxpay/bizpayurl?pr=" + IDs.random(9)
            }
            trades[out] = t
            return .made(t)
        }
        switch result {
        case .refused(let response): withLock { rejected += 1 }; return response
        case .made(let t): return reply(type == "JSAPI" ? ["prepay_id": t.prepayId ?? ""] : ["code_url": t.codeURL ?? ""])
        }
    }

    func tradeJSON(_ t: Trade) -> [String: Any] {
        var o: [String: Any] = [
            "appid": config.appId, "mchid": config.mchId, "out_trade_no": t.outTradeNo, "trade_type": t.tradeType,
            "trade_state": t.state, "trade_state_desc": Self.stateDesc[t.state] ?? t.state, "attach": "",
            "amount": ["total": t.totalFen, "currency": "CNY", "payer_currency": "CNY"] as [String: Any],
        ]
        if let id = t.transactionId, let paid = t.successTime {
            o["transaction_id"] = id
            o["bank_type"] = "OTHERS"
            o["success_time"] = Self.rfc3339(paid)
            o["payer"] = ["openid": t.openid ?? ""]
            o["amount"] = ["total": t.totalFen, "payer_total": t.totalFen, "currency": "CNY", "payer_currency": "CNY"] as [String: Any]
        }
        return o
    }

    static let stateDesc = ["NOTPAY": "订单未支付", "SUCCESS": "支付成功", "REFUND": "转入退款", "CLOSED": "已关闭"]

    func query(_ out: String, mchid: String?) -> HTTPResponse {
        guard mchid == config.mchId else { return fail(.badRequest, "PARAM_ERROR", "mchid 与请求商户号不符") }
        let found: Trade? = withLock {
            closeIfExpiredLocked(out)
            return trades[out]
        }
        guard let t = found else { return fail(.notFound, "ORDER_NOT_EXIST", "订单不存在") }
        return reply(tradeJSON(t))
    }

    /// An unpaid trade past its time_expire is closed (the buyer can no longer pay it).
    private func closeIfExpiredLocked(_ out: String) {
        guard var t = trades[out], t.state == "NOTPAY", let e = t.expiresAt, Date().timeIntervalSince1970 > e else { return }
        t.state = "CLOSED"
        trades[out] = t
    }

    /// out_refund_no makes a refund idempotent: the same one again answers the same refund, no more money.
    func refund(_ data: Data) -> HTTPResponse {
        guard let b = JSONValue.object(data), let out = b["out_trade_no"] as? String, let outRefundNo = b["out_refund_no"] as? String,
              !outRefundNo.isEmpty, outRefundNo.utf8.count <= 64, let amount = b["amount"] as? [String: Any],
              let refund = Self.fen(amount["refund"]), refund > 0, let total = Self.fen(amount["total"]),
              (amount["currency"] as? String ?? "CNY") == "CNY" else {
            return fail(.badRequest, "PARAM_ERROR", "out_trade_no/out_refund_no/amount 缺失或无效")
        }
        let now = Date().timeIntervalSince1970
        let result: Made<(Trade, Refund)> = withLock {
            guard var t = trades[out] else { return .refused(reply(["code": "RESOURCE_NOT_EXISTS", "message": "订单不存在"], status: .notFound)) }
            guard t.state == "SUCCESS" || t.state == "REFUND" else {
                return .refused(reply(["code": "INVALID_REQUEST", "message": "订单未支付，不能退款"], status: .badRequest))
            }
            guard total == t.totalFen else { return .refused(reply(["code": "INVALID_REQUEST", "message": "订单金额与原订单不一致"], status: .badRequest)) }
            if let done = t.refunds[outRefundNo] {
                guard done.amount == refund else {
                    return .refused(reply(["code": "INVALID_REQUEST", "message": "同一out_refund_no的退款金额不一致"], status: .badRequest))
                }
                return .made((t, done))
            }
            guard t.refundedFen + refund <= t.totalFen else {
                return .refused(reply(["code": "NOT_ENOUGH", "message": "申请退款金额超过订单可退金额"], status: .forbidden))
            }
            let r = Refund(refundId: "50" + IDs.random(27, alphabet: "0123456789"), outRefundNo: outRefundNo, amount: refund, createdAt: now)
            t.refunds[outRefundNo] = r
            t.refundedFen += refund
            t.state = "REFUND"
            trades[out] = t
            return .made((t, r))
        }
        switch result {
        case .refused(let response): withLock { rejected += 1 }; return response
        case .made(let (t, r)):
            return reply([
                "refund_id": r.refundId, "out_refund_no": r.outRefundNo, "transaction_id": t.transactionId ?? "",
                "out_trade_no": t.outTradeNo, "channel": "ORIGINAL", "user_received_account": "支付用户零钱", "status": "SUCCESS",
                "create_time": Self.rfc3339(r.createdAt), "success_time": Self.rfc3339(r.createdAt),
                "amount": ["total": t.totalFen, "refund": r.amount, "payer_total": t.totalFen, "payer_refund": r.amount,
                           "currency": "CNY"] as [String: Any],
            ])
        }
    }

    // MARK: Paying and notifying

    enum PayResult { case paid([String: Any]), missing, closed }

    /// The buyer pays (test hook): the trade succeeds and its notification goes out.
    func pay(outTradeNo: String) -> PayResult {
        let now = Date().timeIntervalSince1970
        // A second pay of the same trade changes nothing and starts no second notification.
        let paid: (result: PayResult, newId: String?) = withLock {
            closeIfExpiredLocked(outTradeNo)
            guard var t = trades[outTradeNo] else { return (.missing, nil) }
            if t.state == "CLOSED" { return (.closed, nil) }
            if t.state != "NOTPAY" {
                let n = notifications[outTradeNo]
                return (.paid(["out_trade_no": outTradeNo, "transaction_id": t.transactionId ?? "", "notification_id": n?.id ?? ""]), nil)
            }
            t.state = "SUCCESS"
            t.successTime = now
            t.transactionId = "42000" + String(Self.compactTime(now).prefix(8)) + IDs.random(15, alphabet: "0123456789")
            if t.openid == nil { t.openid = "oSimPay" + IDs.random(21) }
            trades[outTradeNo] = t
            let id = UUID().uuidString.lowercased()
            notifications[outTradeNo] = Notification(id: id, outTradeNo: outTradeNo, body: notificationBody(t, id: id, now: now))
            tradeOfNotification[id] = outTradeNo
            return (.paid(["out_trade_no": outTradeNo, "transaction_id": t.transactionId!, "notification_id": id]), id)
        }
        if let id = paid.newId {
            config.chaos.deliver({ await self.send(notificationId: id, attempt: 0) },
                                 duplicate: { _ = await self.resend(outTradeNo: outTradeNo) })
        }
        return paid.result
    }

    /// TRANSACTION.SUCCESS with the transaction encrypted: AEAD_AES_256_GCM under the APIv3 key, a
    /// 12-character nonce, associated_data "transaction"; ciphertext = base64(ciphertext ‖ tag).
    func notificationBody(_ t: Trade, id: String, now: Double) -> String {
        let plain = JSONValue.data(tradeJSON(t))
        let nonce = IDs.random(12)
        var ciphertext = ""
        if let apiV3Key, let gcmNonce = try? AES.GCM.Nonce(data: Data(nonce.utf8)),
           let box = try? AES.GCM.seal(plain, using: apiV3Key, nonce: gcmNonce, authenticating: Data("transaction".utf8)) {
            ciphertext = (box.ciphertext + box.tag).base64EncodedString()
        }
        return String(decoding: JSONValue.data([
            "id": id, "create_time": Self.rfc3339(now), "resource_type": "encrypt-resource", "event_type": "TRANSACTION.SUCCESS",
            "summary": "支付成功",
            "resource": ["original_type": "transaction", "algorithm": "AEAD_AES_256_GCM", "ciphertext": ciphertext,
                         "associated_data": "transaction", "nonce": nonce],
        ]), as: UTF8.self)
    }

    /// One delivery, signed now; answered means HTTP 200 or 204.
    func deliver(_ n: Notification, to url: URL) async -> Int? {
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        let ts = String(Int(Date().timeIntervalSince1970)), nonce = IDs.random(32, alphabet: "0123456789abcdef")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue(config.platformSerialNo, forHTTPHeaderField: "Wechatpay-Serial")
        request.setValue(ts, forHTTPHeaderField: "Wechatpay-Timestamp")
        request.setValue(nonce, forHTTPHeaderField: "Wechatpay-Nonce")
        request.setValue(platformSign("\(ts)\n\(nonce)\n\(n.body)\n"), forHTTPHeaderField: "Wechatpay-Signature")
        request.setValue("Mozilla/4.0", forHTTPHeaderField: "User-Agent")
        request.httpBody = Data(n.body.utf8)
        let status = (try? await session.data(for: request)).flatMap { ($0.1 as? HTTPURLResponse)?.statusCode }
        withLock {
            notifications[n.outTradeNo]?.attempts += 1
            if status == 200 || status == 204 { notifications[n.outTradeNo]?.answered = true }
        }
        return status
    }

    /// Delivers until answered, waiting `schedule[attempt] × retryScale` between tries.
    func send(notificationId: String, attempt: Int) async {
        let found: (Notification, String)? = withLock {
            guard let out = tradeOfNotification[notificationId], let n = notifications[out], !n.answered, let t = trades[out] else { return nil }
            return (n, t.notifyURL)
        }
        guard let (n, notifyURL) = found, let url = URL(string: notifyURL) else { return }
        let status = await deliver(n, to: url)
        guard status != 200, status != 204, attempt < Self.schedule.count else { return }
        try? await Task.sleep(for: .seconds(Self.schedule[attempt] * config.retryScale))
        await send(notificationId: notificationId, attempt: attempt + 1)
    }

    /// Test hook: the trade's notification once more now, answered before or not (a duplicate).
    func resend(outTradeNo: String) async -> Int? {
        let found: (Notification, String)? = withLock {
            guard let n = notifications[outTradeNo], let t = trades[outTradeNo] else { return nil }
            return (n, t.notifyURL)
        }
        guard let (n, notifyURL) = found, let url = URL(string: notifyURL) else { return nil }
        return await deliver(n, to: url)
    }

    // MARK: Test control (/_sim/wechatpay/…)

    func control(_ request: HTTPRequest, path: String) async -> HTTPResponse {
        let out = request.query["out_trade_no"] ?? ""
        switch path {
        case "/_sim/wechatpay/pay":
            switch pay(outTradeNo: out) {
            case .paid(let r): return Self.json(r)
            case .missing: return Self.json(["error": "no such trade"], status: .notFound)
            case .closed: return Self.json(["error": "trade closed (time_expire passed)"], status: .conflict)
            }
        case "/_sim/wechatpay/jsapi-pay":
            // The WeChat browser's getBrandWCPayRequest: the page's parameters, paySign checked with the
            // merchant's key over appId\ntimeStamp\nnonceStr\npackage\n, then the prepay's trade is paid.
            guard let body = try? await request.bodyData,
                  let p = (try? JSONSerialization.jsonObject(with: body)) as? [String: String] else {
                return Self.json(["err_msg": "get_brand_wcpay_request:fail", "error": "parameters"], status: .badRequest)
            }
            let message = [p["appId"] ?? "", p["timeStamp"] ?? "", p["nonceStr"] ?? "", p["package"] ?? ""].joined(separator: "\n") + "\n"
            guard p["appId"] == config.appId, p["signType"] == "RSA", rsa.isValid(p["paySign"], of: Data(message.utf8), by: merchantKey) else {
                return Self.json(["err_msg": "get_brand_wcpay_request:fail", "error": "paySign"], status: .badRequest)
            }
            let prepay = String((p["package"] ?? "").dropFirst("prepay_id=".count))
            guard let trade = withLock({ trades.values.first { $0.prepayId == prepay }?.outTradeNo }) else {
                return Self.json(["err_msg": "get_brand_wcpay_request:fail", "error": "prepay_id"], status: .notFound)
            }
            switch pay(outTradeNo: trade) {
            case .paid: return Self.json(["err_msg": "get_brand_wcpay_request:ok", "out_trade_no": trade])
            case .missing, .closed: return Self.json(["err_msg": "get_brand_wcpay_request:fail"], status: .conflict)
            }
        case "/_sim/wechatpay/notify":
            guard let status = await resend(outTradeNo: out) else {
                return Self.json(["answered": false, "error": "no notification for this trade, or notify_url unreachable"])
            }
            return Self.json(["answered": status == 200 || status == 204, "status": status])
        case "/_sim/wechatpay/trades":
            let list: [[String: Any]] = withLock {
                trades.values.sorted { $0.outTradeNo < $1.outTradeNo }.map { t in
                    ["out_trade_no": t.outTradeNo, "trade_type": t.tradeType, "trade_state": t.state, "total": t.totalFen,
                     "transaction_id": t.transactionId.map { $0 as Any } ?? NSNull(), "refunded": t.refundedFen, "refunds": t.refunds.count,
                     "notifications": [notifications[t.outTradeNo]].compactMap { $0 }.map {
                         ["id": $0.id, "attempts": $0.attempts, "answered": $0.answered] as [String: Any]
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

    /// `2027-01-15T16:00:00+08:00`: WeChat's times are RFC 3339 in Beijing time.
    static func rfc3339(_ epoch: Double) -> String {
        let c = Clock.civil(epoch, offset: Clock.chinaOffset)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(c.y)-\(two(c.m))-\(two(c.d))T\(two(c.h)):\(two(c.mi)):\(two(c.s))+08:00"
    }

    /// `yyyyMMddHHmmss` in Beijing time (inside prepay and transaction ids).
    static func compactTime(_ epoch: Double) -> String {
        var out = ""
        for ch in rfc3339(epoch).prefix(19) where ch.isNumber { out.append(ch) }
        return out
    }

    func withLock<T>(_ body: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }
}
