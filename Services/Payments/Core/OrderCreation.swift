import Crypto
import Foundation
import Schema
import Store

/// What payments asks of dues. The executable answers it over the bus.
public protocol DuesPort: Sendable {
    /// As the paying member, so dues applies its own scope rules (self, or members who authorised them).
    func quote(_ request: QuoteRequest, as member: Actor) async throws(ErrorBody) -> QuoteReply
    func reserve(_ request: ReservePaymentRequest) async throws(ErrorBody) -> PaymentView
    func release(_ request: PaymentRef) async throws(ErrorBody) -> PaymentView
    func confirm(_ request: PaymentRef) async throws(ErrorBody) -> PaymentView
    /// A member's months as dues records them (for the yearly certificate), asked as that member.
    func history(as member: Actor) async throws(ErrorBody) -> DuesRecordPage
    /// An approved refund: the payment's months unpaid again (idempotent in dues).
    func reverse(_ request: PaymentRef) async throws(ErrorBody) -> PaymentView
}

/// Creating an order: claim the idempotency key, ask dues for the quote (the client never sends an
/// amount), reserve the months under the order id until the order expires, then write the order.
/// Each decision is its own short transaction; dues' reservation is keyed by the order id, so a
/// retry after a crash reserves the same months once.
public struct OrderCreation: Sendable {
    let store: Store
    let dues: any DuesPort
    let identity: any IdentityPort
    let payment: OrderPayment
    let settings: PaymentsSettings

    public init(store: Store, dues: any DuesPort, identity: any IdentityPort, payment: OrderPayment, settings: PaymentsSettings) {
        self.store = store
        self.dues = dues
        self.identity = identity
        self.payment = payment
        self.settings = settings
    }

    /// `key`: the caller's idempotency key (the gateway scopes the Idempotency-Key header to the
    /// caller and sends it as the request id; without the header every request is new).
    public func create(_ request: CreateOrderRequest, by actor: Actor, key: String, now: Date = Date()) async throws -> OrderView {
        guard actor.kind == .member else { throw ErrorBody.make(ErrorCode.paymentsForbidden, details: ["reason": "members_pay_online"]) }
        let payer = actor.id
        try Self.validate(request)
        guard settings.channels.contains(request.channel) else {
            throw ErrorBody.make(ErrorCode.paymentsChannelUnavailable, details: ["field": "body.channel"])
        }
        let factor = settings.factor(for: request.channel.rawValue)
        if factor == .password, !(try await payment.passwordIsSet(payer)) {
            throw ErrorBody.make(ErrorCode.paymentsPasswordNotSet, details: ["field": "body.channel"])
        }
        let client = request.client ?? .qr
        guard client == .qr || request.channel == .wechatpay else {
            throw ErrorBody.make(ErrorCode.paymentsChannelUnavailable, details: ["field": "body.client"])
        }
        let members = request.memberIds ?? [payer]
        let fingerprint = IdempotencyKeys.fingerprint([request.channel.rawValue, members.joined(separator: ","), request.remark ?? "",
                                                       (request.client ?? .qr) == .qr ? "" : "jsapi"])
        let stale = TimeInterval(settings.idempotencyStaleSeconds)
        let (start, firstSeen) = try await store.write { db in
            (try IdempotencyKeys.begin(db, payer: payer, key: key, fingerprint: fingerprint, now: now, staleAfter: stale,
                                       field: "header.Idempotency-Key"),
             try IdempotencyKeys.firstSeen(db, payer: payer, key: key) ?? now)
        }
        if case .replay(let orderId) = start {
            return try await store.read { db in try OrderViews.view(db, id: orderId) }
        }
        // The id follows from payer and key, so a key taken over from a dead instance finds its reservation.
        let orderId = Self.orderId(payer: payer, key: key)
        do {
            let quote = try await dues.quote(QuoteRequest(memberIds: members), as: actor)
            guard quote.totalFen > 0, !quote.lines.isEmpty else {
                throw ErrorBody.make(ErrorCode.paymentsNothingDue, details: ["field": "body.memberIds"])
            }
            // The code goes out before anything is reserved: a member without a phone on record, or
            // past the resend limits, holds no months.
            let sent = factor == .sms ? try await identity.sendCode(memberId: payer) : nil
            // From the key's first request: a takeover after a crash asks dues for exactly the same reservation.
            let expiresAt = firstSeen.addingTimeInterval(settings.orderLifetime)
            let reserved = try await dues.reserve(ReservePaymentRequest(
                paymentId: orderId, payerMemberId: payer, items: Self.items(from: quote.lines), amountFen: quote.totalFen,
                expiresAt: expiresAt))
            let lines = reserved.lines.map { OrderLine(memberId: $0.memberId, month: $0.month, amountFen: $0.amountFen) }
            let places = Dictionary(reserved.lines.map { ($0.memberId, (orgCode: $0.orgCode, name: $0.memberName)) }) { first, _ in first }
            let channel = request.channel.rawValue, remark = request.remark
            let order = try await store.write { db in
                if try Orders.find(db, id: orderId) == nil {
                    try Orders.insert(db, id: orderId, payer: payer, channel: channel, lines: lines, remark: remark,
                                      expiresAt: reserved.expiresAt ?? expiresAt, now: now, factor: factor,
                                      codeId: sent?.codeId, maskedPhone: sent?.maskedPhone, client: client, places: places)
                }
                try IdempotencyKeys.finish(db, payer: payer, key: key, orderId: orderId)
                return try Orders.find(db, id: orderId)!
            }
            // Without a factor the order goes to the provider at once; if the provider fails, the
            // order stands and `payments.order.confirm` places it again.
            guard order.isConfirmed else { return OrderViews.view(order) }
            return (try? await payment.place(order)) ?? OrderViews.view(order)
        } catch let error as ErrorBody {
            // Refused (by our rules or dues'): nothing exists, so the key is free for a corrected retry.
            try? await store.write { db in try IdempotencyKeys.abandon(db, payer: payer, key: key) }
            throw error
        }
    }

    /// Dues' quote lines (per member, oldest first) as the items of a reservation.
    public static func items(from lines: [MonthLine]) -> [PaymentItem] {
        var items: [PaymentItem] = []
        for line in lines {
            if let last = items.indices.last, items[last].memberId == line.memberId {
                items[last].months.append(line.month)
            } else {
                items.append(PaymentItem(memberId: line.memberId, months: [line.month]))
            }
        }
        return items
    }

    static func validate(_ request: CreateOrderRequest) throws(ErrorBody) {
        if let remark = request.remark, remark.count > 200 {
            throw ErrorBody.make(ErrorCode.paymentsRemarkInvalid, details: ["field": "body.remark"])
        }
        if let ids = request.memberIds {
            guard !ids.isEmpty, ids.count <= 50, Set(ids).count == ids.count, ids.allSatisfy({ !$0.isEmpty }) else {
                throw ErrorBody.make(ErrorCode.paymentsMembersInvalid, details: ["field": "body.memberIds"])
            }
        }
    }

    /// A stable id from payer and key, with no personal data in it: 32 characters, the most WeChat
    /// Pay takes as out_trade_no (Alipay takes 64).
    static func orderId(payer: String, key: String) -> String {
        let digest = SHA256.hash(data: Data("\(payer)\u{0}\(key)".utf8))
        return "po" + digest.prefix(15).lowercaseHex
    }
}
