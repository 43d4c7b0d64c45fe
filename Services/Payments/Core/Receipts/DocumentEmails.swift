import Foundation
import GRDB
import Schema
import Store

/// notifications.email.send, as payments sees it.
public protocol MailPort: Sendable {
    func send(_ request: EmailSendRequest) async throws(ErrorBody) -> EmailSent
}

/// 电子凭证 and 缴费证明 sent by email: the same PDFs and scope checks as the downloads
/// (PaymentDocuments), handed to notifications, which owns the SMTP relay. Each member may send
/// `emailsPerHour` (a setting) so the form cannot be used to flood an address.
public struct DocumentEmails: Sendable {
    let store: Store
    let documents: PaymentDocuments
    let mail: any MailPort
    let perHour: Int

    public init(store: Store, documents: PaymentDocuments, mail: any MailPort, settings: PaymentsSettings) {
        self.store = store; self.documents = documents; self.mail = mail; perHour = settings.emailsPerHour
    }

    public func voucher(_ request: VoucherEmailRequest, by actor: Actor, now: Date = Date()) async throws -> DocumentEmailed {
        let address = try Self.address(request.email)
        // The PDF first: scope (payer, or a member whose months it paid) and paid status are checked there.
        let pdf = try await documents.voucher(OrderRef(orderId: request.orderId), by: actor)
        return try await send(pdf, to: address, kind: "voucher", by: actor, now: now,
                              subject: "党费电子缴费凭证（订单 \(request.orderId)）",
                              body: "您好：\n\n附件为订单 \(request.orderId) 的党费电子缴费凭证（PDF）。\n\n此邮件由智慧党建平台自动发送，请勿直接回复。\n")
    }

    public func certificate(_ request: CertificateEmailRequest, by actor: Actor, now: Date = Date()) async throws -> DocumentEmailed {
        let address = try Self.address(request.email)
        let pdf = try await documents.certificate(CertificateRequest(year: request.year), by: actor, now: now)
        let year = request.year ?? BeijingTime.year(now)
        return try await send(pdf, to: address, kind: "certificate", by: actor, now: now,
                              subject: "\(year)年度党费缴纳证明",
                              body: "您好：\n\n附件为您 \(year) 年度的党费缴纳证明（PDF）。\n\n此邮件由智慧党建平台自动发送，请勿直接回复。\n")
    }

    /// Trimmed and checked; a clear code and the field otherwise.
    static func address(_ raw: String) throws(ErrorBody) -> String {
        let address = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard EmailAddress.isValid(address) else { throw ErrorBody.make(ErrorCode.paymentsEmailInvalid, details: ["field": "body.email"]) }
        return address
    }

    func send(_ pdf: ExportReply, to address: String, kind: String, by actor: Actor, now: Date,
              subject: String, body: String) async throws -> DocumentEmailed {
        // Counted and recorded in one transaction before sending: attempts count too (a bad address
        // tried again and again is what the limit is for).
        let memberId = actor.id, perHour = self.perHour
        try await store.write { db in
            let recent = try Int.fetchOne(db.cachedStatement(sql: "SELECT COUNT(*) FROM document_email WHERE memberId = ? AND sentAt > ?"),
                                          arguments: [memberId, now.timeIntervalSince1970 - 3600]) ?? 0
            guard recent < perHour else {
                throw ErrorBody.make(ErrorCode.paymentsEmailRateLimited, details: ["field": "body.email", "perHour": "\(perHour)"])
            }
            try db.cachedStatement(sql: "INSERT INTO document_email (memberId, kind, sentAt) VALUES (?, ?, ?)").execute(arguments: [memberId, kind, now.timeIntervalSince1970])
            try db.cachedStatement(sql: "DELETE FROM document_email WHERE sentAt < ?").execute(arguments: [now.timeIntervalSince1970 - 86400])
        }
        let sent = try await mail.send(EmailSendRequest(
            to: address, subject: subject, body: body,
            attachments: [EmailAttachment(fileName: pdf.fileName, mediaType: pdf.contentType, contentBase64: pdf.contentBase64)],
            memberId: memberId))
        return DocumentEmailed(email: address, fileName: pdf.fileName, messageId: sent.messageId, queued: sent.queued)
    }
}
