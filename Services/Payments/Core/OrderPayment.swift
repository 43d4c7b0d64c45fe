import Foundation
import GRDB
import Schema
import Store

/// After creation: the payer gives the confirmation factor (an SMS code), then the order goes to its
/// channel's provider, which answers with what to pay with (a QR code). Each step is written before
/// the next starts, so a retry after a provider failure asks for no second code.
public struct OrderPayment: Sendable {
    let store: Store
    let identity: any IdentityPort
    let providers: [PaymentChannel: any PaymentProvider]
    /// Told when an order was paid here (from the 市民卡 balance): the months go to dues.
    let onPaid: @Sendable (String) async -> Void
    /// The 交易密码 factor's check (nil: no channel asks for it).
    let passwords: TransactionPasswords?

    public init(store: Store, identity: any IdentityPort, providers: [PaymentChannel: any PaymentProvider],
                passwords: TransactionPasswords? = nil, onPaid: @escaping @Sendable (String) async -> Void = { _ in }) {
        self.store = store; self.identity = identity; self.providers = providers; self.passwords = passwords; self.onPaid = onPaid
    }

    /// Whether the payer can give the 交易密码 factor (checked before an order reserves months).
    public func passwordIsSet(_ member: String) async throws -> Bool {
        try await passwords?.isSet(member) ?? false
    }

    /// `payments.order.confirm`.
    public func confirm(_ request: ConfirmOrderRequest, by actor: Actor, now: Date = Date()) async throws -> OrderView {
        var order = try await open(request.orderId, by: actor, now: now)
        if !order.isConfirmed {
            guard let code = request.code?.trimmingCharacters(in: .whitespaces), !code.isEmpty else {
                throw ErrorBody.make(ErrorCode.paymentsCodeRequired, details: ["field": "body.code"])
            }
            if order.factor == ConfirmationFactor.password.rawValue {
                guard let passwords else { throw ErrorBody.make(ErrorCode.paymentsPasswordNotSet, details: ["field": "body.code"]) }
                if let failure = try await passwords.check(code, member: order.payerMemberId, now: now) { throw failure }
            } else {
                guard let codeId = order.codeId else { throw ErrorBody.make(ErrorCode.identityCodeInvalid, details: ["field": "body.code"]) }
                try await identity.checkTypedCode(codeId: codeId, memberId: order.payerMemberId, code: code)
            }
            let id = order.id
            try await store.write { db in
                try db.cachedStatement(sql: "UPDATE payment_order SET confirmedAt = ? WHERE id = ? AND confirmedAt IS NULL").execute(arguments: [now.timeIntervalSince1970, id])
            }
            order.confirmedAt = now
        }
        return try await place(order)
    }

    /// Places a confirmed order at its provider once (the QR code or the JSAPI parameters are kept;
    /// asking again shows them).
    public func place(_ order: OrderRecord) async throws -> OrderView {
        if order.channel == PaymentChannel.citizencard.rawValue {
            // The balance pays at once: spent and marked paid in one transaction (refused, nothing moves).
            let id = order.id, payer = order.payerMemberId, total = order.totalFen
            let paid = try await store.write { db -> Bool in
                let seq = try WalletBook.spend(db, memberId: payer, amountFen: total, orderId: id, now: Date())
                return try Orders.markPaid(db, id: id, providerTradeNo: "CC\(seq)", now: Date())
            }
            if paid { await onPaid(id) }
            return try await store.read { db in try OrderViews.view(db, id: id) }
        }
        if !order.isPlaced, order.client == PayClient.jsapi.rawValue {
            guard let provider = providers[.wechatpay] as? any JSAPIProvider, order.channel == PaymentChannel.wechatpay.rawValue else {
                throw ErrorBody.make(ErrorCode.paymentsChannelUnavailable, details: ["channel": order.channel])
            }
            guard let openid = try await identity.openid(order.payerMemberId) else {
                throw ErrorBody.make(ErrorCode.paymentsWeChatNotBound, details: ["field": "body.client"])
            }
            let parameters = try await provider.startJSAPI(orderId: order.id, totalFen: order.totalFen, subject: Self.subject(order.lines),
                                                           expiresAt: order.expiresAt, openid: openid)
            let json = String(decoding: try JSONEncoder().encode(parameters), as: UTF8.self)
            let id = order.id
            try await store.write { db in
                try db.cachedStatement(sql: "UPDATE payment_order SET payParams = ? WHERE id = ? AND payParams IS NULL").execute(arguments: [json, id])
            }
        } else if !order.isPlaced {
            guard let channel = PaymentChannel(rawValue: order.channel), let provider = providers[channel] else {
                throw ErrorBody.make(ErrorCode.paymentsChannelUnavailable, details: ["channel": order.channel])
            }
            let qr = try await provider.start(orderId: order.id, totalFen: order.totalFen, subject: Self.subject(order.lines),
                                              expiresAt: order.expiresAt)
            let id = order.id
            try await store.write { db in
                try db.cachedStatement(sql: "UPDATE payment_order SET qrCode = ? WHERE id = ? AND qrCode IS NULL").execute(arguments: [qr, id])
            }
        }
        let id = order.id
        return try await store.read { db in try OrderViews.view(db, id: id) }
    }

    /// `payments.order.resend_code`: a new code; the old one no longer counts.
    public func resendCode(_ request: OrderRef, by actor: Actor, now: Date = Date()) async throws -> OrderView {
        let order = try await open(request.orderId, by: actor, now: now)
        guard !order.isConfirmed else { return OrderViews.view(order) }
        let sent = try await identity.sendCode(memberId: order.payerMemberId)
        try await store.write { db in
            try db.cachedStatement(sql: "UPDATE payment_order SET codeId = ?, maskedPhone = ? WHERE id = ?").execute(arguments: [sent.codeId, sent.maskedPhone, order.id])
        }
        return try await store.read { db in try OrderViews.view(db, id: order.id) }
    }

    /// The payer's own order, still open and unexpired.
    func open(_ orderId: String, by actor: Actor, now: Date) async throws -> OrderRecord {
        guard let order = try await store.read({ db in try Orders.find(db, id: orderId) }) else {
            throw ErrorBody.make(ErrorCode.paymentsOrderNotFound, details: ["field": "body.orderId"])
        }
        guard actor.kind == .member, actor.id == order.payerMemberId else {
            throw ErrorBody.make(ErrorCode.paymentsForbidden, details: ["field": "body.orderId"])
        }
        guard order.status == OrderStatus.open.rawValue, order.expiresAt > now else {
            throw ErrorBody.make(ErrorCode.paymentsOrderClosed, details: ["field": "body.orderId", "status": order.status])
        }
        return order
    }

    /// What the payer sees at the provider: 党费 and the months (no name, no ID number).
    public static func subject(_ lines: [OrderLine]) -> String {
        let months = Set(lines.map(\.month)).sorted()
        let members = Set(lines.map(\.memberId)).count
        var text = "党费"
        if let first = months.first, let last = months.last {
            text += first == last ? " \(first)" : " \(first)至\(last)"
        }
        if members > 1 { text += "（\(members)人）" }
        return text
    }
}
