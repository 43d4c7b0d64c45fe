import Foundation
import GRDB
import Payments
import Schema
import XCTest

/// The 市民卡 ledger on a real SQLite file: the balance is the sum of the movements, a spend the
/// balance does not cover writes nothing, and an order moves each kind of money once.
final class WalletBookTests: XCTestCase {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func open(_ fixture: TemporaryPaymentsStore, _ member: String) throws {
        try fixture.store.writeSync { db in
            try db.execute(sql: "INSERT INTO wallet (memberId, cardNo, registeredAt) VALUES (?, ?, ?)", arguments: [member, "3301" + member, 0])
        }
    }

    func testBalanceIsTheSumAndNeverNegative() throws {
        let fixture = try TemporaryPaymentsStore()
        try open(fixture, "m1")
        try fixture.store.writeSync { db in
            XCTAssertTrue(try WalletBook.credit(db, memberId: "m1", kind: .topup, amountFen: 10_000, orderId: "t1", now: self.now))
            XCTAssertFalse(try WalletBook.credit(db, memberId: "m1", kind: .topup, amountFen: 10_000, orderId: "t1", now: self.now),
                           "the same top-up confirmed twice credits once")
        }
        XCTAssertThrowsError(try fixture.store.writeSync { db in
            _ = try WalletBook.spend(db, memberId: "m1", amountFen: 15_000, orderId: "o1", now: self.now)
        }) { XCTAssertEqual(($0 as? ErrorBody)?.code, ErrorCode.paymentsWalletInsufficient) }
        try fixture.store.writeSync { db in
            XCTAssertEqual(try WalletBook.balance(db, memberId: "m1"), 10_000, "the refused spend wrote nothing")
            try WalletBook.credit(db, memberId: "m1", kind: .topup, amountFen: 10_000, orderId: "t2", now: self.now)
            let seq = try WalletBook.spend(db, memberId: "m1", amountFen: 15_000, orderId: "o1", now: self.now)
            XCTAssertEqual(try WalletBook.spend(db, memberId: "m1", amountFen: 15_000, orderId: "o1", now: self.now), seq,
                           "the same order spends once")
            XCTAssertEqual(try WalletBook.balance(db, memberId: "m1"), 5_000)
            try WalletBook.credit(db, memberId: "m1", kind: .refund, amountFen: 15_000, orderId: "o1", now: self.now)
            XCTAssertEqual(try WalletBook.balance(db, memberId: "m1"), 20_000)
            let view = try WalletBook.view(db, memberId: "m1")
            XCTAssertEqual(view.movements.map(\.amountFen), [15_000, -15_000, 10_000, 10_000])
            XCTAssertEqual(view.movements.reduce(0) { $0 + $1.amountFen }, view.balanceFen)
        }
    }

    func testAnUnopenedWalletCannotSpend() throws {
        let fixture = try TemporaryPaymentsStore()
        XCTAssertThrowsError(try fixture.store.writeSync { db in
            _ = try WalletBook.spend(db, memberId: "m2", amountFen: 100, orderId: "o2", now: self.now)
        }) { XCTAssertEqual(($0 as? ErrorBody)?.code, ErrorCode.paymentsWalletNotRegistered) }
    }
}
