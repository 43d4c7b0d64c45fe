import ArgumentParser
import Bus
import Foundation
import GatewayApp
import GatewayCore
import Hummingbird
import Logging
import Schema
import ServiceLifecycle
import UnixSignals
import Portal
import ServiceKit
import ZeroMQ

@main
struct GatewayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gateway",
        abstract: "Dangjian HTTP gateway: the JSON API (/api/v1, /openapi.json) in front of the services on the bus.")

    @OptionGroup var runtime: RuntimeOptions
    @OptionGroup var curve: CurveOptions

    @Option(help: "Broker request/reply endpoint, or several separated by commas (each broker of a pair). Env DJ_BROKER.")
    var broker: String = Env.string("DJ_BROKER", "tcp://127.0.0.1:5555")
    @Option(help: "Address to listen on. Env DJ_GATEWAY_HOST.")
    var host: String = Env.string("DJ_GATEWAY_HOST", "127.0.0.1")
    @Option(help: "HTTP port. Env DJ_GATEWAY_PORT.")
    var port: Int = Env.int("DJ_GATEWAY_PORT", 8080)
    @Option(name: .customLong("max-body-bytes"), help: "Largest request body accepted (413 beyond). Env DJ_GATEWAY_MAX_BODY.")
    var maxBodyBytes: Int = Env.int("DJ_GATEWAY_MAX_BODY", 1 << 20)
    @Option(name: .customLong("cors-origins"), help: "Comma-separated origins allowed by CORS (the portal), or *. Env DJ_GATEWAY_CORS_ORIGINS.")
    var corsOrigins: String = Env.string("DJ_GATEWAY_CORS_ORIGINS", "")
    @Option(name: .customLong("bus-timeout-ms"), help: "Timeout of one bus request. Env DJ_GATEWAY_BUS_TIMEOUT_MS.")
    var busTimeoutMs: Int = Env.int("DJ_GATEWAY_BUS_TIMEOUT_MS", 3000)
    @Option(name: .customLong("bus-retries"), help: "Times a bus request that timed out is sent again, with the same id (so never applied twice), on a new socket: to another broker when --broker lists several. Default 0 with one broker, 1 with several. Env DJ_GATEWAY_BUS_RETRIES.")
    var busRetries: Int? = Env.optionalInt("DJ_GATEWAY_BUS_RETRIES")
    @Option(name: .customLong("bus-in-flight"), help: "Bus requests in flight at once (on one socket; more wait in line). Env DJ_GATEWAY_BUS_IN_FLIGHT.")
    var busInFlight: Int = Env.int("DJ_GATEWAY_BUS_IN_FLIGHT", 64)
    @Option(name: .customLong("login-per-ip"), help: "Login attempts per client address per minute. Env DJ_GATEWAY_LOGIN_PER_IP.")
    var loginPerIP: Int = Env.int("DJ_GATEWAY_LOGIN_PER_IP", 30)
    @Option(name: .customLong("login-per-account"), help: "Login attempts per account per minute. Env DJ_GATEWAY_LOGIN_PER_ACCOUNT.")
    var loginPerAccount: Int = Env.int("DJ_GATEWAY_LOGIN_PER_ACCOUNT", 10)
    @Option(name: .customLong("sms-per-ip"), help: "SMS code requests per client address per minute. Env DJ_GATEWAY_SMS_PER_IP.")
    var smsPerIP: Int = Env.int("DJ_GATEWAY_SMS_PER_IP", 10)
    @Option(name: .customLong("sms-per-account"), help: "SMS code requests per account per minute. Env DJ_GATEWAY_SMS_PER_ACCOUNT.")
    var smsPerAccount: Int = Env.int("DJ_GATEWAY_SMS_PER_ACCOUNT", 3)
    // Providers notify from a few addresses, so one address carries a whole dues day's peak. At the old
    // 6,000 (100/s once the burst was spent) paybench's 100,000 members had their notifications refused
    // and resent on Alipay's schedule, minutes later: 70 payments/s end to end instead of 131. This is
    // twice the 500 payments/s design peak.
    @Option(name: .customLong("callbacks-per-ip"), help: "Provider callbacks (payment notifications, SMS reports, WeChat pushes) per client address per minute. Env DJ_GATEWAY_CALLBACKS_PER_IP.")
    var callbacksPerIP: Int = Env.int("DJ_GATEWAY_CALLBACKS_PER_IP", 60_000)
    @Option(name: .customLong("key-refresh-seconds"), help: "How often to refetch the token keys. Env DJ_GATEWAY_KEY_REFRESH.")
    var keyRefreshSeconds: Int = Env.int("DJ_GATEWAY_KEY_REFRESH", 300)
    @Option(name: .customLong("revocation-poll-ms"), help: "How often to ask identity for sessions it revoked (their tokens are refused from then on). Env DJ_GATEWAY_REVOCATION_POLL_MS.")
    var revocationPollMs: Int = Env.int("DJ_GATEWAY_REVOCATION_POLL_MS", 2000)
    @Flag(name: .customLong("portal-secure-cookies"), help: "Mark the portal's cookies Secure (the gateway is reached over TLS). Env DJ_PORTAL_SECURE_COOKIES=1.")
    var portalSecureCookiesFlag = false
    // A flag's default must be false (ArgumentParser refuses a true one), so the environment is read beside it.
    var portalSecureCookies: Bool { portalSecureCookiesFlag || Env.string("DJ_PORTAL_SECURE_COOKIES", "") == "1" }

    @Option(name: .customLong("portal-secret-file"), help: "File holding the portal's form (CSRF) key, at least 32 bytes, the same for every gateway behind one address; without it each process makes its own (a form opened on one gateway is refused by another). Env DJ_PORTAL_SECRET_FILE.")
    var portalSecretFile: String? = Env.optionalString("DJ_PORTAL_SECRET_FILE")
    @Option(name: .customLong("profile-cache-ms"), help: "How long GET /me keeps a profile read. Env DJ_GATEWAY_PROFILE_CACHE_MS.")
    var profileCacheMs: Int = Env.int("DJ_GATEWAY_PROFILE_CACHE_MS", 5000)

    func run() async throws {
        LoggingSetup.bootstrap(runtime, service: "gateway")
        MetricsSetup.bootstrap()
        let logger = Logger(label: "gateway")
        let context = try curve.context()
        let client = try BusClient(context: context, options: .init(
            endpoint: broker, inFlight: busInFlight, timeout: .milliseconds(busTimeoutMs),
            retries: busRetries ?? (Socket.endpoints(broker).count > 1 ? 1 : 0)),
            logger: Logger(label: "gateway.bus"))
        let settings = GatewaySettings(
            maxBodyBytes: maxBodyBytes,
            corsOrigins: corsOrigins.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty },
            busTimeout: .milliseconds(busTimeoutMs),
            profileCacheSeconds: Double(profileCacheMs) / 1000,
            loginPerIP: RateLimiter(capacity: loginPerIP), loginPerAccount: RateLimiter(capacity: loginPerAccount),
            smsPerIP: RateLimiter(capacity: smsPerIP), smsPerAccount: RateLimiter(capacity: smsPerAccount),
            callbackPerIP: RateLimiter(capacity: callbacksPerIP))
        let state = GatewayState(bus: client, settings: settings, logger: logger)
        let portalSettings = PortalSettings(secureCookies: portalSecureCookies, secret: try portalSecret())
        var extra: [any Service] = []
        if let metricsPort = runtime.metricsPort { extra.append(MetricsServer(port: metricsPort, host: runtime.metricsHost, logger: logger)) }
        let app = buildApplication(state: state, host: host, port: port, keyRefresh: .seconds(max(5, keyRefreshSeconds)),
                                   revocationPoll: .milliseconds(max(100, revocationPollMs)), extraServices: extra, logger: logger) { router in
            Portal.mount(on: router, state: state, settings: portalSettings)
        }
        try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
        await client.close()
        logger.info("gateway stopped")
    }
}

extension GatewayCommand {
    /// The shared form key from `--portal-secret-file` (its bytes as they are: e.g. `head -c 32 /dev/urandom`),
    /// nil for a per-process key. A key too short to be one is refused at start, not at the first form.
    func portalSecret() throws -> [UInt8]? {
        guard let path = portalSecretFile else { return nil }
        guard let data = FileManager.default.contents(atPath: path), data.count >= 32 else {
            throw ValidationError("--portal-secret-file \(path): missing, unreadable or shorter than 32 bytes")
        }
        return Array(data)
    }
}
