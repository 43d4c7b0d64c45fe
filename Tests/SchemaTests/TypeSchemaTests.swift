import Foundation
import Schema
import XCTest

/// Schemas derived from the Codable types: what the document and the gateway's checks rest on.
final class TypeSchemaTests: XCTestCase {
    struct Inner: Codable { var when: Date; var tags: Set<String> }
    enum Color: String, Codable, CaseIterable, SchemaEnum { case red, green }
    struct Sample: Codable {
        var name: String
        var count: Int64
        var ratio: Double?
        var color: Color
        var flags: [Bool]
        var map: [String: Int]
        var inner: Inner?
        var any: JSONValue?
    }

    func testPropertiesTypesAndRequiredComeFromTheType() {
        let schema = TypeSchema.of(Sample.self)
        XCTAssertEqual(schema["type"], "object")
        XCTAssertEqual(schema["required"], ["color", "count", "flags", "map", "name"])
        XCTAssertEqual(schema["properties"]?["name"], ["type": "string"])
        XCTAssertEqual(schema["properties"]?["count"], ["type": "integer"])
        XCTAssertEqual(schema["properties"]?["ratio"], ["type": "number"])
        XCTAssertEqual(schema["properties"]?["color"], ["type": "string", "enum": ["red", "green"]])
        XCTAssertEqual(schema["properties"]?["flags"], ["type": "array", "items": ["type": "boolean"]])
        XCTAssertEqual(schema["properties"]?["map"], ["type": "object", "additionalProperties": ["type": "integer"]])
        XCTAssertEqual(schema["properties"]?["inner"]?["properties"]?["when"], ["type": "string", "format": "date-time"])
        XCTAssertEqual(schema["properties"]?["inner"]?["properties"]?["tags"], ["type": "array", "items": ["type": "string"]])
        XCTAssertEqual(schema["properties"]?["any"], [:])
    }

    /// Every operation's request and reply type reflects completely (a type whose decoding could not
    /// be walked to its end would have a schema missing fields).
    func testEveryContractTypeReflectsCompletely() {
        for contract in [IdentityAPI.operations, DuesAPI.operations, NotificationsAPI.operations, PaymentsAPI.operations,
                         TransfersAPI.operations, MeetingsAPI.operations] {
            for operation in contract {
                _ = operation.requestSchema()
                _ = operation.replySchema()
            }
        }
        XCTAssertEqual(TypeSchema.incompleteTypes, [])
        XCTAssertEqual(TypeSchema.of(SubtreeQuery.self)["properties"]?["limit"], ["type": "integer", "minimum": 1, "maximum": 500])
    }

    /// One declaration per type string; each operation's codes are in the catalog with a status.
    func testOperationsAreUniqueAndTheirCodesDefined() {
        let all = IdentityAPI.operations + DuesAPI.operations + NotificationsAPI.operations + PaymentsAPI.operations + TransfersAPI.operations + MeetingsAPI.operations
        XCTAssertEqual(Set(all.map(\.type)).count, all.count)
        let defined = Set(ErrorCode.catalog.map(\.code))
        for operation in all {
            XCTAssertEqual(operation.service, operation.type.split(separator: ".").first.map(String.init))
            for code in operation.errors { XCTAssertTrue(defined.contains(code), "\(operation.type): \(code)") }
        }
        XCTAssertEqual(ErrorCode.status(for: ErrorCode.duesLocked), 409)
        XCTAssertEqual(ErrorCode.status(for: ErrorCode.duesWindowNotOpen), 422)
        XCTAssertEqual(ErrorCode.status(for: ErrorCode.identityAccountLocked), 423)
    }
}
