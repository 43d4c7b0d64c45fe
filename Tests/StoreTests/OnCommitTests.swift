import Foundation
import GRDB
import Store
import Synchronization
import XCTest

final class OnCommitTests: XCTestCase {
    func testFiresAfterCommittedAppend() async throws {
        let (store, path) = try makeStore()
        let otherProcess = try Store(path: path)
        let fired = expectation(description: "onCommit")
        let headAtCallback = Mutex<Int64?>(nil)
        store.onCommit {
            // The commit is visible to other connections by the time we are called.
            headAtCallback.withLock { $0 = try? otherProcess.readSync(EventLog.head) }
            fired.fulfill()
        }
        try await store.write { try EventLog.append($0, id: "a", type: "t", envelope: Data()) }
        await fulfillment(of: [fired], timeout: 5)
        XCTAssertEqual(headAtCallback.withLock { $0 }, 1)
    }

    func testDoesNotFireForRollbackOrForWritesWithoutEvents() throws {
        let (store, _) = try makeStore()
        let calls = Mutex(0)
        store.onCommit { calls.withLock { $0 += 1 } }

        XCTAssertThrowsError(try store.writeSync { db in
            try EventLog.append(db, id: "a", type: "t", envelope: Data())
            throw TestFailure()
        })
        try store.writeSync { try ProcessedRequests.remember($0, requestId: "r", type: "t", reply: Data()) }
        // Callbacks run before the write returns, so these counts are final.
        XCTAssertEqual(calls.withLock { $0 }, 0)

        try store.writeSync { try EventLog.append($0, id: "b", type: "t", envelope: Data()) }
        XCTAssertEqual(calls.withLock { $0 }, 1)
        try store.writeSync { db in
            try EventLog.append(db, id: "c", type: "t", envelope: Data())
            try EventLog.append(db, id: "d", type: "t", envelope: Data())
        }
        XCTAssertEqual(calls.withLock { $0 }, 2, "once per transaction")
    }
}
