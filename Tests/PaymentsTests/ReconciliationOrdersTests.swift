import Foundation
import GRDB
import Payments
import Schema
import XCTest

/// Our side read from a real SQLite store: the day's orders and the neighbours', split by Beijing day.
final class ReconciliationOrdersTests: XCTestCase {
    func testFetchSplitsTheDayFromItsNeighbours() throws {
        let fixture = try TemporaryPaymentsStore()
        let bj = Reconcile.bj
        func insert(_ id: String, created: String, paid: String? = nil, refunded: String? = nil, status: String? = nil) throws {
            try fixture.store.writeSync { db in
                try Orders.insert(db, id: id, payer: "m1", channel: "wechatpay",
                                  lines: [OrderLine(memberId: "m1", month: "2026-10", amountFen: 1500)],
                                  remark: nil, expiresAt: bj(created).addingTimeInterval(900), now: bj(created))
                if let paid { XCTAssertTrue(try Orders.markPaid(db, id: id, providerTradeNo: "42" + id, now: bj(paid))) }
                if let refunded {
                    try db.execute(sql: "UPDATE payment_order SET status = 'refunded', refundedAt = ? WHERE id = ?",
                                   arguments: [bj(refunded).timeIntervalSince1970, id])
                }
                if let status { try db.execute(sql: "UPDATE payment_order SET status = ? WHERE id = ?", arguments: [status, id]) }
            }
        }
        try insert("paid-today", created: "2026-11-27 09:00:00", paid: "2026-11-27 09:01:00")
        try insert("paid-at-midnight", created: "2026-11-26 23:58:00", paid: "2026-11-27 00:00:02")
        try insert("refunded-today", created: "2026-11-26 10:00:00", paid: "2026-11-26 10:01:00", refunded: "2026-11-27 15:00:00")
        try insert("expired-today", created: "2026-11-27 11:00:00", status: "expired")
        try insert("paid-yesterday", created: "2026-11-26 23:59:00", paid: "2026-11-26 23:59:30")
        try insert("paid-tomorrow", created: "2026-11-28 00:00:01", paid: "2026-11-28 00:00:05")
        try insert("paid-last-week", created: "2026-11-20 10:00:00", paid: "2026-11-20 10:01:00")

        let (orders, neighbours) = try fixture.store.readSync { db in try ReconciliationOrders.fetch(db, day: Reconcile.day) }
        XCTAssertEqual(Set(orders.map { $0.id }), ["paid-today", "paid-at-midnight", "refunded-today", "expired-today"])
        XCTAssertEqual(Set(neighbours.map { $0.id }), ["paid-yesterday", "paid-tomorrow"])
        let paid = try XCTUnwrap(orders.first { $0.id == "paid-today" })
        XCTAssertEqual(paid, ReconciliationOrder(id: "paid-today", channel: "wechatpay", status: "paid", totalFen: 1500,
                                                 providerTradeNo: "42paid-today", paidAt: bj("2026-11-27 09:01:00")))
    }
}
