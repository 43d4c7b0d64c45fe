import Crypto
import Foundation
import Passwords

/// Small cryptographic helpers shared by the authentication part.
enum AuthCrypto {
    static func randomBytes(_ count: Int) -> [UInt8] {
        var rng = SystemRandomNumberGenerator()
        return (0..<count).map { _ in rng.next() }
    }

    /// `count` random bytes, base64url without padding.
    static func randomToken(_ count: Int = 32) -> String {
        base64URL(randomBytes(count))
    }

    /// A random decimal code of `digits` digits (uniform, no modulo bias worth speaking of at 64 bits).
    static func randomDigits(_ digits: Int) -> String {
        var rng = SystemRandomNumberGenerator()
        return String((0..<digits).map { _ in Character(String(rng.next(upperBound: UInt8(10)))) })
    }

    static func sha256Hex(_ string: String) -> String {
        SHA256.hash(data: Array(string.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    static func hmacHex(_ string: String, key: SymmetricKey) -> String {
        HMAC<SHA256>.authenticationCode(for: Array(string.utf8), using: key).map { String(format: "%02x", $0) }.joined()
    }

    static func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        PasswordHasher.constantTimeEquals(a, b)
    }

    /// Compares two strings without an early exit on the first difference: both are hashed first so
    /// the time does not depend on where they differ, nor (beyond hashing) on their lengths.
    static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let ha = Array(SHA256.hash(data: Array(a.utf8)))
        let hb = Array(SHA256.hash(data: Array(b.utf8)))
        return constantTimeEquals(ha, hb)
    }

    static func base64URL<D: DataProtocol>(_ bytes: D) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func base64URLDecode(_ string: Substring) -> Data? {
        var s = string.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while s.count % 4 != 0 { s += "=" }
        return Data(base64Encoded: s)
    }
}
