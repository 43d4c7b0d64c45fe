import CryptoExtras
import Foundation
import Passwords
import Payments
import Schema
import ServiceKit

/// Wires payments' message types to the Payments library.
func registerPaymentsRoutes(_ host: ServiceHost, settings: PaymentsSettings, dues: any DuesPort, identity: any IdentityPort,
                            providers: [PaymentChannel: any PaymentProvider], confirmer: Confirmer) throws {
    let router = host.router
    let store = host.store
    let passwords = TransactionPasswords(store: store, identity: identity, hasher: PasswordHasher(), settings: settings)
    let payment = OrderPayment(store: store, identity: identity, providers: providers, passwords: passwords,
                               onPaid: { await confirmer.confirm(orderId: $0) })
    let creation = OrderCreation(store: store, dues: dues, identity: identity, payment: payment, settings: settings)

    @Sendable func actor(_ context: RequestContext) -> Actor {
        context.actor ?? Actor(kind: .anonymous, id: "")
    }

    // Order creation keeps its own idempotency keys (Stripe semantics, per payer, in the store) and
    // calls dues between its transactions, so it is not one of the router's single-transaction
    // commands. The request id is the key: the gateway makes it from the caller and Idempotency-Key.
    router.query(PaymentsAPI.orderCreate) { r, c in
        try await creation.create(r, by: actor(c), key: c.requestId)
    }
    router.query(PaymentsAPI.orderGet) { r, c in
        try await store.read { db in try OrderViews.get(db, r, by: actor(c)) }
    }
    // Confirming calls identity and the provider between its own writes (each idempotent: the
    // factor is written once, the provider's trade is keyed by the order id).
    router.query(PaymentsAPI.orderConfirm) { r, c in
        try await payment.confirm(r, by: actor(c))
    }
    router.query(PaymentsAPI.orderResendCode) { r, c in
        try await payment.resendCode(r, by: actor(c))
    }
    router.query(PaymentsAPI.orderList) { r, c in
        try await store.read { db in try OrderViews.list(db, r, by: actor(c)) }
    }
    let documents = PaymentDocuments(store: store, identity: identity, dues: dues)
    router.query(PaymentsAPI.orderVoucher) { r, c in
        try await documents.voucher(r, by: actor(c))
    }
    router.query(PaymentsAPI.receipt) { r, _ in
        try await documents.receipt(r)
    }
    router.query(PaymentsAPI.certificate) { r, c in
        try await documents.certificate(r, by: actor(c))
    }
    // The PDF, then notifications' relay, between the rate limit's own write (sent while the member waits).
    let emails = DocumentEmails(store: store, documents: documents, mail: BusMail(client: host.client), settings: settings)
    router.query(PaymentsAPI.orderVoucherEmail) { r, c in
        try await emails.voucher(r, by: actor(c))
    }
    router.query(PaymentsAPI.certificateEmail) { r, c in
        try await emails.certificate(r, by: actor(c))
    }
    // Each step calls identity or dues between its own writes (each idempotent or conditional).
    let refunds = RefundApplications(store: store, identity: identity, dues: dues)
    router.query(PaymentsAPI.refundApply) { r, c in
        try await refunds.apply(r, by: actor(c))
    }
    router.query(PaymentsAPI.refundList) { r, c in
        try await refunds.list(r, by: actor(c))
    }
    router.query(PaymentsAPI.refundReview) { r, c in
        try await refunds.review(r, by: actor(c))
    }
    let wallets = Wallets(store: store, identity: identity, payment: payment, settings: settings)
    router.query(PaymentsAPI.walletGet) { _, c in
        try await wallets.get(by: actor(c))
    }
    router.query(PaymentsAPI.walletRegister) { r, c in
        try await wallets.register(r, by: actor(c))
    }
    // Like order creation: its own idempotency keys (the request id is the key).
    router.query(PaymentsAPI.walletTopUp) { r, c in
        try await wallets.topUp(r, by: actor(c), key: c.requestId)
    }
    let adminOrders = AdminOrders(store: store, identity: identity)
    router.query(PaymentsAPI.orderSearch) { r, c in
        try await adminOrders.search(r, by: actor(c))
    }
    router.query(PaymentsAPI.passwordStatus) { _, c in
        try await passwords.status(of: actor(c).id)
    }
    // Hashing takes its time off the database; the code and the hash are written in their own steps.
    router.query(PaymentsAPI.passwordSet) { r, c in
        try await passwords.set(r, by: actor(c))
    }
    router.query(PaymentsAPI.channels) { _, _ in
        ChannelList(items: settings.channels.map { ChannelInfo(channel: $0, name: $0.chineseName, factor: settings.factor(for: $0.rawValue)) })
    }

    let agreements = Agreements(store: store, identity: identity, unionpay: providers[.unionpay] as? UnionPayGateway)
    router.query(PaymentsAPI.agreementList) { _, c in
        try await agreements.list(by: actor(c))
    }
    // Calls identity and UnionPay before its one write (the new agreement replacing the old).
    router.query(PaymentsAPI.agreementSign) { r, c in
        try await agreements.sign(r, by: actor(c))
    }
    router.query(PaymentsAPI.agreementCancel) { r, c in
        try await agreements.cancel(r, by: actor(c))
    }

    try registerCallbackRoutes(host, settings: settings, confirmer: confirmer)
}
