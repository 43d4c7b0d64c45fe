import Foundation
import XCTest
@testable import Schema

/// The fallback decoder must read what JSONDecoder reads, or it would blame
/// the wrong field when it is asked to find one.
final class JSONValueDecoderTests: XCTestCase {
    struct Everything: Codable, Equatable {
        var b: Bool, s: String, d: Double, f: Float
        var i: Int, i8: Int8, i16: Int16, i32: Int32, i64: Int64
        var u: UInt, u8: UInt8, u16: UInt16, u32: UInt32, u64: UInt64
        var date: Date, data: Data, url: URL, decimal: Decimal
        var optional: String?, absent: Int?
        var nested: [[String: [Int]]]
        var kind: Actor.Kind
    }

    func testReadsWhatJSONDecoderReads() throws {
        let value = Everything(
            b: true, s: "中文", d: 0.1, f: 1.5, i: -1, i8: -8, i16: 16, i32: -32, i64: 9_007_199_254_740_993,
            u: 1, u8: 255, u16: 16, u32: 32, u64: 64, date: sampleDate, data: Data([0, 1, 2]),
            url: URL(string: "https://example.org/a?b=c")!, decimal: 12, optional: nil, absent: nil,
            nested: [["a": [1, 2]], [:]], kind: .admin)
        let json = try JSONValue(encoding: value)
        XCTAssertEqual(try JSONValueDecoder(value: json, codingPath: []).decode(Everything.self), value)
        XCTAssertEqual(try json.decode(as: Everything.self), value)
    }

    func testUnkeyedAndSingleValueContainers() throws {
        let decoder = JSONValueDecoder(value: [1, nil, "x", [true]], codingPath: [])
        var c = try decoder.unkeyedContainer()
        XCTAssertEqual(c.count, 4)
        XCTAssertEqual(try c.decode(Int.self), 1)
        XCTAssertTrue(try c.decodeNil())
        XCTAssertThrowsError(try c.decode(Int.self))
        XCTAssertEqual(c.currentIndex, 2, "a failed decode must not advance")
        XCTAssertEqual(try c.decode(String.self), "x")
        var inner = try c.nestedUnkeyedContainer()
        XCTAssertEqual(try inner.decode(Bool.self), true)
        XCTAssertTrue(c.isAtEnd)
        XCTAssertThrowsError(try c.decode(Int.self)) { error in
            guard case DecodingError.valueNotFound(_, let ctx) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(SchemaError.path([], ctx.codingPath), "4")
        }
        XCTAssertEqual(try JSONValueDecoder(value: 3, codingPath: []).singleValueContainer().decode(Double.self), 3)
    }
}
