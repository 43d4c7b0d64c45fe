import Foundation
import Schema

/// UnionPay 全渠道 over HTTP: the consume is a front transaction (the payer's browser goes to the
/// gateway), the query and refund are back calls whose answers are believed only with UnionPay's
/// signature (the configured key).
public struct UnionPayGateway: PaymentProvider {
    /// Given by the caller: `PaymentChannel` is in Schema (add `.unionpay` there when wiring).
    public let channel: PaymentChannel
    let merchant: UnionPayMerchant
    /// The txnTime of an order's consume (its creation time): UnionPay names a trade by orderId +
    /// txnTime, and the query must repeat both. Nil: no such order.
    let txnTime: @Sendable (String) async -> Date?

    public init(channel: PaymentChannel, merchant: UnionPayMerchant, txnTime: @escaping @Sendable (String) async -> Date?) {
        self.channel = channel; self.merchant = merchant; self.txnTime = txnTime
    }

    /// The signed consume form for the payer's browser (post it, or open `url`).
    public func form(orderId: String, totalFen: Int64, expiresAt: Date) async throws(ErrorBody) -> UnionPayForm {
        let time = await txnTime(orderId) ?? Date()
        do {
            return UnionPayForm(action: merchant.frontTransURL,
                                fields: try merchant.requests.consume(orderId: orderId, totalFen: totalFen, txnTime: time, expiresAt: expiresAt))
        } catch { throw ErrorBody.providerFailed("sign") }
    }

    /// The URL the payer opens: frontTransReq.do with the signed fields as its query (a link or a
    /// button on the pay page). Nothing is sent to UnionPay until the browser goes there.
    public func start(orderId: String, totalFen: Int64, subject: String, expiresAt: Date) async throws(ErrorBody) -> String {
        try await form(orderId: orderId, totalFen: totalFen, expiresAt: expiresAt).url
    }

    public func query(orderId: String) async throws(ErrorBody) -> ProviderTrade? {
        guard let q = try await queried(orderId: orderId) else { return nil }
        return ProviderTrade(paid: q.paid, state: q.origRespCode, tradeNo: q.queryId, totalFen: q.totalFen,
                             creditCard: UnionPayCards.isCredit(q.payCardType))
    }

    /// What the query says, with the card type (a credit card's trade must go to refund:
    /// `UnionPayNotifications.apply`).
    public struct Queried: Sendable, Equatable {
        public var origRespCode: String
        public var queryId: String?
        public var totalFen: Int64?
        public var payCardType: String?
        public var paid: Bool { origRespCode == "00" || origRespCode == "A6" }
    }

    /// Nil: UnionPay has no such trade (respCode 34: the payer never submitted the form).
    public func queried(orderId: String) async throws(ErrorBody) -> Queried? {
        guard let time = await txnTime(orderId) else { throw ErrorBody.providerFailed("txn_time") }
        let fields: [String: String]
        do { fields = try merchant.requests.query(orderId: orderId, txnTime: time) } catch { throw ErrorBody.providerFailed("sign") }
        let answer: [String: String]
        do { answer = try await call(merchant.queryURL, fields) } catch where error.details["reason"] == "34" { return nil }
        guard answer["orderId"] == orderId else { throw ErrorBody.providerFailed("orderId") }
        return Queried(origRespCode: answer["origRespCode"] ?? "", queryId: answer["queryId"].flatMap { $0.isEmpty ? nil : $0 },
                       totalFen: UnionPayText.fen(answer["txnAmt"]), payCardType: answer["payCardType"])
    }

    /// 退货 against the consume's queryId (found by the query). UnionPay orderIds are alphanumeric, so
    /// `requestNo` loses its `-`; the same refund orderId twice refunds once (a repeat answers 00 or 12).
    public func refund(orderId: String, requestNo: String, amountFen: Int64, reason: String) async throws(ErrorBody) {
        guard let trade = try await queried(orderId: orderId) else { throw ErrorBody.providerFailed("34") }
        guard trade.paid, let queryId = trade.queryId else { throw ErrorBody.providerFailed("not_paid") }
        let fields: [String: String]
        do {
            fields = try merchant.requests.refund(refundOrderId: UnionPayText.orderId(requestNo), origQryId: queryId,
                                                  amountFen: amountFen, now: Date())
        } catch { throw ErrorBody.providerFailed("sign") }
        do { _ = try await call(merchant.backTransURL, fields) } catch where error.details["reason"] == "12" { return }
    }

    /// Posts the signed form; the verified answer when respCode is 00, otherwise
    /// `payments.provider_failed` with the respCode as the reason.
    func call(_ url: String, _ fields: [String: String]) async throws(ErrorBody) -> [String: String] {
        let reply = try await ProviderHTTP.send(provider: "unionpay", .POST, url, headers: [("Content-Type", "application/x-www-form-urlencoded;charset=UTF-8")],
                                                body: Data(FormEncoding.encode(fields).utf8))
        guard reply.status == 200 else { throw ErrorBody.providerFailed("http_\(reply.status)") }
        guard let answer = UnionPayText.answerFields(String(decoding: reply.body, as: UTF8.self)),
              UnionPaySignature.isValid(answer, key: merchant.unionPayPublicKey) else {
            throw ErrorBody.providerFailed("response_signature")
        }
        guard answer["merId"] == merchant.merId else { throw ErrorBody.providerFailed("merId") }
        guard answer["respCode"] == "00" else { throw ErrorBody.providerFailed(answer["respCode"] ?? "refused") }
        return answer
    }
}
