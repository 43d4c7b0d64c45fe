import ArgumentParser
import Foundation
import ProviderSimulatorCore

/// `provider-sim`: the third-party providers (Aliyun SMS, WeChat official account, real-name API)
/// as one local HTTP process, for tests and `deploy/local`. Every flag falls back to a DJ_SIM_* variable.
@main
struct ProviderSim: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "provider-sim",
        abstract: "Simulates the SMS, WeChat, real-name, Alipay, WeChat Pay and UnionPay providers over HTTP.")

    @Option(help: "Port to listen on (0 picks one) [DJ_SIM_PORT, default 8900].") var port: Int?
    @Option(help: "IPv4 address to bind [DJ_SIM_BIND, default 127.0.0.1].") var bind: String?
    @Option(help: "Aliyun AccessKeyId accepted for SMS [DJ_SIM_SMS_ACCESS_KEY_ID, default simkey].")
    var smsAccessKeyId: String?
    @Option(help: "Its AccessKeySecret [DJ_SIM_SMS_ACCESS_KEY_SECRET, default simsecret].")
    var smsAccessKeySecret: String?
    @Option(help: "WeChat appid [DJ_SIM_WECHAT_APPID, default wxsim].") var wechatAppid: String?
    @Option(help: "WeChat appsecret [DJ_SIM_WECHAT_SECRET, default wxsecret].") var wechatSecret: String?
    @Option(help: "Token signing pushes to the WeChat callback [DJ_SIM_WECHAT_TOKEN, default simtoken].")
    var wechatToken: String?
    @Option(help: "Real-name APPCODE [DJ_SIM_REALNAME_APPCODE, default simcode].") var realnameAppcode: String?
    @Option(help: "Comma-separated ID numbers answered 无此记录 [DJ_SIM_REALNAME_NO_RECORD].")
    var realnameNoRecord: String?
    @Option(help: "URL receiving SMS delivery reports (and WeChat events unless --wechat-callback-url) [DJ_SIM_CALLBACK_URL].")
    var callbackUrl: String?
    @Option(help: "URL receiving WeChat TEMPLATESENDJOBFINISH events [DJ_SIM_WECHAT_CALLBACK_URL].")
    var wechatCallbackUrl: String?
    @Option(help: "Default delay of delivery reports in ms [DJ_SIM_REPORT_DELAY_MS, default 200].")
    var reportDelayMs: Int?
    @Option(help: "Alipay app_id the gateway accepts [DJ_SIM_ALIPAY_APP_ID, default 2021000000000001].")
    var alipayAppId: String?
    @Option(help: "Alipay seller_id in notifications [DJ_SIM_ALIPAY_SELLER_ID, default 2088000000000001].")
    var alipaySellerId: String?
    @Option(help: "PEM file: Alipay's private key, signing notifications and responses [DJ_SIM_ALIPAY_PRIVATE_KEY].")
    var alipayPrivateKey: String?
    @Option(help: "PEM file: the merchant's public key, verifying its requests [DJ_SIM_ALIPAY_MERCHANT_PUBLIC_KEY].")
    var alipayMerchantPublicKey: String?
    @Option(help: "Scale of Alipay's resend schedule (4m … 15h); 0.001 for tests [DJ_SIM_ALIPAY_RESEND_SCALE, default 1].")
    var alipayResendScale: Double?
    @Option(help: "WeChat Pay mchid the API accepts [DJ_SIM_WECHATPAY_MCH_ID, default 1900000109].")
    var wechatpayMchId: String?
    @Option(help: "WeChat Pay appid orders must name [DJ_SIM_WECHATPAY_APP_ID, default wxsimpay000000001].")
    var wechatpayAppId: String?
    @Option(help: "PEM file: the platform private key, signing replies and notifications [DJ_SIM_WECHATPAY_PLATFORM_PRIVATE_KEY].")
    var wechatpayPlatformPrivateKey: String?
    @Option(help: "Wechatpay-Serial of that key [DJ_SIM_WECHATPAY_PLATFORM_SERIAL].")
    var wechatpayPlatformSerial: String?
    @Option(help: "PEM file: the merchant's public key, verifying its Authorization [DJ_SIM_WECHATPAY_MERCHANT_PUBLIC_KEY].")
    var wechatpayMerchantPublicKey: String?
    @Option(help: "File holding the 32-byte APIv3 key that encrypts notifications [DJ_SIM_WECHATPAY_APIV3_KEY_FILE].")
    var wechatpayApiv3KeyFile: String?
    @Option(help: "Scale of WeChat Pay's retry schedule (15s … 6h); 0.001 for tests [DJ_SIM_WECHATPAY_RETRY_SCALE, default 1].")
    var wechatpayRetryScale: Double?
    @Option(help: "UnionPay merId the gateway accepts [DJ_SIM_UNIONPAY_MER_ID, default 777290058110048].")
    var unionpayMerId: String?
    @Option(help: "PEM file: UnionPay's private key, signing answers and notifications [DJ_SIM_UNIONPAY_PRIVATE_KEY].")
    var unionpayPrivateKey: String?
    @Option(help: "PEM file: the merchant's public key, verifying its requests [DJ_SIM_UNIONPAY_MERCHANT_PUBLIC_KEY].")
    var unionpayMerchantPublicKey: String?
    @Option(help: "Send every payment notification twice, each after a random pause of up to this many ms (duplicates, out of order) [DJ_SIM_NOTIFY_CHAOS, default 0: off].")
    var notifyChaos: Int?
    @Option(help: "Scale of UnionPay's resend schedule (1, 2, 4, 8, 16 min); 0.001 for tests [DJ_SIM_UNIONPAY_RETRY_SCALE, default 1].")
    var unionpayRetryScale: Double?
    @Option(help: "Port of the SMTP sink playing the installation's mail relay, 0 = off [DJ_SIM_SMTP_PORT, default 2525].")
    var smtpPort: Int?

    func run() async throws {
        let env = ProcessInfo.processInfo.environment
        func pick(_ flag: String?, _ name: String) -> String? {
            if let flag, !flag.isEmpty { return flag }
            if let v = env[name], !v.isEmpty { return v }
            return nil
        }
        var config = SimConfig()
        if let v = pick(port.map(String.init), "DJ_SIM_PORT") {
            guard let p = UInt16(v) else { throw ValidationError("port must be 0…65535") }
            config.port = p
        }
        if let v = pick(bind, "DJ_SIM_BIND") { config.bind = v }
        let keyID = pick(smsAccessKeyId, "DJ_SIM_SMS_ACCESS_KEY_ID") ?? "simkey"
        let keySecret = pick(smsAccessKeySecret, "DJ_SIM_SMS_ACCESS_KEY_SECRET") ?? "simsecret"
        config.smsAccessKeys = [keyID: keySecret]
        if let v = pick(wechatAppid, "DJ_SIM_WECHAT_APPID") { config.wechatAppID = v }
        if let v = pick(wechatSecret, "DJ_SIM_WECHAT_SECRET") { config.wechatSecret = v }
        if let v = pick(wechatToken, "DJ_SIM_WECHAT_TOKEN") { config.wechatToken = v }
        if let v = pick(realnameAppcode, "DJ_SIM_REALNAME_APPCODE") { config.realnameAppCode = v }
        if let v = pick(realnameNoRecord, "DJ_SIM_REALNAME_NO_RECORD") {
            config.realnameNoRecord = Set(v.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).uppercased() })
        }
        if let v = pick(callbackUrl, "DJ_SIM_CALLBACK_URL") {
            guard let url = URL(string: v), url.scheme != nil else { throw ValidationError("bad --callback-url") }
            config.callbackURL = url
        }
        if let v = pick(wechatCallbackUrl, "DJ_SIM_WECHAT_CALLBACK_URL") {
            guard let url = URL(string: v), url.scheme != nil else { throw ValidationError("bad --wechat-callback-url") }
            config.wechatCallbackURL = url
        }
        if let v = pick(reportDelayMs.map(String.init), "DJ_SIM_REPORT_DELAY_MS") {
            guard let ms = Int(v), ms >= 0 else { throw ValidationError("report delay must be ≥ 0") }
            config.reportDelayMs = ms
        }
        if let v = pick(alipayAppId, "DJ_SIM_ALIPAY_APP_ID") { config.alipay.appId = v }
        if let v = pick(alipaySellerId, "DJ_SIM_ALIPAY_SELLER_ID") { config.alipay.sellerId = v }
        if let v = pick(alipayPrivateKey, "DJ_SIM_ALIPAY_PRIVATE_KEY") {
            config.alipay.alipayPrivateKeyPEM = try String(contentsOfFile: v, encoding: .utf8)
        }
        if let v = pick(alipayMerchantPublicKey, "DJ_SIM_ALIPAY_MERCHANT_PUBLIC_KEY") {
            config.alipay.merchantPublicKeyPEM = try String(contentsOfFile: v, encoding: .utf8)
        }
        if let v = pick(alipayResendScale.map { String($0) }, "DJ_SIM_ALIPAY_RESEND_SCALE") {
            guard let scale = Double(v), scale > 0 else { throw ValidationError("alipay resend scale must be > 0") }
            config.alipay.resendScale = scale
        }
        if let v = pick(wechatpayMchId, "DJ_SIM_WECHATPAY_MCH_ID") { config.wechatpay.mchId = v }
        if let v = pick(wechatpayAppId, "DJ_SIM_WECHATPAY_APP_ID") { config.wechatpay.appId = v }
        if let v = pick(wechatpayPlatformPrivateKey, "DJ_SIM_WECHATPAY_PLATFORM_PRIVATE_KEY") {
            config.wechatpay.platformPrivateKeyPEM = try String(contentsOfFile: v, encoding: .utf8)
        }
        if let v = pick(wechatpayPlatformSerial, "DJ_SIM_WECHATPAY_PLATFORM_SERIAL") { config.wechatpay.platformSerialNo = v }
        if let v = pick(wechatpayMerchantPublicKey, "DJ_SIM_WECHATPAY_MERCHANT_PUBLIC_KEY") {
            config.wechatpay.merchantPublicKeyPEM = try String(contentsOfFile: v, encoding: .utf8)
        }
        if let v = pick(wechatpayApiv3KeyFile, "DJ_SIM_WECHATPAY_APIV3_KEY_FILE") {
            let key = try String(contentsOfFile: v, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            guard key.utf8.count == 32 else { throw ValidationError("the WeChat Pay APIv3 key must be 32 bytes") }
            config.wechatpay.apiV3Key = key
        }
        if let v = pick(wechatpayRetryScale.map { String($0) }, "DJ_SIM_WECHATPAY_RETRY_SCALE") {
            guard let scale = Double(v), scale > 0 else { throw ValidationError("wechatpay retry scale must be > 0") }
            config.wechatpay.retryScale = scale
        }
        if let v = pick(unionpayMerId, "DJ_SIM_UNIONPAY_MER_ID") { config.unionpay.merId = v }
        if let v = pick(unionpayPrivateKey, "DJ_SIM_UNIONPAY_PRIVATE_KEY") {
            config.unionpay.privateKeyPEM = try String(contentsOfFile: v, encoding: .utf8)
        }
        if let v = pick(unionpayMerchantPublicKey, "DJ_SIM_UNIONPAY_MERCHANT_PUBLIC_KEY") {
            config.unionpay.merchantPublicKeyPEM = try String(contentsOfFile: v, encoding: .utf8)
        }
        if let v = pick(notifyChaos.map { String($0) }, "DJ_SIM_NOTIFY_CHAOS") {
            guard let ms = Int(v), ms >= 0 else { throw ValidationError("notify chaos must be ≥ 0 ms") }
            config.alipay.chaos = NotifyChaos(maxMs: ms)
            config.wechatpay.chaos = NotifyChaos(maxMs: ms)
            config.unionpay.chaos = NotifyChaos(maxMs: ms)
        }
        if let v = pick(unionpayRetryScale.map { String($0) }, "DJ_SIM_UNIONPAY_RETRY_SCALE") {
            guard let scale = Double(v), scale > 0 else { throw ValidationError("unionpay retry scale must be > 0") }
            config.unionpay.retryScale = scale
        }
        let smtp = pick(smtpPort.map(String.init), "DJ_SIM_SMTP_PORT") ?? "2525"
        guard let smtpPortNumber = UInt16(smtp) else { throw ValidationError("smtp port must be 0…65535") }
        config.smtpPort = smtpPortNumber == 0 ? nil : smtpPortNumber

        // SIGTERM/SIGINT: exit 0 at once; nothing is persisted, so there is nothing to flush.
        signal(SIGTERM, SIG_IGN)
        signal(SIGINT, SIG_IGN)
        for sig in [SIGTERM, SIGINT] {
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { Foundation.exit(0) }
            source.resume()
            signalSources.append(source)
        }

        let simulator = try ProviderSimulator(config: config)
        let bound = try await simulator.start()
        FileHandle.standardOutput.write(Data("provider-sim listening on http://\(config.bind):\(bound)\n".utf8))
        if let smtp = simulator.smtpPort {
            FileHandle.standardOutput.write(Data("provider-sim SMTP sink on smtp://\(config.bind):\(smtp)\n".utf8))
        }
        while true { try await Task.sleep(nanoseconds: 3_600_000_000_000) }
    }
}

/// Kept alive for the life of the process.
nonisolated(unsafe) var signalSources: [DispatchSourceSignal] = []

