import Foundation
import XCTest
@testable import Schema

/// The examples in WIRE.md are what people copy; they must stay readable by `Wire`.
final class WireDocTests: XCTestCase {
    func examples() throws -> [String] {
        let doc = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Shared/Schema/WIRE.md")
        let lines = try String(contentsOf: doc, encoding: .utf8).components(separatedBy: "\n")
        var out: [String] = [], inside = false
        for line in lines {
            if line == "```json" { inside = true } else if line == "```" { inside = false } else if inside { out.append(line) }
        }
        return out
    }

    func testExamplesDecodeAndAreWrittenAsWireWritesThem() throws {
        let all = try examples()
        XCTAssertEqual(all.count, 4)
        for json in all {
            let env = try Wire.decode(JSONValue.self, from: utf8(json))
            XCTAssertEqual(text(try Wire.encode(env)), json, "not compact/sorted as Wire writes it")
        }
        let error = try XCTUnwrap(Wire.decodeHeader(utf8(all[2])).error)
        XCTAssertEqual(error, SchemaError.make(field: "body.amount", reason: .missing))
        let request = try Wire.decodeHeader(utf8(all[0]))
        XCTAssertEqual(try Wire.decodeHeader(utf8(all[1])).correlationId, request.id)
        XCTAssertEqual(try Wire.decodeHeader(utf8(all[3])).correlationId, request.id)
    }
}
