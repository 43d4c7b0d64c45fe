import Foundation
import XCTest
@testable import Schema

final class EnvelopeTests: XCTestCase {
    let body = DuesSubmit(
        memberId: "m-0001", amount: 12_345, note: "二〇二六年十一月党费，含补缴",
        items: [.init(code: "regular", amount: 10_000), .init(code: "补缴", amount: 2_345)])

    func testRoundTripKeepsEveryField() throws {
        let actor = Actor(kind: .admin, id: "a-7", orgCode: "370200-001", roles: ["secretary", "city"])
        let sent = Envelope(
            type: "dues.standard.submit", version: 3, id: "3F2504E0-4F89-11D3-9A0C-0305E82C3301",
            correlationId: "C0FFEE", sentAt: sampleDate, actor: actor, body: body,
            error: ErrorBody(code: "dues.window_not_open", message: "当前不在缴费时间内", details: ["window": "11"]))
        let got = try Wire.decode(DuesSubmit.self, from: Wire.encode(sent))
        XCTAssertEqual(got, sent)
        XCTAssertEqual(got.sentAt, sampleDate, "milliseconds must survive exactly")
    }

    func testEncodingIsCompactSortedAndDeterministic() throws {
        let env = Envelope<Empty>(
            type: "x.health", id: "id-1", sentAt: sampleDate, actor: .service("gateway"), body: Empty())
        let bytes = try Wire.encode(env)
        XCTAssertEqual(
            text(bytes),
            #"{"actor":{"id":"gateway","kind":"service","roles":[]},"body":{},"id":"id-1","#
                + #""sentAt":"2026-11-22T09:30:00.123Z","type":"x.health","version":1}"#)
        XCTAssertEqual(try Wire.encode(env), bytes)
    }

    func testDataOverloadsMatchByteOverloads() throws {
        let env = Envelope(type: "t", id: "i", sentAt: sampleDate, body: body)
        let data: Data = try Wire.encode(env)
        XCTAssertEqual(Array(data), try Wire.encode(env))
        XCTAssertEqual(try Wire.decode(DuesSubmit.self, from: data), env)
        XCTAssertEqual(try Wire.decodeHeader(data).id, "i")
    }

    func testErrorDetailsAreAlwaysEncoded() throws {
        let reply = Envelope<Empty>(type: "t", id: "i", sentAt: sampleDate, error: .make(ErrorCode.notFound))
        XCTAssertTrue(text(try Wire.encode(reply)).contains(#""error":{"code":"not_found","details":{},"message":"记录不存在"}"#))
    }

    func testLenientDefaultsForHandWrittenClients() throws {
        // No version, no roles, null correlationId, a UTC offset and no fraction.
        let json = #"{"type":"t","id":"i","correlationId":null,"sentAt":"2026-11-22T17:30:00+08:00","#
            + #""actor":{"kind":"member","id":"m1"},"body":{}}"#
        let env = try Wire.decode(Empty.self, from: utf8(json))
        XCTAssertEqual(env.version, 1)
        XCTAssertNil(env.correlationId)
        XCTAssertEqual(env.actor, Actor(kind: .member, id: "m1"))
        XCTAssertEqual(env.sentAt, Date(timeIntervalSince1970: 1_795_339_800))
    }

    func testHeaderIgnoresBodyOfAnyShape() throws {
        for shape in [#"{"a":[1,{"b":null}]}"#, "[1,2,3]", #""text""#, "42", "null", "true", "{}"] {
            let json = #"{"type":"dues.query","version":2,"id":"i","sentAt":"2026-11-22T09:30:00.123Z","body":"#
                + shape + "}"
            let header = try Wire.decodeHeader(utf8(json))
            XCTAssertEqual(header.type, "dues.query", shape)
            XCTAssertEqual(header.version, 2, shape)
            XCTAssertEqual(header.sentAt, sampleDate, shape)
        }
    }

    func testHeaderCarriesTheError() throws {
        let reply = Envelope<Empty>(type: "t").replyError(.make(ErrorCode.busTimeout))
        XCTAssertEqual(try Wire.decodeHeader(Wire.encode(reply)).error?.code, "bus.timeout")
    }

    func testReplyPointsAtTheRequest() {
        let request = Envelope(type: "dues.standard.submit", version: 2, actor: Actor(kind: .member, id: "m1"), body: body)
        let reply = request.reply(Empty())
        XCTAssertEqual(reply.type, request.type)
        XCTAssertEqual(reply.version, 2)
        XCTAssertEqual(reply.correlationId, request.id)
        XCTAssertNotEqual(reply.id, request.id)
        XCTAssertEqual(reply.actor, request.actor)
        XCTAssertEqual(reply.body, Empty())
        XCTAssertNil(reply.error)
    }

    func testReplyErrorPointsAtTheRequest() {
        let request = Envelope(type: "dues.standard.submit", body: body)
        let reply = request.replyError(.make(ErrorCode.authForbidden, details: ["org": "x"]))
        XCTAssertEqual(reply.correlationId, request.id)
        XCTAssertNotEqual(reply.id, request.id)
        XCTAssertNil(reply.body)
        XCTAssertEqual(reply.error, ErrorBody(code: "auth.forbidden", message: "无权进行此操作", details: ["org": "x"]))
    }

    func testDefaultsOfANewEnvelope() {
        let a = Envelope<Empty>(type: "t"), b = Envelope<Empty>(type: "t")
        XCTAssertEqual(a.version, 1)
        XCTAssertNotEqual(a.id, b.id)
        XCTAssertNotNil(UUID(uuidString: a.id))
        XCTAssertLessThan(abs(a.sentAt.timeIntervalSinceNow), 5)
        XCTAssertNil(a.correlationId ?? a.actor?.id ?? a.error?.code)
    }

    func testRequireBody() throws {
        XCTAssertEqual(try Envelope(type: "t", body: body).requireBody(), body)
        XCTAssertThrowsError(try Envelope<DuesSubmit>(type: "t").requireBody()) { error in
            XCTAssertEqual((error as? ErrorBody)?.details, ["field": "body", "reason": "missing"])
        }
    }

    func testServiceActor() {
        XCTAssertEqual(Actor.service("dues"), Actor(kind: .service, id: "dues", orgCode: nil, roles: []))
    }
}
