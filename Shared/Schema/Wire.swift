import Foundation

/// Envelope <-> bytes. Compact UTF-8 JSON with sorted keys, so the same
/// envelope always yields the same bytes. See WIRE.md.
public enum Wire {
    public static func encode<B>(_ envelope: Envelope<B>) throws -> [UInt8] {
        try WireJSON.encode(envelope)
    }

    @_disfavoredOverload // `let b = try Wire.encode(e)` means [UInt8]
    public static func encode<B>(_ envelope: Envelope<B>) throws -> Data {
        Data(try WireJSON.encode(envelope))
    }

    /// A body as canonical JSON (sorted keys, the wire's date form): equal bodies, equal bytes.
    public static func canonical<B: Encodable>(_ body: B) throws -> Data {
        Data(try WireJSON.encode(body))
    }

    /// The envelope's `type` without decoding it: enough to pick the handler, which then decodes the
    /// whole envelope once. nil when the bytes are no object or `type` is no plain string.
    public static func peekType(_ bytes: [UInt8]) -> String? {
        var scanner = JSONScanner(bytes)
        var type: String?
        guard scanner.object({ key, range in
            if key == "type", range.count >= 2, bytes[range.lowerBound] == 0x22, !bytes[range].contains(0x5C) {
                type = String(decoding: bytes[(range.lowerBound + 1)..<(range.upperBound - 1)], as: UTF8.self)
            }
        }) else { return nil }
        return type
    }

    public static func decodeHeader(_ bytes: [UInt8]) throws(ErrorBody) -> EnvelopeHeader {
        try decodeValue(EnvelopeHeader.self, from: bytes, at: [])
    }

    public static func decodeHeader(_ data: Data) throws(ErrorBody) -> EnvelopeHeader {
        try decodeValue(EnvelopeHeader.self, from: Array(data), at: [])
    }

    public static func decode<B>(_ type: B.Type, from bytes: [UInt8]) throws(ErrorBody) -> Envelope<B> {
        try decodeValue(Envelope<B>.self, from: bytes, at: [])
    }

    public static func decode<B>(_ type: B.Type, from data: Data) throws(ErrorBody) -> Envelope<B> {
        try decodeValue(Envelope<B>.self, from: Array(data), at: [])
    }

    static func decodeValue<T: Decodable>(_ type: T.Type, from data: Data, at prefix: [String]) throws(ErrorBody) -> T {
        try decodeValue(type, from: Array(data), at: prefix)
    }

    /// Decodes straight from the bytes (WireJSONReader), or where that declines, with JSONDecoder,
    /// whose failures name the field (under `prefix`).
    static func decodeValue<T: Decodable>(_ type: T.Type, from bytes: [UInt8], at prefix: [String]) throws(ErrorBody) -> T {
        if let value = WireJSONReader.decode(T.self, from: bytes) { return value }
        return try foundationDecode(type, from: Data(bytes), at: prefix)
    }

    /// Decodes with JSONDecoder; on failure, names the field (under `prefix`).
    static func foundationDecode<T: Decodable>(_ type: T.Type, from data: Data, at prefix: [String]) throws(ErrorBody) -> T {
        do {
            return try sharedDecoder.decode(T.self, from: data)
        } catch DecodingError.dataCorrupted(let context) where context.codingPath.isEmpty {
            // Either the bytes are not JSON, or a number did not fit its field
            // and Foundation lost the path (swift-foundation #1604).
            guard let value = try? decoder().decode(JSONValue.self, from: data) else {
                throw SchemaError.make(field: SchemaError.path(prefix, []), reason: .notJSON)
            }
            do {
                _ = try JSONValueDecoder(value: value, codingPath: []).decode(T.self)
            } catch {
                throw SchemaError.from(error, prefix: prefix, isJSON: true)
            }
            throw SchemaError.make(field: SchemaError.path(prefix, []), reason: .invalidValue)
        } catch {
            throw SchemaError.from(error, prefix: prefix)
        }
    }

    // One encoder and one decoder for the process: making them per message showed in profiles, and
    // Foundation's coders are safe to share (their options are read at the start of each call).
    static let sharedEncoder = encoder()
    static let sharedDecoder = decoder()

    /// Dates inside bodies use the envelope's format too.
    public static func encoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        e.dateEncodingStrategy = .custom { date, encoder in
            var c = encoder.singleValueContainer()
            try c.encode(RFC3339.format(date))
        }
        return e
    }

    /// Foundation's decoder as the wire configures it (the reference WireJSONReader is held to).
    public static func decoder() -> JSONDecoder {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .custom { decoder in
            let c = try decoder.singleValueContainer()
            let s = try c.decode(String.self)
            guard let date = RFC3339.parse(s) else {
                throw DecodingError.dataCorruptedError(in: c, debugDescription: "not an RFC 3339 date: \(s)")
            }
            return date
        }
        return d
    }
}
