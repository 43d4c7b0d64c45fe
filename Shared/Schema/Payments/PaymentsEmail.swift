import Foundation

// MARK: 电子凭证 and 缴费证明 by email (payments.order.voucher.email, payments.certificate.email)

extension ErrorCode {
    public static let paymentsEmailInvalid = define("payments.email_invalid", "邮箱地址格式不正确，例如 name@example.com")
    /// More sends than the installation allows per member and hour.
    public static let paymentsEmailRateLimited = define(
        "payments.email_rate_limited", "发送邮件过于频繁，请稍后再试", status: 429)
}

/// The voucher of a paid order, to an address the member gives.
public struct VoucherEmailRequest: Codable, Sendable, Equatable {
    public var orderId: String
    public var email: String
    public init(orderId: String, email: String) { self.orderId = orderId; self.email = email }
}

/// The member's own certificate of a year (default: this year, Beijing).
public struct CertificateEmailRequest: Codable, Sendable, Equatable {
    public var year: Int?
    public var email: String
    public init(year: Int? = nil, email: String) { self.year = year; self.email = email }
}

public struct DocumentEmailed: Codable, Sendable, Equatable {
    /// The address it went to, as given.
    public var email: String
    public var fileName: String
    public var messageId: String
    /// The relay was down: notifications keeps the message and sends it when it can.
    public var queued: Bool
    public init(email: String, fileName: String, messageId: String, queued: Bool = false) {
        self.email = email; self.fileName = fileName; self.messageId = messageId; self.queued = queued
    }
}
