import Foundation
import XCTest
@testable import Schema

/// Every way decoding can fail becomes schema.invalid naming the field.
final class SchemaInvalidTests: XCTestCase {
    let head = #""type":"dues.standard.submit","id":"i","sentAt":"2026-11-22T09:30:00.123Z""#

    func envelope(body: String) -> String { "{\(head),\"body\":\(body)}" }

    func assertInvalid<B: Codable & Sendable>(
        _ type: B.Type, _ json: String, field: String, reason: String, message: String? = nil,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        guard let error = schemaError(type, json) else {
            return XCTFail("decoded without error: \(json)", file: file, line: line)
        }
        XCTAssertEqual(error.code, "schema.invalid", file: file, line: line)
        XCTAssertEqual(error.details, ["field": field, "reason": reason], file: file, line: line)
        if let message { XCTAssertEqual(error.message, message, file: file, line: line) }
    }

    func testKeyNotFoundInBody() {
        assertInvalid(
            DuesSubmit.self, envelope(body: #"{"memberId":"m","note":"","items":[]}"#),
            field: "body.amount", reason: "missing", message: "请求格式不正确：缺少字段 body.amount")
    }

    func testKeyNotFoundInsideAnArrayElement() {
        assertInvalid(
            DuesSubmit.self,
            envelope(body: #"{"memberId":"m","amount":1,"note":"","items":[{"code":"a","amount":1},{"amount":2}]}"#),
            field: "body.items.1.code", reason: "missing")
    }

    func testKeyNotFoundInEnvelope() {
        assertInvalid(
            Empty.self, #"{"id":"i","sentAt":"2026-11-22T09:30:00.123Z","body":{}}"#,
            field: "type", reason: "missing", message: "请求格式不正确：缺少字段 type")
    }

    func testTypeMismatchInsideAnArrayElement() {
        assertInvalid(
            DuesSubmit.self,
            envelope(body: #"{"memberId":"m","amount":1,"note":"","items":[{"code":"a","amount":1},{"code":7,"amount":2}]}"#),
            field: "body.items.1.code", reason: "type_mismatch", message: "请求格式不正确：字段 body.items.1.code 类型错误")
    }

    func testTypeMismatchOfTheBodyItself() {
        assertInvalid(DuesSubmit.self, envelope(body: "[]"), field: "body", reason: "type_mismatch")
    }

    func testTypeMismatchOfAFractionForAnInteger() {
        assertInvalid(
            DuesSubmit.self, envelope(body: #"{"memberId":"m","amount":1.5,"note":"","items":[]}"#),
            field: "body.amount", reason: "type_mismatch")
    }

    // Foundation loses the path for numbers that do not fit (swift-foundation #1604).
    func testNumbersThatDoNotFitStillNameTheField() {
        let items = #"[{"code":"a","amount":1},{"code":"b","amount":99999999999999999999}]"#
        assertInvalid(
            DuesSubmit.self, envelope(body: #"{"memberId":"m","amount":1,"note":"","items":"# + items + "}"),
            field: "body.items.1.amount", reason: "invalid_value")
        struct Small: Codable, Sendable { var pid: Int32; var count: UInt8 }
        assertInvalid(Small.self, envelope(body: #"{"pid":1,"count":-1}"#), field: "body.count", reason: "invalid_value")
        assertInvalid(Small.self, envelope(body: #"{"pid":4294967296,"count":1}"#), field: "body.pid", reason: "invalid_value")
        assertInvalid(Small.self, envelope(body: #"{"pid":2.5,"count":1}"#), field: "body.pid", reason: "type_mismatch")
    }

    func testTypeMismatchOfTheWholeMessage() {
        assertInvalid(Empty.self, "[1,2]", field: "$", reason: "type_mismatch")
    }

    func testValueNotFoundIsReportedAsMissing() {
        assertInvalid(
            DuesSubmit.self, envelope(body: #"{"memberId":"m","amount":null,"note":"","items":[]}"#),
            field: "body.amount", reason: "missing")
    }

    func testDataCorruptedEnumCase() {
        assertInvalid(
            WithEnum.self, envelope(body: #"{"kind":"yearly"}"#),
            field: "body.kind", reason: "invalid_value", message: "请求格式不正确：字段 body.kind 的值无效")
        assertInvalid(
            Empty.self, "{\(head),\"actor\":{\"kind\":\"king\",\"id\":\"x\"}}",
            field: "actor.kind", reason: "invalid_value")
    }

    func testDataCorruptedDate() {
        assertInvalid(
            Empty.self, #"{"type":"t","id":"i","sentAt":"22/11/2026 09:30"}"#,
            field: "sentAt", reason: "invalid_value")
        assertInvalid(
            Health.Reply.self,
            envelope(body: #"{"status":"ok","service":"s","instance":"i","pid":1,"startedAt":"yesterday","version":"1"}"#),
            field: "body.startedAt", reason: "invalid_value")
    }

    func testNotJSON() {
        for junk in ["", "not json", "{\"type\":", "\u{FEFF}}", "{'type':'t'}"] {
            assertInvalid(Empty.self, junk, field: "$", reason: "not_json", message: "请求格式不正确：不是有效的 JSON")
        }
        XCTAssertThrowsError(try Wire.decodeHeader([0xFF, 0xFE, 0x00])) { error in
            XCTAssertEqual((error as? ErrorBody)?.details["reason"], "not_json")
        }
        XCTAssertThrowsError(try Wire.decodeHeader([])) { error in
            XCTAssertEqual((error as? ErrorBody)?.details, ["field": "$", "reason": "not_json"])
        }
    }

    func testHeaderDecodingReportsTheSameWay() {
        XCTAssertThrowsError(try Wire.decodeHeader(utf8(#"{"type":5,"id":"i","sentAt":"2026-11-22T09:30:00Z"}"#))) { error in
            XCTAssertEqual((error as? ErrorBody)?.details, ["field": "type", "reason": "type_mismatch"])
        }
    }

    func testCustomKeysAreNamedAsTheSenderWroteThem() {
        struct Snake: Codable, Sendable {
            var orgCode: String
            enum CodingKeys: String, CodingKey { case orgCode = "org_code" }
        }
        assertInvalid(Snake.self, envelope(body: "{}"), field: "body.org_code", reason: "missing")
    }
}
