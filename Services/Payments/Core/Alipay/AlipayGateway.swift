import CryptoExtras
import Foundation
import Schema

/// Alipay's 开放平台 gateway over HTTP: signed form posts, and every answer's signature checked with
/// Alipay's public key before it is believed (the sign covers the `<method>_response` object's text
/// exactly as sent).
public struct AlipayGateway: PaymentProvider {
    public let channel = PaymentChannel.alipay
    let url: String
    let requests: AlipayRequests
    let alipayPublicKey: _RSA.Signing.PublicKey

    public init(url: String, requests: AlipayRequests, alipayPublicKey: _RSA.Signing.PublicKey) {
        self.url = url; self.requests = requests; self.alipayPublicKey = alipayPublicKey
    }

    /// 扫码支付: alipay.trade.precreate → qr_code.
    public func start(orderId: String, totalFen: Int64, subject: String, expiresAt: Date) async throws(ErrorBody) -> String {
        let fields: [String: String]
        do { fields = try requests.precreate(orderId: orderId, totalFen: totalFen, subject: subject, expiresAt: expiresAt, now: Date()) }
        catch { throw ErrorBody.providerFailed("sign") }
        let reply = try await call(fields)
        guard let qr = reply["qr_code"] as? String, !qr.isEmpty else { throw ErrorBody.providerFailed("no_qr_code") }
        return qr
    }

    public func query(orderId: String) async throws(ErrorBody) -> ProviderTrade? {
        let fields: [String: String]
        do { fields = try requests.query(orderId: orderId, now: Date()) } catch { throw ErrorBody.providerFailed("sign") }
        let reply: [String: Any]
        do { reply = try await call(fields) } catch where error.details["reason"] == "ACQ.TRADE_NOT_EXIST" { return nil }
        let state = reply["trade_status"] as? String ?? ""
        return ProviderTrade(paid: state == "TRADE_SUCCESS" || state == "TRADE_FINISHED", state: state,
                             tradeNo: reply["trade_no"] as? String, totalFen: (reply["total_amount"] as? String).flatMap(Yuan.fen))
    }

    public func refund(orderId: String, requestNo: String, amountFen: Int64, reason: String) async throws(ErrorBody) {
        let fields: [String: String]
        do { fields = try requests.refund(orderId: orderId, refundId: requestNo, amountFen: amountFen, reason: reason, now: Date()) }
        catch { throw ErrorBody.providerFailed("sign") }
        _ = try await call(fields)
    }

    /// Posts the signed form; the verified `<method>_response` object when its code is 10000,
    /// otherwise `payments.provider_failed` with Alipay's sub_code as the reason.
    func call(_ fields: [String: String]) async throws(ErrorBody) -> [String: Any] {
        let body = FormEncoding.encode(fields)
        let reply = try await ProviderHTTP.send(provider: "alipay", .POST, url, headers: [("Content-Type", "application/x-www-form-urlencoded;charset=utf-8")],
                                                body: Data(body.utf8))
        guard reply.status == 200 else { throw ErrorBody.providerFailed("http_\(reply.status)") }
        let key = (fields["method"] ?? "").replacingOccurrences(of: ".", with: "_") + "_response"
        let text = String(decoding: reply.body, as: UTF8.self)
        guard let object = AlipayResponse.verified(text, key: key, publicKey: alipayPublicKey) else {
            throw ErrorBody.providerFailed("response_signature")
        }
        guard object["code"] as? String == "10000" else {
            throw ErrorBody.providerFailed(object["sub_code"] as? String ?? object["code"] as? String ?? "refused")
        }
        return object
    }
}

/// A synchronous answer of Alipay's gateway: `{"<method>_response":{…},"sign":"…"}`.
public enum AlipayResponse {
    /// The response object, if `sign` is Alipay's RSA2 signature over its text as sent.
    public static func verified(_ text: String, key: String, publicKey: _RSA.Signing.PublicKey) -> [String: Any]? {
        guard let content = signedText(text, key: key),
              let outer = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any],
              let sign = outer["sign"] as? String, let raw = Data(base64Encoded: sign),
              publicKey.isValidSignature(_RSA.Signing.RSASignature(rawRepresentation: raw), for: Data(content.utf8),
                                         padding: .insecurePKCS1v1_5)
        else { return nil }
        return outer[key] as? [String: Any]
    }

    /// The exact characters of the response object: from after `"<key>":` to before the `,"sign"` that
    /// follows it (what Alipay's SDKs cut out and verify, rather than a re-serialisation).
    public static func signedText(_ text: String, key: String) -> String? {
        guard let start = text.range(of: "\"\(key)\":")?.upperBound,
              let end = text.range(of: ",\"sign\":", options: .backwards), end.lowerBound > start else { return nil }
        return String(text[start..<end.lowerBound]).trimmingCharacters(in: .whitespaces)
    }
}
