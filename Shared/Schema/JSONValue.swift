import Foundation

/// Arbitrary JSON. Events travel as `Envelope<JSONValue>` so a subscriber can
/// store and forward them without knowing their body types.
///
/// Integers and fractions are separate cases so that ids and amounts up to
/// Int64 survive exactly (a Double loses them past 2^53). A number written
/// without fraction or exponent that fits Int64 decodes as `.int`.
public enum JSONValue: Codable, Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let v = try? c.decode(Bool.self) {
            self = .bool(v)
        } else if let v = try? c.decode(Int64.self) {
            self = .int(v)
        } else if let v = try? c.decode(Double.self) {
            self = .double(v)
        } else if let v = try? c.decode(String.self) {
            self = .string(v)
        } else if let v = try? c.decode([JSONValue].self) {
            self = .array(v)
        } else {
            // Last, and not `try?`: an error deep inside an object keeps its path.
            self = .object(try c.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let v): try c.encode(v)
        case .int(let v): try c.encode(v)
        case .double(let v): try c.encode(v)
        case .string(let v): try c.encode(v)
        case .array(let v): try c.encode(v)
        case .object(let v): try c.encode(v)
        }
    }

    /// The JSON form of any Encodable, with the wire's date format.
    public init<T: Encodable>(encoding value: T) throws {
        self = try Wire.decoder().decode(JSONValue.self, from: Wire.encoder().encode(value))
    }

    /// Reads this value as `T`; a mismatch throws `schema.invalid` naming the
    /// field from this value's root (`items.1.code`, `$` for the value itself).
    public func decode<T: Decodable>(as type: T.Type) throws(ErrorBody) -> T {
        try decode(as: type, at: [])
    }

    /// As `decode(as:)`, with paths rooted at `path`, e.g. `["body"]` to name
    /// fields of an event body as `body.amount`.
    public func decode<T: Decodable>(as type: T.Type, at path: [String]) throws(ErrorBody) -> T {
        let data: Data
        do {
            data = try Wire.encoder().encode(self)
        } catch {
            // Only a non-finite double gets here: it has no JSON form.
            throw SchemaError.make(field: SchemaError.path(path, []), reason: .invalidValue)
        }
        return try Wire.decodeValue(type, from: data, at: path)
    }

    // 1 and 1.0 are one JSON number; a double that holds an integer exactly
    // equals (and hashes as) that integer, since JSON cannot tell them apart.
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.int(a), .int(b)): return a == b
        case let (.double(a), .double(b)): return a == b
        case let (.int(a), .double(b)), let (.double(b), .int(a)): return Int64(exactly: b) == a
        case let (.string(a), .string(b)): return a == b
        case let (.array(a), .array(b)): return a == b
        case let (.object(a), .object(b)): return a == b
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let v): hasher.combine(1); hasher.combine(v)
        case .int(let v): hasher.combine(2); hasher.combine(v)
        case .double(let v):
            if let i = Int64(exactly: v) { hasher.combine(2); hasher.combine(i) } else { hasher.combine(3); hasher.combine(v) }
        case .string(let v): hasher.combine(4); hasher.combine(v)
        case .array(let v): hasher.combine(5); hasher.combine(v)
        case .object(let v): hasher.combine(6); hasher.combine(v)
        }
    }
}
