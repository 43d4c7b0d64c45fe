import Foundation
import GRDB
import Schema

/// Orders as the contract shows them, and who may see one.
public enum OrderViews {
    public static func view(_ db: Database, id: String) throws -> OrderView {
        guard let order = try Orders.find(db, id: id) else {
            throw ErrorBody.make(ErrorCode.paymentsOrderNotFound, details: ["field": "body.orderId"])
        }
        return view(order)
    }

    public static func view(_ order: OrderRecord) -> OrderView {
        let factor = ConfirmationFactor(rawValue: order.factor) ?? .none
        let refund = order.refusal.map { OrderRefund(reason: RefundReasons.text(forDuesCode: $0), refundedAt: order.refundedAt) }
        return OrderView(orderId: order.id, status: OrderStatus(rawValue: order.status) ?? .open,
                         channel: PaymentChannel(rawValue: order.channel) ?? .alipay, payerMemberId: order.payerMemberId,
                         lines: order.lines, totalFen: order.totalFen, remark: order.remark, createdAt: order.createdAt,
                         expiresAt: order.expiresAt,
                         confirmation: OrderConfirmation(factor: factor, maskedPhone: order.maskedPhone, confirmed: order.isConfirmed),
                         qrCode: order.status == OrderStatus.open.rawValue ? order.qrCode : nil,
                         providerTradeNo: order.providerTradeNo, paidAt: order.paidAt, refund: refund,
                         receiptToken: order.status == OrderStatus.confirmed.rawValue ? order.receiptToken : nil,
                         jsapi: order.status == OrderStatus.open.rawValue
                             ? order.payParams.flatMap { try? JSONDecoder().decode(JSAPIParameters.self, from: Data($0.utf8)) } : nil,
                         purpose: OrderPurpose(rawValue: order.purpose) ?? .dues)
    }

    /// A member sees the orders they pay and the orders that pay their months; administrators' views
    /// come with a later step.
    public static func get(_ db: Database, _ request: OrderRef, by actor: Actor) throws -> OrderView {
        let order = try view(db, id: request.orderId)
        switch actor.kind {
        case .service: return order
        case .member where actor.id == order.payerMemberId || order.lines.contains(where: { $0.memberId == actor.id }): return order
        default: throw ErrorBody.make(ErrorCode.paymentsForbidden, details: ["field": "body.orderId"])
        }
    }

    /// 缴费记录: newest first, orders that went anywhere (open ones only while they can still be paid).
    public static func list(_ db: Database, _ query: OrderListQuery, by actor: Actor) throws -> OrderList {
        guard actor.kind == .member else { throw ErrorBody.make(ErrorCode.paymentsForbidden, details: ["reason": "members_only"]) }
        let limit = min(max(query.limit ?? 20, 1), 100)
        let ids = try String.fetchAll(db.cachedStatement(sql: """
            SELECT id FROM payment_order WHERE payerMemberId = ?
               OR id IN (SELECT orderId FROM payment_order_line WHERE memberId = ?)
            ORDER BY createdAt DESC LIMIT ?
            """), arguments: [actor.id, actor.id, limit])
        return OrderList(items: try ids.compactMap { try Orders.find(db, id: $0).map(view) })
    }
}

/// Why money went back, in words for the member (the order keeps the code; pages and messages say
/// "款项已原路退回" themselves).
public enum RefundReasons {
    public static func text(forDuesCode code: String) -> String {
        switch code {
        case ErrorCode.duesReservationExpired:
            "支付到账时，所交月份已通过其他方式（如现金）交纳，或订单已超时"
        case ErrorCode.duesPaymentClosed, ErrorCode.duesPaymentNotFound:
            "支付到账时订单已超时关闭，所交月份未能入账"
        case RefundApplications.approvedCode:
            "退费申请已批准，所交月份恢复为未交"
        case UnionPayCards.creditCardCode:
            "党费不接受信用卡交纳，请使用借记卡"
        default:
            "所交月份未能入账"
        }
    }
}
