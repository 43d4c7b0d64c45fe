import Foundation
import XCTest
@testable import Schema

/// The wire's own JSON reader must decode exactly what Foundation's JSONDecoder decodes, to equal
/// values, and decline (nil) whatever it does not judge itself, so that errors are Foundation's.
final class WireJSONDecoderTests: XCTestCase {
    /// Foundation's result (nil when it fails) and the fast reader's (nil when it declined).
    func both<T: Decodable>(_ type: T.Type, _ json: String) -> (foundation: T?, fast: T?) {
        both(type, Array(json.utf8))
    }

    func both<T: Decodable>(_ type: T.Type, _ bytes: [UInt8]) -> (foundation: T?, fast: T?) {
        (try? Wire.decoder().decode(T.self, from: Data(bytes)), WireJSONReader.decode(T.self, from: bytes))
    }

    /// Both decode, to equal values.
    func assertSameFast<T: Decodable & Equatable>(_ type: T.Type, _ json: String, file: StaticString = #filePath, line: UInt = #line) {
        let (foundation, fast) = both(type, json)
        XCTAssertNotNil(foundation, "Foundation failed on \(json)", file: file, line: line)
        XCTAssertNotNil(fast, "declined: \(json)", file: file, line: line)
        XCTAssertEqual(fast, foundation, file: file, line: line)
    }

    /// The fast reader declines; Foundation decides (whatever it decides).
    func assertDeclined<T: Decodable>(_ type: T.Type, _ json: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertNil(WireJSONReader.decode(T.self, from: Array(json.utf8)), "decoded: \(json)", file: file, line: line)
    }

    struct Leaves: Codable, Equatable {
        var int8: Int8, int16: Int16, int32: Int32, int64: Int64, int: Int
        var uint8: UInt8, uint16: UInt16, uint32: UInt32, uint64: UInt64, uint: UInt
        var double: Double, bool: Bool, string: String
        var optional: String?, absent: Int?, null: Bool?
        var nested: [[Int]], map: [String: Int], intKeyed: [Int: String]
        var date: Date, data: Data, kind: Kind
        enum Kind: String, Codable { case branch, committee }
    }

    static let leaves = #"""
    {"int8":-128,"int16":32767,"int32":-1,"int64":-9223372036854775808,"int":9223372036854775807,
     "uint8":255,"uint16":0,"uint32":4294967295,"uint64":18446744073709551615,"uint":7,
     "double":-2.25e-300,"bool":true,"string":"党 \u515a \ud83d\ude00 \/ \\ \" \n\t\r\b\f",
     "optional":"a","null":null,"nested":[[],[1,2],[3]],"map":{"b":1,"a":2,"":7,"é":6},
     "intKeyed":{"10":"x","-1":"z"},"date":"2026-11-29T08:00:00.123Z","data":"AAEC+g==","kind":"committee",
     "unknown":{"deep":[1,{"x":null}]}}
    """#

    func testEveryLeafAndContainerShape() {
        assertSameFast(Leaves.self, Self.leaves)
        assertSameFast([Leaves].self, "[" + Self.leaves + " , " + Self.leaves + "]")
        assertSameFast(String.self, #" "top-level" "#)
        assertSameFast(Int.self, "42")
        assertSameFast(Double.self, "42")
        assertSameFast([String: [String: Int]].self, "{}")
        assertSameFast([Int?].self, "[1,null,3]")
        assertSameFast(JSONValue.self, #"{"a":[true,false,null,-5,"x",{}]}"#)
    }

    func testEnvelopesOfTheHotRequests() {
        assertSameFast(Envelope<SubtreeQuery>.self, """
            {"actor":{"id":"a1","kind":"admin","orgCode":"001","roles":["committee"]},"body":{"code":"001","limit":5},\
            "id":"r1","sentAt":"2026-11-29T08:00:00Z","type":"identity.org.subtree"}
            """)
        // A reply with an error and no body.
        assertSameFast(Envelope<OrganizationPage>.self, """
            {"error":{"code":"identity.org_not_found","details":{"field":"body.code"},"message":"组织不存在"},\
            "id":"r2","sentAt":"2026-11-29T08:00:00Z","type":"identity.org.subtree"}
            """)
    }

    /// Every encoded value reads back as itself, by both.
    func testWhatTheWireWritesReadsBack() throws {
        let org = OrganizationView(code: "001001", name: "机关\"第一\"/支部\\", type: .branch, parentCode: "001",
                                   path: "/001/001001/", depth: 2, unit: "市委组织部\n", secretaryMemberId: nil,
                                   isVillage: false, dissolvedAt: Date(timeIntervalSince1970: 1_700_000_000.5),
                                   createdAt: Date(timeIntervalSince1970: 0), updatedAt: Date(timeIntervalSince1970: 86_400))
        let envelope = Envelope(type: "identity.org.subtree", id: "r1", correlationId: "c1",
                                sentAt: Date(timeIntervalSince1970: 1_764_403_200),
                                actor: Actor(kind: .admin, id: "a1", orgCode: "001", roles: ["city"]),
                                body: OrganizationPage(items: [org, org], total: 2, offset: 0, limit: 5))
        let bytes = try WireJSON.encode(envelope)
        let (foundation, fast) = both(Envelope<OrganizationPage>.self, bytes)
        XCTAssertNotNil(fast)
        XCTAssertEqual(try WireJSON.encode(XCTUnwrap(fast)), bytes)
        XCTAssertEqual(try WireJSON.encode(XCTUnwrap(foundation)), bytes)
        XCTAssertEqual(try Wire.decode(OrganizationPage.self, from: bytes).body?.items.first?.name, "机关\"第一\"/支部\\")
    }

    /// What only Foundation may judge: it is handed back, and `Wire` reports Foundation's error.
    func testUnusualInputIsDeclined() {
        assertDeclined(Int.self, "1.0")            // an integer field given a fraction
        assertDeclined(Int.self, "1e2")
        assertDeclined(Int8.self, "128")           // out of range
        assertDeclined(UInt.self, "-1")
        assertDeclined([String: Int].self, #"{"a":1,"a":2}"#)      // a key given twice
        assertDeclined([String: Int].self, #"{"\u0061":1}"#)       // a key with escapes
        assertDeclined(String.self, #""\ud800""#)                  // a lone surrogate
        assertDeclined(Decimal.self, "1.10")
        assertDeclined(URL.self, #""https://example.com""#)
        assertDeclined(Date.self, #""yesterday""#)
        // A failed probe swallowed by `try?` still sends the whole value to Foundation.
        assertDeclined(JSONValue.self, "[1.5]")
        XCTAssertEqual(try Wire.decode(JSONValue.self, from: Array(#"{"type":"x","id":"i","sentAt":"2026-11-29T08:00:00Z","body":[1.5]}"#.utf8)).body,
                       .array([.double(1.5)]))
    }

    /// Bytes that are no JSON, or not UTF-8: declined, and Foundation refuses them too.
    func testMalformedBytesAreDeclined() {
        let cases: [[UInt8]] = [
            Array("{\"a\":1,}".utf8), Array("[1,]".utf8), Array("{\"a\":1} x".utf8), Array("01".utf8), Array("-".utf8),
            Array("1.".utf8), Array("1e".utf8), Array("\"a\u{1}\"".utf8), Array("tru".utf8), Array("nul".utf8),
            Array("{\"a\" 1}".utf8), Array("[".utf8), Array("".utf8), Array("\"\\x\"".utf8), [0x22, 0xFF, 0x22],
            Array(String(repeating: "[", count: 300).utf8) + Array(String(repeating: "]", count: 300).utf8),
        ]
        for bytes in cases {
            XCTAssertNil(WireJSONReader.decode(JSONValue.self, from: bytes), String(decoding: bytes, as: UTF8.self))
        }
    }

    /// A missing field or a wrong type: declined, and the error is Foundation's, naming the field.
    func testFailuresAreFoundations() {
        assertDeclined(Leaves.self, "{}")
        XCTAssertThrowsError(try Wire.decode(SubtreeQuery.self, from: Array(#"{"type":"x","id":"i","sentAt":"2026-11-29T08:00:00Z","body":{"limit":"five"}}"#.utf8))) { error in
            XCTAssertEqual((error as? ErrorBody)?.details["field"], "body.limit")
        }
    }

    /// Random JSON values: the fast reader decodes each, to what Foundation decodes.
    func testRandomValuesMatchFoundation() throws {
        var rng = SplitMix64(state: 11)
        for _ in 0..<500 {
            let bytes = try WireJSON.encode(randomJSONValue(doubles: false, using: &rng))
            let (foundation, fast) = both(JSONValue.self, bytes)
            XCTAssertNotNil(fast, String(decoding: bytes, as: UTF8.self))
            XCTAssertEqual(fast, foundation)
        }
    }
}
