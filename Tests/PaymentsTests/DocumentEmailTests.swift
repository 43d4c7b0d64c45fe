import Foundation
import GRDB
import Payments
import Schema
import XCTest

/// 电子凭证 / 缴费证明 by email: the download's scope, a checked address, the hourly limit, and what
/// notifications is asked to send (the PDF as the attachment).
final class DocumentEmailTests: XCTestCase {
    let now = Date(timeIntervalSince1970: 1_795_859_666)

    struct People: IdentityPort {
        func sendCode(memberId: String) async throws(ErrorBody) -> CodeSent { throw ErrorBody.make(ErrorCode.internal) }
        func checkCode(codeId: String, memberId: String, code: String) async throws(ErrorBody) { throw ErrorBody.make(ErrorCode.internal) }
        func member(_ memberId: String) async throws(ErrorBody) -> MemberView {
            let names = ["m1": "张三", "m2": "李四", "m3": "王五"]
            return MemberView(id: memberId, idNumber: "110101********1234", name: names[memberId] ?? "某人", sex: .male, birthDate: "1980-01-01",
                              ethnicity: "汉族", phone: nil, memberType: .full, joinDate: nil, orgCode: "001001", orgName: "第一党支部",
                              unit: "", post: .member, status: .active, reviewed: true, masked: true, createdAt: Date(), updatedAt: Date())
        }
        func openid(_ memberId: String) async throws(ErrorBody) -> String? { nil }
        func subtree(_ orgCode: String?, as admin: Actor) async throws(ErrorBody) -> [String] { [] }
        func mayManage(_ admin: Actor, memberId: String) async throws(ErrorBody) -> Bool { false }
    }

    struct NoDues: DuesPort {
        func quote(_ request: QuoteRequest, as member: Actor) async throws(ErrorBody) -> QuoteReply { throw ErrorBody.make(ErrorCode.internal) }
        func reserve(_ request: ReservePaymentRequest) async throws(ErrorBody) -> PaymentView { throw ErrorBody.make(ErrorCode.internal) }
        func release(_ request: PaymentRef) async throws(ErrorBody) -> PaymentView { throw ErrorBody.make(ErrorCode.internal) }
        func confirm(_ request: PaymentRef) async throws(ErrorBody) -> PaymentView { throw ErrorBody.make(ErrorCode.internal) }
        func history(as member: Actor) async throws(ErrorBody) -> DuesRecordPage { DuesRecordPage(items: [], total: 0, offset: 0, limit: 0) }
        func reverse(_ request: PaymentRef) async throws(ErrorBody) -> PaymentView { throw ErrorBody.make(ErrorCode.internal) }
    }

    final class Outbox: MailPort, @unchecked Sendable {
        let lock = NSLock()
        var sent: [EmailSendRequest] = []
        func send(_ request: EmailSendRequest) async throws(ErrorBody) -> EmailSent {
            lock.withLock { sent.append(request) }
            return EmailSent(messageId: "id\(lock.withLock { sent.count })@example.org", relayReply: "250 ok")
        }
        var count: Int { lock.withLock { sent.count } }
    }

    /// Stores kept for the test's life (a released one deletes its directory).
    var stores: [TemporaryPaymentsStore] = []

    func fixture(perHour: Int = 10) throws -> (TemporaryPaymentsStore, DocumentEmails, Outbox) {
        let fixture = try TemporaryPaymentsStore()
        stores.append(fixture)
        try fixture.store.writeSync { db in
            // m1 paid for themself and for m2; "open" is not paid yet.
            try Orders.insert(db, id: "paid", payer: "m1", channel: "alipay",
                              lines: [OrderLine(memberId: "m1", month: "2026-10", amountFen: 1500),
                                      OrderLine(memberId: "m2", month: "2026-10", amountFen: 2500)],
                              remark: nil, expiresAt: now.addingTimeInterval(600), now: now)
            _ = try Orders.markPaid(db, id: "paid", providerTradeNo: "2026112822001", now: now)
            _ = try OrderLifecycle.confirmed(db, id: "paid")
            try Orders.insert(db, id: "open", payer: "m1", channel: "alipay", lines: [OrderLine(memberId: "m1", month: "2026-11", amountFen: 1500)],
                              remark: nil, expiresAt: now.addingTimeInterval(600), now: now)
        }
        var settings = PaymentsSettings()
        settings.emailsPerHour = perHour
        let outbox = Outbox()
        let documents = PaymentDocuments(store: fixture.store, identity: People(), dues: NoDues())
        return (fixture, DocumentEmails(store: fixture.store, documents: documents, mail: outbox, settings: settings), outbox)
    }

    func code(_ body: () async throws -> Void) async -> ErrorBody? {
        do { try await body(); return nil } catch let error as ErrorBody { return error } catch { XCTFail("\(error)"); return nil }
    }

    func testPayerAndPaidForMemberGetTheVoucherOthersDoNot() async throws {
        let (_, emails, outbox) = try fixture()
        let sent = try await emails.voucher(VoucherEmailRequest(orderId: "paid", email: " zhang@example.com "), by: Actor(kind: .member, id: "m1"), now: now)
        XCTAssertEqual(sent.email, "zhang@example.com")
        XCTAssertEqual(sent.fileName, "党费电子缴费凭证-paid.pdf")
        _ = try await emails.voucher(VoucherEmailRequest(orderId: "paid", email: "li@example.com"), by: Actor(kind: .member, id: "m2"), now: now)
        let stranger = await code { _ = try await emails.voucher(VoucherEmailRequest(orderId: "paid", email: "w@example.com"), by: Actor(kind: .member, id: "m3"), now: self.now) }
        XCTAssertEqual(stranger?.code, ErrorCode.paymentsForbidden)
        let admin = await code { _ = try await emails.voucher(VoucherEmailRequest(orderId: "paid", email: "w@example.com"), by: Actor(kind: .admin, id: "a1", orgCode: "001"), now: self.now) }
        XCTAssertNotNil(admin)
        let unpaid = await code { _ = try await emails.voucher(VoucherEmailRequest(orderId: "open", email: "z@example.com"), by: Actor(kind: .member, id: "m1"), now: self.now) }
        XCTAssertEqual(unpaid?.code, ErrorCode.paymentsNotPaid)
        XCTAssertEqual(outbox.count, 2)
        let first = outbox.sent[0]
        XCTAssertEqual(first.to, "zhang@example.com")
        XCTAssertEqual(first.subject, "党费电子缴费凭证（订单 paid）")
        XCTAssertEqual(first.memberId, "m1")
        XCTAssertEqual(first.attachments.count, 1)
        XCTAssertEqual(first.attachments[0].mediaType, "application/pdf")
        let pdf = try XCTUnwrap(Data(base64Encoded: first.attachments[0].contentBase64))
        XCTAssertEqual(String(decoding: pdf.prefix(5), as: UTF8.self), "%PDF-")
        let text = try PDFTools.compactText(pdf)
        XCTAssertTrue(text.contains("张三"), text)
        XCTAssertTrue(text.contains("40.00"), text)
    }

    func testBadAddressIsRefusedWithTheFieldAndChangesNothing() async throws {
        let (fixture, emails, outbox) = try fixture(perHour: 1)
        for bad in ["", "zhang", "zhang@", "@example.com", "zhang@example", "张三@example.com", "a b@example.com", "a@example.com\r\nBcc: x@y.com"] {
            let error = await code { _ = try await emails.voucher(VoucherEmailRequest(orderId: "paid", email: bad), by: Actor(kind: .member, id: "m1"), now: self.now) }
            XCTAssertEqual(error?.code, ErrorCode.paymentsEmailInvalid, bad)
            XCTAssertEqual(error?.details["field"], "body.email")
        }
        XCTAssertEqual(outbox.count, 0)
        let rows = try fixture.store.readSync { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM document_email") }
        XCTAssertEqual(rows, 0, "a refused address uses none of the hour's sends")
        _ = try await emails.voucher(VoucherEmailRequest(orderId: "paid", email: "zhang@example.com"), by: Actor(kind: .member, id: "m1"), now: now)
        XCTAssertEqual(outbox.count, 1)
    }

    func testHourlyLimitPerMember() async throws {
        let (_, emails, outbox) = try fixture(perHour: 2)
        for _ in 0..<2 {
            _ = try await emails.voucher(VoucherEmailRequest(orderId: "paid", email: "zhang@example.com"), by: Actor(kind: .member, id: "m1"), now: now)
        }
        let third = await code { _ = try await emails.voucher(VoucherEmailRequest(orderId: "paid", email: "zhang@example.com"), by: Actor(kind: .member, id: "m1"), now: self.now) }
        XCTAssertEqual(third?.code, ErrorCode.paymentsEmailRateLimited)
        // Another member has their own allowance; the first gets theirs back an hour later.
        _ = try await emails.voucher(VoucherEmailRequest(orderId: "paid", email: "li@example.com"), by: Actor(kind: .member, id: "m2"), now: now)
        _ = try await emails.voucher(VoucherEmailRequest(orderId: "paid", email: "zhang@example.com"), by: Actor(kind: .member, id: "m1"), now: now.addingTimeInterval(3601))
        XCTAssertEqual(outbox.count, 4)
    }

    func testCertificateIsOwnAndNeedsPaidMonths() async throws {
        let (_, emails, outbox) = try fixture()
        let admin = await code { _ = try await emails.certificate(CertificateEmailRequest(year: 2026, email: "a@example.com"), by: Actor(kind: .admin, id: "a1", orgCode: "001"), now: self.now) }
        XCTAssertEqual(admin?.code, ErrorCode.paymentsForbidden)
        let nothing = await code { _ = try await emails.certificate(CertificateEmailRequest(year: 2026, email: "z@example.com"), by: Actor(kind: .member, id: "m1"), now: self.now) }
        XCTAssertEqual(nothing?.code, ErrorCode.paymentsNothingDue)
        let badYear = await code { _ = try await emails.certificate(CertificateEmailRequest(year: 1999, email: "z@example.com"), by: Actor(kind: .member, id: "m1"), now: self.now) }
        XCTAssertEqual(badYear?.code, ErrorCode.paymentsYearInvalid)
        XCTAssertEqual(outbox.count, 0)
    }
}
