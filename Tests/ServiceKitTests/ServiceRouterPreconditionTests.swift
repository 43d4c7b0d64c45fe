import Foundation
import Schema
import ServiceKit
import Store
import Synchronization
import XCTest

final class Gatekeeper: Sendable {
    let refuse = Mutex(true)
    let asked = Mutex(0)
}

/// A command's asynchronous check before its transaction (as RealNameGate asks identity).
extension ServiceRouterTests {
    func testARefusedPreconditionWritesNothingAndARetryOfAnAppliedRequestIsNotCheckedAgain() async throws {
        let gate = Gatekeeper()
        let refusal = self.refusal
        router.command(BusOperation<AddItem, Added>("counter.guarded", .command, callers: .anyone), store: store, precondition: { _, _ in
            gate.asked.withLock { $0 += 1 }
            if gate.refuse.withLock({ $0 }) { throw refusal }
        }) { body, context, db in
            try db.execute(sql: "INSERT INTO item (name) VALUES (?)", arguments: [body.name])
            try context.emit(db, "counter.item_added", ItemAdded(name: body.name, step: 1))
            return Added(count: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM item") ?? -1)
        }
        let refused = try decode(Added.self, try await send(try request("counter.guarded", AddItem(name: "a"), id: "g-1")))
        XCTAssertEqual(refused.error, refusal)
        let count = try await itemCount()
        XCTAssertEqual(count, 0)
        let stored = try await processedReply("g-1")
        XCTAssertNil(stored, "a refusal before the transaction records nothing: the same id may be retried")
        let logged = try await events()
        XCTAssertEqual(logged.count, 0)

        gate.refuse.withLock { $0 = false }
        let applied = try decode(Added.self, try await send(try request("counter.guarded", AddItem(name: "a"), id: "g-1")))
        XCTAssertEqual(applied.body, Added(count: 1))

        // Applied once: a retry gets the first reply even though the check would refuse now, and is not asked.
        gate.refuse.withLock { $0 = true }
        let retried = try decode(Added.self, try await send(try request("counter.guarded", AddItem(name: "a"), id: "g-1")))
        XCTAssertEqual(retried.body, Added(count: 1))
        XCTAssertEqual(gate.asked.withLock { $0 }, 2)
        let after = try await itemCount()
        XCTAssertEqual(after, 1)
    }
}
