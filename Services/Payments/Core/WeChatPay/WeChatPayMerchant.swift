import Crypto
import CryptoExtras
import Foundation

/// The merchant's WeChat Pay account (API v3). Empty (the default): the channel is unavailable.
/// Every key is optional in the file, as in `AlipaySettings`.
public struct WeChatPaySettings: Codable, Sendable, Equatable {
    /// The official account's AppID (公众号 appid): orders carry it, notifications must name it.
    public var appId: String = ""
    /// 商户号: requests are signed as it, notifications must name it.
    public var mchId: String = ""
    /// Serial number of the merchant API certificate (商户API证书序列号), the `serial_no` of requests.
    public var merchantSerialNo: String = ""
    /// Path of the merchant API private key (apiclient_key.pem). A path, not the PEM itself: the key
    /// stays in a file only the service reads, out of the settings file that is copied around.
    public var merchantPrivateKeyPath: String = ""
    /// The APIv3 key (32 bytes): decrypts notification resources.
    public var apiV3Key: String = ""
    /// Serial of the platform certificate (or 微信支付公钥 id) that signs replies and notifications;
    /// anything signed under another serial is refused.
    public var platformSerialNo: String = ""
    /// That certificate's public key, PEM.
    public var platformPublicKeyPEM: String = ""
    /// Where WeChat Pay sends notifications (`notify_url`, https, no query).
    public var notifyURL: String = ""
    public var gatewayURL: String = "https://api.mch.weixin.qq.com"

    public init() {}

    public init(from decoder: any Decoder) throws {
        let d = WeChatPaySettings()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func text(_ key: CodingKeys, _ fallback: String) throws -> String { try c.decodeIfPresent(String.self, forKey: key) ?? fallback }
        appId = try text(.appId, d.appId)
        mchId = try text(.mchId, d.mchId)
        merchantSerialNo = try text(.merchantSerialNo, d.merchantSerialNo)
        merchantPrivateKeyPath = try text(.merchantPrivateKeyPath, d.merchantPrivateKeyPath)
        apiV3Key = try text(.apiV3Key, d.apiV3Key)
        platformSerialNo = try text(.platformSerialNo, d.platformSerialNo)
        platformPublicKeyPEM = try text(.platformPublicKeyPEM, d.platformPublicKeyPEM)
        notifyURL = try text(.notifyURL, d.notifyURL)
        gatewayURL = try text(.gatewayURL, d.gatewayURL)
    }

    public var isConfigured: Bool {
        !appId.isEmpty && !mchId.isEmpty && !merchantSerialNo.isEmpty && !merchantPrivateKeyPath.isEmpty
            && apiV3Key.utf8.count == 32 && !platformSerialNo.isEmpty && !platformPublicKeyPEM.isEmpty && !notifyURL.isEmpty
    }
}

/// The settings with their keys parsed: who we are at WeChat Pay and what we trust from it.
public struct WeChatPayMerchant: Sendable {
    public var appId: String
    public var mchId: String
    public var merchantSerialNo: String
    public var merchantPrivateKey: _RSA.Signing.PrivateKey
    public var apiV3Key: SymmetricKey
    public var platformSerialNo: String
    public var platformPublicKey: _RSA.Signing.PublicKey
    public var notifyURL: String
    public var gatewayURL: String

    public init(appId: String, mchId: String, merchantSerialNo: String, merchantPrivateKey: _RSA.Signing.PrivateKey,
                apiV3Key: SymmetricKey, platformSerialNo: String, platformPublicKey: _RSA.Signing.PublicKey,
                notifyURL: String, gatewayURL: String = "https://api.mch.weixin.qq.com") {
        self.appId = appId; self.mchId = mchId; self.merchantSerialNo = merchantSerialNo
        self.merchantPrivateKey = merchantPrivateKey; self.apiV3Key = apiV3Key; self.platformSerialNo = platformSerialNo
        self.platformPublicKey = platformPublicKey; self.notifyURL = notifyURL; self.gatewayURL = gatewayURL
    }

    public enum ConfigError: Error, Equatable {
        case notConfigured
        case apiV3KeyLength
    }

    /// Reads the private key file and parses both keys; a bad key fails at start-up, not at the first payment.
    public init(settings s: WeChatPaySettings) throws {
        guard s.isConfigured else { throw ConfigError.notConfigured }
        let pem = try String(contentsOfFile: s.merchantPrivateKeyPath, encoding: .utf8)
        try self.init(appId: s.appId, mchId: s.mchId, merchantSerialNo: s.merchantSerialNo,
                      merchantPrivateKey: _RSA.Signing.PrivateKey(pemRepresentation: pem),
                      apiV3Key: Self.apiV3Key(s.apiV3Key), platformSerialNo: s.platformSerialNo,
                      platformPublicKey: _RSA.Signing.PublicKey(pemRepresentation: s.platformPublicKeyPEM),
                      notifyURL: s.notifyURL, gatewayURL: s.gatewayURL)
    }

    /// The APIv3 key is used as its 32 UTF-8 bytes (AES-256), exactly as set in the merchant platform.
    public static func apiV3Key(_ text: String) throws -> SymmetricKey {
        guard text.utf8.count == 32 else { throw ConfigError.apiV3KeyLength }
        return SymmetricKey(data: Data(text.utf8))
    }

    /// The request builder for this merchant.
    public var requests: WeChatPayRequests {
        WeChatPayRequests(appId: appId, mchId: mchId, serialNo: merchantSerialNo, notifyURL: notifyURL, privateKey: merchantPrivateKey)
    }
}
