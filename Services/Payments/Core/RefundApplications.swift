import Foundation
import GRDB
import Schema
import Store

/// 退费申请: the payer of a paid order asks for the money back with a reason; an administrator of
/// every member whose months it paid decides. Approved: dues makes the months unpaid again, then the
/// order goes to `refunding` and the sweeper returns the money through its channel (the member is told
/// as for any refund). Rejected: the member reads why.
public struct RefundApplications: Sendable {
    /// The order's refusal code once an application is approved (its reason text: `RefundReasons`).
    public static let approvedCode = "payments.refund_approved"

    let store: Store
    let identity: any IdentityPort
    let dues: any DuesPort

    public init(store: Store, identity: any IdentityPort, dues: any DuesPort) {
        self.store = store; self.identity = identity; self.dues = dues
    }

    public func apply(_ request: RefundApplyRequest, by actor: Actor, now: Date = Date()) async throws -> RefundApplicationView {
        let reason = request.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (2...200).contains(reason.count) else {
            throw ErrorBody.make(ErrorCode.paymentsRefundReasonInvalid, details: ["field": "body.reason"])
        }
        return try await store.write { db in
            guard let order = try Orders.find(db, id: request.orderId) else {
                throw ErrorBody.make(ErrorCode.paymentsOrderNotFound, details: ["field": "body.orderId"])
            }
            guard actor.kind == .member, actor.id == order.payerMemberId else {
                throw ErrorBody.make(ErrorCode.paymentsForbidden, details: ["field": "body.orderId"])
            }
            guard order.status == OrderStatus.confirmed.rawValue else {
                throw ErrorBody.make(ErrorCode.paymentsNotPaid, details: ["field": "body.orderId", "status": order.status])
            }
            if try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM refund_application WHERE orderId = ? AND status = 'pending')"),
                                 arguments: [order.id]) ?? false {
                throw ErrorBody.make(ErrorCode.paymentsRefundPending, details: ["field": "body.orderId"])
            }
            let id = UUID().uuidString.lowercased()
            try db.cachedStatement(sql: """
                INSERT INTO refund_application (id, orderId, memberId, reason, status, createdAt) VALUES (?, ?, ?, ?, 'pending', ?)
                """).execute(arguments: [id, order.id, actor.id, reason, now.timeIntervalSince1970])
            return try Self.view(db, id: id)!
        }
    }

    /// A member: their own. An administrator: those whose every member they may act on.
    public func list(_ query: RefundApplicationQuery, by actor: Actor) async throws -> RefundApplicationList {
        let status = (query.status ?? .pending).rawValue
        let mine = actor.kind == .member ? actor.id : nil
        let views = try await store.read { db in
            try String.fetchAll(db.cachedStatement(sql: """
                SELECT id FROM refund_application WHERE status = ? AND (? IS NULL OR memberId = ?) ORDER BY createdAt DESC LIMIT 200
                """), arguments: [status, mine, mine]).compactMap { try Self.view(db, id: $0) }
        }
        guard actor.kind == .admin else { return RefundApplicationList(items: mine == nil ? [] : views) }
        var allowed: [String: Bool] = [:]
        var items: [RefundApplicationView] = []
        for view in views {
            var ok = true
            for member in try await members(of: view.orderId) {
                if allowed[member] == nil { allowed[member] = try await identity.mayManage(actor, memberId: member) }
                ok = ok && allowed[member]!
            }
            if ok { items.append(view) }
        }
        return RefundApplicationList(items: items)
    }

    public func review(_ request: RefundReviewRequest, by actor: Actor, now: Date = Date()) async throws -> RefundApplicationView {
        guard let application = try await store.read({ db in try Self.view(db, id: request.applicationId) }) else {
            throw ErrorBody.make(ErrorCode.paymentsRefundNotFound, details: ["field": "body.applicationId"])
        }
        guard application.status == .pending else {
            throw ErrorBody.make(ErrorCode.paymentsRefundReviewed, details: ["field": "body.applicationId"])
        }
        for member in try await members(of: application.orderId) {
            guard actor.kind == .admin, try await identity.mayManage(actor, memberId: member) else {
                throw ErrorBody.make(ErrorCode.paymentsForbidden, details: ["field": "body.applicationId"])
            }
        }
        let comment = request.comment?.trimmingCharacters(in: .whitespacesAndNewlines)
        if request.approve {
            // Dues first: the months are unpaid again before the money leaves (a retry repeats it harmlessly).
            _ = try await dues.reverse(PaymentRef(paymentId: application.orderId))
        } else if (comment ?? "").isEmpty {
            throw ErrorBody.make(ErrorCode.paymentsRefundCommentRequired, details: ["field": "body.comment"])
        }
        return try await store.write { db in
            try db.cachedStatement(sql: """
                UPDATE refund_application SET status = ?, reviewerId = ?, reviewComment = ?, reviewedAt = ? WHERE id = ? AND status = 'pending'
                """).execute(arguments: [request.approve ? "approved" : "rejected", actor.id, comment, now.timeIntervalSince1970, application.applicationId])
            guard db.changesCount == 1 else {
                throw ErrorBody.make(ErrorCode.paymentsRefundReviewed, details: ["field": "body.applicationId"])
            }
            if request.approve {
                try db.cachedStatement(sql: "UPDATE payment_order SET status = 'refunding', refusal = ? WHERE id = ? AND status = 'confirmed'").execute(arguments: [Self.approvedCode, application.orderId])
            }
            let reviewed = try Self.view(db, id: application.applicationId)!
            if !request.approve {
                _ = try EventWriter.append(db, type: PaymentsEvent.refundRejected, body: reviewed, actor: actor)
            }
            return reviewed
        }
    }

    func members(of orderId: String) async throws -> [String] {
        try await store.read { db in
            try String.fetchAll(db.cachedStatement(sql: "SELECT DISTINCT memberId FROM payment_order_line WHERE orderId = ? ORDER BY memberId"),
                                arguments: [orderId])
        }
    }

    static func view(_ db: Database, id: String) throws -> RefundApplicationView? {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT a.*, o.totalFen FROM refund_application a JOIN payment_order o ON o.id = a.orderId WHERE a.id = ?
            """), arguments: [id]) else { return nil }
        let orderId: String = row["orderId"]
        let months = try String.fetchAll(db.cachedStatement(sql: "SELECT DISTINCT month FROM payment_order_line WHERE orderId = ? ORDER BY month"),
                                         arguments: [orderId])
        return RefundApplicationView(
            applicationId: id, orderId: orderId, memberId: row["memberId"], amountFen: row["totalFen"], months: months,
            reason: row["reason"], status: RefundApplicationStatus(rawValue: row["status"]) ?? .pending,
            reviewComment: row["reviewComment"], createdAt: Date(timeIntervalSince1970: row["createdAt"]),
            reviewedAt: (row["reviewedAt"] as Double?).map(Date.init(timeIntervalSince1970:)))
    }
}
