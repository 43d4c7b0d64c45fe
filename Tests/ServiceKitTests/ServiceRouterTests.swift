import Foundation
import GRDB
import Logging
import Schema
import ServiceKit
import Store
import XCTest

struct AddItem: Codable, Sendable, Equatable { var name: String }
struct Added: Codable, Sendable, Equatable { var count: Int }
struct ItemAdded: Codable, Sendable, Equatable { var name: String; var step: Int }
struct Echo: Codable, Sendable, Equatable { var text: String }
struct Boom: Error {}

final class ServiceRouterTests: XCTestCase {
    let refusal = ErrorBody(code: "counter.refused", message: "不允许", details: ["why": "test"])
    let actor = Schema.Actor(kind: .admin, id: "a-1024", orgCode: "370200-001", roles: ["secretary"])
    var store: Store!
    var router: ServiceRouter!

    override func setUp() async throws {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("ServiceKitTests-\(UUID().uuidString)", isDirectory: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        store = try Store(path: dir.appendingPathComponent("counter.sqlite").path) { migrator in
            migrator.registerMigration("items") { db in
                try db.execute(sql: "CREATE TABLE item (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL)")
            }
        }
        router = ServiceRouter(service: "counter", logger: Logger(label: "test.router") { _ in SwiftLogNoOpLogHandler() })
        let refusal = self.refusal

        router.query("counter.echo", Echo.self) { body, _ in Echo(text: "echo:" + body.text) }
        router.query("counter.refuse", Echo.self) { (_: Echo, _) -> Echo in throw refusal }
        router.query("counter.crash", Echo.self) { (_: Echo, _) -> Echo in throw Boom() }

        router.command("counter.add", AddItem.self, store: store) { body, context, db in
            try db.execute(sql: "INSERT INTO item (name) VALUES (?)", arguments: [body.name])
            try context.emit(db, "counter.item_added", ItemAdded(name: body.name, step: 1))
            try context.emit(db, "counter.item_counted", ItemAdded(name: body.name, step: 2))
            return Added(count: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM item") ?? -1)
        }
        router.command("counter.addThenRefuse", AddItem.self, store: store) { (body, context, db) -> Added in
            try db.execute(sql: "INSERT INTO item (name) VALUES (?)", arguments: [body.name])
            try context.emit(db, "counter.item_added", ItemAdded(name: body.name, step: 1))
            throw refusal
        }
        router.command("counter.addThenCrash", AddItem.self, store: store) { (body, context, db) -> Added in
            try db.execute(sql: "INSERT INTO item (name) VALUES (?)", arguments: [body.name])
            try context.emit(db, "counter.item_added", ItemAdded(name: body.name, step: 1))
            throw Boom()
        }
    }

    override func tearDown() async throws {
        router = nil
        store = nil
    }

    // MARK: helpers

    func request<B: Codable & Sendable>(_ type: String, _ body: B, id: String = UUID().uuidString) throws -> [UInt8] {
        try Wire.encode(Envelope(type: type, id: id, actor: actor, body: body))
    }

    func send(_ bytes: [UInt8]) async throws -> [UInt8] {
        let frames = await router.handle([bytes])
        XCTAssertEqual(frames.count, 1, "one envelope out")
        return try XCTUnwrap(frames.first)
    }

    func decode<R>(_ type: R.Type, _ bytes: [UInt8]) throws -> Envelope<R> {
        try Wire.decode(type, from: bytes)
    }

    func itemCount() async throws -> Int {
        try await store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM item") ?? -1 }
    }

    func events() async throws -> [StoredEvent] {
        try await store.read { db in try EventLog.since(db, after: 0, limit: 100) }
    }

    func processedReply(_ id: String) async throws -> Data? {
        try await store.read { db in try ProcessedRequests.reply(db, requestId: id) }
    }

    // MARK: dispatch and errors

    func testRoutesByTypeAndRepliesWithCorrelationId() async throws {
        let reply = try decode(Echo.self, try await send(try request("counter.echo", Echo(text: "hi"), id: "r-1")))
        XCTAssertEqual(reply.body, Echo(text: "echo:hi"))
        XCTAssertNil(reply.error)
        XCTAssertEqual(reply.type, "counter.echo")
        XCTAssertEqual(reply.correlationId, "r-1")
        XCTAssertEqual(reply.actor, actor)
        XCTAssertNotEqual(reply.id, "r-1", "a reply has its own id")
    }

    func testUnknownTypeAnswersBusUnknownType() async throws {
        let reply = try decode(Empty.self, try await send(try request("counter.nope", Echo(text: "x"), id: "r-2")))
        XCTAssertEqual(reply.error?.code, "bus.unknown_type")
        XCTAssertEqual(reply.error?.details["type"], "counter.nope")
        XCTAssertEqual(reply.correlationId, "r-2")
        XCTAssertNil(reply.body)
    }

    func testUndecodableBytesAnswerSchemaInvalidForTheWholeMessage() async throws {
        let reply = try decode(Empty.self, try await send(Array("this is not an envelope".utf8)))
        XCTAssertEqual(reply.error?.code, "schema.invalid")
        XCTAssertEqual(reply.error?.details["field"], "$")
        XCTAssertNil(reply.correlationId, "nothing to correlate with")
    }

    func testNoFramesAnswersSchemaInvalid() async throws {
        let frames = await router.handle([])
        let reply = try decode(Empty.self, try XCTUnwrap(frames.first))
        XCTAssertEqual(reply.error?.code, "schema.invalid")
        XCTAssertEqual(reply.error?.details["field"], "$")
    }

    func testMissingBodyFieldAnswersSchemaInvalidNamingTheField() async throws {
        let bytes = try Wire.encode(Envelope(type: "counter.echo", id: "r-3", body: Empty()))
        let reply = try decode(Empty.self, try await send(bytes))
        XCTAssertEqual(reply.error?.code, "schema.invalid")
        XCTAssertEqual(reply.error?.details["field"], "body.text")
        XCTAssertEqual(reply.error?.details["reason"], "missing")
        XCTAssertEqual(reply.correlationId, "r-3")
    }

    func testMissingBodyOfACommandAnswersSchemaInvalidAndAppliesNothing() async throws {
        let bytes = try Wire.encode(Envelope<AddItem>(type: "counter.add", id: "r-4"))
        let reply = try decode(Empty.self, try await send(bytes))
        XCTAssertEqual(reply.error?.code, "schema.invalid")
        XCTAssertEqual(reply.error?.details["field"], "body")
        let count = try await itemCount()
        XCTAssertEqual(count, 0)
    }

    func testHandlerErrorBodyIsTheReplyError() async throws {
        let reply = try decode(Empty.self, try await send(try request("counter.refuse", Echo(text: "x"), id: "r-5")))
        XCTAssertEqual(reply.error, refusal)
        XCTAssertEqual(reply.correlationId, "r-5")
        XCTAssertEqual(reply.type, "counter.refuse")
        XCTAssertNil(reply.body)
    }

    func testOtherHandlerErrorsAnswerInternal() async throws {
        let reply = try decode(Empty.self, try await send(try request("counter.crash", Echo(text: "x"), id: "r-6")))
        XCTAssertEqual(reply.error?.code, "internal")
        XCTAssertEqual(reply.correlationId, "r-6")
        XCTAssertFalse(reply.error?.message.contains("Boom") ?? true, "the cause is logged, not sent")
    }

    func testRegisteredTypesAreListed() {
        XCTAssertEqual(router.types, [
            "counter.add", "counter.addThenCrash", "counter.addThenRefuse", "counter.crash", "counter.echo", "counter.refuse",
        ])
    }

    // MARK: commands

    func testCommandIsAppliedOnceForARepeatedRequestId() async throws {
        let bytes = try request("counter.add", AddItem(name: "a"), id: "cmd-1")

        let first = try await send(bytes)
        let second = try await send(bytes)

        XCTAssertEqual(try decode(Added.self, first).body, Added(count: 1))
        XCTAssertEqual(second, first, "the stored reply, byte for byte")
        let count = try await itemCount()
        XCTAssertEqual(count, 1, "applied once")
        let events = try await events()
        XCTAssertEqual(events.count, 2, "its events appended once")
        let stored = try await processedReply("cmd-1")
        XCTAssertEqual(stored.map { Array($0) }, first)

        // A different id is a different request.
        let third = try await send(try request("counter.add", AddItem(name: "b"), id: "cmd-2"))
        XCTAssertEqual(try decode(Added.self, third).body, Added(count: 2))
    }

    func testConcurrentDeliveriesOfOneRequestApplyItOnce() async throws {
        let bytes = try request("counter.add", AddItem(name: "a"), id: "cmd-c")
        let router = self.router!
        let replies = await withTaskGroup(of: [UInt8].self) { group in
            for _ in 0..<8 { group.addTask { (await router.handle([bytes])).first ?? [] } }
            return await group.reduce(into: [[UInt8]]()) { $0.append($1) }
        }
        XCTAssertEqual(Set(replies).count, 1, "every delivery got the same reply")
        XCTAssertEqual(try decode(Added.self, replies[0]).body, Added(count: 1))
        let count = try await itemCount()
        XCTAssertEqual(count, 1)
    }

    func testCommandEventsAreLoggedWithCorrelationIdAndActor() async throws {
        _ = try await send(try request("counter.add", AddItem(name: "a"), id: "cmd-e"))

        let events = try await events()
        XCTAssertEqual(events.map(\.type), ["counter.item_added", "counter.item_counted"])
        XCTAssertEqual(events.map(\.seq), [1, 2])
        for (index, event) in events.enumerated() {
            let envelope = try Wire.decode(ItemAdded.self, from: event.envelope)
            XCTAssertEqual(envelope.type, event.type)
            XCTAssertEqual(envelope.id, event.id)
            XCTAssertEqual(envelope.correlationId, "cmd-e", "names the request that caused it")
            XCTAssertEqual(envelope.actor, actor, "the request's actor")
            XCTAssertEqual(envelope.body, ItemAdded(name: "a", step: index + 1))
        }
    }

    func testCommandThatThrowsAnErrorBodyLeavesNoTrace() async throws {
        let reply = try decode(Empty.self, try await send(try request("counter.addThenRefuse", AddItem(name: "x"), id: "cmd-r")))

        XCTAssertEqual(reply.error, refusal)
        XCTAssertEqual(reply.correlationId, "cmd-r")
        let count = try await itemCount()
        XCTAssertEqual(count, 0, "the row is rolled back")
        let events = try await events()
        XCTAssertEqual(events, [], "the emitted event is rolled back")
        let stored = try await processedReply("cmd-r")
        XCTAssertNil(stored, "no processed-request record")
    }

    func testCommandThatThrowsAnotherErrorLeavesNoTraceAndAnswersInternal() async throws {
        let reply = try decode(Empty.self, try await send(try request("counter.addThenCrash", AddItem(name: "x"), id: "cmd-x")))

        XCTAssertEqual(reply.error?.code, "internal")
        XCTAssertEqual(reply.correlationId, "cmd-x")
        let count = try await itemCount()
        XCTAssertEqual(count, 0)
        let events = try await events()
        XCTAssertEqual(events, [])
        let stored = try await processedReply("cmd-x")
        XCTAssertNil(stored)
    }

    func testAFailedCommandCanBeRetriedWithTheSameId() async throws {
        // A refused request was not remembered, so the same id may be applied once it is valid.
        _ = try await send(try request("counter.addThenRefuse", AddItem(name: "x"), id: "cmd-retry"))
        let reply = try decode(Added.self, try await send(try request("counter.add", AddItem(name: "x"), id: "cmd-retry")))
        XCTAssertEqual(reply.body, Added(count: 1))
    }
}
