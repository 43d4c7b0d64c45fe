import Foundation
import GRDB
import Logging
import Schema
import ServiceKit
import Store
import XCTest

/// The router against declared operations: who may call, the same request id with another body,
/// and handlers that do not match the contract.
final class ServiceContractTests: XCTestCase {
    static let add = BusOperation<AddItem, Added>("shop.add", .command, callers: .admin)
    static let look = BusOperation<Echo, Echo>("shop.look", .query, callers: .people)
    static let sync = BusOperation<Echo, Echo>("shop.sync", .query, callers: .service)
    static let contract = [add.descriptor, look.descriptor, sync.descriptor]

    var store: Store!
    var router: ServiceRouter!

    override func setUp() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ServiceContractTests-\(UUID().uuidString)")
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        store = try Store(path: dir.appendingPathComponent("shop.sqlite").path) { migrator in
            migrator.registerMigration("items") { db in
                try db.execute(sql: "CREATE TABLE item (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL)")
            }
        }
        router = ServiceRouter(service: "shop", logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        router.command(Self.add, store: store) { body, _, db in
            try db.execute(sql: "INSERT INTO item (name) VALUES (?)", arguments: [body.name])
            return Added(count: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM item") ?? -1)
        }
        router.query(Self.look) { body, _ in body }
        router.query(Self.sync) { body, _ in body }
    }

    func call<B: Codable & Sendable, R>(_ type: String, _ body: B, as: R.Type, actor: Schema.Actor?,
                                         id: String = UUID().uuidString) async throws -> Envelope<R> {
        let reply = await router.handle([try Wire.encode(Envelope(type: type, id: id, actor: actor, body: body))])
        return try Wire.decode(R.self, from: try XCTUnwrap(reply.first))
    }

    func count() async throws -> Int { try await store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM item") ?? -1 } }

    func testCallersTheDeclarationDoesNotAllowAreRefused() async throws {
        let admin = Schema.Actor(kind: .admin, id: "a", orgCode: "001")
        let member = Schema.Actor(kind: .member, id: "m", orgCode: "001")
        let v1 = try await call("shop.add", AddItem(name: "x"), as: Added.self, actor: member).error?.code
        XCTAssertEqual(v1, "auth.forbidden")
        let v2 = try await call("shop.add", AddItem(name: "x"), as: Added.self, actor: nil).error?.code
        XCTAssertEqual(v2, "auth.forbidden",
                       "no actor is nobody in particular")
        let v3 = try await count()
        XCTAssertEqual(v3, 0, "a refused command changes nothing")
        let v4 = try await call("shop.add", AddItem(name: "x"), as: Added.self, actor: admin).body
        XCTAssertEqual(v4, Added(count: 1))
        let v5 = try await call("shop.add", AddItem(name: "y"), as: Added.self, actor: .service("payments")).body
        XCTAssertEqual(v5, Added(count: 2),
                       "services may call what people may")
        let v6 = try await call("shop.look", Echo(text: "t"), as: Echo.self, actor: member).body
        XCTAssertEqual(v6, Echo(text: "t"))
        let v7 = try await call("shop.sync", Echo(text: "t"), as: Echo.self, actor: admin).error?.code
        XCTAssertEqual(v7, "auth.forbidden",
                       "service-only")
        let v8 = try await call("shop.sync", Echo(text: "t"), as: Echo.self, actor: .service("dues")).body
        XCTAssertEqual(v8, Echo(text: "t"))
    }

    /// A retried request id gets the first reply; the same id with another body is refused and changes nothing.
    func testTheSameRequestIdWithAnotherBodyIsRefused() async throws {
        let admin = Schema.Actor(kind: .admin, id: "a", orgCode: "001")
        let v9 = try await call("shop.add", AddItem(name: "x"), as: Added.self, actor: admin, id: "key-1").body
        XCTAssertEqual(v9, Added(count: 1))
        let v10 = try await call("shop.add", AddItem(name: "x"), as: Added.self, actor: admin, id: "key-1").body
        XCTAssertEqual(v10, Added(count: 1))
        let other = try await call("shop.add", AddItem(name: "other"), as: Added.self, actor: admin, id: "key-1")
        XCTAssertEqual(other.error?.code, "request.idempotency_mismatch")
        XCTAssertEqual(other.error?.details["field"], "header.Idempotency-Key")
        XCTAssertEqual(ErrorCode.status(for: "request.idempotency_mismatch"), 422)
        let v11 = try await count()
        XCTAssertEqual(v11, 1)
    }

    func testHandlersAreCheckedAgainstTheContract() {
        XCTAssertTrue(router.mismatches(with: Self.contract) == ([], []))
        let missing = BusOperation<Echo, Echo>("shop.missing", .query, callers: .people)
        XCTAssertEqual(router.mismatches(with: Self.contract + [missing.descriptor]).unhandled, ["shop.missing"])
        XCTAssertEqual(router.mismatches(with: [Self.add.descriptor, Self.look.descriptor]).undeclared, ["shop.sync"])
    }
}
