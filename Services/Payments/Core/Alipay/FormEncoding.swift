import Foundation

/// `application/x-www-form-urlencoded`, the shape of Alipay's notifications and gateway requests.
///
/// Worked on UTF-8 bytes: Foundation's `removingPercentEncoding` and `addingPercentEncoding` bridge
/// through NSString and were a tenth of payments' CPU per payment in paybench's profile. The results
/// are Foundation's (`FormEncodingTests` compares them).
public enum FormEncoding {
    /// Fields of a form body; nil for a malformed one (bad percent escape, not UTF-8, repeated name),
    /// which is refused whole rather than guessed at.
    public static func decode(_ body: String) -> [String: String]? {
        var fields: [String: String] = [:]
        for pair in body.utf8.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = unescape(parts[0]), let value = unescape(parts.count == 2 ? parts[1] : parts[0][parts[0].endIndex...]),
                  !name.isEmpty, fields[name] == nil else { return nil }
            fields[name] = value
        }
        return fields
    }

    public static func encode(_ fields: [String: String]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(fields.reduce(0) { $0 + $1.key.utf8.count + $1.value.utf8.count + 2 } * 2)
        for (index, field) in fields.sorted(by: { $0.key < $1.key }).enumerated() {
            if index > 0 { out.append(UInt8(ascii: "&")) }
            escape(field.key, into: &out)
            out.append(UInt8(ascii: "="))
            escape(field.value, into: &out)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// "+" is a space, "%XX" a byte; the bytes must be UTF-8.
    static func unescape<Bytes: Collection<UInt8>>(_ text: Bytes) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(text.count)
        var i = text.startIndex
        while i != text.endIndex {
            let b = text[i]
            if b == UInt8(ascii: "+") {
                out.append(0x20)
            } else if b == UInt8(ascii: "%") {
                let first = text.index(after: i)
                guard first != text.endIndex, let high = hexValue(text[first]) else { return nil }
                let second = text.index(after: first)
                guard second != text.endIndex, let low = hexValue(text[second]) else { return nil }
                out.append(high << 4 | low)
                i = second
            } else {
                out.append(b)
            }
            i = text.index(after: i)
        }
        return String(validating: out, as: UTF8.self)
    }

    static let hexDigitsUpper = Array("0123456789ABCDEF".utf8)

    static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: return b - 0x30
        case 0x41...0x46: return b - 0x41 + 10
        case 0x61...0x66: return b - 0x61 + 10
        default: return nil
        }
    }

    /// Letters, digits and `-._*` as they are, a space as "+", every other byte as "%XX" (upper case).
    static func escape(_ text: String, into out: inout [UInt8]) {
        let hex = hexDigitsUpper
        for b in text.utf8 {
            switch b {
            case 0x41...0x5A, 0x61...0x7A, 0x30...0x39, UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "*"):
                out.append(b)
            case 0x20:
                out.append(UInt8(ascii: "+"))
            default:
                out.append(UInt8(ascii: "%"))
                out.append(hex[Int(b >> 4)])
                out.append(hex[Int(b & 0x0F)])
            }
        }
    }
}
