import CryptoExtras
import Foundation
import Payments
import Schema
import ServiceKit

/// The providers' notifications. Each is recorded and, once verified, applied in one transaction of
/// its own; a refusal is recorded, then answered as an error so the provider sends it again. A bad
/// key in the settings stops the service at start, not at the first payment.
func registerCallbackRoutes(_ host: ServiceHost, settings: PaymentsSettings, confirmer: Confirmer) throws {
    let router = host.router, store = host.store, logger = host.logger

    /// What every channel's outcome comes to: the months go to dues once, a refusal is logged.
    @Sendable func answer(_ received: Received, channel: String) async throws -> NotifyAck {
        switch received {
        case .refused(let reason):
            logger.warning("notification refused", metadata: ["channel": "\(channel)", "reason": "\(reason)"])
            throw ErrorBody.make(ErrorCode.paymentsNotificationRefused, details: ["reason": reason])
        case .applied(let orderId):
            await confirmer.confirm(orderId: orderId)
            return NotifyAck(outcome: "applied")
        case .refunding:
            // Recorded as paid and already `refunding` (a credit card): the sweeper sends the money back.
            return NotifyAck(outcome: "credit_card_refund")
        case .duplicate:
            return NotifyAck(outcome: "duplicate")
        case .ignored:
            return NotifyAck(outcome: "not_paid")
        }
    }
    @Sendable func unavailable(_ channel: String) -> ErrorBody {
        ErrorBody.make(ErrorCode.paymentsChannelUnavailable, details: ["channel": channel])
    }

    let alipay = try settings.alipay.isConfigured ? AlipayMerchant(
        appId: settings.alipay.appId, sellerId: settings.alipay.sellerId,
        alipayPublicKey: _RSA.Signing.PublicKey(pemRepresentation: settings.alipay.publicKeyPEM)) : nil
    router.query(PaymentsAPI.callbackAlipay) { r, _ in
        guard let alipay else { throw unavailable("alipay") }
        let outcome = try await store.write { db in try AlipayNotifications.receive(db, body: r.form, merchant: alipay, now: Date()) }
        return try await answer(Received(outcome), channel: "alipay")
    }

    let wechat = settings.wechatpay.isConfigured ? try WeChatPayMerchant(settings: settings.wechatpay) : nil
    router.query(PaymentsAPI.callbackWeChatPay) { r, _ in
        guard let wechat else { throw unavailable("wechatpay") }
        let headers = ["wechatpay-signature": r.signature, "wechatpay-timestamp": r.timestamp, "wechatpay-nonce": r.nonce,
                       "wechatpay-serial": r.serial].compactMapValues { $0 }
        let outcome = try await store.write { db in
            try WeChatPayNotifications.receive(db, headers: headers, body: r.json, merchant: wechat, now: Date())
        }
        return try await answer(Received(outcome), channel: "wechatpay")
    }

    let unionpay = settings.unionpay.isConfigured ? try UnionPayMerchant(settings: settings.unionpay) : nil
    router.query(PaymentsAPI.callbackUnionPay) { r, _ in
        guard let unionpay else { throw unavailable("unionpay") }
        let outcome = try await store.write { db in try UnionPayNotifications.receive(db, body: r.form, merchant: unionpay, now: Date()) }
        return try await answer(Received(outcome), channel: "unionpay")
    }
}

/// A provider's notification outcome, the same for every channel.
enum Received {
    case applied(String), refunding, duplicate, ignored, refused(String)

    init(_ outcome: AlipayNotifications.Outcome) {
        switch outcome {
        case .applied(let id): self = .applied(id)
        case .duplicate: self = .duplicate
        case .ignored: self = .ignored
        case .refused(let reason): self = .refused(reason)
        }
    }

    init(_ outcome: WeChatPayNotifications.Outcome) {
        switch outcome {
        case .applied(let id): self = .applied(id)
        case .duplicate: self = .duplicate
        case .ignored: self = .ignored
        case .refused(let reason): self = .refused(reason)
        }
    }

    init(_ outcome: UnionPayNotifications.Outcome) {
        switch outcome {
        case .applied(let id): self = .applied(id)
        case .creditCard: self = .refunding
        case .duplicate: self = .duplicate
        case .ignored: self = .ignored
        case .refused(let reason): self = .refused(reason)
        }
    }
}
