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

    @Option(help: "JSON file of installation policies (IdentitySettings; absent keys keep defaults). Env DJ_IDENTITY_SETTINGS.")
    var settings: String? = ProcessInfo.processInfo.environment["DJ_IDENTITY_SETTINGS"]

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

    func run() async throws {
        var policies = IdentitySettings()
        if let settings {
            policies = try JSONDecoder().decode(IdentitySettings.self, from: Data(contentsOf: URL(fileURLWithPath: settings)))
        }
        guard let wechat = URL(string: wechatURL), let realName = URL(string: realNameURL) else {
            throw ValidationError("--wechat-url and --realname-url must be URLs")
        }
        let auth = AuthEnvironment.http(
            settings: policies, wechatBaseURL: wechat, wechatAppId: wechatAppID, wechatSecret: wechatSecret,
            realNameBaseURL: realName, realNameAppCode: realNameAppCode)
        try await ServiceHost.run(name: "identity", contract: IdentityAPI.operations, bus: bus, runtime: runtime, migrations: IdentityMigrations.register) { host in
            registerDirectoryRoutes(host, settings: policies)
            registerAuthRoutes(host, auth: auth)
        }
    }
}
