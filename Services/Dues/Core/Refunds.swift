import Foundation
import GRDB
import Schema
import Store

extension Paying {
    /// `dues.payment.reverse`: an online payment refunded on an approved 退费申请. Its months become
    /// unpaid again (arrears recomputed) in the same transaction that marks it refunded; asked again,
    /// it changes nothing. Cash is never reversed here: the branch corrects its own records.
    public static func reverse(_ db: Database, _ request: PaymentRef, by actor: Actor, now: Date,
                               requestId: String? = nil) throws -> PaymentView {
        guard actor.kind == .service else { throw Access.forbidden(["reason": "payments_reverses"]) }
        let payment = try requirePayment(db, request.paymentId)
        switch payment["status"] as String {
        case PaymentStatus.refunded.rawValue: return try view(db, paymentId: request.paymentId)
        case PaymentStatus.confirmed.rawValue where (payment["way"] as String) != PaymentWay.cash.rawValue: break
        default: throw ErrorBody.make(ErrorCode.duesPaymentClosed, details: ["field": "body.paymentId", "status": payment["status"] as String])
        }
        let lines = try Row.fetchAll(db.cachedStatement(sql: "SELECT memberId, month FROM payment_line WHERE paymentId = ?"), arguments: [request.paymentId])
        for line in lines {
            try db.cachedStatement(sql: """
                UPDATE standard SET settled = 0, paidAt = NULL, way = NULL, paidBy = NULL, paymentId = NULL
                WHERE memberId = ? AND month = ? AND paymentId = ?
                """).execute(arguments: [line["memberId"], line["month"], request.paymentId])
        }
        for member in Set(lines.map { $0["memberId"] as String }) { try recomputeArrears(db, memberId: member) }
        try db.cachedStatement(sql: "UPDATE payment SET status = 'refunded' WHERE id = ?").execute(arguments: [request.paymentId])
        let reversed = try view(db, paymentId: request.paymentId)
        try EventWriter.append(db, type: DuesEvent.paymentReversed, body: reversed, actor: actor, correlationId: requestId)
        return reversed
    }
}
