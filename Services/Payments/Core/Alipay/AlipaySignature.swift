import Crypto
import CryptoExtras
import Foundation

/// Alipay's RSA2 rule (开放平台「自行实现验签」): drop `sign` and `sign_type`, drop empty values, sort the
/// rest by name, join as `k=v&…` with the raw (decoded) values, and sign or verify with SHA256withRSA
/// (PKCS#1 v1.5) — the rule that verifies Alipay's notifications. Our requests are signed the same
/// way except that `sign_type` stays in the string (Alipay's request rule).
public enum AlipaySignature {
    public static func canonical(_ fields: [String: String]) -> String {
        fields.filter { $0.key != "sign" && $0.key != "sign_type" && !$0.value.isEmpty }
            .sorted { Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8)) }
            .map { "\($0.key)=\($0.value)" }
            .joined(separator: "&")
    }

    /// A request's string: like `canonical`, but `sign_type` is signed too (Alipay's request rule
    /// drops only `sign`).
    public static func requestCanonical(_ fields: [String: String]) -> String {
        fields.filter { $0.key != "sign" && !$0.value.isEmpty }
            .sorted { Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8)) }
            .map { "\($0.key)=\($0.value)" }
            .joined(separator: "&")
    }

    /// Base64 of the signature over a request's `requestCanonical(fields)`.
    public static func sign(_ fields: [String: String], with key: _RSA.Signing.PrivateKey) throws -> String {
        try key.signature(for: Data(requestCanonical(fields).utf8), padding: .insecurePKCS1v1_5).rawRepresentation.base64EncodedString()
    }

    /// A request's signature (what Alipay's gateway checks): over `requestCanonical(fields)`.
    public static func isValidRequest(_ fields: [String: String], key: _RSA.Signing.PublicKey) -> Bool {
        guard let text = fields["sign"], let raw = Data(base64Encoded: text) else { return false }
        return key.isValidSignature(_RSA.Signing.RSASignature(rawRepresentation: raw), for: Data(requestCanonical(fields).utf8),
                                    padding: .insecurePKCS1v1_5)
    }

    /// True only for a well-formed base64 RSA2 signature by `key` over the fields' canonical string.
    public static func isValid(_ fields: [String: String], key: _RSA.Signing.PublicKey) -> Bool {
        guard fields["sign_type"] == nil || fields["sign_type"] == "RSA2",
              let text = fields["sign"], let raw = Data(base64Encoded: text) else { return false }
        return key.isValidSignature(_RSA.Signing.RSASignature(rawRepresentation: raw), for: Data(canonical(fields).utf8),
                                    padding: .insecurePKCS1v1_5)
    }
}
