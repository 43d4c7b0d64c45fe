import Foundation
import GRDB
import Schema

/// Orders as the contract shows them, and who may see one.
public enum OrderViews {
    public static func view(_ db: Database, id: String) throws -> OrderView {
        guard let order = try Orders.find(db, id: id),
              let createdAt = try Double.fetchOne(db, sql: "SELECT createdAt FROM payment_order WHERE id = ?", arguments: [id]) else {
            throw ErrorBody.make(ErrorCode.paymentsOrderNotFound, details: ["field": "body.orderId"])
        }
        return OrderView(orderId: order.id, status: OrderStatus(rawValue: order.status) ?? .open,
                         channel: PaymentChannel(rawValue: order.channel) ?? .alipay, payerMemberId: order.payerMemberId,
                         lines: order.lines, totalFen: order.totalFen, remark: order.remark,
                         createdAt: Date(timeIntervalSince1970: createdAt), expiresAt: order.expiresAt)
    }

    /// A member sees the orders they pay; administrators' views come with a later step.
    public static func get(_ db: Database, _ request: OrderRef, by actor: Actor) throws -> OrderView {
        let order = try view(db, id: request.orderId)
        switch actor.kind {
        case .service: return order
        case .member where actor.id == order.payerMemberId: return order
        default: throw ErrorBody.make(ErrorCode.paymentsForbidden, details: ["field": "body.orderId"])
        }
    }
}
