import Foundation

/// Decodes a `Decodable` from a `JSONValue`, reporting failures with their
/// coding path.
///
/// It exists because Foundation's JSONDecoder in Swift 6 reports a number that
/// does not fit the requested type (1.5 for an Int, 1e30 for an Int64) as
/// "not valid JSON" with an empty path (swift-foundation issue #1604). When
/// that happens, `Wire` decodes the message again with this decoder to find
/// the field. Dates and Data follow the wire's strategies; URL and Decimal
/// are read as JSONDecoder reads them.
struct JSONValueDecoder: Decoder {
    let value: JSONValue
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<K: CodingKey>(keyedBy type: K.Type) throws -> KeyedDecodingContainer<K> {
        guard case .object(let object) = value else { throw mismatch([String: JSONValue].self) }
        return KeyedDecodingContainer(Keyed<K>(object: object, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let array) = value else { throw mismatch([JSONValue].self) }
        return Unkeyed(array: array, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { Single(decoder: self) }

    func mismatch(_ type: Any.Type) -> DecodingError {
        if case .null = value {
            return .valueNotFound(type, .init(codingPath: codingPath, debugDescription: "found null"))
        }
        return .typeMismatch(type, .init(codingPath: codingPath, debugDescription: "found \(value)"))
    }

    func corrupted(_ why: String) -> DecodingError {
        .dataCorrupted(.init(codingPath: codingPath, debugDescription: why))
    }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        if T.self == Date.self {
            guard case .string(let s) = value else { throw mismatch(String.self) }
            guard let date = RFC3339.parse(s) else { throw corrupted("not an RFC 3339 date: \(s)") }
            return date as! T
        }
        if T.self == Data.self {
            guard case .string(let s) = value else { throw mismatch(String.self) }
            guard let data = Data(base64Encoded: s) else { throw corrupted("not base64") }
            return data as! T
        }
        if T.self == URL.self {
            guard case .string(let s) = value else { throw mismatch(String.self) }
            guard let url = URL(string: s) else { throw corrupted("not a URL") }
            return url as! T
        }
        if T.self == Decimal.self {
            switch value {
            case .int(let i): return Decimal(i) as! T
            case .double(let d): return Decimal(d) as! T
            default: throw mismatch(Decimal.self)
            }
        }
        return try T(from: self)
    }

    func decodeBool() throws -> Bool {
        guard case .bool(let b) = value else { throw mismatch(Bool.self) }
        return b
    }

    func decodeString() throws -> String {
        guard case .string(let s) = value else { throw mismatch(String.self) }
        return s
    }

    func decodeFloat<F: BinaryFloatingPoint>(_ type: F.Type) throws -> F {
        switch value {
        case .int(let i): return F(i)
        case .double(let d): return F(d)
        default: throw mismatch(F.self)
        }
    }

    func decodeInteger<I: FixedWidthInteger>(_ type: I.Type) throws -> I {
        switch value {
        case .int(let i):
            guard let v = I(exactly: i) else { throw corrupted("\(i) does not fit in \(I.self)") }
            return v
        case .double(let d):
            // A fraction where an integer belongs is the wrong type; a whole
            // number beyond Int64 is a value out of range.
            guard d.rounded() == d else { throw mismatch(I.self) }
            guard let v = I(exactly: d) else { throw corrupted("\(d) does not fit in \(I.self)") }
            return v
        default: throw mismatch(I.self)
        }
    }
}

/// Array positions as Foundation names them, so paths print the same way.
private struct IndexKey: CodingKey {
    let intValue: Int?
    var stringValue: String { "Index \(intValue ?? 0)" }
    init(_ index: Int) { intValue = index }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.intValue = intValue }
}

private struct Keyed<K: CodingKey>: KeyedDecodingContainerProtocol {
    let object: [String: JSONValue]
    let codingPath: [any CodingKey]
    var allKeys: [K] { object.keys.compactMap { K(stringValue: $0) } }

    func contains(_ key: K) -> Bool { object[key.stringValue] != nil }

    func child(_ key: K) throws -> JSONValueDecoder {
        guard let v = object[key.stringValue] else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "no value"))
        }
        return JSONValueDecoder(value: v, codingPath: codingPath + [key])
    }

    func decodeNil(forKey key: K) throws -> Bool {
        if case .null = try child(key).value { return true }
        return false
    }
    func decode(_ t: Bool.Type, forKey k: K) throws -> Bool { try child(k).decodeBool() }
    func decode(_ t: String.Type, forKey k: K) throws -> String { try child(k).decodeString() }
    func decode(_ t: Double.Type, forKey k: K) throws -> Double { try child(k).decodeFloat(t) }
    func decode(_ t: Float.Type, forKey k: K) throws -> Float { try child(k).decodeFloat(t) }
    func decode(_ t: Int.Type, forKey k: K) throws -> Int { try child(k).decodeInteger(t) }
    func decode(_ t: Int8.Type, forKey k: K) throws -> Int8 { try child(k).decodeInteger(t) }
    func decode(_ t: Int16.Type, forKey k: K) throws -> Int16 { try child(k).decodeInteger(t) }
    func decode(_ t: Int32.Type, forKey k: K) throws -> Int32 { try child(k).decodeInteger(t) }
    func decode(_ t: Int64.Type, forKey k: K) throws -> Int64 { try child(k).decodeInteger(t) }
    func decode(_ t: UInt.Type, forKey k: K) throws -> UInt { try child(k).decodeInteger(t) }
    func decode(_ t: UInt8.Type, forKey k: K) throws -> UInt8 { try child(k).decodeInteger(t) }
    func decode(_ t: UInt16.Type, forKey k: K) throws -> UInt16 { try child(k).decodeInteger(t) }
    func decode(_ t: UInt32.Type, forKey k: K) throws -> UInt32 { try child(k).decodeInteger(t) }
    func decode(_ t: UInt64.Type, forKey k: K) throws -> UInt64 { try child(k).decodeInteger(t) }
    func decode<T: Decodable>(_ t: T.Type, forKey k: K) throws -> T { try child(k).decode(t) }

    func nestedContainer<NK: CodingKey>(keyedBy type: NK.Type, forKey key: K) throws -> KeyedDecodingContainer<NK> {
        try child(key).container(keyedBy: type)
    }
    func nestedUnkeyedContainer(forKey key: K) throws -> any UnkeyedDecodingContainer {
        try child(key).unkeyedContainer()
    }
    func superDecoder() throws -> any Decoder {
        JSONValueDecoder(value: object["super"] ?? .null, codingPath: codingPath)
    }
    func superDecoder(forKey key: K) throws -> any Decoder { try child(key) }
}

private struct Unkeyed: UnkeyedDecodingContainer {
    let array: [JSONValue]
    let codingPath: [any CodingKey]
    var currentIndex = 0
    var count: Int? { array.count }
    var isAtEnd: Bool { currentIndex >= array.count }

    init(array: [JSONValue], codingPath: [any CodingKey]) {
        self.array = array
        self.codingPath = codingPath
    }

    /// The next element's decoder; advances only once `body` succeeds, as
    /// the protocol asks.
    mutating func next<T>(_ body: (JSONValueDecoder) throws -> T) throws -> T {
        let path = codingPath + [IndexKey(currentIndex)]
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(T.self, .init(codingPath: path, debugDescription: "array ended"))
        }
        let v = try body(JSONValueDecoder(value: array[currentIndex], codingPath: path))
        currentIndex += 1
        return v
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, case .null = array[currentIndex] else { return false }
        currentIndex += 1
        return true
    }
    mutating func decode(_ t: Bool.Type) throws -> Bool { try next { try $0.decodeBool() } }
    mutating func decode(_ t: String.Type) throws -> String { try next { try $0.decodeString() } }
    mutating func decode(_ t: Double.Type) throws -> Double { try next { try $0.decodeFloat(t) } }
    mutating func decode(_ t: Float.Type) throws -> Float { try next { try $0.decodeFloat(t) } }
    mutating func decode(_ t: Int.Type) throws -> Int { try next { try $0.decodeInteger(t) } }
    mutating func decode(_ t: Int8.Type) throws -> Int8 { try next { try $0.decodeInteger(t) } }
    mutating func decode(_ t: Int16.Type) throws -> Int16 { try next { try $0.decodeInteger(t) } }
    mutating func decode(_ t: Int32.Type) throws -> Int32 { try next { try $0.decodeInteger(t) } }
    mutating func decode(_ t: Int64.Type) throws -> Int64 { try next { try $0.decodeInteger(t) } }
    mutating func decode(_ t: UInt.Type) throws -> UInt { try next { try $0.decodeInteger(t) } }
    mutating func decode(_ t: UInt8.Type) throws -> UInt8 { try next { try $0.decodeInteger(t) } }
    mutating func decode(_ t: UInt16.Type) throws -> UInt16 { try next { try $0.decodeInteger(t) } }
    mutating func decode(_ t: UInt32.Type) throws -> UInt32 { try next { try $0.decodeInteger(t) } }
    mutating func decode(_ t: UInt64.Type) throws -> UInt64 { try next { try $0.decodeInteger(t) } }
    mutating func decode<T: Decodable>(_ t: T.Type) throws -> T { try next { try $0.decode(t) } }

    mutating func nestedContainer<NK: CodingKey>(keyedBy type: NK.Type) throws -> KeyedDecodingContainer<NK> {
        try next { try $0.container(keyedBy: type) }
    }
    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try next { try $0.unkeyedContainer() }
    }
    mutating func superDecoder() throws -> any Decoder { try next { $0 } }
}

private struct Single: SingleValueDecodingContainer {
    let decoder: JSONValueDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }

    func decodeNil() -> Bool {
        if case .null = decoder.value { return true }
        return false
    }
    func decode(_ t: Bool.Type) throws -> Bool { try decoder.decodeBool() }
    func decode(_ t: String.Type) throws -> String { try decoder.decodeString() }
    func decode(_ t: Double.Type) throws -> Double { try decoder.decodeFloat(t) }
    func decode(_ t: Float.Type) throws -> Float { try decoder.decodeFloat(t) }
    func decode(_ t: Int.Type) throws -> Int { try decoder.decodeInteger(t) }
    func decode(_ t: Int8.Type) throws -> Int8 { try decoder.decodeInteger(t) }
    func decode(_ t: Int16.Type) throws -> Int16 { try decoder.decodeInteger(t) }
    func decode(_ t: Int32.Type) throws -> Int32 { try decoder.decodeInteger(t) }
    func decode(_ t: Int64.Type) throws -> Int64 { try decoder.decodeInteger(t) }
    func decode(_ t: UInt.Type) throws -> UInt { try decoder.decodeInteger(t) }
    func decode(_ t: UInt8.Type) throws -> UInt8 { try decoder.decodeInteger(t) }
    func decode(_ t: UInt16.Type) throws -> UInt16 { try decoder.decodeInteger(t) }
    func decode(_ t: UInt32.Type) throws -> UInt32 { try decoder.decodeInteger(t) }
    func decode(_ t: UInt64.Type) throws -> UInt64 { try decoder.decodeInteger(t) }
    func decode<T: Decodable>(_ t: T.Type) throws -> T { try decoder.decode(t) }
}
