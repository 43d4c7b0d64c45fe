import Foundation
import XCTest
@testable import Schema

final class SharedBodiesTests: XCTestCase {
    func testTypeNames() {
        XCTAssertEqual(Health.type("dues"), "dues.health")
        XCTAssertEqual(EventsSince.type("dues"), "dues.events.since")
    }

    func testEventsSinceReplyRoundTrip() throws {
        let event = Envelope<JSONValue>(
            type: "dues.paid", id: "e-1", correlationId: "r-1", sentAt: sampleDate,
            actor: Actor(kind: .member, id: "m1", orgCode: "o1"), body: ["amount": 12_345, "note": "十一月"])
        let reply = EventsSince.Reply(events: [.init(seq: 41, event: event), .init(seq: 42, event: event)], head: 57)
        let request = Envelope(type: EventsSince.type("dues"), body: EventsSince.Request(after: 40, limit: 100))
        let back = try Wire.decode(EventsSince.Reply.self, from: Wire.encode(request.reply(reply)))
        XCTAssertEqual(back.body, reply)
        XCTAssertEqual(back.correlationId, request.id)
        XCTAssertEqual(back.body?.events.map(\.seq), [41, 42])
        XCTAssertEqual(back.body?.events.first?.event.sentAt, sampleDate)

        let req = try Wire.decode(EventsSince.Request.self, from: Wire.encode(request))
        XCTAssertEqual(req.body, EventsSince.Request(after: 40, limit: 100))
    }

    func testHealthReplyRoundTrip() throws {
        let reply = Health.Reply(
            service: "dues", instance: "host:4242", pid: 4242, startedAt: sampleDate, version: "0.1.0", eventsHead: 9)
        XCTAssertEqual(reply.status, "ok")
        let env = Envelope<Empty>(type: Health.type("dues")).reply(reply)
        XCTAssertEqual(try Wire.decode(Health.Reply.self, from: Wire.encode(env)).body, reply)
        let noEvents = Health.Reply(service: "gw", instance: "h:1", pid: 1, startedAt: sampleDate, version: "1")
        XCTAssertFalse(text(try Wire.encode(Envelope(type: "gw.health", body: noEvents))).contains("eventsHead"))
    }
}
