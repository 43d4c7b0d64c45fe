import Foundation
import GRDB
import Schema
import Store

/// 市民卡 (Shaoxing): opened with an SMS code to the phone on record, topped up through Alipay or
/// WeChat Pay (an order whose money lands in the wallet), spent on dues (`OrderPayment.place`).
public struct Wallets: Sendable {
    let store: Store
    let identity: any IdentityPort
    let payment: OrderPayment
    let settings: PaymentsSettings

    public init(store: Store, identity: any IdentityPort, payment: OrderPayment, settings: PaymentsSettings) {
        self.store = store; self.identity = identity; self.payment = payment; self.settings = settings
    }

    func requireEnabled() throws(ErrorBody) {
        guard settings.citizenCard else { throw ErrorBody.make(ErrorCode.paymentsChannelUnavailable, details: ["channel": "citizencard"]) }
    }

    public func get(by actor: Actor) async throws -> WalletView {
        try requireEnabled()
        return try await store.read { db in try WalletBook.view(db, memberId: actor.id) }
    }

    public func register(_ request: WalletRegisterRequest, by actor: Actor, now: Date = Date()) async throws -> WalletView {
        try requireEnabled()
        let member = actor.id
        if try await store.read({ db in try WalletBook.isRegistered(db, memberId: member) }) {
            return try await store.read { db in try WalletBook.view(db, memberId: member) }
        }
        guard let code = request.code?.trimmingCharacters(in: .whitespaces), !code.isEmpty else {
            let sent = try await identity.sendCode(memberId: member)
            return try await store.write { db in
                try db.cachedStatement(sql: """
                    INSERT INTO wallet_pending (memberId, codeId, maskedPhone, createdAt) VALUES (?, ?, ?, ?)
                    ON CONFLICT(memberId) DO UPDATE SET codeId = excluded.codeId, maskedPhone = excluded.maskedPhone, createdAt = excluded.createdAt
                    """).execute(arguments: [member, sent.codeId, sent.maskedPhone, now.timeIntervalSince1970])
                return try WalletBook.view(db, memberId: member)
            }
        }
        guard let codeId = try await store.read({ db in
            try String.fetchOne(db.cachedStatement(sql: "SELECT codeId FROM wallet_pending WHERE memberId = ?"), arguments: [member])
        }) else { throw ErrorBody.make(ErrorCode.identityCodeInvalid, details: ["field": "body.code"]) }
        try await identity.checkTypedCode(codeId: codeId, memberId: member, code: code)
        return try await store.write { db in
            if !(try WalletBook.isRegistered(db, memberId: member)) {
                try db.cachedStatement(sql: "INSERT INTO wallet (memberId, cardNo, registeredAt) VALUES (?, ?, ?)").execute(arguments: [member, Self.newCardNo(), now.timeIntervalSince1970])
            }
            try db.cachedStatement(sql: "DELETE FROM wallet_pending WHERE memberId = ?").execute(arguments: [member])
            return try WalletBook.view(db, memberId: member)
        }
    }

    /// 市民卡号: 3301 and 12 random digits (the card is virtual; the number identifies it on receipts).
    static func newCardNo() -> String {
        "3301" + (0..<12).map { _ in String(Int.random(in: 0...9)) }.joined()
    }

    /// A top-up: an order of its own (no months), placed at once (no factor: the money goes to the
    /// payer's own wallet). The Idempotency-Key works as for dues orders.
    public func topUp(_ request: TopUpRequest, by actor: Actor, key: String, now: Date = Date()) async throws -> OrderView {
        try requireEnabled()
        guard (100...500_000).contains(request.amountFen), request.channel == .alipay || request.channel == .wechatpay else {
            throw ErrorBody.make(ErrorCode.paymentsTopUpInvalid, details: ["field": "body.amountFen"])
        }
        guard settings.channels.contains(request.channel) else {
            throw ErrorBody.make(ErrorCode.paymentsChannelUnavailable, details: ["field": "body.channel"])
        }
        let member = actor.id
        guard try await store.read({ db in try WalletBook.isRegistered(db, memberId: member) }) else {
            throw ErrorBody.make(ErrorCode.paymentsWalletNotRegistered)
        }
        let fingerprint = IdempotencyKeys.fingerprint(["topup", request.channel.rawValue, String(request.amountFen)])
        let start = try await store.write { db in
            try IdempotencyKeys.begin(db, payer: member, key: key, fingerprint: fingerprint, now: now,
                                      staleAfter: TimeInterval(settings.idempotencyStaleSeconds), field: "header.Idempotency-Key")
        }
        let orderId: String
        switch start {
        case .replay(let id): orderId = id
        case .started:
            orderId = OrderCreation.orderId(payer: member, key: key)
            let channel = request.channel.rawValue, expiresAt = now.addingTimeInterval(settings.orderLifetime)
            try await store.write { db in
                if try Orders.find(db, id: orderId) == nil {
                    try Orders.insert(db, id: orderId, payer: member, channel: channel, lines: [], remark: nil, expiresAt: expiresAt,
                                      now: now, purpose: .topup, topUpFen: request.amountFen)
                }
                try IdempotencyKeys.finish(db, payer: member, key: key, orderId: orderId)
            }
        }
        guard let order = try await store.read({ db in try Orders.find(db, id: orderId) }) else {
            throw ErrorBody.make(ErrorCode.paymentsOrderNotFound)
        }
        return (try? await payment.place(order)) ?? OrderViews.view(order)
    }

    /// A paid top-up: the money lands in the wallet and the order is confirmed, in one transaction.
    public static func confirmTopUp(_ db: Database, orderId: String, now: Date) throws {
        guard let order = try Orders.find(db, id: orderId), order.purpose == OrderPurpose.topup.rawValue,
              order.status == OrderStatus.paid.rawValue else { return }
        try WalletBook.credit(db, memberId: order.payerMemberId, kind: .topup, amountFen: order.totalFen, orderId: orderId, now: now)
        try OrderLifecycle.confirmed(db, id: orderId)
    }
}

/// The wallet as a channel's provider for what follows a payment: a refund goes back to the balance.
public struct WalletProvider: PaymentProvider {
    public let channel = PaymentChannel.citizencard
    let store: Store

    public init(store: Store) { self.store = store }

    public func start(orderId: String, totalFen: Int64, subject: String, expiresAt: Date) async throws(ErrorBody) -> String {
        throw ErrorBody.make(ErrorCode.paymentsChannelUnavailable, details: ["channel": "citizencard"])
    }

    /// Never lost: a wallet payment is written in the transaction that takes the money.
    public func query(orderId: String) async throws(ErrorBody) -> ProviderTrade? { nil }

    public func refund(orderId: String, requestNo: String, amountFen: Int64, reason: String) async throws(ErrorBody) {
        do {
            try await store.write { db in
                guard let order = try Orders.find(db, id: orderId) else { return }
                try WalletBook.credit(db, memberId: order.payerMemberId, kind: .refund, amountFen: amountFen, orderId: orderId, now: Date())
            }
        } catch {
            throw ErrorBody.providerFailed("wallet")
        }
    }
}
