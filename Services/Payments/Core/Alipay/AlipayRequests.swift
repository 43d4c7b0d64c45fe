import CryptoExtras
import Foundation

/// The signed form fields of calls to Alipay's gateway (开放平台 公共请求参数 + biz_content). Amounts
/// leave as yuan strings; credit channels are switched off (dues are paid from debit sources only).
public struct AlipayRequests: Sendable {
    public var appId: String
    public var notifyURL: String
    public var privateKey: _RSA.Signing.PrivateKey
    public init(appId: String, notifyURL: String, privateKey: _RSA.Signing.PrivateKey) {
        self.appId = appId; self.notifyURL = notifyURL; self.privateKey = privateKey
    }

    /// 扫码支付 (QR on a PC).
    public func precreate(orderId: String, totalFen: Int64, subject: String, expiresAt: Date, now: Date) throws -> [String: String] {
        try signed("alipay.trade.precreate", now: now, notify: true, biz: [
            "out_trade_no": orderId, "total_amount": Yuan.string(fen: totalFen), "subject": subject,
            "disable_pay_channels": "credit_group", "time_expire": Self.beijing(expiresAt),
        ])
    }

    /// 电脑网站支付 (the form the browser posts to the gateway).
    public func pagePay(orderId: String, totalFen: Int64, subject: String, expiresAt: Date, now: Date) throws -> [String: String] {
        try signed("alipay.trade.page.pay", now: now, notify: true, biz: [
            "out_trade_no": orderId, "total_amount": Yuan.string(fen: totalFen), "subject": subject,
            "product_code": "FAST_INSTANT_TRADE_PAY", "disable_pay_channels": "credit_group",
            "time_expire": Self.beijing(expiresAt),
        ])
    }

    public func query(orderId: String, now: Date) throws -> [String: String] {
        try signed("alipay.trade.query", now: now, notify: false, biz: ["out_trade_no": orderId])
    }

    /// `refundId` is the out_request_no: the same one twice refunds once.
    public func refund(orderId: String, refundId: String, amountFen: Int64, reason: String, now: Date) throws -> [String: String] {
        try signed("alipay.trade.refund", now: now, notify: false, biz: [
            "out_trade_no": orderId, "out_request_no": refundId, "refund_amount": Yuan.string(fen: amountFen),
            "refund_reason": reason,
        ])
    }

    func signed(_ method: String, now: Date, notify: Bool, biz: [String: String]) throws -> [String: String] {
        let json = try JSONSerialization.data(withJSONObject: biz, options: [.sortedKeys, .withoutEscapingSlashes])
        var fields = [
            "app_id": appId, "method": method, "format": "JSON", "charset": "utf-8", "sign_type": "RSA2",
            "timestamp": Self.beijing(now), "version": "1.0", "biz_content": String(decoding: json, as: UTF8.self),
        ]
        if notify { fields["notify_url"] = notifyURL }
        fields["sign"] = try AlipaySignature.sign(fields, with: privateKey)
        return fields
    }

    /// Alipay's times are Beijing time, "yyyy-MM-dd HH:mm:ss".
    static func beijing(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ n: Int?) -> String { let n = n ?? 0; return n < 10 ? "0\(n)" : "\(n)" }
        return "\(c.year ?? 0)-\(two(c.month))-\(two(c.day)) \(two(c.hour)):\(two(c.minute)):\(two(c.second))"
    }
}
