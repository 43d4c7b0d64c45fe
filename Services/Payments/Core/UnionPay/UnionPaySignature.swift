import Crypto
import CryptoExtras
import Foundation

/// UnionPay 全渠道 5.1.0 signatures (signMethod=01): every field but `signature` sorted by name and
/// joined as `k=v&…` (raw values), its SHA-256 written as lower-case hex, and those hex characters
/// signed SHA256withRSA (PKCS#1 v1.5), base64 — what UnionPay's acp SDK does on both sides.
public enum UnionPaySignature {
    public static func canonical(_ fields: [String: String]) -> String {
        fields.filter { $0.key != "signature" }
            .sorted { Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8)) }
            .map { "\($0.key)=\($0.value)" }
            .joined(separator: "&")
    }

    /// The lower-case hex SHA-256 of the canonical string: what the RSA signature is over.
    public static func digestHex(_ fields: [String: String]) -> String {
        SHA256.hash(data: Data(canonical(fields).utf8)).lowercaseHex
    }

    public static func sign(_ fields: [String: String], with key: _RSA.Signing.PrivateKey) throws -> String {
        try key.signature(for: Data(digestHex(fields).utf8), padding: .insecurePKCS1v1_5).rawRepresentation.base64EncodedString()
    }

    /// True only for signMethod 01 (or absent) and a well-formed base64 signature by `key`. A
    /// `signPubKeyCert` in the message is never used: only the configured key is trusted.
    public static func isValid(_ fields: [String: String], key: _RSA.Signing.PublicKey) -> Bool {
        guard fields["signMethod"] == nil || fields["signMethod"] == "01",
              let text = fields["signature"], let raw = Data(base64Encoded: text) else { return false }
        return key.isValidSignature(_RSA.Signing.RSASignature(rawRepresentation: raw), for: Data(digestHex(fields).utf8),
                                    padding: .insecurePKCS1v1_5)
    }
}

/// The text shapes UnionPay uses: Beijing `yyyyMMddHHmmss`, synchronous answers as raw `k=v&…`.
public enum UnionPayText {
    public static func beijing(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 8 * 3600)!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ n: Int?) -> String { let n = n ?? 0; return n < 10 ? "0\(n)" : "\(n)" }
        return "\(c.year ?? 0)\(two(c.month))\(two(c.day))\(two(c.hour))\(two(c.minute))\(two(c.second))"
    }

    /// A back answer (`k=v&k=v`, values NOT percent-encoded, as UnionPay sends them: base64 keeps its
    /// `+`); split at the first `=` of each pair. Nil for a repeated or empty name.
    public static func answerFields(_ body: String) -> [String: String]? {
        var fields: [String: String] = [:]
        // A composite value ({token=…&trId=…}) keeps its own `&`: split only outside braces, as UnionPay's SDK does.
        var pairs: [Substring] = [], depth = 0
        let text = body.trimmingCharacters(in: .whitespacesAndNewlines)
        var start = text.startIndex
        for index in text.indices {
            switch text[index] {
            case "{": depth += 1
            case "}": depth = max(0, depth - 1)
            case "&" where depth == 0:
                if start < index { pairs.append(text[start..<index]) }
                start = text.index(after: index)
            default: break
            }
        }
        if start < text.endIndex { pairs.append(text[start...]) }
        for pair in pairs {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0])
            guard !name.isEmpty, fields[name] == nil else { return nil }
            fields[name] = parts.count == 2 ? String(parts[1]) : ""
        }
        return fields.isEmpty ? nil : fields
    }

    /// A txnAmt: fen as a plain positive integer string (no sign, no decimals).
    public static func fen(_ text: String?) -> Int64? {
        guard let text, !text.isEmpty, text.utf8.count <= 12, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        return Int64(text)
    }

    /// UnionPay's orderId is 8–40 letters and digits: our refund request numbers ("po…-r1") lose their `-`.
    public static func orderId(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter { $0.isASCII && CharacterSet.alphanumerics.contains($0) }))
    }
}
