import Foundation
import Schema

/// A trade as the provider reports it when asked (the active query before an order expires).
public struct ProviderTrade: Sendable, Equatable {
    /// The money moved (Alipay TRADE_SUCCESS / TRADE_FINISHED, WeChat SUCCESS).
    public var paid: Bool
    /// The provider's own word for the state, for the log.
    public var state: String
    public var tradeNo: String?
    public var totalFen: Int64?
    /// Paid with a credit card (UnionPay's payCardType): dues are never paid on credit, so it is refunded.
    public var creditCard: Bool
    public init(paid: Bool, state: String, tradeNo: String?, totalFen: Int64?, creditCard: Bool = false) {
        self.paid = paid; self.state = state; self.tradeNo = tradeNo; self.totalFen = totalFen; self.creditCard = creditCard
    }
}

/// One channel's provider, spoken to over HTTP in its own protocol. Every failure is
/// `payments.provider_failed` (details.reason: the provider's code, never personal data); the
/// order id is the provider's out_trade_no, so a retry after a failure names the same trade.
public protocol PaymentProvider: Sendable {
    var channel: PaymentChannel { get }
    /// Places the order at the provider; returns what the payer scans (the QR flow).
    func start(orderId: String, totalFen: Int64, subject: String, expiresAt: Date) async throws(ErrorBody) -> String
    /// Nil: the provider has no such trade (the payer never scanned).
    func query(orderId: String) async throws(ErrorBody) -> ProviderTrade?
    /// `requestNo` makes the refund idempotent at the provider: the same one twice refunds once.
    func refund(orderId: String, requestNo: String, amountFen: Int64, reason: String) async throws(ErrorBody)
}

/// A provider that can also take an order inside its own app's browser (WeChat Pay JSAPI).
public protocol JSAPIProvider: PaymentProvider {
    func startJSAPI(orderId: String, totalFen: Int64, subject: String, expiresAt: Date, openid: String) async throws(ErrorBody)
        -> JSAPIParameters
}

extension ErrorBody {
    static func providerFailed(_ reason: String) -> ErrorBody {
        ErrorBody.make(ErrorCode.paymentsProviderFailed, details: ["reason": reason])
    }
}
