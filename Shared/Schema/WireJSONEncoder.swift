import Foundation

/// The wire's JSON writer: the same bytes as `Wire.encoder()` (Foundation's JSONEncoder with sorted
/// keys, unescaped slashes and RFC 3339 dates), written straight into one buffer.
///
/// Why: Foundation builds a tree of dictionaries and strings first and asks the runtime at every
/// value whether it is a Date, Data, URL or dictionary; in identity's profile that was a quarter of
/// an authenticated read. Here an object's members are written as they come and put in key order
/// (UTF-8 byte order, as swift-foundation sorts on Linux) when the object is done.
///
/// Anything unusual — a container written after a sibling was opened, `superEncoder`, a key
/// written twice, a key needing escapes, Decimal, a non-finite number, a thrown error — is handed
/// back to Foundation's encoder, so the output, or the error, is always Foundation's.
/// `WireJSONEncoderTests` compares the two on every shape the contracts use and on random values.
enum WireJSON {
    static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        if let bytes = written(value) { return bytes }
        return Array(try Wire.sharedEncoder.encode(value))
    }

    /// The bytes, or nil where Foundation must take over.
    static func written<T: Encodable>(_ value: T) -> [UInt8]? {
        let sink = JSONSink()
        do {
            try sink.encodeValue(value)
            sink.closeFrames(downTo: 0)
        } catch {
            return nil
        }
        return sink.unsupported ? nil : sink.bytes
    }
}

/// A reason to hand a value back to Foundation.
struct WireJSONUnsupported: Error {}

final class JSONSink {
    struct Frame {
        let id: Int
        /// The `encodeValue` call whose encoder opened it (a second `container(keyedBy:)` there gets it
        /// again); nil for a nested container.
        let owner: Int?
        let isObject: Bool
        /// Where its `{` or `[` is.
        let start: Int
        var count = 0
        /// Object members are in key order so far (no reordering needed at the end).
        var sorted = true
        /// Its first member in `members`.
        let memberBase: Int
    }

    /// One `"key":value` of an open object: where it starts (after any comma), where its key's closing quote is, where it ends.
    struct Member {
        var start: Int
        var keyEnd: Int
        var end: Int
    }

    // One sink belongs to one encode call on one thread: the runtime's exclusivity checks on every
    // append showed in the profile and guard nothing here.
    @exclusivity(unchecked) var bytes: [UInt8] = []
    @exclusivity(unchecked) var frames: [Frame] = []
    @exclusivity(unchecked) var members: [Member] = []
    var unsupported = false
    private var nextFrame = 0
    private var nextOwner = 0

    init() {
        bytes.reserveCapacity(512)
    }

    // MARK: Values

    func encodeValue<T: Encodable>(_ value: T) throws {
        // The types Foundation's encoder treats specially, and the common leaves, without the runtime's casts.
        if T.self == String.self { return writeString(Self.load(value, as: String.self)) }
        if T.self == Int.self { return writeInteger(Self.load(value, as: Int.self)) }
        if T.self == Bool.self { return writeRaw(Self.load(value, as: Bool.self) ? "true" : "false") }
        if T.self == Date.self { return writeDate(Self.load(value, as: Date.self)) }
        if T.self == Int64.self { return writeInteger(Self.load(value, as: Int64.self)) }
        if T.self == Double.self { return try writeFloat(Self.load(value, as: Double.self)) }
        if T.self == Data.self { return writeString(Self.load(value, as: Data.self).base64EncodedString()) }
        if T.self == URL.self { return writeString(Self.load(value, as: URL.self).absoluteString) }
        if T.self == Decimal.self || T.self == Float.self { throw WireJSONUnsupported() }
        let owner = nextOwner
        nextOwner += 1
        let depth = frames.count, before = bytes.count
        try value.encode(to: WireValueEncoder(sink: self, owner: owner))
        if unsupported { throw WireJSONUnsupported() }
        closeFrames(downTo: depth)
        // Foundation writes a value that asked for no container as an empty object.
        if bytes.count == before { writeRaw("{}") }
    }

    /// `value` as `U`, which the caller has checked `T` is: a copy, without the runtime's dynamic cast.
    @inline(__always)
    static func load<T, U>(_ value: T, as type: U.Type) -> U {
        withUnsafePointer(to: value) { UnsafeRawPointer($0).load(as: U.self) }
    }

    @inline(__always)
    func writeRaw(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    func writeInteger<I: BinaryInteger>(_ value: I) {
        if value < 0 { bytes.append(0x2D) }
        var rest = UInt64(value.magnitude)
        let start = bytes.count
        repeat {
            bytes.append(UInt8(truncatingIfNeeded: rest % 10) &+ 0x30)
            rest /= 10
        } while rest > 0
        bytes[start...].reverse()
    }

    func writeFloat(_ value: Double) throws {
        guard value.isFinite else { throw WireJSONUnsupported() }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        bytes.append(contentsOf: text.utf8)
    }

    func writeDate(_ date: Date) {
        bytes.append(0x22)
        RFC3339.write(date, into: &bytes)
        bytes.append(0x22)
    }

    /// Foundation's escaping: `"` `\` and control characters; `/` stays (withoutEscapingSlashes).
    func writeString(_ string: String) {
        bytes.append(0x22)
        var string = string
        string.withUTF8 { utf8 in
            var mark = 0
            for index in 0..<utf8.count {
                let byte = utf8[index]
                guard byte < 0x20 || byte == 0x22 || byte == 0x5C else { continue }
                if index > mark { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[mark..<index])) }
                mark = index + 1
                switch byte {
                case 0x22: bytes.append(contentsOf: [0x5C, 0x22])
                case 0x5C: bytes.append(contentsOf: [0x5C, 0x5C])
                case 0x08: bytes.append(contentsOf: [0x5C, 0x62])
                case 0x0C: bytes.append(contentsOf: [0x5C, 0x66])
                case 0x0A: bytes.append(contentsOf: [0x5C, 0x6E])
                case 0x0D: bytes.append(contentsOf: [0x5C, 0x72])
                case 0x09: bytes.append(contentsOf: [0x5C, 0x74])
                default:
                    let hex: [UInt8] = Array("0123456789abcdef".utf8)
                    bytes.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
                }
            }
            if utf8.count > mark { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[mark...])) }
        }
        bytes.append(0x22)
    }

    // MARK: Containers

    func open(object: Bool, owner: Int?) -> Int {
        // A second container(keyedBy:) from the same encoder is the same object, as in Foundation.
        if let owner, let index = frames.lastIndex(where: { $0.owner == owner }) {
            if frames[index].isObject != object { unsupported = true }
            return frames[index].id
        }
        let id = nextFrame
        nextFrame += 1
        frames.append(Frame(id: id, owner: owner, isObject: object, start: bytes.count, memberBase: members.count))
        bytes.append(object ? 0x7B : 0x5B)
        return id
    }

    /// Makes `id` the innermost open container, closing any nested one opened inside it before. A
    /// container written after it was closed cannot be written in place: Foundation takes over.
    @inline(__always)
    func enter(_ id: Int) throws {
        if frames.last?.id == id { return }
        guard let index = frames.lastIndex(where: { $0.id == id }) else {
            unsupported = true
            throw WireJSONUnsupported()
        }
        closeFrames(downTo: index + 1)
    }

    /// Starts the next element of array `id` (its comma).
    func beginElement(_ id: Int) throws {
        try enter(id)
        if frames[frames.count - 1].count > 0 { bytes.append(0x2C) }
        frames[frames.count - 1].count += 1
    }

    /// Starts member `key` of object `id`: its comma, key and colon. The member ends at the next
    /// `beginMember` or when the object closes.
    func beginMember(_ id: Int, _ key: String) throws {
        try enter(id)
        let top = frames.count - 1
        if frames[top].count > 0 {
            members[members.count - 1].end = bytes.count
            bytes.append(0x2C)
        }
        let start = bytes.count
        bytes.append(0x22)
        var key = key
        let plain = key.withUTF8 { utf8 in
            for byte in utf8 where byte < 0x20 || byte == 0x22 || byte == 0x5C { return false }
            bytes.append(contentsOf: utf8)
            return true
        }
        guard plain else { unsupported = true; throw WireJSONUnsupported() }
        let keyEnd = bytes.count
        bytes.append(0x22)
        bytes.append(0x3A)
        if frames[top].count > 0 {
            let previous = members[members.count - 1]
            switch compareKeys(previous, Member(start: start, keyEnd: keyEnd, end: 0)) {
            case .orderedSame: unsupported = true; throw WireJSONUnsupported() // Foundation keeps the last; rare, so hand it over
            case .orderedDescending: frames[top].sorted = false
            case .orderedAscending: break
            }
        }
        members.append(Member(start: start, keyEnd: keyEnd, end: 0))
        frames[top].count += 1
    }

    private func compareKeys(_ a: Member, _ b: Member) -> ComparisonResult {
        bytes.withUnsafeBufferPointer { buffer in
            let lhs = UnsafeBufferPointer(rebasing: buffer[(a.start + 1)..<a.keyEnd])
            let rhs = UnsafeBufferPointer(rebasing: buffer[(b.start + 1)..<b.keyEnd])
            let common = min(lhs.count, rhs.count)
            let order = common == 0 ? 0 : memcmp(lhs.baseAddress!, rhs.baseAddress!, common)
            if order != 0 { return order < 0 ? .orderedAscending : .orderedDescending }
            return lhs.count == rhs.count ? .orderedSame : (lhs.count < rhs.count ? .orderedAscending : .orderedDescending)
        }
    }

    func closeFrames(downTo depth: Int) {
        while frames.count > depth {
            let frame = frames.removeLast()
            guard frame.isObject else { bytes.append(0x5D); continue }
            if frame.count > 0 { members[members.count - 1].end = bytes.count }
            if !frame.sorted { reorder(frame) }
            members.removeSubrange(frame.memberBase...)
            bytes.append(0x7D)
        }
    }

    /// Rewrites an object's members in key order.
    private func reorder(_ frame: Frame) {
        var order = Array(members[frame.memberBase...])
        order.sort { compareKeys($0, $1) == .orderedAscending }
        let bodyStart = frame.start + 1
        let original = Array(bytes[bodyStart...])
        bytes.removeSubrange(bodyStart...)
        for (index, member) in order.enumerated() {
            if index > 0 { bytes.append(0x2C) }
            bytes.append(contentsOf: original[(member.start - bodyStart)..<(member.end - bodyStart)])
        }
    }
}

/// The `Encoder` handed to one value's `encode(to:)`.
struct WireValueEncoder: Encoder {
    let sink: JSONSink
    let owner: Int?
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(WireKeyedContainer<Key>(sink: sink, id: sink.open(object: true, owner: owner)))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        WireUnkeyedContainer(sink: sink, id: sink.open(object: false, owner: owner))
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        WireSingleValueContainer(sink: sink)
    }
}

struct WireKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let sink: JSONSink
    let id: Int
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil(forKey key: Key) throws { try sink.beginMember(id, key.stringValue); sink.writeRaw("null") }
    mutating func encode(_ value: Bool, forKey key: Key) throws { try sink.beginMember(id, key.stringValue); sink.writeRaw(value ? "true" : "false") }
    mutating func encode(_ value: String, forKey key: Key) throws { try sink.beginMember(id, key.stringValue); sink.writeString(value) }
    mutating func encode(_ value: Double, forKey key: Key) throws { try sink.beginMember(id, key.stringValue); try sink.writeFloat(value) }
    mutating func encode(_ value: Float, forKey key: Key) throws { throw unsupported() }
    mutating func encode(_ value: Int, forKey key: Key) throws { try sink.beginMember(id, key.stringValue); sink.writeInteger(value) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { try sink.beginMember(id, key.stringValue); sink.writeInteger(value) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { try sink.beginMember(id, key.stringValue); sink.writeInteger(value) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { try sink.beginMember(id, key.stringValue); sink.writeInteger(value) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { try sink.beginMember(id, key.stringValue); sink.writeInteger(value) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { try sink.beginMember(id, key.stringValue); sink.writeInteger(value) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { try sink.beginMember(id, key.stringValue); sink.writeInteger(value) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { try sink.beginMember(id, key.stringValue); sink.writeInteger(value) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { try sink.beginMember(id, key.stringValue); sink.writeInteger(value) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { try sink.beginMember(id, key.stringValue); sink.writeInteger(value) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try sink.beginMember(id, key.stringValue); try sink.encodeValue(value) }

    // Absent optionals are left out, as Foundation does.
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { if let value { try encode(value, forKey: key) } }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { if let value { try encode(value, forKey: key) } }
    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { if let value { try encode(value, forKey: key) } }
    mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { if let value { try encode(value, forKey: key) } }
    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws { if let value { try encode(value, forKey: key) } }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        guard (try? sink.beginMember(id, key.stringValue)) != nil else {
            return KeyedEncodingContainer(WireKeyedContainer<NestedKey>(sink: sink, id: -1))
        }
        return KeyedEncodingContainer(WireKeyedContainer<NestedKey>(sink: sink, id: sink.open(object: true, owner: nil)))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        guard (try? sink.beginMember(id, key.stringValue)) != nil else { return WireUnkeyedContainer(sink: sink, id: -1) }
        return WireUnkeyedContainer(sink: sink, id: sink.open(object: false, owner: nil))
    }

    mutating func superEncoder() -> any Encoder { sink.unsupported = true; return WireValueEncoder(sink: sink, owner: -1) }
    mutating func superEncoder(forKey key: Key) -> any Encoder { sink.unsupported = true; return WireValueEncoder(sink: sink, owner: -1) }

    private func unsupported() -> WireJSONUnsupported { sink.unsupported = true; return WireJSONUnsupported() }
}

struct WireUnkeyedContainer: UnkeyedEncodingContainer {
    let sink: JSONSink
    let id: Int
    var codingPath: [any CodingKey] { [] }
    private(set) var count = 0

    init(sink: JSONSink, id: Int) {
        self.sink = sink
        self.id = id
    }

    mutating func encodeNil() throws { try begin(); sink.writeRaw("null") }
    mutating func encode(_ value: Bool) throws { try begin(); sink.writeRaw(value ? "true" : "false") }
    mutating func encode(_ value: String) throws { try begin(); sink.writeString(value) }
    mutating func encode(_ value: Double) throws { try begin(); try sink.writeFloat(value) }
    mutating func encode(_ value: Float) throws { sink.unsupported = true; throw WireJSONUnsupported() }
    mutating func encode(_ value: Int) throws { try begin(); sink.writeInteger(value) }
    mutating func encode(_ value: Int8) throws { try begin(); sink.writeInteger(value) }
    mutating func encode(_ value: Int16) throws { try begin(); sink.writeInteger(value) }
    mutating func encode(_ value: Int32) throws { try begin(); sink.writeInteger(value) }
    mutating func encode(_ value: Int64) throws { try begin(); sink.writeInteger(value) }
    mutating func encode(_ value: UInt) throws { try begin(); sink.writeInteger(value) }
    mutating func encode(_ value: UInt8) throws { try begin(); sink.writeInteger(value) }
    mutating func encode(_ value: UInt16) throws { try begin(); sink.writeInteger(value) }
    mutating func encode(_ value: UInt32) throws { try begin(); sink.writeInteger(value) }
    mutating func encode(_ value: UInt64) throws { try begin(); sink.writeInteger(value) }
    mutating func encode<T: Encodable>(_ value: T) throws { try begin(); try sink.encodeValue(value) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        guard (try? begin()) != nil else { return KeyedEncodingContainer(WireKeyedContainer<NestedKey>(sink: sink, id: -1)) }
        return KeyedEncodingContainer(WireKeyedContainer<NestedKey>(sink: sink, id: sink.open(object: true, owner: nil)))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        guard (try? begin()) != nil else { return WireUnkeyedContainer(sink: sink, id: -1) }
        return WireUnkeyedContainer(sink: sink, id: sink.open(object: false, owner: nil))
    }

    mutating func superEncoder() -> any Encoder { sink.unsupported = true; return WireValueEncoder(sink: sink, owner: -1) }

    private mutating func begin() throws {
        try sink.beginElement(id)
        count += 1
    }
}

/// One value. Writing a second one is a misuse Foundation reports: hand it over.
struct WireSingleValueContainer: SingleValueEncodingContainer {
    let sink: JSONSink
    var codingPath: [any CodingKey] { [] }
    private var written = false

    init(sink: JSONSink) { self.sink = sink }

    private mutating func begin() throws {
        guard !written else { sink.unsupported = true; throw WireJSONUnsupported() }
        written = true
    }

    mutating func encodeNil() throws { try begin(); sink.writeRaw("null") }
    mutating func encode(_ value: Bool) throws { try begin(); sink.writeRaw(value ? "true" : "false") }
    mutating func encode(_ value: String) throws { try begin(); sink.writeString(value) }
    mutating func encode(_ value: Double) throws { try begin(); try sink.writeFloat(value) }
    mutating func encode(_ value: Float) throws { sink.unsupported = true; throw WireJSONUnsupported() }
    mutating func encode(_ value: Int) throws { try begin(); sink.writeInteger(value) }
    mutating func encode(_ value: Int8) throws { try begin(); sink.writeInteger(value) }
    mutating func encode(_ value: Int16) throws { try begin(); sink.writeInteger(value) }
    mutating func encode(_ value: Int32) throws { try begin(); sink.writeInteger(value) }
    mutating func encode(_ value: Int64) throws { try begin(); sink.writeInteger(value) }
    mutating func encode(_ value: UInt) throws { try begin(); sink.writeInteger(value) }
    mutating func encode(_ value: UInt8) throws { try begin(); sink.writeInteger(value) }
    mutating func encode(_ value: UInt16) throws { try begin(); sink.writeInteger(value) }
    mutating func encode(_ value: UInt32) throws { try begin(); sink.writeInteger(value) }
    mutating func encode(_ value: UInt64) throws { try begin(); sink.writeInteger(value) }
    mutating func encode<T: Encodable>(_ value: T) throws { try begin(); try sink.encodeValue(value) }
}
