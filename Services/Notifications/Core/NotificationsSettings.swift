import Foundation

/// The installation's notification policies (a JSON file; every field optional, defaults below).
public struct NotificationsSettings: Codable, Sendable, Equatable {
    /// Roles of an administrator who may publish notices (default: the city organization department).
    public var noticePublisherRoles: [String] = ["city"]
    /// How long to wait for WeChat's TEMPLATESENDJOBFINISH before sending the message by SMS instead.
    public var wechatReportTimeoutSeconds: Double = 600
    /// Messages per second per provider; 0 = no limit of ours (the provider's own still applies).
    public var smsRatePerSecond: Double = 0
    public var wechatRatePerSecond: Double = 0
    /// The token configured for the official account's server URL: verifies pushed events.
    public var wechatToken: String = "simtoken"
    public var codeLimits = CodeLimits()
    public var retry = RetryPolicy()
    /// Jobs claimed per transaction, and messages in flight per provider.
    public var batchSize: Int = 400
    public var concurrency: Int = 64
    /// SMS with the same template and parameters (a notice to many members) go as one SendSms
    /// request of up to this many numbers (Aliyun's limit is 1,000). 1: one request per message.
    public var smsNumbersPerRequest: Int = 500
    /// A job left `sending` this long by a sender that died is settled by asking the provider.
    public var orphanAgeSeconds: Double = 30
    /// Members per fan-out transaction when publishing a notice.
    public var fanoutBatch: Int = 1000
    public var smsTemplates = SmsTemplates()
    /// The SMTP relay for email (EmailRelay.swift); off when its host is empty.
    public var smtp = SmtpSettings()

    public init() {}

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = NotificationsSettings()
        noticePublisherRoles = try c.decodeIfPresent([String].self, forKey: .noticePublisherRoles) ?? d.noticePublisherRoles
        wechatReportTimeoutSeconds = try c.decodeIfPresent(Double.self, forKey: .wechatReportTimeoutSeconds) ?? d.wechatReportTimeoutSeconds
        smsRatePerSecond = try c.decodeIfPresent(Double.self, forKey: .smsRatePerSecond) ?? d.smsRatePerSecond
        wechatRatePerSecond = try c.decodeIfPresent(Double.self, forKey: .wechatRatePerSecond) ?? d.wechatRatePerSecond
        wechatToken = try c.decodeIfPresent(String.self, forKey: .wechatToken) ?? d.wechatToken
        codeLimits = try c.decodeIfPresent(CodeLimits.self, forKey: .codeLimits) ?? d.codeLimits
        retry = try c.decodeIfPresent(RetryPolicy.self, forKey: .retry) ?? d.retry
        batchSize = try c.decodeIfPresent(Int.self, forKey: .batchSize) ?? d.batchSize
        concurrency = try c.decodeIfPresent(Int.self, forKey: .concurrency) ?? d.concurrency
        smsNumbersPerRequest = min(1000, max(1, try c.decodeIfPresent(Int.self, forKey: .smsNumbersPerRequest) ?? d.smsNumbersPerRequest))
        orphanAgeSeconds = try c.decodeIfPresent(Double.self, forKey: .orphanAgeSeconds) ?? d.orphanAgeSeconds
        fanoutBatch = try c.decodeIfPresent(Int.self, forKey: .fanoutBatch) ?? d.fanoutBatch
        smsTemplates = try c.decodeIfPresent(SmsTemplates.self, forKey: .smsTemplates) ?? d.smsTemplates
        smtp = try c.decodeIfPresent(SmtpSettings.self, forKey: .smtp) ?? d.smtp
    }

    public func rate(_ channel: Channel) -> Double { channel == .sms ? smsRatePerSecond : wechatRatePerSecond }
}
