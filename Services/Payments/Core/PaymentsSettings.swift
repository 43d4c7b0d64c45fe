import Foundation
import Schema

/// What differs between installations. Loaded from a JSON file (`payments --settings FILE`); absent
/// keys keep these defaults.
public struct PaymentsSettings: Codable, Sendable, Equatable {
    /// How the payer confirms before an order goes to the provider.
    public typealias Factor = ConfirmationFactor

    /// An order (and the months it reserves in dues) lives this long unpaid.
    public var orderMinutes: Int = 15
    /// Finer than minutes when set (at least 10 s): test installations that watch an order expire.
    public var orderSeconds: Int?
    /// How long an order lives unpaid.
    public var orderLifetime: TimeInterval { TimeInterval(orderSeconds ?? orderMinutes * 60) }
    /// Finished idempotency keys are kept this long (never less than 24 h).
    public var idempotencyRetentionHours: Int = 24
    /// A key still `running` after this long belongs to an instance that died mid-request.
    public var idempotencyStaleSeconds: Int = 60
    /// With no notification, an order is queried at the provider this long before it expires.
    public var queryBeforeExpirySeconds: Int = 120
    /// How often each instance sweeps: expiry, releases in dues, confirmations to retry, old keys.
    public var sweepSeconds: Int = 15
    /// The confirmation factor per channel.
    public var factors: [String: Factor] = ["alipay": .sms, "wechatpay": .sms, "unionpay": .sms, "citizencard": .sms]
    public var alipay = AlipaySettings()
    public var wechatpay = WeChatPaySettings()
    public var unionpay = UnionPaySettings()
    /// The 市民卡 wallet (Shaoxing's installations); off elsewhere.
    public var citizenCard = false
    /// Wrong 交易密码 tries before a lock, and the lock's length.
    public var passwordMaxAttempts = 5
    public var passwordLockMinutes = 30
    /// 对账: the daily schedule (ReconciliationSettings.swift).
    public var reconciliation = ReconciliationSettings()
    /// 电子凭证 / 缴费证明 emails a member may send per hour.
    public var emailsPerHour = 10
    /// 银行缴费协议: at most this many 代收 requests a second, so a month opening for 100k members
    /// does not stampede UnionPay.
    public var debitsPerSecond = 20

    public init() {}

    public func factor(for channel: String) -> Factor { factors[channel] ?? .sms }

    /// The channels new orders can use (configured here), in the order pages offer them.
    public var channels: [PaymentChannel] {
        PaymentChannel.allCases.filter { channel in
            switch channel {
            case .alipay: alipay.canPay
            case .wechatpay: wechatpay.isConfigured
            case .unionpay: unionpay.isConfigured
            case .citizencard: citizenCard
            }
        }
    }

    public init(from decoder: any Decoder) throws {
        // Every key optional: a settings file names only what it changes.
        let d = PaymentsSettings()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        orderMinutes = max(1, try c.decodeIfPresent(Int.self, forKey: .orderMinutes) ?? d.orderMinutes)
        orderSeconds = try c.decodeIfPresent(Int.self, forKey: .orderSeconds).map { max(10, $0) }
        idempotencyRetentionHours = max(24, try c.decodeIfPresent(Int.self, forKey: .idempotencyRetentionHours)
            ?? d.idempotencyRetentionHours)
        idempotencyStaleSeconds = max(5, try c.decodeIfPresent(Int.self, forKey: .idempotencyStaleSeconds) ?? d.idempotencyStaleSeconds)
        queryBeforeExpirySeconds = max(0, try c.decodeIfPresent(Int.self, forKey: .queryBeforeExpirySeconds) ?? d.queryBeforeExpirySeconds)
        sweepSeconds = max(1, try c.decodeIfPresent(Int.self, forKey: .sweepSeconds) ?? d.sweepSeconds)
        factors = d.factors.merging(try c.decodeIfPresent([String: Factor].self, forKey: .factors) ?? [:]) { $1 }
        alipay = try c.decodeIfPresent(AlipaySettings.self, forKey: .alipay) ?? d.alipay
        wechatpay = try c.decodeIfPresent(WeChatPaySettings.self, forKey: .wechatpay) ?? d.wechatpay
        unionpay = try c.decodeIfPresent(UnionPaySettings.self, forKey: .unionpay) ?? d.unionpay
        citizenCard = try c.decodeIfPresent(Bool.self, forKey: .citizenCard) ?? d.citizenCard
        passwordMaxAttempts = max(1, try c.decodeIfPresent(Int.self, forKey: .passwordMaxAttempts) ?? d.passwordMaxAttempts)
        passwordLockMinutes = max(1, try c.decodeIfPresent(Int.self, forKey: .passwordLockMinutes) ?? d.passwordLockMinutes)
        reconciliation = try c.decodeIfPresent(ReconciliationSettings.self, forKey: .reconciliation) ?? d.reconciliation
        emailsPerHour = max(1, try c.decodeIfPresent(Int.self, forKey: .emailsPerHour) ?? d.emailsPerHour)
        debitsPerSecond = max(1, try c.decodeIfPresent(Int.self, forKey: .debitsPerSecond) ?? d.debitsPerSecond)
    }
}

/// The merchant's Alipay application. Empty (the default): the channel is unavailable.
public struct AlipaySettings: Codable, Sendable, Equatable {
    /// 应用 APPID: requests carry it, notifications must name it.
    public var appId: String = ""
    /// The merchant's partner id (2088…): notifications must name it as `seller_id`.
    public var sellerId: String = ""
    /// Alipay's public key (支付宝公钥), PEM.
    public var publicKeyPEM: String = ""
    /// The application's private key (应用私钥), PEM, or `privateKeyFile` naming a file that holds it
    /// (0600, beside the settings): it signs every request to Alipay.
    public var privateKeyPEM: String = ""
    public var privateKeyFile: String = ""
    /// 支付宝网关.
    public var gatewayURL: String = "https://openapi.alipay.com/gateway.do"
    /// Where Alipay posts its notifications: the gateway's public `/api/v1/callbacks/alipay`.
    public var notifyURL: String = ""

    public init() {}

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = AlipaySettings()
        appId = try c.decodeIfPresent(String.self, forKey: .appId) ?? d.appId
        sellerId = try c.decodeIfPresent(String.self, forKey: .sellerId) ?? d.sellerId
        publicKeyPEM = try c.decodeIfPresent(String.self, forKey: .publicKeyPEM) ?? d.publicKeyPEM
        privateKeyPEM = try c.decodeIfPresent(String.self, forKey: .privateKeyPEM) ?? d.privateKeyPEM
        privateKeyFile = try c.decodeIfPresent(String.self, forKey: .privateKeyFile) ?? d.privateKeyFile
        gatewayURL = try c.decodeIfPresent(String.self, forKey: .gatewayURL) ?? d.gatewayURL
        notifyURL = try c.decodeIfPresent(String.self, forKey: .notifyURL) ?? d.notifyURL
    }

    /// Notifications can be verified (a channel that was on keeps accepting its late notifications).
    public var isConfigured: Bool { !appId.isEmpty && !sellerId.isEmpty && !publicKeyPEM.isEmpty }
    /// New orders can be placed too.
    public var canPay: Bool { isConfigured && (!privateKeyPEM.isEmpty || !privateKeyFile.isEmpty) && !notifyURL.isEmpty }

    /// The private key's PEM, from the settings or the file they name.
    public func privateKey() throws -> String {
        if !privateKeyPEM.isEmpty { return privateKeyPEM }
        return try String(contentsOfFile: privateKeyFile, encoding: .utf8)
    }
}
