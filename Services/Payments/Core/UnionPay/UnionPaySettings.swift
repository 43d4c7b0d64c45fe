import CryptoExtras
import Foundation

/// The merchant's UnionPay 全渠道 account (网关支付, version 5.1.0, signMethod 01). Empty (the default):
/// the channel is unavailable. Every key is optional in the file, as in `WeChatPaySettings`.
public struct UnionPaySettings: Codable, Sendable, Equatable {
    /// 商户代码 (15 characters): requests carry it, notifications must name it.
    public var merId: String = ""
    /// The serial (certId) of our signing certificate, sent with every request.
    public var certId: String = ""
    /// Path of our signing private key (PEM, taken out of the .pfx). A path, so the key stays in a
    /// file only the service reads.
    public var merchantPrivateKeyPath: String = ""
    /// UnionPay's signing public key (PEM, from its certificate). Answers and notifications are
    /// verified with it only, never with a `signPubKeyCert` they carry.
    public var unionPayPublicKeyPEM: String = ""
    /// The gateway; the three endpoints below default to its documented paths.
    public var gatewayURL: String = "https://gateway.95516.com"
    public var frontTransURL: String = ""
    public var backTransURL: String = ""
    public var queryURL: String = ""
    /// 文件传输 (the day's reconciliation file); empty: UnionPay's file download host.
    public var fileTransURL: String = ""
    /// Our back notification address (`backUrl`, https, answers `ok`).
    public var backUrl: String = ""
    /// Where the browser returns after paying (`frontUrl`, the portal's order page).
    public var frontUrl: String = ""
    /// 07 internet (PC), 08 mobile.
    public var channelType: String = "07"

    public init() {}

    public init(from decoder: any Decoder) throws {
        let d = UnionPaySettings()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func text(_ key: CodingKeys, _ fallback: String) throws -> String { try c.decodeIfPresent(String.self, forKey: key) ?? fallback }
        merId = try text(.merId, d.merId)
        certId = try text(.certId, d.certId)
        merchantPrivateKeyPath = try text(.merchantPrivateKeyPath, d.merchantPrivateKeyPath)
        unionPayPublicKeyPEM = try text(.unionPayPublicKeyPEM, d.unionPayPublicKeyPEM)
        gatewayURL = try text(.gatewayURL, d.gatewayURL)
        frontTransURL = try text(.frontTransURL, d.frontTransURL)
        backTransURL = try text(.backTransURL, d.backTransURL)
        queryURL = try text(.queryURL, d.queryURL)
        fileTransURL = try text(.fileTransURL, d.fileTransURL)
        backUrl = try text(.backUrl, d.backUrl)
        frontUrl = try text(.frontUrl, d.frontUrl)
        channelType = try text(.channelType, d.channelType)
    }

    public var isConfigured: Bool {
        !merId.isEmpty && !certId.isEmpty && !merchantPrivateKeyPath.isEmpty && !unionPayPublicKeyPEM.isEmpty
            && !backUrl.isEmpty && !frontUrl.isEmpty && !gatewayURL.isEmpty
    }
}

/// The settings with their keys parsed: who we are at UnionPay and what we trust from it.
public struct UnionPayMerchant: Sendable {
    public var merId: String
    public var certId: String
    public var merchantPrivateKey: _RSA.Signing.PrivateKey
    public var unionPayPublicKey: _RSA.Signing.PublicKey
    public var frontTransURL: String
    public var backTransURL: String
    public var queryURL: String
    public var fileTransURL: String = "https://filedownload.95516.com/"
    public var backUrl: String
    public var frontUrl: String
    public var channelType: String

    public init(merId: String, certId: String, merchantPrivateKey: _RSA.Signing.PrivateKey, unionPayPublicKey: _RSA.Signing.PublicKey,
                backUrl: String, frontUrl: String, gatewayURL: String = "https://gateway.95516.com", channelType: String = "07") {
        self.merId = merId; self.certId = certId; self.merchantPrivateKey = merchantPrivateKey
        self.unionPayPublicKey = unionPayPublicKey; self.backUrl = backUrl; self.frontUrl = frontUrl; self.channelType = channelType
        frontTransURL = gatewayURL + "/gateway/api/frontTransReq.do"
        backTransURL = gatewayURL + "/gateway/api/backTransReq.do"
        queryURL = gatewayURL + "/gateway/api/queryTrans.do"
    }

    public enum ConfigError: Error, Equatable {
        case notConfigured
    }

    /// Reads the private key file and parses both keys; a bad key fails at start-up, not at the first payment.
    public init(settings s: UnionPaySettings) throws {
        guard s.isConfigured else { throw ConfigError.notConfigured }
        let pem = try String(contentsOfFile: s.merchantPrivateKeyPath, encoding: .utf8)
        try self.init(merId: s.merId, certId: s.certId, merchantPrivateKey: _RSA.Signing.PrivateKey(pemRepresentation: pem),
                      unionPayPublicKey: _RSA.Signing.PublicKey(pemRepresentation: s.unionPayPublicKeyPEM),
                      backUrl: s.backUrl, frontUrl: s.frontUrl, gatewayURL: s.gatewayURL, channelType: s.channelType)
        if !s.frontTransURL.isEmpty { frontTransURL = s.frontTransURL }
        if !s.backTransURL.isEmpty { backTransURL = s.backTransURL }
        if !s.queryURL.isEmpty { queryURL = s.queryURL }
        if !s.fileTransURL.isEmpty { fileTransURL = s.fileTransURL }
    }

    public var requests: UnionPayRequests {
        UnionPayRequests(merId: merId, certId: certId, backUrl: backUrl, frontUrl: frontUrl, channelType: channelType,
                         privateKey: merchantPrivateKey)
    }
}
