import Foundation
import Schema

/// The gateway's hot path on the wire, without Codable: a request envelope written straight to
/// bytes, and a reply envelope's `body` found in place so it is served as it came (never decoded
/// and encoded again). Both follow WIRE.md; the services still decode and encode with `Wire`.
public enum EnvelopeBytes {
    /// `{"actor":…,"body":…,"id":…,"sentAt":…,"type":…,"version":1}` (sorted keys, as `Wire` writes).
    public static func request(type: String, id: String, actor: Actor, body: JSONValue, sentAt: Date = Date()) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        out.append(contentsOf: #"{"actor":"#.utf8)
        writeActor(actor, to: &out)
        out.append(contentsOf: #","body":"#.utf8)
        JSONWriter.write(body, to: &out)
        out.append(contentsOf: #","id":"#.utf8)
        JSONWriter.writeString(id, to: &out)
        out.append(contentsOf: #","sentAt":"#.utf8)
        JSONWriter.writeString(RFC3339.format(sentAt), to: &out)
        out.append(contentsOf: #","type":"#.utf8)
        JSONWriter.writeString(type, to: &out)
        out.append(contentsOf: #","version":1}"#.utf8)
        return out
    }

    static func writeActor(_ actor: Actor, to out: inout [UInt8]) {
        out.append(contentsOf: #"{"id":"#.utf8)
        JSONWriter.writeString(actor.id, to: &out)
        out.append(contentsOf: #","kind":"#.utf8)
        JSONWriter.writeString(actor.kind.rawValue, to: &out)
        if let org = actor.orgCode {
            out.append(contentsOf: #","orgCode":"#.utf8)
            JSONWriter.writeString(org, to: &out)
        }
        out.append(contentsOf: #","roles":["#.utf8)
        for (i, role) in actor.roles.enumerated() {
            if i > 0 { out.append(0x2C) }
            JSONWriter.writeString(role, to: &out)
        }
        out.append(contentsOf: "]}".utf8)
    }

    public enum Reply {
        case body(ArraySlice<UInt8>)
        case error(ErrorBody)
    }

    /// The reply's body bytes, or its error; a reply that is neither is `internal`.
    public static func reply(_ bytes: [UInt8]) -> Reply {
        var scanner = JSONScanner(bytes)
        var body: Range<Int>?
        var error: Range<Int>?
        let ok = scanner.object { key, value in
            if key == "body" { body = value } else if key == "error" { error = value }
        }
        if ok, let error, let decoded = try? JSONDecoder().decode(ErrorBody.self, from: Data(bytes[error])) {
            return .error(decoded)
        }
        if ok, let body { return .body(bytes[body]) }
        return .error(ErrorBody.make(ErrorCode.internal, details: ["reason": "reply_unreadable"]))
    }
}

/// JSONValue to compact JSON bytes, keys sorted.
public enum JSONWriter {
    public static func bytes(_ value: JSONValue) -> [UInt8] {
        var out: [UInt8] = []
        write(value, to: &out)
        return out
    }

    public static func write(_ value: JSONValue, to out: inout [UInt8]) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .int(let n): out.append(contentsOf: String(n).utf8)
        case .double(let d): out.append(contentsOf: (d.isFinite ? "\(d)" : "null").utf8)
        case .string(let s): writeString(s, to: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                write(item, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (index, key) in members.keys.sorted().enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                writeString(key, to: &out)
                out.append(UInt8(ascii: ":"))
                write(members[key]!, to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    static let hex = Array("0123456789abcdef".utf8)

    public static func writeString(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): out.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0..<0x20:
                out.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
