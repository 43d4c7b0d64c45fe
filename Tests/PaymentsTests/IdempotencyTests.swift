import Foundation
import GRDB
import Payments
import Schema
import Store
import XCTest

/// Stripe semantics on a real SQLite file, incl. two instances racing on one key.
final class IdempotencyTests: XCTestCase {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let fp = IdempotencyKeys.fingerprint(["alipay", "m1", ""])

    func begin(_ store: Store, key: String = "k-1", fingerprint: String? = nil, payer: String = "m1",
               at: Date? = nil) throws -> IdempotencyKeys.Begin {
        try store.writeSync { db in
            try IdempotencyKeys.begin(db, payer: payer, key: key, fingerprint: fingerprint ?? fp, now: at ?? now, staleAfter: 60)
        }
    }

    func code(_ body: () throws -> Any) -> String? {
        do { _ = try body(); return nil } catch let error as ErrorBody { return error.code } catch { return "\(error)" }
    }

    func testSameKeySameParametersReplaysTheOrder() throws {
        let fixture = try TemporaryPaymentsStore()
        XCTAssertEqual(try begin(fixture.store), .started)
        try fixture.store.writeSync { db in try IdempotencyKeys.finish(db, payer: "m1", key: "k-1", orderId: "o-1") }
        XCTAssertEqual(try begin(fixture.store), .replay(orderId: "o-1"))
        XCTAssertEqual(try begin(fixture.store), .replay(orderId: "o-1"))
    }

    func testSameKeyDifferentParametersIs422() throws {
        let fixture = try TemporaryPaymentsStore()
        XCTAssertEqual(try begin(fixture.store), .started)
        try fixture.store.writeSync { db in try IdempotencyKeys.finish(db, payer: "m1", key: "k-1", orderId: "o-1") }
        let other = IdempotencyKeys.fingerprint(["alipay", "m1,m2", ""])
        XCTAssertEqual(code { try self.begin(fixture.store, fingerprint: other) }, "payments.idempotency_mismatch")
        XCTAssertEqual(ErrorCode.status(for: ErrorCode.paymentsIdempotencyMismatch), 422)
        XCTAssertEqual(try begin(fixture.store), .replay(orderId: "o-1"), "the refusal changed nothing")
    }

    func testSameKeyWhileRunningIs409UntilStale() throws {
        let fixture = try TemporaryPaymentsStore()
        XCTAssertEqual(try begin(fixture.store), .started)
        XCTAssertEqual(code { try self.begin(fixture.store, at: self.now.addingTimeInterval(30)) }, "payments.request_in_progress")
        XCTAssertEqual(ErrorCode.status(for: ErrorCode.paymentsRequestInProgress), 409)
        // The first instance died mid-request: after staleAfter the key is taken over.
        XCTAssertEqual(try begin(fixture.store, at: now.addingTimeInterval(61)), .started)
    }

    func testKeysArePerPayer() throws {
        let fixture = try TemporaryPaymentsStore()
        XCTAssertEqual(try begin(fixture.store, payer: "m1"), .started)
        XCTAssertEqual(try begin(fixture.store, payer: "m2"), .started)
    }

    func testAbandonedKeyRunsAgain() throws {
        let fixture = try TemporaryPaymentsStore()
        XCTAssertEqual(try begin(fixture.store), .started)
        try fixture.store.writeSync { db in try IdempotencyKeys.abandon(db, payer: "m1", key: "k-1") }
        XCTAssertEqual(try begin(fixture.store), .started)
    }

    func testBadKeysNameTheField() throws {
        let fixture = try TemporaryPaymentsStore()
        for key in ["", String(repeating: "a", count: 256), "含中文", "has space"] {
            do {
                _ = try begin(fixture.store, key: key)
                XCTFail("accepted \(key)")
            } catch let error as ErrorBody {
                XCTAssertEqual(error.code, "payments.idempotency_key_invalid")
                XCTAssertEqual(error.details["field"], "body.idempotencyKey")
            }
        }
        XCTAssertEqual(try fixture.store.readSync { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM idempotency_key") }, 0)
    }

    func testKeysAreKeptAtLeast24Hours() throws {
        let fixture = try TemporaryPaymentsStore()
        XCTAssertEqual(try begin(fixture.store), .started)
        try fixture.store.writeSync { db in try IdempotencyKeys.finish(db, payer: "m1", key: "k-1", orderId: "o-1") }
        // A shorter retention setting is raised to 24 h.
        let early = try fixture.store.writeSync { db in
            try IdempotencyKeys.prune(db, now: self.now.addingTimeInterval(23 * 3600), retention: 3600)
        }
        XCTAssertEqual(early, 0)
        XCTAssertEqual(try begin(fixture.store, at: now.addingTimeInterval(23 * 3600)), .replay(orderId: "o-1"))
        let late = try fixture.store.writeSync { db in
            try IdempotencyKeys.prune(db, now: self.now.addingTimeInterval(25 * 3600), retention: 3600)
        }
        XCTAssertEqual(late, 1)
    }

    /// Two instances (two pools on one file) race with the same key: exactly one starts, the other gets 409.
    func testConcurrentDuplicateAcrossInstances() async throws {
        let fixture = try TemporaryPaymentsStore()
        let stores = [fixture.store, try fixture.another()]
        let fp = self.fp, now = self.now
        let results = try await withThrowingTaskGroup(of: String.self) { group in
            for store in stores {
                group.addTask {
                    do {
                        let begun = try await store.write { db in
                            try IdempotencyKeys.begin(db, payer: "m1", key: "race", fingerprint: fp, now: now, staleAfter: 60)
                        }
                        return begun == .started ? "started" : "replay"
                    } catch let error as ErrorBody { return error.code }
                }
            }
            var all: [String] = []
            for try await result in group { all.append(result) }
            return all.sorted()
        }
        XCTAssertEqual(results, ["payments.request_in_progress", "started"])
    }
}
