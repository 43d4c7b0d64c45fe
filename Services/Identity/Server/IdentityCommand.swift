import ArgumentParser
import Foundation
import Identity
import Schema
import ServiceKit

@main
struct IdentityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "identity",
        abstract: "Dangjian identity: the organization tree, members, accounts, logins and who may touch what.")

    @OptionGroup var bus: BusOptions
    @OptionGroup var runtime: RuntimeOptions

    @OptionGroup var settingsFile: SettingsOptions<IdentitySettingsFile>

    @Option(name: .customLong("wechat-url"), help: "WeChat API base URL. Env DJ_WECHAT_URL.")
    var wechatURL: String = Env.string("DJ_WECHAT_URL", "http://127.0.0.1:8900")
    @Option(name: .customLong("wechat-appid"), help: "Env DJ_WECHAT_APPID.")
    var wechatAppID: String = Env.string("DJ_WECHAT_APPID", "wxsim")
    @Option(name: .customLong("wechat-secret"), help: "Env DJ_WECHAT_SECRET.")
    var wechatSecret: String = Env.string("DJ_WECHAT_SECRET", "wxsecret")
    @Option(name: .customLong("realname-url"), help: "Real-name verification provider base URL. Env DJ_REALNAME_URL.")
    var realNameURL: String = Env.string("DJ_REALNAME_URL", "http://127.0.0.1:8900")
    @Option(name: .customLong("realname-appcode"), help: "Env DJ_REALNAME_APPCODE.")
    var realNameAppCode: String = Env.string("DJ_REALNAME_APPCODE", "simcode")

    @Option(help: "Event sources consumed, comma-separated (notifications: WeChat unsubscribes unbind). Env DJ_IDENTITY_SOURCES.")
    var sources: String = Env.string("DJ_IDENTITY_SOURCES", "notifications")

    func run() async throws {
        let policies = try settingsFile.load()
        guard let wechat = URL(string: wechatURL), let realName = URL(string: realNameURL) else {
            throw ValidationError("--wechat-url and --realname-url must be URLs")
        }
        let auth = AuthEnvironment.http(
            settings: policies, wechatBaseURL: wechat, wechatAppId: wechatAppID, wechatSecret: wechatSecret,
            realNameBaseURL: realName, realNameAppCode: realNameAppCode)
        try await ServiceHost.run(name: "identity", contract: IdentityAPI.operations, bus: bus, runtime: runtime, migrations: IdentityMigrations.register) { host in
            for source in sources.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where source == "notifications" {
                host.consume([source]) { _, event, db in try WeChatUnsubscribe.apply(db, event: event) }
            }
            registerDirectoryRoutes(host, settings: policies)
            registerAuthRoutes(host, auth: auth)
        }
    }
}

/// `--settings` / DJ_IDENTITY_SETTINGS.
enum IdentitySettingsFile: SettingsFileKind {
    static let environmentVariable = "DJ_IDENTITY_SETTINGS"
    static let contents = "installation policies (IdentitySettings)"
    static var defaults: IdentitySettings { IdentitySettings() }
}
