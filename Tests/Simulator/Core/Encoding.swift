import Crypto
import Foundation

/// Aliyun RPC signature, version 1.0 (HMAC-SHA1), as the Dysmsapi SDKs compute it.
public enum AliyunSignature {
    /// RFC 3986 percent-encoding: only A-Z a-z 0-9 - _ . ~ stay as they are (so space → %20, * → %2A).
    public static func percentEncode(_ string: String) -> String {
        let hex: [UInt8] = Array("0123456789ABCDEF".utf8)
        var out = [UInt8]()
        out.reserveCapacity(string.utf8.count + 8)
        for b in string.utf8 {
            switch b {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                out.append(b)
            default:
                out.append(UInt8(ascii: "%"))
                out.append(hex[Int(b >> 4)])
                out.append(hex[Int(b & 0x0F)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Parameters except `Signature`, sorted by name (byte order), encoded and joined `k=v&…`.
    public static func canonicalizedQuery(_ params: [(String, String)]) -> String {
        params.filter { $0.0 != "Signature" }
            .sorted { Array($0.0.utf8).lexicographicallyPrecedes(Array($1.0.utf8)) }
            .map { percentEncode($0.0) + "=" + percentEncode($0.1) }
            .joined(separator: "&")
    }

    public static func stringToSign(method: String, params: [(String, String)]) -> String {
        method.uppercased() + "&" + percentEncode("/") + "&" + percentEncode(canonicalizedQuery(params))
    }

    /// base64(HMAC-SHA1(key: secret + "&", stringToSign)).
    public static func signature(secret: String, stringToSign: String) -> String {
        let key = SymmetricKey(data: Data((secret + "&").utf8))
        let mac = HMAC<Insecure.SHA1>.authenticationCode(for: Data(stringToSign.utf8), using: key)
        return Data(mac).base64EncodedString()
    }

    public static func sign(method: String, params: [(String, String)], secret: String) -> String {
        signature(secret: secret, stringToSign: stringToSign(method: method, params: params))
    }
}

/// The signature WeChat puts on the query of every push to a developer server:
/// sha1 of token, timestamp and nonce sorted in dictionary order and concatenated, lowercase hex.
public enum WeChatSignature {
    public static func sign(token: String, timestamp: String, nonce: String) -> String {
        let joined = [token, timestamp, nonce].sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }.joined()
        return Insecure.SHA1.hash(data: Data(joined.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    public static func verify(signature: String, token: String, timestamp: String, nonce: String) -> Bool {
        sign(token: token, timestamp: timestamp, nonce: nonce) == signature.lowercased()
    }
}

enum Form {
    /// Parses `a=b&c=d` (query string or x-www-form-urlencoded body): `+` is a space, %XX decoded.
    static func parse(_ string: String) -> [(String, String)] {
        guard !string.isEmpty else { return [] }
        var out: [(String, String)] = []
        for pair in string.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = decode(parts[0])
            let value = parts.count > 1 ? decode(parts[1]) : ""
            out.append((name, value))
        }
        return out
    }

    /// Byte by byte (Foundation's removingPercentEncoding was a fifth of the simulator's CPU). A
    /// malformed escape is kept as it is, as lenient servers do.
    static func decode(_ s: Substring) -> String {
        let bytes = Array(s.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "+") {
                out.append(UInt8(ascii: " "))
            } else if b == UInt8(ascii: "%"), i + 2 < bytes.count, let hi = hexValue(bytes[i + 1]), let lo = hexValue(bytes[i + 2]) {
                out.append(hi << 4 | lo)
                i += 2
            } else {
                out.append(b)
            }
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): b - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): b - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): b - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

/// Wall-clock helpers without DateFormatter (cheap and thread-safe).
enum Clock {
    static let chinaOffset = 8 * 3600

    static func now() -> Double { Date().timeIntervalSince1970 }
    static func monotonicNanos() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    /// Parses `yyyy-MM-ddTHH:mm:ssZ` (optionally with fractional seconds) as UTC.
    static func parseISO8601UTC(_ s: String) -> Double? {
        let b = Array(s.utf8)
        guard b.count >= 20, b.last == UInt8(ascii: "Z"), b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
              b[10] == UInt8(ascii: "T"), b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":") else { return nil }
        func num(_ r: Range<Int>) -> Int? {
            var v = 0
            for i in r { guard b[i] >= 48, b[i] <= 57 else { return nil }; v = v * 10 + Int(b[i] - 48) }
            return v
        }
        guard let y = num(0..<4), let mo = num(5..<7), let d = num(8..<10), let h = num(11..<13),
              let mi = num(14..<16), let se = num(17..<19), (1...12).contains(mo), (1...31).contains(d),
              h < 24, mi < 60, se < 61 else { return nil }
        var frac = 0.0
        if b.count > 20 {
            guard b[19] == UInt8(ascii: "."), let f = num(20..<(b.count - 1)) else { return nil }
            frac = Double(f) / pow(10, Double(b.count - 21))
        }
        return Double(daysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se) + frac
    }

    static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    static func civil(_ epoch: Double, offset: Int) -> (y: Int, m: Int, d: Int, h: Int, mi: Int, s: Int) {
        let t = Int(epoch.rounded(.down)) + offset
        let days = t >= 0 ? t / 86400 : (t - 86399) / 86400
        let secs = t - days * 86400
        let z = days + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        return (y, m, d, secs / 3600, (secs % 3600) / 60, secs % 60)
    }

    private static func pad(_ v: Int, _ w: Int) -> String {
        let s = String(v)
        return s.count >= w ? s : String(repeating: "0", count: w - s.count) + s
    }

    /// China time written with 14 digits in any punctuation (`yyyy-MM-dd HH:mm:ss`, `yyyyMMddHHmmss`): Alipay's
    /// time_expire, UnionPay's payTimeout.
    static func parseChinaDigits(_ s: String) -> Double? {
        let digits = s.utf8.filter { $0 >= 48 && $0 <= 57 }.map { Int($0 - 48) }
        guard digits.count == 14 else { return nil }
        func num(_ r: Range<Int>) -> Int { r.reduce(0) { $0 * 10 + digits[$1] } }
        let (y, mo, d, h, mi, se) = (num(0..<4), num(4..<6), num(6..<8), num(8..<10), num(10..<12), num(12..<14))
        guard (1...12).contains(mo), (1...31).contains(d), h < 24, mi < 60, se < 61 else { return nil }
        return Double(daysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se - chinaOffset)
    }

    /// `yyyy-MM-dd HH:mm:ss` in China time, as Aliyun SMS reports and details show.
    static func chinaDateTime(_ epoch: Double) -> String {
        let c = civil(epoch, offset: chinaOffset)
        return "\(pad(c.y, 4))-\(pad(c.m, 2))-\(pad(c.d, 2)) \(pad(c.h, 2)):\(pad(c.mi, 2)):\(pad(c.s, 2))"
    }

    /// `yyyyMMdd` in China time (QuerySendDetails' SendDate).
    static func chinaDay(_ epoch: Double) -> String {
        let c = civil(epoch, offset: chinaOffset)
        return "\(pad(c.y, 4))\(pad(c.m, 2))\(pad(c.d, 2))"
    }

    /// `yyyy-MM-ddTHH:mm:ss.SSSZ` UTC.
    static func iso8601(_ epoch: Double) -> String {
        let c = civil(epoch, offset: 0)
        let ms = Int(((epoch - epoch.rounded(.down)) * 1000).rounded(.down))
        return "\(pad(c.y, 4))-\(pad(c.m, 2))-\(pad(c.d, 2))T\(pad(c.h, 2)):\(pad(c.mi, 2)):\(pad(c.s, 2)).\(pad(ms, 3))Z"
    }
}

enum JSONValue {
    // No `is Bool` guard: on Linux a JSON 1 bridges to Bool too, so numbers are read as numbers first.
    static func int(_ any: Any?) -> Int? {
        if let i = any as? Int { return i }
        if let d = any as? Double { return Int(d) }
        if let n = any as? NSNumber { return n.intValue }
        if let s = any as? String { return Int(s) }
        return nil
    }

    static func double(_ any: Any?) -> Double? {
        if let d = any as? Double { return d }
        if let i = any as? Int { return Double(i) }
        if let n = any as? NSNumber { return n.doubleValue }
        if let s = any as? String { return Double(s) }
        return nil
    }

    static func bool(_ any: Any?) -> Bool? {
        if let b = any as? Bool { return b }
        if let n = any as? NSNumber { return n.boolValue }
        return nil
    }

    static func object(_ data: Data) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
    }

    static func object(_ string: String) -> [String: Any]? {
        object(Data(string.utf8))
    }

    static func data(_ object: Any) -> Data {
        (try? JSONSerialization.data(withJSONObject: object, options: [.withoutEscapingSlashes, .sortedKeys]))
            ?? Data("{}".utf8)
    }

    /// Escapes a string for embedding in a JSON document we build by hand.
    static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 { out += String(format: "\\u%04x", u.value) } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }
}

enum IDs {
    static func random(_ count: Int, alphabet: String = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") -> String {
        let chars = Array(alphabet)
        var g = SystemRandomNumberGenerator()
        return String((0..<count).map { _ in chars[Int(g.next(upperBound: UInt(chars.count)))] })
    }

    static func requestID() -> String { UUID().uuidString }

    /// A stable, WeChat-shaped openid (28 chars, starting "o") for a simulated user name.
    static func openid(appID: String, user: String) -> String {
        let digest = SHA256.hash(data: Data("\(appID)|\(user)".utf8))
        let b64 = Data(digest).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        return "oSim" + b64.prefix(24)
    }

    static func isSimOpenid(_ s: String) -> Bool {
        guard s.utf8.count == 28, s.hasPrefix("oSim") else { return false }
        return s.utf8.allSatisfy { b in
            (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 45 || b == 95
        }
    }
}
