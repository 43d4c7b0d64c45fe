import Foundation
import GRDB
import Schema
import Store

/// The PDFs a member downloads: the voucher of a paid order and the yearly certificate. Names and
/// organizations come from identity, months of the certificate from dues (which holds every way a
/// month was paid); the amounts of a voucher are the order's own lines.
public struct PaymentDocuments: Sendable {
    let store: Store
    let identity: any IdentityPort
    let dues: any DuesPort

    public init(store: Store, identity: any IdentityPort, dues: any DuesPort) {
        self.store = store; self.identity = identity; self.dues = dues
    }

    public func voucher(_ request: OrderRef, by actor: Actor) async throws -> ExportReply {
        let view = try await store.read { db in try OrderViews.get(db, request, by: actor) }
        guard view.status == .confirmed, let paidAt = view.paidAt else {
            throw ErrorBody.make(ErrorCode.paymentsNotPaid, details: ["field": "body.orderId", "status": view.status.rawValue])
        }
        var members: [String: MemberView] = [:]
        for id in Set(view.lines.map(\.memberId)).union([view.payerMemberId]) { members[id] = try await identity.member(id) }
        let items = view.lines.map { line -> PaymentVoucher.Item in
            let parts = line.month.split(separator: "-")
            return PaymentVoucher.Item(memberName: members[line.memberId]?.name ?? "", year: Int(parts.first ?? "") ?? 0,
                                       month: Int(parts.last ?? "") ?? 0, amountFen: line.amountFen)
        }
        let organization = view.lines.first.flatMap { members[$0.memberId]?.orgName } ?? ""
        let voucher = PaymentVoucher(voucherNumber: view.orderId, payerName: members[view.payerMemberId]?.name ?? "", items: items,
                                     channel: .init(view.channel), providerTradeNumber: view.providerTradeNo ?? "", paidAt: paidAt,
                                     organizationName: organization)
        return ExportReply(fileName: "党费电子缴费凭证-\(view.orderId).pdf", contentType: "application/pdf",
                           contentBase64: try voucher.pdf().base64EncodedString(), rows: items.count)
    }

    /// 回执: only for a confirmed order, found by its token; the payer's name masked.
    public func receipt(_ request: ReceiptRef) async throws -> ReceiptView {
        let token = request.token
        guard let order = try await store.read({ db in
            try String.fetchOne(db.cachedStatement(sql: "SELECT id FROM payment_order WHERE receiptToken = ?"), arguments: [token]).flatMap { try Orders.find(db, id: $0) }
        }), order.status == OrderStatus.confirmed.rawValue, let paidAt = order.paidAt else {
            throw ErrorBody.make(ErrorCode.paymentsReceiptNotFound, details: ["field": "body.token"])
        }
        let payer = try await identity.member(order.payerMemberId)
        return ReceiptView(maskedName: PersonalData.maskName(payer.name), organizationName: payer.orgName,
                           months: Array(Set(order.lines.map(\.month))).sorted(), members: Set(order.lines.map(\.memberId)).count,
                           amountFen: order.totalFen, channel: PaymentChannel(rawValue: order.channel) ?? .alipay, paidAt: paidAt)
    }

    public func certificate(_ request: CertificateRequest, by actor: Actor, now: Date = Date()) async throws -> ExportReply {
        guard actor.kind == .member else { throw ErrorBody.make(ErrorCode.paymentsForbidden, details: ["reason": "members_only"]) }
        let thisYear = BeijingTime.year(now)
        let year = request.year ?? thisYear
        guard (2000...thisYear).contains(year) else { throw ErrorBody.make(ErrorCode.paymentsYearInvalid, details: ["field": "body.year"]) }
        let history = try await dues.history(as: actor)
        let months = history.items.compactMap { record -> PaymentCertificate.Month? in
            let parts = record.month.split(separator: "-")
            guard record.paid, let paidAt = record.paidAt, Int(parts.first ?? "") == year, let month = Int(parts.last ?? "") else { return nil }
            return PaymentCertificate.Month(month: month, amountFen: record.amountFen, paidAt: paidAt)
        }
        guard !months.isEmpty else { throw ErrorBody.make(ErrorCode.paymentsNothingDue, details: ["field": "body.year"]) }
        let member = try await identity.member(actor.id)
        let certificate = PaymentCertificate(memberName: member.name, idNumber: member.idNumber, organizationName: member.orgName,
                                             year: year, months: months, issuedAt: now)
        return ExportReply(fileName: "党费缴纳证明-\(year).pdf", contentType: "application/pdf",
                           contentBase64: try certificate.pdf().base64EncodedString(), rows: months.count)
    }
}
