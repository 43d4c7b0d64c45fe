import Foundation
import GRDB
import Payments
import Schema
import XCTest

final class OrderLifecycleTests: XCTestCase {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func order(_ fixture: TemporaryPaymentsStore, _ id: String, expiresIn: TimeInterval) throws {
        try fixture.store.writeSync { db in
            try Orders.insert(db, id: id, payer: "m1", channel: "alipay",
                              lines: [OrderLine(memberId: "m1", month: "2026-10", amountFen: 1500)],
                              remark: nil, expiresAt: now.addingTimeInterval(expiresIn), now: now)
        }
    }

    func status(_ fixture: TemporaryPaymentsStore, _ id: String) throws -> String? {
        try fixture.store.readSync { db in try Orders.find(db, id: id)?.status }
    }

    func testTotalIsTheSumOfTheQuotedLines() throws {
        let fixture = try TemporaryPaymentsStore()
        try fixture.store.writeSync { db in
            try Orders.insert(db, id: "o", payer: "p", channel: "alipay", lines: [
                OrderLine(memberId: "a", month: "2026-09", amountFen: 1500),
                OrderLine(memberId: "b", month: "2026-10", amountFen: 20),
            ], remark: "代交两人", expiresAt: now, now: now)
        }
        let order = try XCTUnwrap(try fixture.store.readSync { db in try Orders.find(db, id: "o") })
        XCTAssertEqual(order.totalFen, 1520)
        XCTAssertEqual(order.remark, "代交两人")
        XCTAssertEqual(order.lines.map(\.memberId), ["a", "b"])
    }

    func testExpiryOnceThenReleaseOnce() throws {
        let fixture = try TemporaryPaymentsStore()
        try order(fixture, "old", expiresIn: -1)
        try order(fixture, "new", expiresIn: 600)
        XCTAssertEqual(try fixture.store.writeSync { db in try OrderLifecycle.expireUnplaced(db, now: now) }, ["old"])
        XCTAssertEqual(try fixture.store.writeSync { db in try OrderLifecycle.expireUnplaced(db, now: now) }, [])
        XCTAssertEqual(try status(fixture, "new"), "open")
        XCTAssertEqual(try fixture.store.readSync { db in try OrderLifecycle.pendingReleases(db) }, ["old"])
        try fixture.store.writeSync { db in try OrderLifecycle.markReleased(db, id: "old") }
        XCTAssertEqual(try fixture.store.readSync { db in try OrderLifecycle.pendingReleases(db) }, [])
    }

    func testQueryClaimedOnceBeforeExpiry() throws {
        let fixture = try TemporaryPaymentsStore()
        try order(fixture, "soon", expiresIn: 60)
        try order(fixture, "later", expiresIn: 900)
        XCTAssertEqual(try fixture.store.writeSync { db in try OrderLifecycle.claimForQuery(db, now: now, lead: 120) }, ["soon"])
        XCTAssertEqual(try fixture.store.writeSync { db in try OrderLifecycle.claimForQuery(db, now: now, lead: 120) }, [])
    }

    func testPaidThenConfirmedOrRefused() throws {
        let fixture = try TemporaryPaymentsStore()
        try order(fixture, "a", expiresIn: 600)
        try order(fixture, "b", expiresIn: -1)
        _ = try fixture.store.writeSync { db in try OrderLifecycle.expireUnplaced(db, now: now) }
        try fixture.store.writeSync { db in
            XCTAssertTrue(try Orders.markPaid(db, id: "a", providerTradeNo: "t-a", now: now))
            XCTAssertFalse(try Orders.markPaid(db, id: "a", providerTradeNo: "t-a", now: now))
            // Money that moved after expiry still counts; dues then decides.
            XCTAssertTrue(try Orders.markPaid(db, id: "b", providerTradeNo: "t-b", now: now))
            XCTAssertTrue(try OrderLifecycle.confirmed(db, id: "a"))
            XCTAssertFalse(try OrderLifecycle.confirmed(db, id: "a"))
            XCTAssertTrue(try OrderLifecycle.refusedByDues(db, id: "b", code: "dues.reservation_expired"))
            XCTAssertFalse(try OrderLifecycle.refusedByDues(db, id: "b", code: "dues.reservation_expired"))
        }
        XCTAssertEqual(try status(fixture, "a"), "confirmed")
        XCTAssertEqual(try status(fixture, "b"), "refunding")
    }
}
