import Foundation
import GRDB
import Store
import XCTest

final class ConsumerCursorTests: XCTestCase {
    private func inboxCount(_ store: Store, consumer: String) throws -> Int {
        try store.readSync {
            try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM store_inbox WHERE consumer = ?", arguments: [consumer]) ?? 0
        }
    }

    private func record(_ store: Store, _ consumer: String = "c", source: String = "members", seq: Int64, id: String) throws -> RecordOutcome {
        try store.writeSync { try ConsumerCursor.record($0, consumer: consumer, source: source, seq: seq, eventId: id) }
    }

    func testAppliedDuplicateAndGapOutcomes() throws {
        let (store, _) = try makeStore()
        XCTAssertEqual(try store.readSync { try ConsumerCursor.position($0, consumer: "c", source: "members") }, 0)

        XCTAssertEqual(try record(store, seq: 1, id: "e1"), .applied)
        XCTAssertEqual(try record(store, seq: 2, id: "e2"), .applied)
        XCTAssertEqual(try store.readSync { try ConsumerCursor.position($0, consumer: "c", source: "members") }, 2)
        XCTAssertEqual(try inboxCount(store, consumer: "c"), 2)

        XCTAssertEqual(try record(store, seq: 2, id: "e2"), .duplicate, "seq == position")
        XCTAssertEqual(try record(store, seq: 1, id: "e1"), .duplicate, "seq < position")
        XCTAssertEqual(try record(store, seq: 3, id: "e1"), .duplicate, "event id already in inbox")
        XCTAssertEqual(try record(store, seq: 5, id: "e5"), .gap(expected: 3))

        XCTAssertEqual(try store.readSync { try ConsumerCursor.position($0, consumer: "c", source: "members") }, 2,
                       "duplicate and gap change nothing")
        XCTAssertEqual(try inboxCount(store, consumer: "c"), 2)

        XCTAssertEqual(try record(store, seq: 3, id: "e3"), .applied)
        XCTAssertEqual(try store.readSync { try ConsumerCursor.position($0, consumer: "c", source: "members") }, 3)
    }

    func testGapFromAFreshCursor() throws {
        let (store, _) = try makeStore()
        XCTAssertEqual(try record(store, seq: 4, id: "e4"), .gap(expected: 1))
        XCTAssertEqual(try inboxCount(store, consumer: "c"), 0)
    }

    func testCursorAndInboxRollBackWithTheirTransaction() throws {
        let (store, _) = try makeStore()
        XCTAssertEqual(try record(store, seq: 1, id: "e1"), .applied)
        XCTAssertThrowsError(try store.writeSync { db in
            XCTAssertEqual(try ConsumerCursor.record(db, consumer: "c", source: "members", seq: 2, eventId: "e2"), .applied)
            throw TestFailure() // the event's effect failed
        })
        XCTAssertEqual(try store.readSync { try ConsumerCursor.position($0, consumer: "c", source: "members") }, 1)
        XCTAssertEqual(try inboxCount(store, consumer: "c"), 1)
        XCTAssertEqual(try record(store, seq: 2, id: "e2"), .applied, "the event can be applied again after the rollback")
    }

    func testConsumersAndSourcesAreIndependent() throws {
        let (store, _) = try makeStore()
        XCTAssertEqual(try record(store, "notify", seq: 1, id: "e1"), .applied)
        XCTAssertEqual(try record(store, "notify", seq: 2, id: "e2"), .applied)
        XCTAssertEqual(try record(store, "report", seq: 1, id: "e1"), .applied, "same event, other consumer")
        XCTAssertEqual(try record(store, "notify", source: "dues", seq: 1, id: "d1"), .applied, "other source")
        try store.readSync { db in
            XCTAssertEqual(try ConsumerCursor.position(db, consumer: "notify", source: "members"), 2)
            XCTAssertEqual(try ConsumerCursor.position(db, consumer: "report", source: "members"), 1)
            XCTAssertEqual(try ConsumerCursor.position(db, consumer: "notify", source: "dues"), 1)
            XCTAssertEqual(try ConsumerCursor.position(db, consumer: "report", source: "dues"), 0)
        }
    }
}
