import CryptoExtras
import Payments
import Schema
import Store

/// The providers of the channels switched on in the settings. A bad key stops the service at start,
/// not at the first payment.
enum Providers {
    static func make(_ settings: PaymentsSettings, store: Store) throws -> [PaymentChannel: any PaymentProvider] {
        var providers: [PaymentChannel: any PaymentProvider] = [:]
        let alipay = settings.alipay
        if alipay.canPay {
            let requests = AlipayRequests(appId: alipay.appId, notifyURL: alipay.notifyURL,
                                          privateKey: try _RSA.Signing.PrivateKey(pemRepresentation: alipay.privateKey()))
            providers[.alipay] = AlipayGateway(url: alipay.gatewayURL, requests: requests,
                                               alipayPublicKey: try _RSA.Signing.PublicKey(pemRepresentation: alipay.publicKeyPEM))
        }
        if settings.wechatpay.isConfigured {
            providers[.wechatpay] = WeChatPayGateway(merchant: try WeChatPayMerchant(settings: settings.wechatpay))
        }
        if settings.unionpay.isConfigured {
            // UnionPay names a trade by orderId and txnTime: the query repeats the order's own time.
            providers[.unionpay] = UnionPayGateway(channel: .unionpay, merchant: try UnionPayMerchant(settings: settings.unionpay),
                                                   txnTime: { id in try? await store.read { db in try Orders.find(db, id: id)?.createdAt } })
        }
        if settings.citizenCard {
            providers[.citizencard] = WalletProvider(store: store)
        }
        return providers
    }

    /// The statement downloads of the channels with a provider (对账); the wallet is ours, no statement.
    static func statementSources(_ settings: PaymentsSettings) throws -> [any StatementSource] {
        var sources: [any StatementSource] = []
        let alipay = settings.alipay
        if alipay.canPay {
            let requests = AlipayRequests(appId: alipay.appId, notifyURL: alipay.notifyURL,
                                          privateKey: try _RSA.Signing.PrivateKey(pemRepresentation: alipay.privateKey()))
            sources.append(AlipayBillDownload(gateway: AlipayGateway(url: alipay.gatewayURL, requests: requests,
                                                                     alipayPublicKey: try _RSA.Signing.PublicKey(pemRepresentation: alipay.publicKeyPEM))))
        }
        if settings.wechatpay.isConfigured {
            sources.append(WeChatPayBillDownload(merchant: try WeChatPayMerchant(settings: settings.wechatpay)))
        }
        if settings.unionpay.isConfigured {
            sources.append(UnionPayFileDownload(merchant: try UnionPayMerchant(settings: settings.unionpay)))
        }
        return sources
    }
}
