import Foundation
import GRDB
import Store
import XCTest

final class LeaseTests: XCTestCase {
    let t0 = Date(timeIntervalSince1970: 1_750_000_000)

    func testAcquireRefuseRenewExpireAndRelease() throws {
        let (store, _) = try makeStore()
        try store.writeSync { db in
            XCTAssertNil(try Lease.holder(db, name: "consume", now: t0))
            XCTAssertTrue(try Lease.acquire(db, name: "consume", holder: "a", ttl: 10, now: t0), "free")
            XCTAssertEqual(try Lease.holder(db, name: "consume", now: t0), "a")

            XCTAssertFalse(try Lease.acquire(db, name: "consume", holder: "b", ttl: 10, now: t0 + 5), "held by a")
            XCTAssertEqual(try Lease.holder(db, name: "consume", now: t0 + 5), "a")

            XCTAssertTrue(try Lease.acquire(db, name: "consume", holder: "a", ttl: 10, now: t0 + 8), "renewal")
            XCTAssertFalse(try Lease.acquire(db, name: "consume", holder: "b", ttl: 10, now: t0 + 12),
                           "renewed to t0+18")
            XCTAssertEqual(try Lease.holder(db, name: "consume", now: t0 + 17.9), "a")
            XCTAssertNil(try Lease.holder(db, name: "consume", now: t0 + 18), "expired")

            XCTAssertTrue(try Lease.acquire(db, name: "consume", holder: "b", ttl: 10, now: t0 + 18), "taken over")
            XCTAssertEqual(try Lease.holder(db, name: "consume", now: t0 + 18), "b")
            XCTAssertFalse(try Lease.acquire(db, name: "consume", holder: "a", ttl: 10, now: t0 + 19))

            try Lease.release(db, name: "consume", holder: "a") // not a's: no effect
            XCTAssertEqual(try Lease.holder(db, name: "consume", now: t0 + 19), "b")
            try Lease.release(db, name: "consume", holder: "b")
            XCTAssertNil(try Lease.holder(db, name: "consume", now: t0 + 19))
            XCTAssertTrue(try Lease.acquire(db, name: "consume", holder: "a", ttl: 10, now: t0 + 19), "free again")
        }
    }

    func testLeasesAreNamedIndependently() throws {
        let (store, _) = try makeStore()
        try store.writeSync { db in
            XCTAssertTrue(try Lease.acquire(db, name: "x", holder: "a", ttl: 10, now: t0))
            XCTAssertTrue(try Lease.acquire(db, name: "y", holder: "b", ttl: 10, now: t0))
            XCTAssertEqual(try Lease.holder(db, name: "x", now: t0), "a")
            XCTAssertEqual(try Lease.holder(db, name: "y", now: t0), "b")
        }
    }

    func testOnlyOneOfTwoInstancesSharingTheFileGetsTheLease() throws {
        let (first, path) = try makeStore()
        let second = try Store(path: path)
        XCTAssertTrue(try first.writeSync { try Lease.acquire($0, name: "consume", holder: "p1", ttl: 30) })
        XCTAssertFalse(try second.writeSync { try Lease.acquire($0, name: "consume", holder: "p2", ttl: 30) })
        XCTAssertEqual(try second.readSync { try Lease.holder($0, name: "consume") }, "p1")
    }
}
