import Foundation
import GRDB
import Schema
import Store

/// 在线支付订单 for administrators: orders paying months of members in an organization's subtree
/// (identity says which organizations that is, as the administrator may see them), newest first.
public struct AdminOrders: Sendable {
    let store: Store
    let identity: any IdentityPort

    public init(store: Store, identity: any IdentityPort) { self.store = store; self.identity = identity }

    public func search(_ query: OrderSearchQuery, by actor: Actor) async throws -> AdminOrderList {
        guard actor.kind == .admin else { throw ErrorBody.make(ErrorCode.paymentsForbidden, details: ["reason": "administrators_only"]) }
        let codes = try await identity.subtree(query.orgCode, as: actor)
        let limit = min(max(query.limit ?? 50, 1), 200), status = query.status?.rawValue
        return try await store.read { db in
            // The codes go in a temporary table: a city's subtree can hold thousands.
            try db.execute(sql: "CREATE TEMP TABLE IF NOT EXISTS scope_org (code TEXT PRIMARY KEY) WITHOUT ROWID; DELETE FROM scope_org")
            for code in codes { try db.cachedStatement(sql: "INSERT OR IGNORE INTO scope_org (code) VALUES (?)").execute(arguments: [code]) }
            let ids = try String.fetchAll(db.cachedStatement(sql: """
                SELECT o.id FROM payment_order o
                WHERE o.purpose = 'dues' AND (? IS NULL OR o.status = ?)
                  AND EXISTS (SELECT 1 FROM payment_order_line l JOIN scope_org s ON s.code = l.orgCode WHERE l.orderId = o.id)
                ORDER BY o.createdAt DESC LIMIT ?
                """), arguments: [status, status, limit])
            try db.cachedStatement(sql: "DELETE FROM scope_org").execute()
            return AdminOrderList(items: try ids.compactMap { id in try Self.view(db, id: id) })
        }
    }

    static func view(_ db: Database, id: String) throws -> AdminOrderView? {
        guard let order = try Orders.find(db, id: id) else { return nil }
        let lines = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT memberId, memberName, orgCode, month, amountFen FROM payment_order_line WHERE orderId = ? ORDER BY memberId, month
            """), arguments: [id]).map {
            AdminOrderLine(memberId: $0["memberId"], memberName: $0["memberName"], orgCode: $0["orgCode"], month: $0["month"],
                           amountFen: $0["amountFen"])
        }
        return AdminOrderView(orderId: id, status: OrderStatus(rawValue: order.status) ?? .open,
                              channel: PaymentChannel(rawValue: order.channel) ?? .alipay, payerMemberId: order.payerMemberId,
                              totalFen: order.totalFen, lines: lines, createdAt: order.createdAt, paidAt: order.paidAt,
                              providerTradeNo: order.providerTradeNo, refundReason: order.refusal.map(RefundReasons.text(forDuesCode:)))
    }
}
