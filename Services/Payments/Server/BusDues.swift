import Bus
import Payments
import Schema

/// Dues over the bus. Reserve and release go as the service `payments` (dues lets only services
/// call them); the quote goes as the paying member, so dues applies its scope rules to them.
struct BusDues: DuesPort {
    let client: BusClient
    static let actor = Actor.service("payments")

    func quote(_ request: QuoteRequest, as member: Actor) async throws(ErrorBody) -> QuoteReply {
        try await client.call(DuesAPI.quote.type, request, as: QuoteReply.self, actor: member)
    }

    func reserve(_ request: ReservePaymentRequest) async throws(ErrorBody) -> PaymentView {
        // The order id is the request id too: a retry of this call is the same request to dues.
        try await client.call(DuesAPI.paymentReserve.type, request, as: PaymentView.self, actor: Self.actor,
                              id: "reserve-\(request.paymentId)")
    }

    func release(_ request: PaymentRef) async throws(ErrorBody) -> PaymentView {
        try await client.call(DuesAPI.paymentRelease.type, request, as: PaymentView.self, actor: Self.actor)
    }

    func history(as member: Actor) async throws(ErrorBody) -> DuesRecordPage {
        try await client.call(DuesAPI.memberHistory.type, MemberHistoryQuery(limit: 200), as: DuesRecordPage.self, actor: member)
    }

    func reverse(_ request: PaymentRef) async throws(ErrorBody) -> PaymentView {
        try await client.call(DuesAPI.paymentReverse.type, request, as: PaymentView.self, actor: Self.actor,
                              id: "reverse-\(request.paymentId)")
    }

    func confirm(_ request: PaymentRef) async throws(ErrorBody) -> PaymentView {
        // Dues' confirm is idempotent per payment; the fixed request id makes a retry the same request.
        try await client.call(DuesAPI.paymentConfirm.type, request, as: PaymentView.self, actor: Self.actor,
                              id: "confirm-\(request.paymentId)")
    }
}
