import CryptoExtras
import Foundation

/// The signed fields of our calls to UnionPay 全渠道 (version 5.1.0, signMethod 01, amounts in fen).
public struct UnionPayRequests: Sendable {
    public var merId: String
    public var certId: String
    public var backUrl: String
    public var frontUrl: String
    public var channelType: String
    public var privateKey: _RSA.Signing.PrivateKey

    public init(merId: String, certId: String, backUrl: String, frontUrl: String, channelType: String = "07",
                privateKey: _RSA.Signing.PrivateKey) {
        self.merId = merId; self.certId = certId; self.backUrl = backUrl; self.frontUrl = frontUrl
        self.channelType = channelType; self.privateKey = privateKey
    }

    /// 消费 (front): the form the payer's browser takes to frontTransReq.do. `txnTime` names the trade
    /// together with the orderId (the query needs both), so it is the order's creation time.
    public func consume(orderId: String, totalFen: Int64, txnTime: Date, expiresAt: Date) throws -> [String: String] {
        try signed([
            "txnType": "01", "txnSubType": "01", "bizType": "000201", "channelType": channelType,
            "orderId": orderId, "txnTime": UnionPayText.beijing(txnTime), "txnAmt": String(totalFen), "currencyCode": "156",
            "frontUrl": frontUrl, "backUrl": backUrl, "payTimeout": UnionPayText.beijing(expiresAt),
        ])
    }

    /// 交易状态查询 (back, synchronous): the original trade by orderId + txnTime.
    public func query(orderId: String, txnTime: Date) throws -> [String: String] {
        try signed(["txnType": "00", "txnSubType": "00", "bizType": "000000", "channelType": channelType,
                    "orderId": orderId, "txnTime": UnionPayText.beijing(txnTime)])
    }

    /// 退货 (back): `refundOrderId` is the refund's own orderId — the same one twice refunds once.
    public func refund(refundOrderId: String, origQryId: String, amountFen: Int64, now: Date) throws -> [String: String] {
        try signed(["txnType": "04", "txnSubType": "00", "bizType": "000201", "channelType": channelType,
                    "orderId": refundOrderId, "origQryId": origQryId, "txnTime": UnionPayText.beijing(now),
                    "txnAmt": String(amountFen), "currencyCode": "156", "backUrl": backUrl])
    }

    func signed(_ business: [String: String]) throws -> [String: String] {
        var fields = business.merging(["version": "5.1.0", "encoding": "UTF-8", "signMethod": "01", "accessType": "0",
                                       "merId": merId, "certId": certId]) { a, _ in a }
        fields["signature"] = try UnionPaySignature.sign(fields, with: privateKey)
        return fields
    }
}

/// The consume form for the payer's browser. `PaymentProvider.start` returns `url` (the gateway with
/// the fields as a query, a plain link); a portal may instead render `html` (the auto-posting form
/// UnionPay's SDK writes).
public struct UnionPayForm: Sendable, Equatable {
    public var action: String
    public var fields: [String: String]

    public init(action: String, fields: [String: String]) { self.action = action; self.fields = fields }

    public var url: String { action + "?" + FormEncoding.encode(fields) }

    public var html: String {
        func escape(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;")
                .replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
        }
        let inputs = fields.sorted { $0.key < $1.key }
            .map { "<input type=\"hidden\" name=\"\(escape($0.key))\" value=\"\(escape($0.value))\">" }.joined(separator: "\n")
        return """
            <!DOCTYPE html><html><head><meta charset="UTF-8"><title>银联支付</title></head>
            <body onload="document.forms[0].submit()"><form method="post" action="\(escape(action))">
            \(inputs)
            <button type="submit">前往银联支付</button></form></body></html>
            """
    }
}
