import Foundation
import Payments
import XCTest

/// The reconciliation fixtures (Fixtures/reconcile-*, Fixtures/README.md) and the orders that agree with them.
enum Reconcile {
    static let day = BeijingDay(year: 2026, month: 11, day: 27)!

    static func data(_ name: String) throws -> Data { try Data(contentsOf: Vectors.dir.appendingPathComponent(name)) }

    /// "2026-11-27 09:12:03" Beijing.
    static func bj(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        return formatter.date(from: text.replacingOccurrences(of: " ", with: "T") + "+08:00")!
    }

    static func id(_ suffix: String) -> String { "po" + String(repeating: "0", count: 30 - suffix.count) + suffix }

    static func statements() throws -> [ProviderStatement] {
        [try WeChatTradeBill.parse(data("reconcile-wechat-tradebill-20261127.csv")),
         try AlipayBill.parse(zip: data("reconcile-alipay-20261127.csv.zip")),
         try UnionPayStatement.parse(data("reconcile-unionpay-INN26112788ZM_777290058110048"), day: day)]
    }

    /// Our side of every fixture line: six payments kept and confirmed, three refunds of orders paid the day before.
    static func orders() -> [ReconciliationOrder] {
        func kept(_ suffix: String, _ channel: String, _ fen: Int64, _ at: String, _ tradeNo: String) -> ReconciliationOrder {
            ReconciliationOrder(id: id(suffix), channel: channel, status: "confirmed", totalFen: fen, providerTradeNo: tradeNo, paidAt: bj(at))
        }
        func refunded(_ suffix: String, _ channel: String, _ fen: Int64, _ paid: String, _ refunded: String, _ tradeNo: String) -> ReconciliationOrder {
            ReconciliationOrder(id: id(suffix), channel: channel, status: "refunded", totalFen: fen, providerTradeNo: tradeNo,
                                paidAt: bj(paid), refundedAt: bj(refunded))
        }
        return [
            kept("wx001", "wechatpay", 4505, "2026-11-27 09:12:03", "4200002345202611270912030001"),
            kept("wx002", "wechatpay", 1200, "2026-11-27 14:30:42", "4200002345202611271430410002"),
            refunded("wx003", "wechatpay", 3000, "2026-11-26 10:30:22", "2026-11-27 16:05:10", "4200002345202611261030220003"),
            kept("al001", "alipay", 6000, "2026-11-27 10:00:05", "2026112722001400001000000001"),
            kept("al002", "alipay", 2450, "2026-11-27 20:15:44", "2026112722001400001000000002"),
            refunded("al003", "alipay", 3000, "2026-11-26 08:00:10", "2026-11-27 11:11:11", "2026112622001400001000000003"),
            kept("up001", "unionpay", 3000, "2026-11-27 09:30:00", "612611270930001234567"),
            refunded("up002", "unionpay", 1500, "2026-11-26 12:00:00", "2026-11-27 15:00:00", "612611261200009876543"),
            kept("up003", "unionpay", 5050, "2026-11-27 18:15:00", "612611271815003456789"),
        ]
    }

    /// Dues shows the months of every kept order paid, at the order's amount.
    static func dues(_ orders: [ReconciliationOrder]) -> [String: Int64] {
        var dues: [String: Int64] = [:]
        for order in orders where order.status == "confirmed" { dues[order.id] = order.totalFen }
        return dues
    }

    static func input() throws -> ReconciliationInput {
        let orders = orders()
        return ReconciliationInput(day: day, orders: orders, statements: try statements(), duesPaid: dues(orders))
    }
}

extension ReconciliationInput {
    mutating func update(_ suffix: String, _ change: (inout ReconciliationOrder) -> Void) {
        let index = orders.firstIndex { $0.id == Reconcile.id(suffix) }!
        change(&orders[index])
    }
}
