/// Finds the members of a top-level JSON object without building values: for the hot paths that
/// only need to know where something is (a reply's body at the gateway, a request's type at a service).
public struct JSONScanner {
    let bytes: [UInt8]
    var i = 0

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Calls `member` with each key and its value's byte range; false when the bytes are not an object.
    public mutating func object(_ member: (String, Range<Int>) -> Void) -> Bool {
        skipSpace()
        guard peek == UInt8(ascii: "{") else { return false }
        i += 1
        skipSpace()
        if peek == UInt8(ascii: "}") { return true }
        while i < bytes.count {
            skipSpace()
            let keyStart = i + 1
            guard skipString() else { return false }
            let key = String(decoding: bytes[keyStart..<(i - 1)], as: UTF8.self)
            skipSpace()
            guard peek == UInt8(ascii: ":") else { return false }
            i += 1
            skipSpace()
            let start = i
            guard skipValue() else { return false }
            member(key, start..<i)
            skipSpace()
            if peek == UInt8(ascii: ",") { i += 1; continue }
            return peek == UInt8(ascii: "}")
        }
        return false
    }

    var peek: UInt8? { i < bytes.count ? bytes[i] : nil }

    mutating func skipSpace() {
        while let b = peek, b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { i += 1 }
    }

    mutating func skipString() -> Bool {
        guard peek == UInt8(ascii: "\"") else { return false }
        i += 1
        while i < bytes.count {
            switch bytes[i] {
            case UInt8(ascii: "\\"): i += 2
            case UInt8(ascii: "\""): i += 1; return true
            default: i += 1
            }
        }
        return false
    }

    mutating func skipValue() -> Bool {
        guard let b = peek else { return false }
        switch b {
        case UInt8(ascii: "\""): return skipString()
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            while i < bytes.count {
                switch bytes[i] {
                case UInt8(ascii: "\""): guard skipString() else { return false }; continue
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { i += 1; return true }
                default: break
                }
                i += 1
            }
            return false
        default:
            while let c = peek, c != UInt8(ascii: ","), c != UInt8(ascii: "}"), c != UInt8(ascii: "]"),
                  c != 0x20, c != 0x0A, c != 0x0D, c != 0x09 { i += 1 }
            return true
        }
    }
}

