import Crypto
import CryptoExtras
import Foundation

/// WeChat Pay API v3 signatures (签名生成 / 签名验证): SHA256withRSA (PKCS#1 v1.5), base64, over lines
/// that each end in `\n`, the last one included. Requests are signed by the merchant key; replies and
/// notifications by the platform key, and must be verified before anything in them is believed.
public enum WeChatPaySignature {
    /// `METHOD\nURL\ntimestamp\nnonce\nbody\n`: URL is the path with its query, without the host; the
    /// body is the exact bytes sent (empty for GET).
    public static func requestMessage(method: String, path: String, timestamp: String, nonce: String, body: String) -> String {
        "\(method)\n\(path)\n\(timestamp)\n\(nonce)\n\(body)\n"
    }

    /// `timestamp\nnonce\nbody\n` of a reply or notification, the body as received (empty: just `\n`).
    public static func replyMessage(timestamp: String, nonce: String, body: String) -> String {
        "\(timestamp)\n\(nonce)\n\(body)\n"
    }

    /// JSAPI 调起支付: `appId\ntimeStamp\nnonceStr\npackage\n`.
    public static func jsapiMessage(appId: String, timeStamp: String, nonceStr: String, package: String) -> String {
        "\(appId)\n\(timeStamp)\n\(nonceStr)\n\(package)\n"
    }

    public static func sign(_ message: String, with key: _RSA.Signing.PrivateKey) throws -> String {
        try key.signature(for: Data(message.utf8), padding: .insecurePKCS1v1_5).rawRepresentation.base64EncodedString()
    }

    public static func isValid(_ signature: String, message: String, key: _RSA.Signing.PublicKey) -> Bool {
        guard let raw = Data(base64Encoded: signature) else { return false }
        return key.isValidSignature(_RSA.Signing.RSASignature(rawRepresentation: raw), for: Data(message.utf8), padding: .insecurePKCS1v1_5)
    }

    /// The `Authorization` header value (WECHATPAY2-SHA256-RSA2048, the five fields in one line).
    public static func authorization(mchId: String, serialNo: String, nonce: String, timestamp: String, signature: String) -> String {
        "WECHATPAY2-SHA256-RSA2048 mchid=\"\(mchId)\",nonce_str=\"\(nonce)\",signature=\"\(signature)\",timestamp=\"\(timestamp)\",serial_no=\"\(serialNo)\""
    }

    /// The fields of an `Authorization` header (order free, values quoted); nil if it is not one.
    public static func authorizationFields(_ header: String) -> [String: String]? {
        let scheme = "WECHATPAY2-SHA256-RSA2048 "
        guard header.hasPrefix(scheme) else { return nil }
        var fields: [String: String] = [:]
        for part in header.dropFirst(scheme.count).split(separator: ",") {
            let kv = part.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            guard kv.count == 2, kv[1].count >= 2, kv[1].hasPrefix("\""), kv[1].hasSuffix("\"") else { return nil }
            fields[String(kv[0])] = String(kv[1].dropFirst().dropLast())
        }
        return fields
    }

    /// Why signed headers were refused.
    public enum HeaderFailure: String, Error, Sendable {
        /// A Wechatpay-* header is missing or unreadable.
        case headers
        /// Signed under a certificate we do not hold (Wechatpay-Serial).
        case serial
        case signature
        /// Wechatpay-Timestamp more than `tolerance` away from now: a replay, or a clock gone wrong.
        case timestamp
    }

    /// Freshness window of a signed timestamp, as WeChat Pay applies to ours.
    public static let tolerance: TimeInterval = 300

    /// Checks the Wechatpay-Serial / -Signature / -Timestamp / -Nonce headers (names lower-cased) of a
    /// reply or notification over its raw body: serial, then signature, then freshness.
    public static func verify(headers: [String: String], body: String, serialNo: String, key: _RSA.Signing.PublicKey,
                              now: Date) -> HeaderFailure? {
        guard let serial = headers["wechatpay-serial"], let signature = headers["wechatpay-signature"],
              let timestamp = headers["wechatpay-timestamp"], let nonce = headers["wechatpay-nonce"],
              let seconds = Int64(timestamp) else { return .headers }
        guard serial == serialNo else { return .serial }
        guard isValid(signature, message: replyMessage(timestamp: timestamp, nonce: nonce, body: body), key: key) else {
            return .signature
        }
        guard abs(now.timeIntervalSince1970 - TimeInterval(seconds)) <= tolerance else { return .timestamp }
        return nil
    }
}
