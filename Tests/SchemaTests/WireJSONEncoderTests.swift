import Foundation
import XCTest
@testable import Schema

/// The wire's own JSON writer must write exactly Foundation's bytes (sorted keys, unescaped slashes,
/// the wire's dates), and hand anything unusual back to Foundation rather than write it differently.
final class WireJSONEncoderTests: XCTestCase {
    /// Foundation's bytes, and the fast writer's (nil when it handed the value over).
    func both<T: Encodable>(_ value: T) throws -> (foundation: [UInt8], fast: [UInt8]?) {
        (Array(try Wire.encoder().encode(value)), WireJSON.written(value))
    }

    func assertSameFast<T: Encodable>(_ value: T, file: StaticString = #filePath, line: UInt = #line) throws {
        let (foundation, fast) = try both(value)
        XCTAssertNotNil(fast, "handed over to Foundation", file: file, line: line)
        XCTAssertEqual(text(fast ?? []), text(foundation), file: file, line: line)
        XCTAssertEqual(try WireJSON.encode(value), foundation, file: file, line: line)
    }

    func testEnvelopesOfTheHotReplies() throws {
        let org = OrganizationView(code: "001001", name: "机关\"第一\"/支部\\", type: .branch, parentCode: "001",
                                   path: "/001/001001/", depth: 2, unit: "市委组织部\n", secretaryMemberId: nil,
                                   isVillage: false, dissolvedAt: nil, createdAt: sampleDate, updatedAt: sampleDate)
        var dissolved = org
        dissolved.dissolvedAt = Date(timeIntervalSince1970: -1.5)
        dissolved.secretaryMemberId = "m-1"
        let page = OrganizationPage(items: [org, dissolved], total: 2, offset: 0, limit: 5)
        let actor = Actor(kind: .admin, id: "a1", orgCode: "001", roles: ["committee", "城市"])
        try assertSameFast(Envelope(type: "identity.org.subtree", id: "r1", correlationId: "c1", sentAt: sampleDate,
                                    actor: actor, body: page))
        try assertSameFast(Envelope<Empty>(type: "x", id: "r2", sentAt: sampleDate, body: Empty()))
        try assertSameFast(Envelope<Empty>(type: "x", id: "r3", sentAt: sampleDate,
                                           error: ErrorBody.make(ErrorCode.identityOrgNotFound, details: ["field": "body.code", "a": "b"])))
        try assertSameFast(DuesSubmit(memberId: "m", amount: -9_223_372_036_854_775_807, note: "", items: []))
        try assertSameFast(WithEnum(kind: .special))
    }

    struct Leaves: Codable {
        var int8: Int8 = -128, int16: Int16 = 32767, int32: Int32 = -1, int64 = Int64.min, int = Int.max
        var uint8: UInt8 = 255, uint16: UInt16 = 0, uint32 = UInt32.max, uint64 = UInt64.max, uint: UInt = 7
        var doubles: [Double] = [0, -0.0, 1, 1.5, 0.1, -2.25e-300, 1e20, 1e21, 123456789012345680, Double.ulpOfOne]
        var bools = [true, false]
        var optionals: [String?] = ["a", nil]
        var nested: [[Int]] = [[], [1, 2], [3]]
        var map: [String: Int] = ["b": 1, "a": 2, "B": 3, "aa": 4, "a0": 5, "é": 6, "": 7]
        var intKeyed: [Int: String] = [10: "x", 9: "y", -1: "z"]
        var date = Date(timeIntervalSince1970: 0)
        var data = Data([0, 1, 2, 250])
        var url = URL(string: "https://example.com/a?b=c")!
        var absent: String? = nil
        var present: Int? = 0
        var control = "\u{0}\u{1}\u{8}\u{9}\u{a}\u{b}\u{c}\u{d}\u{1f}\u{7f} 党 🇨🇳 / \\ \""
    }

    func testEveryLeafAndContainerShape() throws {
        try assertSameFast(Leaves())
        try assertSameFast([Leaves(), Leaves()])
        try assertSameFast("top-level string")
        try assertSameFast(42)
        try assertSameFast([String: [String: Int]]())
        try assertSameFast([Empty(), Empty()])
    }

    /// Keys Foundation orders by UTF-8 bytes: upper case before lower, shorter prefix first.
    struct Unsorted: Codable {
        var zeta = 1, Zeta = 2, alpha = 3, alphaBeta = 4, alph = 5, _under = 6, a1 = 7, a10 = 8, a2 = 9
    }

    func testMembersComeOutInKeyOrder() throws {
        try assertSameFast(Unsorted())
        let (_, fast) = try both(Unsorted())
        XCTAssertEqual(text(fast ?? []), #"{"Zeta":2,"_under":6,"a1":7,"a10":8,"a2":9,"alph":5,"alpha":3,"alphaBeta":4,"zeta":1}"#)
    }

    /// Hand-written coders using nested containers in order, and asking for the same container twice.
    struct Nested: Encodable {
        enum K: String, CodingKey { case z, a, m }
        enum Inner: String, CodingKey { case y, x }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: K.self)
            try c.encode(1, forKey: .z)
            var inner = c.nestedContainer(keyedBy: Inner.self, forKey: .m)
            try inner.encode("y", forKey: .y)
            try inner.encodeNil(forKey: .x)
            var again = encoder.container(keyedBy: K.self)
            var list = again.nestedUnkeyedContainer(forKey: .a)
            try list.encode(true)
            var deeper = list.nestedContainer(keyedBy: Inner.self)
            try deeper.encode(2, forKey: .x)
        }
    }

    func testNestedContainersWrittenInOrder() throws {
        try assertSameFast(Nested())
    }

    /// Writing to a nested container after its parent moved on: Foundation's result, by Foundation.
    struct Interleaved: Encodable {
        enum K: String, CodingKey { case a, b }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: K.self)
            var inner = c.nestedContainer(keyedBy: K.self, forKey: .a)
            try c.encode(1, forKey: .b)
            try inner.encode(2, forKey: .b)
        }
    }

    struct Twice: Encodable {
        enum K: String, CodingKey { case a }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: K.self)
            try c.encode(1, forKey: .a)
            try c.encode(2, forKey: .a)
        }
    }

    class Base: Encodable { var base = 1 }
    final class Derived: Base {
        enum K: String, CodingKey { case own }
        override func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: K.self)
            try c.encode(2, forKey: .own)
            try super.encode(to: c.superEncoder())
        }
    }

    struct OddKey: Encodable {
        enum K: String, CodingKey { case quoted = "a\"b" }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: K.self)
            try c.encode(1, forKey: .quoted)
        }
    }

    func testUnusualValuesAreHandedToFoundation() throws {
        for value in [Interleaved(), Twice(), Derived(), OddKey(), Decimal(string: "1.10")!, Float(1.5)] as [any Encodable] {
            let (foundation, fast) = try both(value)
            XCTAssertNil(fast, "\(value) should be handed over")
            XCTAssertEqual(try WireJSON.encode(value), foundation)
        }
        // An error is Foundation's error.
        XCTAssertThrowsError(try WireJSON.encode([Double.nan])) { error in
            guard case EncodingError.invalidValue = error else { return XCTFail("\(error)") }
        }
    }

    /// Random JSON values (objects with keys of every kind, deep nesting): the same bytes every time.
    func testRandomValuesMatchFoundation() throws {
        var rng = SplitMix64(state: 7)
        var fastCount = 0
        for _ in 0..<500 {
            let v = randomJSONValue(using: &rng)
            let (foundation, fast) = try both(v)
            if let fast {
                XCTAssertEqual(text(fast), text(foundation))
                fastCount += 1
            }
            XCTAssertEqual(try WireJSON.encode(v), foundation)
        }
        XCTAssertEqual(fastCount, 500, "plain JSON values are all written by the fast path")
    }
}
