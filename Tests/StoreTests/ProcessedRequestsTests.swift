import Foundation
import GRDB
import Store
import XCTest

final class ProcessedRequestsTests: XCTestCase {
    func testRememberThenReply() throws {
        let (store, _) = try makeStore()
        let reply = Data(#"{"ok":true}"#.utf8)
        try store.writeSync { db in
            XCTAssertNil(try ProcessedRequests.reply(db, requestId: "r1"))
            try ProcessedRequests.remember(db, requestId: "r1", type: "dues.submit", reply: reply)
            XCTAssertEqual(try ProcessedRequests.reply(db, requestId: "r1"), reply)
            XCTAssertNil(try ProcessedRequests.reply(db, requestId: "r2"))
        }
    }

    func testSecondRememberThrowsAndRollsBackItsTransaction() throws {
        let (store, _) = try makeStore()
        try store.writeSync { try ProcessedRequests.remember($0, requestId: "r1", type: "t", reply: Data("first".utf8)) }
        XCTAssertThrowsError(try store.writeSync { db in
            try EventLog.append(db, id: "effect", type: "t", envelope: Data())
            try ProcessedRequests.remember(db, requestId: "r1", type: "t", reply: Data("second".utf8))
        })
        try store.readSync { db in
            XCTAssertEqual(try ProcessedRequests.reply(db, requestId: "r1"), Data("first".utf8))
            XCTAssertEqual(try EventLog.head(db), 0, "the duplicate's effect was rolled back")
        }
    }

    func testPruneRemovesOnlyOlderEntries() throws {
        let (store, _) = try makeStore()
        let t0 = Date(timeIntervalSince1970: 1_750_000_000)
        try store.writeSync { db in
            try ProcessedRequests.remember(db, requestId: "old1", type: "t", reply: Data(), now: t0)
            try ProcessedRequests.remember(db, requestId: "old2", type: "t", reply: Data(), now: t0 + 10)
            try ProcessedRequests.remember(db, requestId: "new", type: "t", reply: Data(), now: t0 + 100)
            XCTAssertEqual(try ProcessedRequests.prune(db, olderThan: t0 + 50), 2)
            XCTAssertNil(try ProcessedRequests.reply(db, requestId: "old1"))
            XCTAssertNil(try ProcessedRequests.reply(db, requestId: "old2"))
            XCTAssertNotNil(try ProcessedRequests.reply(db, requestId: "new"))
            XCTAssertEqual(try ProcessedRequests.prune(db, olderThan: t0 + 50), 0)
        }
    }
}
