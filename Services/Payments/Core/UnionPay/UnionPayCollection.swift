import Foundation
import Schema

/// UnionPay 全渠道 代收 (bizType 000501): the 建立委托关系 (txnType 72) that signs a member's card
/// with their own name and ID number, and the 代收 consume (txnType 11) under it. Both are back
/// calls with a synchronous answer; the 代收's outcome comes by back notification.
///
/// Simplification: UnionPay encrypts `accNo` and the sensitive parts of `customerInfo` with its
/// encryption certificate (`encryptCertId`). The payments code has no encryption certificate yet, so
/// customerInfo is base64 of `{k=v&…}` as the documentation shows for the test environment.
extension UnionPayRequests {
    /// 01: 身份证.
    public static func customerInfo(certifId: String, customerNm: String, phoneNo: String? = nil, smsCode: String? = nil) -> String {
        var pairs = [("certifTp", "01"), ("certifId", certifId), ("customerNm", customerNm)]
        if let phoneNo { pairs.append(("phoneNo", phoneNo)) }
        if let smsCode { pairs.append(("smsCode", smsCode)) }
        let text = "{" + pairs.map { "\($0.0)=\($0.1)" }.joined(separator: "&") + "}"
        return Data(text.utf8).base64EncodedString()
    }

    /// 建立委托关系: the card and its holder; UnionPay's bank checks the holder owns the card.
    public func establish(orderId: String, accNo: String, certifId: String, customerNm: String, now: Date) throws -> [String: String] {
        try signed(["txnType": "72", "txnSubType": "11", "bizType": "000501", "channelType": channelType,
                    "orderId": orderId, "txnTime": UnionPayText.beijing(now), "accType": "01", "accNo": accNo,
                    "customerInfo": Self.customerInfo(certifId: certifId, customerNm: customerNm)])
    }

    /// 代收: the amount from the card behind `token` (what the 建立委托 answered), result to backUrl.
    public func collect(orderId: String, token: String, amountFen: Int64, txnTime: Date) throws -> [String: String] {
        try signed(["txnType": "11", "txnSubType": "02", "bizType": "000501", "channelType": channelType,
                    "orderId": orderId, "txnTime": UnionPayText.beijing(txnTime), "txnAmt": String(amountFen),
                    "currencyCode": "156", "backUrl": backUrl, "tokenPayData": "{token=\(token)}"])
    }
}

extension UnionPayGateway {
    /// Signs the card: the token UnionPay gives for it. `payments.agreement_refused` when the bank
    /// refuses (not the holder's card, a credit card), `payments.provider_failed` otherwise.
    public func establish(orderId: String, accNo: String, certifId: String, customerNm: String) async throws(ErrorBody) -> String {
        let fields: [String: String]
        do { fields = try merchant.requests.establish(orderId: orderId, accNo: accNo, certifId: certifId, customerNm: customerNm, now: Date()) }
        catch { throw ErrorBody.providerFailed("sign") }
        let answer: [String: String]
        do { answer = try await call(merchant.backTransURL, fields) } catch {
            // Refusals of the card itself (UnionPay's 01–09, 1x card checks, 7x 持卡人身份信息) are the member's to fix.
            if let code = error.details["reason"], code.count == 2, code.first == "7" || code == "14" || code == "05" {
                throw ErrorBody.make(ErrorCode.paymentsAgreementRefused, details: ["field": "body.cardNumber", "reason": code])
            }
            throw error
        }
        guard let token = UnionPayText.braced(answer["tokenPayData"])["token"], !token.isEmpty else {
            throw ErrorBody.providerFailed("token")
        }
        return token
    }

    /// Sends a 代收; returns normally when UnionPay accepted it (respCode 00, outcome by notification),
    /// throws with the respCode when it refused (e.g. 51 余额不足).
    public func collect(orderId: String, token: String, amountFen: Int64, txnTime: Date) async throws(ErrorBody) {
        let fields: [String: String]
        do { fields = try merchant.requests.collect(orderId: orderId, token: token, amountFen: amountFen, txnTime: txnTime) }
        catch { throw ErrorBody.providerFailed("sign") }
        _ = try await call(merchant.backTransURL, fields)
    }
}

extension UnionPayText {
    /// `{a=1&b=2}` → its pairs (UnionPay's composite fields).
    static func braced(_ text: String?) -> [String: String] {
        guard var s = text, s.hasPrefix("{"), s.hasSuffix("}") else { return [:] }
        s = String(s.dropFirst().dropLast())
        var out: [String: String] = [:]
        for part in s.split(separator: "&") {
            guard let eq = part.firstIndex(of: "=") else { continue }
            out[String(part[..<eq])] = String(part[part.index(after: eq)...])
        }
        return out
    }
}
