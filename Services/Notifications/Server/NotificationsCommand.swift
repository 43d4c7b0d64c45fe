import ArgumentParser
import Foundation
import Notifications
import Schema
import ServiceKit

@main
struct NotificationsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notifications",
        abstract: "Dangjian notifications: turns other services' events into messages and delivers them (SMS today).")

    @OptionGroup var bus: BusOptions
    @OptionGroup var runtime: RuntimeOptions

    @Option(name: .customLong("sms-url"), help: "SMS provider endpoint (Aliyun Dysmsapi RPC). Env DJ_SMS_URL.")
    var smsURL: String = Env.string("DJ_SMS_URL", "http://127.0.0.1:8900/")
    @Option(name: .customLong("sms-access-key-id"), help: "Env DJ_SMS_ACCESS_KEY_ID.")
    var smsAccessKeyID: String = Env.string("DJ_SMS_ACCESS_KEY_ID", "simkey")
    @Option(name: .customLong("sms-access-key-secret"), help: "Env DJ_SMS_ACCESS_KEY_SECRET.")
    var smsAccessKeySecret: String = Env.string("DJ_SMS_ACCESS_KEY_SECRET", "simsecret")
    @Option(name: .customLong("sms-sign-name"), help: "The approved SMS signature. Env DJ_SMS_SIGN_NAME.")
    var smsSignName: String = Env.string("DJ_SMS_SIGN_NAME", "智慧党建")

    func run() async throws {
        guard let endpoint = URL(string: smsURL) else { throw ValidationError("--sms-url is not a URL") }
        let provider = AliyunSMS(config: .init(endpoint: endpoint, accessKeyId: smsAccessKeyID,
                                               accessKeySecret: smsAccessKeySecret, signName: smsSignName))
        let templates = SmsTemplates()
        try await ServiceHost.run(name: "notifications", bus: bus, runtime: runtime,
                                  migrations: NotificationsMigrations.register) { host in
            host.consume(EventIntake.sources) { source, event, db in
                try EventIntake.apply(db, source: source, event: event, templates: templates, now: Date())
            }
            host.addService(DispatcherService(
                dispatcher: SmsDispatcher(store: host.store, provider: provider, sender: runtime.instance),
                store: host.store, holder: runtime.instance, logger: host.logger))
        }
    }
}
