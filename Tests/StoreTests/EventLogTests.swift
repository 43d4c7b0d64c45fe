import Foundation
import GRDB
import Store
import XCTest

final class EventLogTests: XCTestCase {
    func testEmptyLogHasHeadZero() throws {
        let (store, _) = try makeStore()
        XCTAssertEqual(try store.readSync(EventLog.head), 0)
        XCTAssertEqual(try store.readSync { try EventLog.since($0, after: 0, limit: 10) }, [])
    }

    func testAppendAssignsContiguousSeqFromOneAndSinceReturnsThemAscending() throws {
        let (store, _) = try makeStore()
        let now = Date(timeIntervalSince1970: 1_750_000_000.123)
        var appended: [StoredEvent] = []
        for i in 1...5 {
            let event = try store.writeSync {
                try EventLog.append($0, id: "e\(i)", type: "t\(i)", envelope: envelope("e\(i)"), now: now)
            }
            appended.append(event)
        }
        XCTAssertEqual(appended.map(\.seq), [1, 2, 3, 4, 5])
        XCTAssertEqual(try store.readSync(EventLog.head), 5)

        let all = try store.readSync { try EventLog.since($0, after: 0, limit: 100) }
        XCTAssertEqual(all, appended, "stored verbatim, and what append returns equals what is read back")
        XCTAssertEqual(all.first?.envelope, envelope("e1"))
        XCTAssertEqual(all.first?.createdAt.timeIntervalSince1970 ?? 0, now.timeIntervalSince1970, accuracy: 1e-6)

        let page = try store.readSync { try EventLog.since($0, after: 2, limit: 2) }
        XCTAssertEqual(page.map(\.seq), [3, 4])
        XCTAssertEqual(try store.readSync { try EventLog.since($0, after: 5, limit: 10) }, [])
        XCTAssertEqual(try store.readSync { try EventLog.since($0, after: 0, limit: 0) }, [])
    }

    func testSinceCapsLimitAtOneThousand() throws {
        let (store, _) = try makeStore()
        try store.writeSync { db in
            for i in 1...1005 {
                try EventLog.append(db, id: "e\(i)", type: "t", envelope: envelope("e\(i)"))
            }
        }
        let page = try store.readSync { try EventLog.since($0, after: 0, limit: 5000) }
        XCTAssertEqual(page.count, 1000)
        XCTAssertEqual(page.map(\.seq), Array(1...1000))
        let rest = try store.readSync { try EventLog.since($0, after: 1000, limit: 5000) }
        XCTAssertEqual(rest.map(\.seq), Array(1001...1005))
    }

    func testDuplicateEventIdIsRejected() throws {
        let (store, _) = try makeStore()
        try store.writeSync { try EventLog.append($0, id: "same", type: "t", envelope: envelope("same")) }
        XCTAssertThrowsError(try store.writeSync {
            try EventLog.append($0, id: "same", type: "t", envelope: envelope("same"))
        })
        XCTAssertEqual(try store.readSync(EventLog.head), 1)
    }

    func testAppendInAFailedTransactionLeavesNoEventAndNoGap() throws {
        let (store, _) = try makeStore()
        try store.writeSync { try EventLog.append($0, id: "a", type: "t", envelope: envelope("a")) }
        XCTAssertThrowsError(try store.writeSync { db in
            let event = try EventLog.append(db, id: "b", type: "t", envelope: envelope("b"))
            XCTAssertEqual(event.seq, 2)
            throw TestFailure()
        })
        XCTAssertEqual(try store.readSync(EventLog.head), 1)
        let next = try store.writeSync { try EventLog.append($0, id: "c", type: "t", envelope: envelope("c")) }
        XCTAssertEqual(next.seq, 2)
        let all = try store.readSync { try EventLog.since($0, after: 0, limit: 10) }
        XCTAssertEqual(all.map(\.seq), [1, 2])
        XCTAssertEqual(all.map(\.id), ["a", "c"])
    }

    func testAsyncWriteAndRead() async throws {
        let (store, _) = try makeStore()
        let event = try await store.write {
            try EventLog.append($0, id: "x", type: "t", envelope: envelope("x"))
        }
        XCTAssertEqual(event.seq, 1)
        let head = try await store.read(EventLog.head)
        XCTAssertEqual(head, 1)
    }
}
