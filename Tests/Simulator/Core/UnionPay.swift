import Crypto
import CryptoExtras
import FlyingFox
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// UnionPay 全渠道 (网关支付 5.1.0, signMethod 01) as the merchant sees it: the front consume page, the
/// back query and refund, and back notifications. Its own keys and rules, written from UnionPay's
/// documentation, sharing no code with the payments service.
public struct UnionPaySimConfig: Sendable {
    /// Duplicated, reordered notifications (`--notify-chaos`).
    public var chaos = NotifyChaos()
    /// 商户代码 the gateway accepts.
    public var merId = "777290058110048"
    /// certId sent with UnionPay's signatures.
    public var certId = "69042905377"
    /// UnionPay's signing private key (PEM): signs answers and notifications. Nil: the channel is off.
    public var privateKeyPEM: String?
    /// The merchant's signing public key (PEM): verifies its requests.
    public var merchantPublicKeyPEM: String?
    /// UnionPay resends an unanswered back notification after 1, 2, 4, 8 and 16 minutes; tests scale
    /// it (0.001: 60 ms, 120 ms, …).
    public var retryScale = 1.0
    public init() {}
}

final class UnionPaySim: @unchecked Sendable {
    struct Trade {
        var orderId: String
        var txnTime: String
        var totalFen: Int
        var backUrl: String
        var frontUrl: String
        var queryId: String?
        var payCardType: String?
        var paidAt: Double?
        var refundedFen = 0
        /// The refunds' own orderIds → their amount and queryId.
        var refunds: [String: (amount: Int, queryId: String)] = [:]
        /// payTimeout: unpaid past it, the payer can no longer pay.
        var expiresAt: Double? = nil
        /// The refunds' orderIds → when UnionPay took them (the ZM file's 退货 lines).
        var refundedAt: [String: Double] = [:]
        /// 01 消费 (front) or 11 代收 (back, under a 建立委托).
        var txnType = "01"
        /// The result the notification carries (00, or e.g. 51 余额不足 for a 代收).
        var respCode = "00"
    }

    /// A bank card the sim knows (registered with `/_sim/unionpay/cards`): its holder's ID number and balance.
    struct Card {
        var certifId: String
        var balanceFen: Int
    }

    struct Notification {
        var orderId: String
        var attempts = 0
        var answered = false
    }

    static let schedule: [Double] = [60, 120, 240, 480, 960]

    let config: UnionPaySimConfig
    let privateKey: _RSA.Signing.PrivateKey?
    let merchantKey: _RSA.Signing.PublicKey?
    let session: Outbound
    private let lock = NSLock()
    var trades: [String: Trade] = [:]
    /// The day statements' injected differences and downloadable files (Statements.swift).
    let book = StatementBook()
    private var notifications: [String: Notification] = [:]
    private var rejected = 0
    private var serial = 0
    private var cards: [String: Card] = [:]
    /// 建立委托's tokens → the card number.
    private var tokens: [String: String] = [:]

    /// Every signature made or checked goes through it (counted for /_sim/stats).
    let rsa: ProviderRSA

    init(config: UnionPaySimConfig, session: Outbound, rsa: ProviderRSA) {
        self.rsa = rsa
        self.config = config
        self.session = session
        privateKey = config.privateKeyPEM.flatMap { try? _RSA.Signing.PrivateKey(pemRepresentation: $0) }
        merchantKey = config.merchantPublicKeyPEM.flatMap { try? _RSA.Signing.PublicKey(pemRepresentation: $0) }
    }

    // MARK: Signatures: sorted k=v& of all but signature → SHA-256 hex → SHA256withRSA over the hex, base64.

    static func signedText(_ f: [String: String]) -> Data {
        let text = f.filter { $0.key != "signature" }.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            .map { $0.key + "=" + $0.value }.joined(separator: "&")
        let hex = SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
        return Data(hex.utf8)
    }

    func verify(_ f: [String: String]) -> Bool {
        f["signMethod"] == "01" && rsa.isValid(f["signature"], of: Self.signedText(f), by: merchantKey)
    }

    func signed(_ f: [String: String]) -> [String: String] {
        var f = f
        f["signMethod"] = "01"; f["certId"] = config.certId; f["version"] = "5.1.0"; f["encoding"] = "UTF-8"
        let signature = rsa.sign(Self.signedText(f), with: privateKey)
        if !signature.isEmpty { f["signature"] = signature }
        return f
    }

    /// A back answer as UnionPay writes it: raw `k=v&…`, values not percent-encoded.
    func answer(_ f: [String: String]) -> HTTPResponse {
        let text = signed(f).sorted { $0.key < $1.key }.map { $0.key + "=" + $0.value }.joined(separator: "&")
        return HTTPResponse(statusCode: .ok, headers: [.contentType: "text/html;charset=UTF-8"], body: Data(text.utf8))
    }

    func refuse(_ f: [String: String], _ code: String, _ msg: String) -> HTTPResponse {
        withLock { rejected += 1 }
        return answer(["respCode": code, "respMsg": msg, "merId": f["merId"] ?? "", "orderId": f["orderId"] ?? "",
                       "txnType": f["txnType"] ?? "", "txnSubType": f["txnSubType"] ?? "", "bizType": f["bizType"] ?? "", "accessType": "0"])
    }

    static func fields(_ request: HTTPRequest) async throws -> [String: String] {
        var pairs = Form.parse(request.target.query(percentEncoded: true))
        if request.method == .POST { pairs += Form.parse(String(decoding: try await request.bodyData, as: UTF8.self)) }
        var f: [String: String] = [:]
        for (k, v) in pairs where f[k] == nil { f[k] = v }
        return f
    }

    static func validOrderId(_ s: String) -> Bool {
        (8...40).contains(s.utf8.count) && s.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || (($0 | 0x20) >= 97 && ($0 | 0x20) <= 122) }
    }

    static func fen(_ s: String?) -> Int? {
        guard let s, !s.isEmpty, s.utf8.count <= 12, s.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let n = Int(s), n > 0 else { return nil }
        return n
    }

    /// Common checks of a merchant request; nil when it may go on, else the code and message.
    func check(_ f: [String: String]) -> (String, String)? {
        guard privateKey != nil, merchantKey != nil else { return ("99", "provider-sim: UnionPay keys not configured") }
        guard f["version"] == "5.1.0", f["encoding"]?.uppercased() == "UTF-8" else { return ("10", "报文格式错误[version/encoding]") }
        guard verify(f) else { return ("11", "验证签名失败") }
        guard f["merId"] == config.merId else { return ("13", "商户代码错误") }
        guard let o = f["orderId"], Self.validOrderId(o) else { return ("10", "报文格式错误[orderId]") }
        guard let t = f["txnTime"], t.utf8.count == 14, t.allSatisfy(\.isNumber) else { return ("10", "报文格式错误[txnTime]") }
        return nil
    }

    // MARK: Front consume (/gateway/api/frontTransReq.do): the cashier page

    func front(_ request: HTTPRequest) async throws -> HTTPResponse {
        let f = try await Self.fields(request)
        if let (code, msg) = check(f) { withLock { rejected += 1 }; return page("交易失败", "\(code) \(msg)", status: .badRequest) }
        guard f["txnType"] == "01", f["bizType"] == "000201", let amount = Self.fen(f["txnAmt"]), f["currencyCode"] == "156",
              let backUrl = f["backUrl"], URL(string: backUrl)?.scheme != nil, let frontUrl = f["frontUrl"] else {
            withLock { rejected += 1 }
            return page("交易失败", "10 报文格式错误", status: .badRequest)
        }
        let orderId = f["orderId"]!, txnTime = f["txnTime"]!
        let refusal: String? = withLock {
            if let t = trades[orderId] {
                // The same orderId again: the same trade (the payer reopened the page) or a duplicate.
                guard t.txnTime == txnTime, t.totalFen == amount else { return "12 重复交易" }
                return t.queryId == nil ? nil : "12 订单已支付"
            }
            trades[orderId] = Trade(orderId: orderId, txnTime: txnTime, totalFen: amount, backUrl: backUrl, frontUrl: frontUrl,
                                    expiresAt: f["payTimeout"].flatMap(Clock.parseChinaDigits))
            return nil
        }
        if let refusal { withLock { rejected += 1 }; return page("交易失败", refusal, status: .badRequest) }
        let yuan = String(format: "%d.%02d", amount / 100, amount % 100)
        let pay = "/_sim/unionpay/pay?browser=1&orderId=" + orderId
        return page("银联在线支付（模拟）", """
            <p>商户订单号 <code id="orderId">\(orderId)</code></p><p>金额 ¥<span id="amount">\(yuan)</span></p>
            <p><a id="debit" href="\(pay)&card=debit">借记卡支付</a> · <a id="credit" href="\(pay)&card=credit">信用卡支付</a></p>
            """)
    }

    func page(_ title: String, _ body: String, status: HTTPStatusCode = .ok) -> HTTPResponse {
        let html = "<!DOCTYPE html><html><head><meta charset=\"UTF-8\"><title>\(title)</title></head><body><h1>\(title)</h1>\(body)</body></html>"
        return HTTPResponse(statusCode: status, headers: [.contentType: "text/html;charset=UTF-8"], body: Data(html.utf8))
    }

    // MARK: Back: query (/gateway/api/queryTrans.do) and refund (/gateway/api/backTransReq.do)

    func query(_ request: HTTPRequest) async throws -> HTTPResponse {
        let f = try await Self.fields(request)
        if let (code, msg) = check(f) { return refuse(f, code, msg) }
        guard f["txnType"] == "00" else { return refuse(f, "10", "报文格式错误[txnType]") }
        let found: Trade? = withLock { trades[f["orderId"]!].flatMap { $0.txnTime == f["txnTime"] ? $0 : nil } }
        guard let t = found else { return refuse(f, "34", "查无此交易") }
        var a = ["respCode": "00", "respMsg": "成功[0000000]", "merId": config.merId, "orderId": t.orderId, "txnTime": t.txnTime,
                 "txnType": "00", "txnSubType": "00", "bizType": "000000", "accessType": "0", "txnAmt": String(t.totalFen),
                 "currencyCode": "156", "origRespCode": t.queryId == nil ? "05" : t.respCode,
                 "origRespMsg": t.queryId == nil ? "交易已受理，请稍后查询交易结果" : "成功[0000000]"]
        if let q = t.queryId { a["queryId"] = q; a["payCardType"] = t.payCardType ?? "01"; a["settleAmt"] = String(t.totalFen) }
        return answer(a)
    }

    /// 退货: against the consume's queryId; the refund's own orderId makes it idempotent (the same one
    /// again with the same amount answers the same refund, no more money).
    func back(_ request: HTTPRequest) async throws -> HTTPResponse {
        let f = try await Self.fields(request)
        if let (code, msg) = check(f) { return refuse(f, code, msg) }
        if f["txnType"] == "72" { return establish(f) }
        if f["txnType"] == "11" { return collect(f) }
        guard f["txnType"] == "04", let amount = Self.fen(f["txnAmt"]), let orig = f["origQryId"] else {
            return refuse(f, "10", "报文格式错误[txnType/txnAmt/origQryId]")
        }
        let refundOrderId = f["orderId"]!
        let result: (String, String, String?) = withLock {
            guard let key = trades.first(where: { $0.value.queryId == orig })?.key, var t = trades[key] else { return ("35", "原交易不存在或状态不正确", nil) }
            if let done = t.refunds[refundOrderId] {
                return done.amount == amount ? ("00", "成功[0000000]", done.queryId) : ("12", "重复交易", nil)
            }
            guard t.refundedFen + amount <= t.totalFen else { return ("36", "退货金额超限", nil) }
            serial += 1
            let queryId = "7727" + String(format: "%017d", serial)
            t.refunds[refundOrderId] = (amount, queryId)
            t.refundedAt[refundOrderId] = Date().timeIntervalSince1970
            t.refundedFen += amount
            trades[key] = t
            return ("00", "成功[0000000]", queryId)
        }
        guard result.0 == "00" else { return refuse(f, result.0, result.1) }
        return answer(["respCode": "00", "respMsg": result.1, "merId": config.merId, "orderId": refundOrderId, "origQryId": orig,
                       "txnTime": f["txnTime"]!, "txnAmt": String(amount), "txnType": "04", "txnSubType": "00", "bizType": "000201",
                       "accessType": "0", "queryId": result.2 ?? ""])
    }

    // MARK: 代收 (bizType 000501): 建立委托 (72) and 代收 (11)

    /// `{k=v&…}`, base64 (customerInfo in the test environment) or plain (tokenPayData).
    static func braced(_ text: String?, base64: Bool) -> [String: String] {
        guard var s = text else { return [:] }
        if base64 { guard let d = Data(base64Encoded: s) else { return [:] }; s = String(decoding: d, as: UTF8.self) }
        guard s.hasPrefix("{"), s.hasSuffix("}") else { return [:] }
        var out: [String: String] = [:]
        for part in s.dropFirst().dropLast().split(separator: "&") {
            let kv = part.split(separator: "=", maxSplits: 1).map(String.init)
            if kv.count == 2 { out[kv[0]] = kv[1] }
        }
        return out
    }

    /// The bank's check: the card must be known (14 无效卡号) and its holder's ID number must be the one
    /// sent (77 持卡人身份信息验证失败). Answers a token for the card.
    func establish(_ f: [String: String]) -> HTTPResponse {
        let info = Self.braced(f["customerInfo"], base64: true)
        guard f["bizType"] == "000501", let accNo = f["accNo"], info["certifTp"] == "01", let certifId = info["certifId"],
              info["customerNm"].map({ !$0.isEmpty }) == true else {
            return refuse(f, "10", "报文格式错误[bizType/accNo/customerInfo]")
        }
        let result: (String, String, String?) = withLock {
            guard let card = cards[accNo] else { return ("14", "无效卡号", nil) }
            guard card.certifId.uppercased() == certifId.uppercased() else { return ("77", "持卡人身份信息验证失败", nil) }
            serial += 1
            let token = "6235" + String(format: "%015d", serial)
            tokens[token] = accNo
            return ("00", "成功[0000000]", token)
        }
        guard result.0 == "00", let token = result.2 else { withLock { rejected += 1 }; return refuse(f, result.0, result.1) }
        return answer(["respCode": "00", "respMsg": result.1, "merId": config.merId, "orderId": f["orderId"]!, "txnTime": f["txnTime"]!,
                       "txnType": "72", "txnSubType": f["txnSubType"] ?? "11", "bizType": "000501", "accessType": "0",
                       "tokenPayData": "{token=\(token)&trId=62000000001}", "accNo": String(accNo.suffix(4))])
    }

    /// 代收: accepted (00) at once; the result — money moved, or 51 余额不足 — goes by back notification.
    /// The same orderId again answers 12 重复交易 and moves nothing.
    func collect(_ f: [String: String]) -> HTTPResponse {
        let token = Self.braced(f["tokenPayData"], base64: false)["token"] ?? ""
        guard f["bizType"] == "000501", let amount = Self.fen(f["txnAmt"]), f["currencyCode"] == "156",
              let backUrl = f["backUrl"], URL(string: backUrl)?.scheme != nil else {
            return refuse(f, "10", "报文格式错误[bizType/txnAmt/backUrl]")
        }
        let orderId = f["orderId"]!
        let result: (String, String) = withLock {
            guard let accNo = tokens[token], var card = cards[accNo] else { return ("14", "无效卡号或未建立委托") }
            if trades[orderId] != nil { return ("12", "重复交易") }
            serial += 1
            var t = Trade(orderId: orderId, txnTime: f["txnTime"]!, totalFen: amount, backUrl: backUrl, frontUrl: "")
            t.txnType = "11"
            t.queryId = "7727" + String(format: "%017d", serial)
            t.payCardType = "01"
            if card.balanceFen >= amount {
                card.balanceFen -= amount
                cards[accNo] = card
                t.paidAt = Date().timeIntervalSince1970
            } else {
                t.respCode = "51"
            }
            trades[orderId] = t
            notifications[orderId] = Notification(orderId: orderId)
            return ("00", "成功[0000000]")
        }
        guard result.0 == "00" else { withLock { rejected += 1 }; return refuse(f, result.0, result.1) }
        Task { await self.send(orderId: orderId, attempt: 0) }
        return answer(["respCode": "00", "respMsg": result.1, "merId": config.merId, "orderId": orderId, "txnTime": f["txnTime"]!,
                       "txnType": "11", "txnSubType": f["txnSubType"] ?? "02", "bizType": "000501", "accessType": "0",
                       "txnAmt": String(amount)])
    }

    // MARK: Paying and notifying

    /// The buyer pays with a debit or credit card (test hook); the back notification goes out. A second
    /// pay of a paid trade changes nothing and sends nothing new.
    func pay(orderId: String, card: String) -> [String: Any]? {
        let paid: (Trade, Bool)? = withLock {
            guard var t = trades[orderId] else { return nil }
            if t.queryId != nil { return (t, false) }
            if let end = t.expiresAt, Date().timeIntervalSince1970 > end { return (t, false) }
            serial += 1
            t.queryId = "7727" + String(format: "%017d", serial)
            t.payCardType = card == "credit" ? "02" : "01"
            t.paidAt = Date().timeIntervalSince1970
            trades[orderId] = t
            notifications[orderId] = Notification(orderId: orderId)
            return (t, true)
        }
        guard let (t, new) = paid else { return nil }
        if new {
            config.chaos.deliver({ await self.send(orderId: orderId, attempt: 0) },
                                 duplicate: { _ = await self.deliver(orderId: orderId) })
        }
        return ["orderId": orderId, "queryId": t.queryId ?? "", "payCardType": t.payCardType ?? "", "frontUrl": t.frontUrl]
    }

    func notificationFields(_ t: Trade) -> [String: String] {
        signed([
            "accessType": "0", "bizType": t.txnType == "11" ? "000501" : "000201", "currencyCode": "156", "merId": config.merId,
            "orderId": t.orderId, "queryId": t.queryId ?? "", "respCode": t.respCode,
            "respMsg": t.respCode == "00" ? "成功[0000000]" : "余额不足[1000051]", "settleAmt": String(t.totalFen),
            "settleCurrencyCode": "156", "settleDate": String(t.txnTime.dropFirst(4).prefix(4)), "traceNo": String(t.queryId?.suffix(6) ?? ""),
            "traceTime": String(t.txnTime.dropFirst(4)), "txnAmt": String(t.totalFen), "txnSubType": t.txnType == "11" ? "02" : "01",
            "txnTime": t.txnTime, "txnType": t.txnType, "payCardType": t.payCardType ?? "01", "payType": "0001", "payCardNo": "621626*********0018",
            "signPubKeyCert": privateKey?.publicKey.pemRepresentation ?? "",
        ])
    }

    /// One delivery: the HTTP status (nil: unreachable) and whether it was answered (200 with the body `ok`).
    func deliver(orderId: String) async -> (status: Int?, answered: Bool)? {
        guard let t: Trade = withLock({ trades[orderId] }), let url = URL(string: t.backUrl) else { return nil }
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.setValue("application/x-www-form-urlencoded;charset=UTF-8", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(notificationFields(t).sorted { $0.key < $1.key }
            .map { Self.escape($0.key) + "=" + Self.escape($0.value) }.joined(separator: "&").utf8)
        var status: Int?
        var answered = false
        if let (data, response) = try? await session.data(for: request) {
            status = (response as? HTTPURLResponse)?.statusCode
            answered = status == 200 && String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) == "ok"
        }
        withLock {
            notifications[orderId]?.attempts += 1
            if answered { notifications[orderId]?.answered = true }
        }
        return (status, answered)
    }

    func send(orderId: String, attempt: Int) async {
        guard withLock({ notifications[orderId].map { !$0.answered } ?? false }) else { return }
        let answered = await deliver(orderId: orderId)?.answered ?? false
        guard !answered, attempt < Self.schedule.count else { return }
        try? await Task.sleep(for: .seconds(Self.schedule[attempt] * config.retryScale))
        await send(orderId: orderId, attempt: attempt + 1)
    }

    static let formSafe = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    static func escape(_ s: String) -> String { s.addingPercentEncoding(withAllowedCharacters: formSafe) ?? s }

    // MARK: Test control (/_sim/unionpay/…)

    func control(_ request: HTTPRequest, path: String) async -> HTTPResponse {
        let orderId = request.query["orderId"] ?? ""
        switch path {
        case "/_sim/unionpay/pay":
            let card = request.query["card"] ?? "debit"
            guard card == "debit" || card == "credit" else { return Self.json(["error": "card must be debit or credit"], status: .badRequest) }
            guard let r = pay(orderId: orderId, card: card) else { return Self.json(["error": "no such trade"], status: .notFound) }
            if (r["queryId"] as? String ?? "").isEmpty { return Self.json(["error": "payTimeout passed"], status: .conflict) }
            if request.query["browser"] == "1" {
                let back = (r["frontUrl"] as? String ?? "").replacingOccurrences(of: "\"", with: "&quot;")
                return page("支付成功", "<p>订单 \(orderId) 已支付</p><p><a id=\"return\" href=\"\(back)\">返回商户</a></p>")
            }
            return Self.json(r)
        case "/_sim/unionpay/notify":
            let known = withLock { notifications[orderId] != nil }
            guard known, let d = await deliver(orderId: orderId), let status = d.status else {
                return Self.json(["answered": false, "error": "no notification for this trade, or backUrl unreachable"])
            }
            return Self.json(["answered": d.answered, "status": status])
        case "/_sim/unionpay/cards":
            // Registers a card: its holder's ID number and balance (fen); GET lists them masked.
            if let card = request.query["card"], let certifId = request.query["certifId"] {
                let balance = Int(request.query["balance"] ?? "") ?? 1_000_000
                withLock { cards[card] = Card(certifId: certifId, balanceFen: balance) }
                return Self.json(["card": String(card.suffix(4)), "balance": balance])
            }
            let list: [[String: Any]] = withLock {
                cards.sorted { $0.key < $1.key }.map { ["card": String($0.key.suffix(4)), "balance": $0.value.balanceFen] }
            }
            return Self.json(["cards": list])
        case "/_sim/unionpay/trades":
            let list: [[String: Any]] = withLock {
                trades.values.sorted { $0.orderId < $1.orderId }.map { t in
                    let n = notifications[t.orderId]
                    return ["orderId": t.orderId, "txnTime": t.txnTime, "txnAmt": t.totalFen, "paid": t.queryId != nil && t.respCode == "00",
                            "txnType": t.txnType, "respCode": t.respCode,
                            "queryId": t.queryId.map { $0 as Any } ?? NSNull(), "payCardType": t.payCardType.map { $0 as Any } ?? NSNull(),
                            "refunded": t.refundedFen, "refunds": t.refunds.count,
                            "notification": n.map { ["attempts": $0.attempts, "answered": $0.answered] as [String: Any] } ?? NSNull()]
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
