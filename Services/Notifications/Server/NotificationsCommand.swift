import ArgumentParser
import Bus
import Foundation
import Notifications
import Schema
import ServiceKit

@main
struct NotificationsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notifications",
        abstract: "Dangjian notifications: notices, inboxes, and messages by WeChat template and SMS.")

    @OptionGroup var bus: BusOptions
    @OptionGroup var runtime: RuntimeOptions

    @OptionGroup var settingsFile: SettingsOptions<NotificationsSettingsFile>
    @Option(help: "Event sources consumed, comma-separated: identity; add dues for its standards, proposals, proxies and flagged members; transfers for transfers waiting and their progress; meetings for invitations and reminders. Env DJ_NOTIFY_SOURCES.")
    var sources: String = Env.string("DJ_NOTIFY_SOURCES", "identity")
    @Option(name: .customLong("sms-rate"), help: "SMS messages per second, 0 = unlimited (overrides the settings file). Env DJ_NOTIFY_SMS_RATE.")
    var smsRate: Double? = Env.optionalDouble("DJ_NOTIFY_SMS_RATE")
    @Option(name: .customLong("wechat-rate"), help: "WeChat messages per second (overrides the settings file). Env DJ_NOTIFY_WECHAT_RATE.")
    var wechatRate: Double? = Env.optionalDouble("DJ_NOTIFY_WECHAT_RATE")
    @Option(name: .customLong("wechat-report-timeout"), help: "Seconds to wait for a WeChat report before SMS. Env DJ_NOTIFY_WECHAT_REPORT_TIMEOUT.")
    var wechatReportTimeout: Double? = Env.optionalDouble("DJ_NOTIFY_WECHAT_REPORT_TIMEOUT")

    @Option(name: .customLong("sms-url"), help: "SMS provider endpoint (Aliyun Dysmsapi RPC). Env DJ_SMS_URL.")
    var smsURL: String = Env.string("DJ_SMS_URL", "http://127.0.0.1:8900/")
    @Option(name: .customLong("sms-access-key-id"), help: "Env DJ_SMS_ACCESS_KEY_ID.")
    var smsAccessKeyID: String = Env.string("DJ_SMS_ACCESS_KEY_ID", "simkey")
    @Option(name: .customLong("sms-access-key-secret"), help: "Env DJ_SMS_ACCESS_KEY_SECRET.")
    var smsAccessKeySecret: String = Env.string("DJ_SMS_ACCESS_KEY_SECRET", "simsecret")
    @Option(name: .customLong("sms-sign-name"), help: "The approved SMS signature. Env DJ_SMS_SIGN_NAME.")
    var smsSignName: String = Env.string("DJ_SMS_SIGN_NAME", "智慧党建")
    @Option(name: .customLong("wechat-url"), help: "WeChat API base URL. Env DJ_WECHAT_URL.")
    var wechatURL: String = Env.string("DJ_WECHAT_URL", "https://api.weixin.qq.com")
    @Option(name: .customLong("wechat-appid"), help: "Env DJ_WECHAT_APPID.")
    var wechatAppID: String = Env.string("DJ_WECHAT_APPID", "wxsim")
    @Option(name: .customLong("wechat-secret"), help: "Env DJ_WECHAT_SECRET.")
    var wechatSecret: String = Env.string("DJ_WECHAT_SECRET", "wxsecret")
    @Option(name: .customLong("smtp-host"), help: "The SMTP relay for email (overrides the settings' smtp.host; empty = off). Env DJ_SMTP_HOST.")
    var smtpHost: String? = ProcessInfo.processInfo.environment["DJ_SMTP_HOST"]
    @Option(name: .customLong("smtp-port"), help: "Its port (overrides smtp.port). Env DJ_SMTP_PORT.")
    var smtpPort: Int? = ProcessInfo.processInfo.environment["DJ_SMTP_PORT"].flatMap { Int($0) }
    @Option(name: .customLong("smtp-from"), help: "The sender address (overrides smtp.from). Env DJ_SMTP_FROM; credentials: DJ_SMTP_USERNAME, DJ_SMTP_PASSWORD.")
    var smtpFrom: String? = ProcessInfo.processInfo.environment["DJ_SMTP_FROM"]

    /// The settings file, then the flags (and their environment variables) that override it.
    func loadSettings() throws -> NotificationsSettings {
        var s = try settingsFile.load()
        if let smsRate { s.smsRatePerSecond = smsRate }
        if let wechatRate { s.wechatRatePerSecond = wechatRate }
        if let wechatReportTimeout { s.wechatReportTimeoutSeconds = wechatReportTimeout }
        if let token = ProcessInfo.processInfo.environment["DJ_WECHAT_TOKEN"], !token.isEmpty { s.wechatToken = token }
        if let smtpHost { s.smtp.host = smtpHost }
        if let smtpPort { s.smtp.port = smtpPort }
        if let smtpFrom { s.smtp.from = smtpFrom }
        let env = ProcessInfo.processInfo.environment
        if let user = env["DJ_SMTP_USERNAME"], !user.isEmpty { s.smtp.username = user; s.smtp.password = env["DJ_SMTP_PASSWORD"] }
        return s
    }

    func run() async throws {
        guard let endpoint = URL(string: smsURL) else { throw ValidationError("--sms-url is not a URL") }
        guard let wechatBase = URL(string: wechatURL) else { throw ValidationError("--wechat-url is not a URL") }
        let settings = try loadSettings()
        let sms = AliyunSMS(config: .init(endpoint: endpoint, accessKeyId: smsAccessKeyID,
                                          accessKeySecret: smsAccessKeySecret, signName: smsSignName))
        let sourceList = sources.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        try await ServiceHost.run(name: "notifications", contract: NotificationsAPI.operations, bus: bus, runtime: runtime,
                                  migrations: NotificationsMigrations.register) { host in
            // One consumer per source, so a source that is not running yet cannot hold up the others.
            for source in sourceList {
                host.consume([source]) { source, event, db in
                    try EventIntake.apply(db, source: source, event: event, settings: settings, now: Date())
                }
            }
            registerRoutes(host, settings: settings)
            let wechat = WeChatTemplateAPI(config: .init(baseURL: wechatBase, appId: wechatAppID, secret: wechatSecret),
                                           store: host.store, holder: runtime.instance)
            let directory = BusContactDirectory(client: host.client)
            for channel in Channel.allCases {
                host.addService(DispatcherService(
                    dispatcher: Dispatcher(channel: channel, store: host.store, sms: sms, wechat: wechat, contacts: directory,
                                           sender: runtime.instance, settings: settings),
                    store: host.store, holder: runtime.instance, logger: host.logger))
            }
            host.addService(FanOutService(fanOut: FanOut(store: host.store, batch: settings.fanoutBatch), logger: host.logger))
            if settings.smtp.isConfigured {
                host.addService(EmailRetryService(outbox: EmailOutbox(store: host.store, settings: settings.smtp, holder: runtime.instance),
                                                  store: host.store, holder: runtime.instance, logger: host.logger))
            }
        }
    }
}

/// `--settings` / DJ_NOTIFY_SETTINGS.
enum NotificationsSettingsFile: SettingsFileKind {
    static let environmentVariable = "DJ_NOTIFY_SETTINGS"
    static let contents = "notification policies (NotificationsSettings)"
    static var defaults: NotificationsSettings { NotificationsSettings() }
}

/// identity.member.contacts over the bus.
struct BusContactDirectory: ContactDirectory {
    let client: BusClient

    func contacts(memberIds: [String]) async throws -> [MemberContact] {
        try await client.call(IdentityAPI.memberContacts.type, MemberContactsRequest(memberIds: memberIds), as: MemberContacts.self,
                              actor: .service("notifications"), timeout: .seconds(5), retries: 2).items
    }
}

extension Env {
    static func optionalDouble(_ name: String) -> Double? {
        ProcessInfo.processInfo.environment[name].flatMap { Double($0) }
    }
}
