import Foundation
import Synchronization

/// JSON Schema (2020-12, OpenAPI 3.1's dialect) derived from a `Decodable` type by decoding it once
/// with a decoder that records what the type asks for: `decode` is a required property,
/// `decodeIfPresent` an optional one, arrays and string-keyed maps their element's schema. So the
/// document and the gateway's validation follow the Codable types in `Schema` and cannot drift from
/// them. Enumerations list their cases when they conform to `SchemaEnum`; a type whose Codable is
/// written by hand (a tagged union, say) states its schema beside its coder with `SchemaDescribed`.
public enum TypeSchema {
    public static func of<T: Decodable>(_ type: T.Type) -> JSONValue {
        let key = ObjectIdentifier(type)
        if let cached = cache.withLock({ $0[key] }) { return cached }
        let schema = Reflector(depth: 0).schema(of: type)
        cache.withLock { $0[key] = schema }
        return schema
    }

    private static let cache = Mutex<[ObjectIdentifier: JSONValue]>([:])

    /// Types whose reflection stopped early (a case it could not make up): their schema is incomplete.
    /// A test asserts this stays empty for every operation's types.
    public static var incompleteTypes: Set<String> { partial.withLock { $0 } }
    static let partial = Mutex<Set<String>>([])
}

/// A string enumeration whose cases the document lists.
public protocol SchemaEnum: CaseIterable, RawRepresentable where RawValue == String {}

extension SchemaEnum {
    static var schemaValues: [String] { allCases.map(\.rawValue) }
}

/// A type that states its own JSON Schema (its Codable is hand-written, so decoding cannot reveal it).
public protocol SchemaDescribed {
    static var jsonSchema: JSONValue { get }
}

/// Field descriptions and the bounds a request field must keep (JSON Schema keywords such as
/// `minimum`, `maximum`, `minLength`), keyed by property name, stated beside the type. The gateway
/// checks them before a request reaches the service; the document shows them.
public protocol SchemaDocumented {
    static var fieldDescriptions: [String: String] { get }
    static var fieldRules: [String: JSONValue] { get }
}

extension SchemaDocumented {
    public static var fieldDescriptions: [String: String] { [:] }
    public static var fieldRules: [String: JSONValue] { [:] }
}

/// Bounds shared by many request types.
public enum FieldRule {
    public static let offset: JSONValue = ["minimum": 0, "maximum": 1_000_000]
    public static func limit(_ maximum: Int64) -> JSONValue { ["minimum": 1, "maximum": .int(maximum)] }
    /// Money in a request: integer fen, never negative.
    public static let fen: JSONValue = ["minimum": 0, "maximum": 10_000_000_000, "description": "整数，单位：分（1 元 = 100 分）"]
    public static let nonEmpty: JSONValue = ["minLength": 1]
}

// MARK: - Markers the reflector looks for (generic containers it cannot see through otherwise)

protocol SchemaEnumType { static var schemaValues: [String] { get } }
protocol SchemaArrayType { static func elementSchema(_ reflector: Reflector) -> JSONValue }
protocol SchemaMapType { static func valueSchema(_ reflector: Reflector) -> JSONValue }
protocol SchemaOptionalType { static func wrappedSchema(_ reflector: Reflector) -> JSONValue }

extension Array: SchemaArrayType where Element: Decodable {
    static func elementSchema(_ reflector: Reflector) -> JSONValue { reflector.nested(Element.self) }
}
extension Set: SchemaArrayType where Element: Decodable {
    static func elementSchema(_ reflector: Reflector) -> JSONValue { reflector.nested(Element.self) }
}
extension Dictionary: SchemaMapType where Key == String, Value: Decodable {
    static func valueSchema(_ reflector: Reflector) -> JSONValue { reflector.nested(Value.self) }
}
extension Optional: SchemaOptionalType where Wrapped: Decodable {
    static func wrappedSchema(_ reflector: Reflector) -> JSONValue { reflector.nested(Wrapped.self) }
}

// MARK: - The reflector

struct Reflector {
    let depth: Int

    func nested<T: Decodable>(_ type: T.Type) -> JSONValue {
        depth > 12 ? [:] : Reflector(depth: depth + 1).schema(of: type)
    }

    func schema<T: Decodable>(of type: T.Type) -> JSONValue {
        if let described = type as? SchemaDescribed.Type { return described.jsonSchema }
        if let primitive = Self.primitive(type) { return primitive }
        if type == JSONValue.self { return [:] }
        if let e = type as? any SchemaEnum.Type { return ["type": "string", "enum": .array(Self.values(e).map { .string($0) })] }
        if let array = type as? SchemaArrayType.Type { return ["type": "array", "items": array.elementSchema(self)] }
        if let map = type as? SchemaMapType.Type { return ["type": "object", "additionalProperties": map.valueSchema(self)] }
        if let optional = type as? SchemaOptionalType.Type { return optional.wrappedSchema(self) }
        let recorder = Recorder(reflector: self)
        // A type that validates what it decodes may throw on the placeholders; what it asked for until
        // then is still its shape.
        if (try? T(from: RecordingDecoder(recorder: recorder))) == nil { _ = TypeSchema.partial.withLock { $0.insert(String(reflecting: type)) } }
        var result = recorder.result()
        if let documented = type as? SchemaDocumented.Type, case .object(var props)? = result["properties"] {
            for (name, text) in documented.fieldDescriptions {
                if case .object(var p)? = props[name] { p["description"] = .string(text); props[name] = .object(p) }
            }
            for (name, rule) in documented.fieldRules {
                if case .object(var p)? = props[name], case .object(let keywords) = rule {
                    p.merge(keywords) { _, new in new }
                    props[name] = .object(p)
                }
            }
            if case .object(var r) = result { r["properties"] = .object(props); result = .object(r) }
        }
        return result
    }

    static func values(_ e: any SchemaEnum.Type) -> [String] {
        func open<E: SchemaEnum>(_ type: E.Type) -> [String] { E.schemaValues }
        return open(e)
    }

    static func primitive(_ type: Any.Type) -> JSONValue? {
        switch type {
        case is String.Type, is Substring.Type: ["type": "string"]
        case is Bool.Type: ["type": "boolean"]
        case is Int.Type, is Int64.Type, is Int32.Type, is Int16.Type, is Int8.Type,
             is UInt.Type, is UInt64.Type, is UInt32.Type, is UInt16.Type, is UInt8.Type: ["type": "integer"]
        case is Double.Type, is Float.Type, is Decimal.Type: ["type": "number"]
        case is Date.Type: ["type": "string", "format": "date-time"]
        case is UUID.Type: ["type": "string", "format": "uuid"]
        case is URL.Type: ["type": "string", "format": "uri"]
        case is Data.Type: ["type": "string", "contentEncoding": "base64"]
        default: nil
        }
    }
}

/// What one type asked for while decoding: properties (required or not), or one value.
final class Recorder {
    let reflector: Reflector
    var properties: [(String, JSONValue)] = []
    var required: Set<String> = []
    var single: JSONValue?
    var items: JSONValue?
    var keyed = false

    init(reflector: Reflector) { self.reflector = reflector }

    func property(_ key: String, _ schema: JSONValue, required isRequired: Bool) {
        keyed = true
        if let index = properties.firstIndex(where: { $0.0 == key }) {
            properties[index].1 = schema
        } else {
            properties.append((key, schema))
        }
        if isRequired { required.insert(key) }
    }

    func result() -> JSONValue {
        if keyed {
            var object: [String: JSONValue] = [
                "type": "object",
                "properties": .object(Dictionary(properties, uniquingKeysWith: { a, _ in a })),
            ]
            if !required.isEmpty { object["required"] = .array(required.sorted().map { .string($0) }) }
            return .object(object)
        }
        if let items { return ["type": "array", "items": items] }
        return single ?? [:]
    }
}

struct RecordingDecoder: Decoder {
    let recorder: Recorder
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] = [:]

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        recorder.keyed = true
        return KeyedDecodingContainer(KeyedRecorder<Key>(recorder: recorder))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer { UnkeyedRecorder(recorder: recorder) }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { SingleRecorder(recorder: recorder) }
}

/// Placeholder values handed back to the type being reflected.
enum Placeholder {
    static func value<T: Decodable>(_ type: T.Type, recorder: Recorder) throws -> T {
        if let text = literal(type), let value = try? JSONDecoder().decode(T.self, from: Data(text.utf8)) {
            return value
        }
        // Anything else: decode it with a throwaway recorder (its own shape was already taken).
        return try T(from: RecordingDecoder(recorder: Recorder(reflector: Reflector(depth: 99))))
    }

    /// A JSON text that decodes as `type`, for enumerations and primitives.
    static func literal(_ type: Any.Type) -> String? {
        if let e = type as? any SchemaEnum.Type, let first = Reflector.values(e).first { return "\"\(first)\"" }
        switch type {
        case is Date.Type: return "0"
        case is UUID.Type: return "\"00000000-0000-0000-0000-000000000000\""
        case is URL.Type: return "\"http://localhost\""
        default: break
        }
        guard case .object(let schema)? = Reflector.primitive(type), case .string(let kind)? = schema["type"] else { return nil }
        switch kind {
        case "integer", "number": return "0"
        case "boolean": return "false"
        default: return "\"\""
        }
    }
}

struct KeyedRecorder<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let recorder: Recorder
    var codingPath: [any CodingKey] = []
    var allKeys: [Key] { [] }

    func contains(_ key: Key) -> Bool { true }

    func decodeNil(forKey key: Key) throws -> Bool {
        recorder.property(key.stringValue, [:], required: false)
        return true
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        recorder.property(key.stringValue, recorder.reflector.nested(type), required: !(type is SchemaOptionalType.Type))
        return try Placeholder.value(type, recorder: recorder)
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        recorder.property(key.stringValue, recorder.reflector.nested(type), required: false)
        return nil
    }

    // The standard library's own overloads for these would go through decodeNil and lose the type.
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { optional(type, key) }
    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { optional(type, key) }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { optional(type, key) }
    func decodeIfPresent(_ type: Int8.Type, forKey key: Key) throws -> Int8? { optional(type, key) }
    func decodeIfPresent(_ type: Int16.Type, forKey key: Key) throws -> Int16? { optional(type, key) }
    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? { optional(type, key) }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { optional(type, key) }
    func decodeIfPresent(_ type: UInt.Type, forKey key: Key) throws -> UInt? { optional(type, key) }
    func decodeIfPresent(_ type: UInt8.Type, forKey key: Key) throws -> UInt8? { optional(type, key) }
    func decodeIfPresent(_ type: UInt16.Type, forKey key: Key) throws -> UInt16? { optional(type, key) }
    func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) throws -> UInt32? { optional(type, key) }
    func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? { optional(type, key) }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { optional(type, key) }
    func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? { optional(type, key) }

    private func optional<T: Decodable>(_ type: T.Type, _ key: Key) -> T? {
        recorder.property(key.stringValue, recorder.reflector.nested(type), required: false)
        return nil
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey> {
        let inner = Recorder(reflector: recorder.reflector)
        defer { recorder.property(key.stringValue, inner.result(), required: true) }
        return KeyedDecodingContainer(KeyedRecorder<NestedKey>(recorder: inner))
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        recorder.property(key.stringValue, ["type": "array"], required: true)
        return UnkeyedRecorder(recorder: Recorder(reflector: recorder.reflector))
    }

    func superDecoder() throws -> any Decoder { RecordingDecoder(recorder: recorder) }
    func superDecoder(forKey key: Key) throws -> any Decoder { RecordingDecoder(recorder: recorder) }
}

/// An array: its first element's schema is the items' schema; it then says it is at its end.
final class UnkeyedRecorder: UnkeyedDecodingContainer {
    let recorder: Recorder
    var codingPath: [any CodingKey] = []
    var count: Int? { nil }
    var isAtEnd: Bool { recorder.items != nil }
    var currentIndex: Int { recorder.items == nil ? 0 : 1 }

    init(recorder: Recorder) { self.recorder = recorder }

    func decodeNil() throws -> Bool { false }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        recorder.items = recorder.reflector.nested(type)
        return try Placeholder.value(type, recorder: recorder)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let inner = Recorder(reflector: recorder.reflector)
        recorder.items = ["type": "object"]
        return KeyedDecodingContainer(KeyedRecorder<NestedKey>(recorder: inner))
    }

    func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        recorder.items = ["type": "array"]
        return UnkeyedRecorder(recorder: Recorder(reflector: recorder.reflector))
    }

    func superDecoder() throws -> any Decoder { RecordingDecoder(recorder: recorder) }
}

struct SingleRecorder: SingleValueDecodingContainer {
    let recorder: Recorder
    var codingPath: [any CodingKey] = []

    func decodeNil() -> Bool { false }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        if recorder.single == nil { recorder.single = recorder.reflector.nested(type) }
        return try Placeholder.value(type, recorder: recorder)
    }
}
