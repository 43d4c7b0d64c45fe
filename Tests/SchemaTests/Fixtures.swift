import Foundation
@testable import Schema

/// Bodies shaped like the ones services will send.
struct DuesSubmit: Codable, Sendable, Equatable {
    struct Item: Codable, Sendable, Equatable {
        var code: String
        var amount: Int64
    }
    var memberId: String
    var amount: Int64
    var note: String
    var items: [Item]
}

enum Kind: String, Codable, Sendable { case monthly, special }
struct WithEnum: Codable, Sendable { var kind: Kind }

func utf8(_ s: String) -> [UInt8] { Array(s.utf8) }
func text(_ b: [UInt8]) -> String { String(decoding: b, as: UTF8.self) }

/// 2026-11-22T09:30:00.123Z
let sampleDate = Date(timeIntervalSince1970: 1_795_339_800.123)

/// Decodes and returns the schema error, or nil if decoding succeeded.
func schemaError<B: Codable & Sendable>(_ type: B.Type, _ json: String) -> ErrorBody? {
    do throws(ErrorBody) {
        _ = try Wire.decode(type, from: utf8(json))
        return nil
    } catch {
        return error
    }
}

/// A random JSON value: objects with keys of every kind, strings with escapes, deep nesting.
/// `doubles: false` keeps numbers integral (what the wire's reader decides itself).
func randomJSONValue(_ depth: Int = 0, doubles: Bool = true, using rng: inout SplitMix64) -> JSONValue {
    let alphabet = Array("aAbBzZ09_-é党 🙂.".unicodeScalars)
    func key() -> String {
        String(String.UnicodeScalarView((0..<Int.random(in: 0...6, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }))
    }
    switch Int.random(in: 0..<(depth > 4 ? 5 : 7), using: &rng) {
    case 0: return .null
    case 1: return .bool(Bool.random(using: &rng))
    case 2: return .int(Int64.random(in: .min ... .max, using: &rng))
    case 3: return doubles ? .double(Double(Int.random(in: -1_000_000...1_000_000, using: &rng)) / 64)
                           : .int(Int64(Int.random(in: -1000...1000, using: &rng)))
    case 4: return .string(key() + "\"\\/\n\u{1}" + key())
    case 5: return .array((0..<Int.random(in: 0...5, using: &rng)).map { _ in randomJSONValue(depth + 1, doubles: doubles, using: &rng) })
    default:
        var object: [String: JSONValue] = [:]
        for _ in 0..<Int.random(in: 0...8, using: &rng) { object[key()] = randomJSONValue(depth + 1, doubles: doubles, using: &rng) }
        return .object(object)
    }
}

/// Deterministic so a failing fuzz case can be replayed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
