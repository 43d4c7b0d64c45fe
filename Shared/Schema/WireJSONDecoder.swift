import Foundation

/// The wire's JSON reader: decodes what `Wire.decoder()` (Foundation's JSONDecoder with RFC 3339
/// dates) decodes, to the same values, straight from the bytes.
///
/// Why: Foundation turns every object into a dictionary of freshly made key strings before a single
/// field is read; in identity's profile decoding a request envelope cost as much as the read it
/// asked for. Here one pass records where each value is (a flat list of nodes), and a keyed
/// container compares its keys' bytes in place.
///
/// Only success is decided here. Anything unusual — a failure of any kind, escapes in a key, a key
/// given twice, a number an integer field would have to convert, URL or Decimal, `superDecoder`,
/// bytes that are not strict JSON or not UTF-8 — returns nil, and the caller decodes with Foundation,
/// so errors (and their field paths) are always Foundation's. `WireJSONDecoderTests` compares the two.
enum WireJSONReader {
    static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) -> T? {
        guard let document = JSONDocument(bytes) else { return nil }
        do {
            let value = try WireDecoder(document, 0).decode(T.self)
            return document.unsupported ? nil : value
        } catch {
            return nil
        }
    }
}

/// The parsed document: the bytes, and each value's place in them, in document order.
final class JSONDocument {
    enum Kind: UInt8 { case object, array, string, number, bool, null }

    struct Node {
        var kind: Kind
        /// A string with escapes; a number with a fraction or an exponent.
        var special: Bool
        /// The value's first and past-the-end byte (for a string, inside the quotes).
        var start: Int32
        var end: Int32
        /// The index of the node after this value and everything in it.
        var next: Int32
        /// Members of an object, elements of an array.
        var count: Int32
    }

    let bytes: [UInt8]
    var nodes: [Node] = []
    /// Set by a container that met something Foundation must judge (a failed probe the caller
    /// swallowed with `try?` must still send the whole decode back).
    var unsupported = false

    init?(_ bytes: [UInt8]) {
        self.bytes = bytes
        let parsed: [Node]? = bytes.withUnsafeBufferPointer { buffer in
            var parser = JSONParser(bytes: buffer)
            parser.skipSpace()
            guard parser.value(depth: 0) else { return nil }
            parser.skipSpace()
            return parser.i == buffer.count ? parser.nodes : nil
        }
        guard let parsed else { return nil }
        nodes = parsed
    }

    func string(_ index: Int) -> String? {
        let node = nodes[index]
        guard node.kind == .string else { return nil }
        let range = Int(node.start)..<Int(node.end)
        if !node.special { return String(validating: bytes[range], as: UTF8.self) }
        return unescaped(range)
    }

    /// Whether the string at `index` is exactly `key` (no escapes: keys with escapes are unsupported).
    func keyEquals(_ index: Int, _ key: String) -> Bool {
        let node = nodes[index]
        let count = Int(node.end - node.start)
        var key = key
        return key.withUTF8 { utf8 in
            guard utf8.count == count else { return false }
            if count == 0 { return true }
            return bytes.withUnsafeBufferPointer { buffer in
                memcmp(buffer.baseAddress! + Int(node.start), utf8.baseAddress!, count) == 0
            }
        }
    }

    func keyEquals(_ a: Int, _ b: Int) -> Bool {
        let x = nodes[a], y = nodes[b]
        let count = Int(x.end - x.start)
        guard count == Int(y.end - y.start) else { return false }
        if count == 0 { return true }
        return bytes.withUnsafeBufferPointer { buffer in
            memcmp(buffer.baseAddress! + Int(x.start), buffer.baseAddress! + Int(y.start), count) == 0
        }
    }

    private func unescaped(_ range: Range<Int>) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(range.count)
        var i = range.lowerBound
        while i < range.upperBound {
            let b = bytes[i]
            guard b == 0x5C else { out.append(b); i += 1; continue }
            let e = bytes[i + 1]
            i += 2
            switch e {
            case 0x22, 0x5C, 0x2F: out.append(e)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                guard var scalar = hex4(i) else { return nil }
                i += 4
                if (0xD800..<0xDC00).contains(scalar) {
                    // A high surrogate must be followed by an escaped low one.
                    guard i + 6 <= range.upperBound, bytes[i] == 0x5C, bytes[i + 1] == UInt8(ascii: "u"),
                          let low = hex4(i + 2), (0xDC00..<0xE000).contains(low) else { return nil }
                    i += 6
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00..<0xE000).contains(scalar) {
                    return nil
                }
                guard let unicode = Unicode.Scalar(scalar) else { return nil }
                out.append(contentsOf: Array(String(Character(unicode)).utf8))
            default: return nil
            }
        }
        return String(validating: out, as: UTF8.self)
    }

    private func hex4(_ at: Int) -> UInt32? {
        var value: UInt32 = 0
        for k in 0..<4 {
            let b = bytes[at + k]
            let digit: UInt8
            switch b {
            case 0x30...0x39: digit = b - 0x30
            case 0x41...0x46: digit = b - 0x41 + 10
            case 0x61...0x66: digit = b - 0x61 + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }
}

/// Strict JSON (RFC 8259), recording nodes; false on anything else.
private struct JSONParser {
    let bytes: UnsafeBufferPointer<UInt8>
    var nodes: [JSONDocument.Node] = []
    var i = 0

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        nodes.reserveCapacity(32)
    }

    mutating func skipSpace() {
        while i < bytes.count {
            let b = bytes[i]
            guard b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 else { return }
            i += 1
        }
    }

    mutating func value(depth: Int) -> Bool {
        guard i < bytes.count, depth < 256 else { return false }
        switch bytes[i] {
        case UInt8(ascii: "{"): return container(object: true, depth: depth)
        case UInt8(ascii: "["): return container(object: false, depth: depth)
        case 0x22: return string()
        case UInt8(ascii: "t"): return literal("true", .bool)
        case UInt8(ascii: "f"): return literal("false", .bool)
        case UInt8(ascii: "n"): return literal("null", .null)
        default: return number()
        }
    }

    private mutating func container(object: Bool, depth: Int) -> Bool {
        let index = nodes.count
        nodes.append(.init(kind: object ? .object : .array, special: false, start: Int32(i), end: 0, next: 0, count: 0))
        i += 1
        skipSpace()
        let close = object ? UInt8(ascii: "}") : UInt8(ascii: "]")
        var count: Int32 = 0
        if i < bytes.count, bytes[i] == close {
            i += 1
        } else {
            while true {
                if object {
                    guard i < bytes.count, bytes[i] == 0x22, string() else { return false }
                    skipSpace()
                    guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { return false }
                    i += 1
                    skipSpace()
                }
                guard value(depth: depth + 1) else { return false }
                count += 1
                skipSpace()
                guard i < bytes.count else { return false }
                if bytes[i] == UInt8(ascii: ",") { i += 1; skipSpace(); continue }
                guard bytes[i] == close else { return false }
                i += 1
                break
            }
        }
        nodes[index].end = Int32(i)
        nodes[index].next = Int32(nodes.count)
        nodes[index].count = count
        return true
    }

    private mutating func string() -> Bool {
        i += 1
        let start = i
        var escaped = false
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x22 {
                nodes.append(.init(kind: .string, special: escaped, start: Int32(start), end: Int32(i),
                                   next: Int32(nodes.count + 1), count: 0))
                i += 1
                return true
            }
            if b < 0x20 { return false }
            if b == 0x5C {
                escaped = true
                guard i + 1 < bytes.count else { return false }
                if bytes[i + 1] == UInt8(ascii: "u") {
                    guard i + 5 < bytes.count else { return false }
                    i += 6
                } else {
                    i += 2
                }
                continue
            }
            i += 1
        }
        return false
    }

    private mutating func literal(_ word: StaticString, _ kind: JSONDocument.Kind) -> Bool {
        let count = word.utf8CodeUnitCount
        guard i + count <= bytes.count, memcmp(bytes.baseAddress! + i, word.utf8Start, count) == 0 else { return false }
        nodes.append(.init(kind: kind, special: false, start: Int32(i), end: Int32(i + count), next: Int32(nodes.count + 1), count: 0))
        i += count
        return true
    }

    /// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
    private mutating func number() -> Bool {
        let start = i
        var special = false
        if i < bytes.count, bytes[i] == UInt8(ascii: "-") { i += 1 }
        guard i < bytes.count, isDigit(bytes[i]) else { return false }
        if bytes[i] == 0x30 { i += 1 } else { while i < bytes.count, isDigit(bytes[i]) { i += 1 } }
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            special = true
            i += 1
            guard i < bytes.count, isDigit(bytes[i]) else { return false }
            while i < bytes.count, isDigit(bytes[i]) { i += 1 }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            special = true
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard i < bytes.count, isDigit(bytes[i]) else { return false }
            while i < bytes.count, isDigit(bytes[i]) { i += 1 }
        }
        nodes.append(.init(kind: .number, special: special, start: Int32(start), end: Int32(i), next: Int32(nodes.count + 1), count: 0))
        return true
    }

    private func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
}

/// A failure here; the caller then asks Foundation, whose error is the one reported.
struct WireDecodingFailure: Error {}

/// One value of the document, as a `Decoder`.
struct WireDecoder: Decoder {
    let document: JSONDocument
    let node: Int

    init(_ document: JSONDocument, _ node: Int) {
        self.document = document
        self.node = node
    }

    // Paths are Foundation's business: every failure here is decoded again by it.
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(try WireKeyedDecoding<Key>(document, node))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard document.nodes[node].kind == .array else { throw WireDecodingFailure() }
        return WireUnkeyedDecoding(document, node)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { WireSingleValueDecoding(decoder: self) }

    var isNull: Bool { document.nodes[node].kind == .null }

    /// A failure the caller may swallow but Foundation must see.
    func unsupported() -> WireDecodingFailure {
        document.unsupported = true
        return WireDecodingFailure()
    }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        // Foundation's JSONDecoder treats these itself rather than through their Decodable conformances.
        if T.self == String.self { return try decodeString() as! T }
        if T.self == Int.self { return try decodeInteger(Int.self) as! T }
        if T.self == Int64.self { return try decodeInteger(Int64.self) as! T }
        if T.self == Bool.self { return try decodeBool() as! T }
        if T.self == Double.self { return try decodeDouble() as! T }
        if T.self == Date.self {
            guard let date = RFC3339.parse(try decodeString()) else { throw unsupported() }
            return date as! T
        }
        if T.self == Data.self {
            guard let data = Data(base64Encoded: try decodeString()) else { throw unsupported() }
            return data as! T
        }
        if T.self == URL.self || T.self == Decimal.self || T.self == Float.self { throw unsupported() }
        return try T(from: self)
    }

    func decodeString() throws -> String {
        guard let string = document.string(node) else {
            // Not a string (a type mismatch Foundation reports), or not UTF-8 / bad escapes (Foundation's call).
            if document.nodes[node].kind == .string { throw unsupported() }
            throw WireDecodingFailure()
        }
        return string
    }

    func decodeBool() throws -> Bool {
        let n = document.nodes[node]
        guard n.kind == .bool else { throw WireDecodingFailure() }
        return document.bytes[Int(n.start)] == UInt8(ascii: "t")
    }

    /// Plain integers only: a fraction or an exponent, or a value out of range, is Foundation's to judge.
    func decodeInteger<I: FixedWidthInteger>(_ type: I.Type) throws -> I {
        let n = document.nodes[node]
        guard n.kind == .number else { throw WireDecodingFailure() }
        guard !n.special else { throw unsupported() }
        var i = Int(n.start)
        let end = Int(n.end)
        let negative = document.bytes[i] == UInt8(ascii: "-")
        if negative { i += 1 }
        var value: I = 0
        while i < end {
            let digit = I(document.bytes[i] &- 0x30)
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (next, o2) = negative ? times.subtractingReportingOverflow(digit) : times.addingReportingOverflow(digit)
            guard !o1, !o2 else { throw unsupported() }
            value = next
            i += 1
        }
        return value
    }

    func decodeDouble() throws -> Double {
        let n = document.nodes[node]
        guard n.kind == .number else { throw WireDecodingFailure() }
        let text = String(decoding: document.bytes[Int(n.start)..<Int(n.end)], as: UTF8.self)
        guard let value = Double(text), value.isFinite else { throw unsupported() }
        return value
    }
}

struct WireKeyedDecoding<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: WireDecoder
    /// Key node, value node, key node, value node…
    let members: [Int32]

    init(_ document: JSONDocument, _ node: Int) throws {
        decoder = WireDecoder(document, node)
        let object = document.nodes[node]
        guard object.kind == .object else { throw WireDecodingFailure() }
        // Keys are looked up by a linear scan: a large object (a big dictionary) goes to Foundation.
        guard object.count <= 64 else { throw decoder.unsupported() }
        var members: [Int32] = []
        members.reserveCapacity(Int(object.count) * 2)
        var index = node + 1
        for _ in 0..<object.count {
            guard !document.nodes[index].special else { throw decoder.unsupported() }
            // A key given twice: which one counts is Foundation's choice.
            var m = 0
            while m < members.count {
                if document.keyEquals(Int(members[m]), index) { throw decoder.unsupported() }
                m += 2
            }
            members.append(Int32(index))
            members.append(Int32(index + 1))
            index = Int(document.nodes[index + 1].next)
        }
        self.members = members
    }

    var codingPath: [any CodingKey] { [] }

    var allKeys: [Key] {
        stride(from: 0, to: members.count, by: 2).compactMap { m in
            decoder.document.string(Int(members[m])).flatMap(Key.init(stringValue:))
        }
    }

    func valueNode(_ key: Key) -> Int? {
        let name = key.stringValue
        var m = 0
        while m < members.count {
            if decoder.document.keyEquals(Int(members[m]), name) { return Int(members[m + 1]) }
            m += 2
        }
        return nil
    }

    func value(_ key: Key) throws -> WireDecoder {
        guard let node = valueNode(key) else { throw WireDecodingFailure() }
        return WireDecoder(decoder.document, node)
    }

    func contains(_ key: Key) -> Bool { valueNode(key) != nil }

    func decodeNil(forKey key: Key) throws -> Bool { try value(key).isNull }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try value(key).decodeBool() }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try value(key).decodeString() }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try value(key).decodeDouble() }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { throw decoder.unsupported() }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try value(key).decodeInteger(Int.self) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try value(key).decodeInteger(Int8.self) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try value(key).decodeInteger(Int16.self) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try value(key).decodeInteger(Int32.self) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try value(key).decodeInteger(Int64.self) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try value(key).decodeInteger(UInt.self) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try value(key).decodeInteger(UInt8.self) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try value(key).decodeInteger(UInt16.self) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try value(key).decodeInteger(UInt32.self) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try value(key).decodeInteger(UInt64.self) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try value(key).decode(T.self) }

    /// The value under `key` unless it is absent or null: one look-up (the protocol's default
    /// `decodeIfPresent` asks contains, decodeNil and decode, three).
    func present(_ key: Key) -> WireDecoder? {
        guard let node = valueNode(key) else { return nil }
        let value = WireDecoder(decoder.document, node)
        return value.isNull ? nil : value
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? { try present(key)?.decode(T.self) }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try present(key)?.decodeString() }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try present(key)?.decodeInteger(Int.self) }
    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try present(key)?.decodeBool() }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try value(key).container(keyedBy: NestedKey.self)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try value(key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { throw decoder.unsupported() }
    func superDecoder(forKey key: Key) throws -> any Decoder { throw decoder.unsupported() }
}

struct WireUnkeyedDecoding: UnkeyedDecodingContainer {
    let document: JSONDocument
    let count: Int?
    var currentIndex = 0
    /// The node of the element at `currentIndex`.
    var node: Int

    init(_ document: JSONDocument, _ array: Int) {
        self.document = document
        count = Int(document.nodes[array].count)
        node = array + 1
    }

    var codingPath: [any CodingKey] { [] }
    var isAtEnd: Bool { currentIndex >= count! }

    /// The next element's decoder, moving past it.
    mutating func next() throws -> WireDecoder {
        guard !isAtEnd else { throw WireDecodingFailure() }
        let decoder = WireDecoder(document, node)
        node = Int(document.nodes[node].next)
        currentIndex += 1
        return decoder
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd else { throw WireDecodingFailure() }
        // Moves on only past a null, as Foundation does.
        guard document.nodes[node].kind == .null else { return false }
        _ = try next()
        return true
    }

    // An element that fails leaves the index where it was, as Foundation's does.
    private mutating func element<T>(_ read: (WireDecoder) throws -> T) throws -> T {
        guard !isAtEnd else { throw WireDecodingFailure() }
        let value = try read(WireDecoder(document, node))
        node = Int(document.nodes[node].next)
        currentIndex += 1
        return value
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try element { try $0.decodeBool() } }
    mutating func decode(_ type: String.Type) throws -> String { try element { try $0.decodeString() } }
    mutating func decode(_ type: Double.Type) throws -> Double { try element { try $0.decodeDouble() } }
    mutating func decode(_ type: Float.Type) throws -> Float { throw WireDecoder(document, node).unsupported() }
    mutating func decode(_ type: Int.Type) throws -> Int { try element { try $0.decodeInteger(Int.self) } }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try element { try $0.decodeInteger(Int8.self) } }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try element { try $0.decodeInteger(Int16.self) } }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try element { try $0.decodeInteger(Int32.self) } }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try element { try $0.decodeInteger(Int64.self) } }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try element { try $0.decodeInteger(UInt.self) } }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try element { try $0.decodeInteger(UInt8.self) } }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try element { try $0.decodeInteger(UInt16.self) } }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try element { try $0.decodeInteger(UInt32.self) } }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try element { try $0.decodeInteger(UInt64.self) } }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try element { try $0.decode(T.self) } }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try element { try $0.container(keyedBy: NestedKey.self) }
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try element { try $0.unkeyedContainer() }
    }

    mutating func superDecoder() throws -> any Decoder { throw WireDecoder(document, node).unsupported() }
}

struct WireSingleValueDecoding: SingleValueDecodingContainer {
    let decoder: WireDecoder

    var codingPath: [any CodingKey] { [] }

    func decodeNil() -> Bool { decoder.isNull }
    func decode(_ type: Bool.Type) throws -> Bool { try decoder.decodeBool() }
    func decode(_ type: String.Type) throws -> String { try decoder.decodeString() }
    func decode(_ type: Double.Type) throws -> Double { try decoder.decodeDouble() }
    func decode(_ type: Float.Type) throws -> Float { throw decoder.unsupported() }
    func decode(_ type: Int.Type) throws -> Int { try decoder.decodeInteger(Int.self) }
    func decode(_ type: Int8.Type) throws -> Int8 { try decoder.decodeInteger(Int8.self) }
    func decode(_ type: Int16.Type) throws -> Int16 { try decoder.decodeInteger(Int16.self) }
    func decode(_ type: Int32.Type) throws -> Int32 { try decoder.decodeInteger(Int32.self) }
    func decode(_ type: Int64.Type) throws -> Int64 { try decoder.decodeInteger(Int64.self) }
    func decode(_ type: UInt.Type) throws -> UInt { try decoder.decodeInteger(UInt.self) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try decoder.decodeInteger(UInt8.self) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try decoder.decodeInteger(UInt16.self) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try decoder.decodeInteger(UInt32.self) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try decoder.decodeInteger(UInt64.self) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.decode(T.self) }
}
