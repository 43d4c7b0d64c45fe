import Foundation
import GRDB

/// Reads our side of a day from `payment_order`: the day's orders (paid or refunded that day, or created
/// that day and never paid) and the neighbouring days' (for lines across midnight). One scan a day; the
/// match itself stays a pure function.
public enum ReconciliationOrders {
    public static func fetch(_ db: Database, day: BeijingDay) throws -> (orders: [ReconciliationOrder], neighbours: [ReconciliationOrder]) {
        let from = day.previous.start.timeIntervalSince1970, to = day.next.end.timeIntervalSince1970
        let rows = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT id, channel, status, totalFen, providerTradeNo, paidAt, refundedAt, createdAt FROM payment_order
            WHERE (paidAt >= ? AND paidAt < ?) OR (refundedAt >= ? AND refundedAt < ?)
               OR (createdAt >= ? AND createdAt < ? AND status IN ('open', 'expired'))
            """), arguments: [from, to, from, to, from, to])
        var orders: [ReconciliationOrder] = [], neighbours: [ReconciliationOrder] = []
        for row in rows {
            func date(_ column: String) -> Date? { (row[column] as Double?).map(Date.init(timeIntervalSince1970:)) }
            let order = ReconciliationOrder(id: row["id"], channel: row["channel"], status: row["status"], totalFen: row["totalFen"],
                                            providerTradeNo: row["providerTradeNo"], paidAt: date("paidAt"), refundedAt: date("refundedAt"))
            let unpaidCreatedToday = order.paidAt == nil && date("createdAt").map { BeijingDay($0) == day } == true
            let today = [order.paidAt, order.refundedAt].contains { $0.map { BeijingDay($0) == day } == true }
            if today || unpaidCreatedToday { orders.append(order) } else { neighbours.append(order) }
        }
        return (orders, neighbours)
    }
}
