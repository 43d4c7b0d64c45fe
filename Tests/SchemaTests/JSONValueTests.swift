import Foundation
import XCTest
@testable import Schema

final class JSONValueTests: XCTestCase {
    func roundTrip(_ v: JSONValue) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(v))
    }

    func testLargeIntegersSurviveExactly() throws {
        let big: Int64 = 9_007_199_254_740_993 // 2^53 + 1: a Double would make it ...992
        let decoded = try JSONDecoder().decode(JSONValue.self, from: Data("9007199254740993".utf8))
        guard case .int(let v) = decoded else { return XCTFail("decoded as \(decoded)") }
        XCTAssertEqual(v, big)
        guard case .int(let back) = try roundTrip(.int(Int64.max)) else { return XCTFail() }
        XCTAssertEqual(back, Int64.max)
        guard case .int(let min) = try roundTrip(.int(Int64.min)) else { return XCTFail() }
        XCTAssertEqual(min, Int64.min)
    }

    func testNestedRoundTripThroughAnEnvelope() throws {
        let value: JSONValue = [
            "name": "第一党支部", "members": 42, "ratio": 0.25, "active": true, "parent": nil,
            "tags": ["a", 1, 2.5, false, nil, ["deep": [[]]]],
            "id": .int(9_007_199_254_740_993),
        ]
        let env = Envelope(type: "org.created", id: "e", sentAt: sampleDate, body: value)
        let back = try Wire.decode(JSONValue.self, from: Wire.encode(env))
        XCTAssertEqual(back.body, value)
        XCTAssertEqual(back.body?["tags"]?[5]?["deep"], [[]])
        guard case .double(let r) = back.body?["ratio"] else { return XCTFail() }
        XCTAssertEqual(r, 0.25)
    }

    func testNumbersCompareAsJSONDoes() {
        XCTAssertEqual(JSONValue.int(1), .double(1.0))
        XCTAssertEqual(Set<JSONValue>([.int(1), .double(1.0)]).count, 1)
        XCTAssertNotEqual(JSONValue.int(1), .double(1.5))
        XCTAssertNotEqual(JSONValue.int(1), .bool(true))
        XCTAssertNotEqual(JSONValue.string("1"), .int(1))
    }

    func testEncodingAnyEncodableAndDecodingItBack() throws {
        let body = DuesSubmit(memberId: "m", amount: 9_007_199_254_740_993, note: "备注", items: [.init(code: "c", amount: 1)])
        let json = try JSONValue(encoding: body)
        XCTAssertEqual(json["amount"], .int(9_007_199_254_740_993))
        XCTAssertEqual(json["items"]?[0]?["code"], "c")
        XCTAssertEqual(try json.decode(as: DuesSubmit.self), body)
    }

    func testDatesInsideUseTheWireFormat() throws {
        let reply = Health.Reply(service: "s", instance: "h:1", pid: 1, startedAt: sampleDate, version: "1.0")
        let json = try JSONValue(encoding: reply)
        XCTAssertEqual(json["startedAt"], "2026-11-22T09:30:00.123Z")
        XCTAssertEqual(try json.decode(as: Health.Reply.self), reply)
    }

    func testDecodeNamesTheField() {
        let value: JSONValue = ["memberId": "m", "amount": 1, "note": "", "items": [["code": "a", "amount": 1], ["code": 7, "amount": 2]]]
        XCTAssertThrowsError(try value.decode(as: DuesSubmit.self)) { error in
            XCTAssertEqual((error as? ErrorBody)?.details, ["field": "items.1.code", "reason": "type_mismatch"])
        }
        XCTAssertThrowsError(try value.decode(as: DuesSubmit.self, at: ["body"])) { error in
            XCTAssertEqual((error as? ErrorBody)?.details, ["field": "body.items.1.code", "reason": "type_mismatch"])
            XCTAssertEqual((error as? ErrorBody)?.message, "请求格式不正确：字段 body.items.1.code 类型错误")
        }
        XCTAssertThrowsError(try JSONValue.object([:]).decode(as: DuesSubmit.self)) { error in
            XCTAssertEqual((error as? ErrorBody)?.details["field"], "memberId")
        }
        XCTAssertThrowsError(try JSONValue.string("x").decode(as: DuesSubmit.self)) { error in
            XCTAssertEqual((error as? ErrorBody)?.details, ["field": "$", "reason": "type_mismatch"])
        }
        XCTAssertThrowsError(try JSONValue.object(["kind": "yearly"]).decode(as: WithEnum.self)) { error in
            XCTAssertEqual((error as? ErrorBody)?.details, ["field": "kind", "reason": "invalid_value"])
        }
    }
}
