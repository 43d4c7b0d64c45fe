import CryptoExtras
import Foundation

/// One signed call to WeChat Pay API v3, ready for any HTTP client: the Authorization header signs
/// exactly `body` (send those bytes unchanged) and `path` (with its query).
public struct WeChatPayRequest: Sendable, Equatable {
    public var method: String
    public var path: String
    public var headers: [String: String]
    public var body: Data

    /// `gatewayURL` + path.
    public func url(gatewayURL: String) -> URL? { URL(string: gatewayURL + path) }
}

/// The parameters the page hands to `WeixinJSBridge.invoke('getBrandWCPayRequest', …)` inside the
/// WeChat browser (JSAPI 调起支付), signed by the merchant key.
public struct WeChatPayJSAPIParameters: Codable, Sendable, Equatable {
    public var appId: String
    public var timeStamp: String
    public var nonceStr: String
    public var package: String
    public var signType: String
    public var paySign: String
}

/// Builds the v3 calls the payments service makes. Amounts are integer fen (`amount.total`), CNY only;
/// the order id is the out_trade_no. Pure: the nonce and clock are parameters.
public struct WeChatPayRequests: Sendable {
    public var appId: String
    public var mchId: String
    /// The merchant certificate's serial (`serial_no` in Authorization).
    public var serialNo: String
    public var notifyURL: String
    public var privateKey: _RSA.Signing.PrivateKey

    public init(appId: String, mchId: String, serialNo: String, notifyURL: String, privateKey: _RSA.Signing.PrivateKey) {
        self.appId = appId; self.mchId = mchId; self.serialNo = serialNo; self.notifyURL = notifyURL; self.privateKey = privateKey
    }

    public enum RequestError: Error, Equatable {
        /// WeChat takes 6–32 of `0-9 a-z A-Z _ - | *` as out_trade_no.
        case outTradeNo(String)
        /// 1–64 of `0-9 a-z A-Z _ - | * @` as out_refund_no.
        case outRefundNo(String)
        case amount
    }

    /// Native (扫码支付, a QR on a PC): the reply carries `code_url`.
    public func native(orderId: String, totalFen: Int64, description: String, expiresAt: Date, now: Date,
                       nonce: String = Self.nonce()) throws -> WeChatPayRequest {
        try signed("POST", "/v3/pay/transactions/native", now: now, nonce: nonce,
                   body: order(orderId: orderId, totalFen: totalFen, description: description, expiresAt: expiresAt))
    }

    /// JSAPI (inside the WeChat browser): the payer's openid under our appid; the reply carries `prepay_id`.
    public func jsapi(orderId: String, totalFen: Int64, description: String, openid: String, expiresAt: Date, now: Date,
                      nonce: String = Self.nonce()) throws -> WeChatPayRequest {
        var body = try order(orderId: orderId, totalFen: totalFen, description: description, expiresAt: expiresAt)
        body["payer"] = ["openid": openid]
        return try signed("POST", "/v3/pay/transactions/jsapi", now: now, nonce: nonce, body: body)
    }

    /// 查询订单 by out_trade_no (the active query before expiry).
    public func query(orderId: String, now: Date, nonce: String = Self.nonce()) throws -> WeChatPayRequest {
        try Self.check(orderId)
        return try signed("GET", "/v3/pay/transactions/out-trade-no/\(orderId)?mchid=\(mchId)", now: now, nonce: nonce, body: nil)
    }

    /// 申请退款: `refundId` is the out_refund_no, so the same one twice refunds once.
    public func refund(orderId: String, refundId: String, refundFen: Int64, totalFen: Int64, reason: String, now: Date,
                       nonce: String = Self.nonce()) throws -> WeChatPayRequest {
        try Self.check(orderId)
        guard (1...64).contains(refundId.utf8.count), refundId.utf8.allSatisfy({ Self.idBytes.contains($0) || $0 == UInt8(ascii: "@") }) else {
            throw RequestError.outRefundNo(refundId)
        }
        guard refundFen > 0, totalFen > 0, refundFen <= totalFen else { throw RequestError.amount }
        var body: [String: Any] = [
            "out_trade_no": orderId, "out_refund_no": refundId,
            "amount": ["refund": refundFen, "total": totalFen, "currency": "CNY"],
        ]
        if !reason.isEmpty { body["reason"] = reason }
        return try signed("POST", "/v3/refund/domestic/refunds", now: now, nonce: nonce, body: body)
    }

    /// What the JSAPI page needs once the order returned `prepay_id`.
    public func jsapiParameters(prepayId: String, now: Date, nonce: String = Self.nonce()) throws -> WeChatPayJSAPIParameters {
        let timeStamp = String(Int64(now.timeIntervalSince1970)), package = "prepay_id=\(prepayId)"
        let message = WeChatPaySignature.jsapiMessage(appId: appId, timeStamp: timeStamp, nonceStr: nonce, package: package)
        return WeChatPayJSAPIParameters(appId: appId, timeStamp: timeStamp, nonceStr: nonce, package: package, signType: "RSA",
                                        paySign: try WeChatPaySignature.sign(message, with: privateKey))
    }

    func order(orderId: String, totalFen: Int64, description: String, expiresAt: Date) throws -> [String: Any] {
        try Self.check(orderId)
        guard totalFen > 0 else { throw RequestError.amount }
        return [
            "appid": appId, "mchid": mchId, "description": description, "out_trade_no": orderId,
            "time_expire": Self.rfc3339Beijing(expiresAt), "notify_url": notifyURL,
            "amount": ["total": totalFen, "currency": "CNY"],
        ]
    }

    func signed(_ method: String, _ path: String, now: Date, nonce: String, body: [String: Any]?) throws -> WeChatPayRequest {
        let data = try body.map { try JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys, .withoutEscapingSlashes]) } ?? Data()
        let timestamp = String(Int64(now.timeIntervalSince1970))
        let message = WeChatPaySignature.requestMessage(method: method, path: path, timestamp: timestamp, nonce: nonce,
                                                        body: String(decoding: data, as: UTF8.self))
        let authorization = WeChatPaySignature.authorization(mchId: mchId, serialNo: serialNo, nonce: nonce, timestamp: timestamp,
                                                             signature: try WeChatPaySignature.sign(message, with: privateKey))
        var headers = ["Authorization": authorization, "Accept": "application/json", "User-Agent": "dangjian-payments"]
        if body != nil { headers["Content-Type"] = "application/json" }
        return WeChatPayRequest(method: method, path: path, headers: headers, body: data)
    }

    static let idBytes = Set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_-|*".utf8)

    static func check(_ orderId: String) throws {
        guard (6...32).contains(orderId.utf8.count), orderId.utf8.allSatisfy({ idBytes.contains($0) }) else {
            throw RequestError.outTradeNo(orderId)
        }
    }

    /// 32 random letters and digits (nonce_str, nonceStr).
    public static func nonce() -> String {
        let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        var g = SystemRandomNumberGenerator()
        return String((0..<32).map { _ in alphabet[Int(g.next(upperBound: UInt(alphabet.count)))] })
    }

    /// RFC 3339 in Beijing time, as WeChat writes times: `2027-01-15T16:15:00+08:00`.
    public static func rfc3339Beijing(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 8 * 3600)!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ n: Int?) -> String { let n = n ?? 0; return n < 10 ? "0\(n)" : "\(n)" }
        return "\(c.year ?? 0)-\(two(c.month))-\(two(c.day))T\(two(c.hour)):\(two(c.minute)):\(two(c.second))+08:00"
    }
}
