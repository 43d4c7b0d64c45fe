import Bus
import Foundation
import GatewayCore
import Logging
import Schema
import ServiceLifecycle
import Synchronization

struct GatewaySettings: Sendable {
    var maxBodyBytes: Int
    var corsOrigins: [String]
    var busTimeout: Duration
    var profileCacheSeconds: Double
    var loginPerIP: RateLimiter
    var loginPerAccount: RateLimiter
    var smsPerIP: RateLimiter
    var smsPerAccount: RateLimiter
    /// Provider callbacks per client address.
    var callbackPerIP: RateLimiter
    /// The WeChat official account's server token (the server-URL check); nil: the check always fails.
    var wechatToken: String?

    func perIP(_ limit: GatewayRoute.RateLimit) -> RateLimiter {
        switch limit {
        case .login: loginPerIP
        case .sms: smsPerIP
        case .callback: callbackPerIP
        }
    }
}

/// What the responder and the background services share.
final class GatewayState: Sendable {
    let client: BusClient
    let settings: GatewaySettings
    let logger: Logger
    let table = GatewayRoutes.all
    let verifier = TokenVerifier()
    let openAPIBytes: [UInt8]
    /// Last answer of the broker's MMI about identity; nil while unknown (not asked yet, or broker down).
    let identityAvailable = Mutex<Bool?>(nil)
    /// GET /me: profile reads kept for `profileCacheSeconds`, keyed by actor kind and id.
    let profiles = Mutex<[String: (expires: Double, value: [UInt8])]>([:])

    static let actor = Actor.service("gateway")

    init(client: BusClient, settings: GatewaySettings, logger: Logger) {
        self.client = client
        self.settings = settings
        self.logger = logger
        openAPIBytes = Array((try? GatewayResponder.encoder.encode(OpenAPI.document(GatewayRoutes.all))) ?? Data())
    }

    /// Asks the broker (MMI) whether identity has a worker and records the answer: true/false, or nil
    /// when the broker did not answer.
    @discardableResult
    func probeIdentity(timeout: Duration = .milliseconds(300)) async -> Bool? {
        let reply = try? await client.request(service: "mmi.service", body: [Array("identity".utf8)], timeout: timeout, retries: 0)
        let available: Bool? = reply.flatMap { $0.first }.map { $0 == Array("200".utf8) }
        let changed = identityAvailable.withLock { current in
            defer { current = available }
            return current != available
        }
        if changed { logger.info("identity availability changed", metadata: ["available": "\(available.map(String.init) ?? "unknown")"]) }
        return available
    }

    func fetchKeys() async -> Bool {
        do {
            let reply = try await client.call(AuthMessage.tokenKeys, Empty(), as: TokenKeysReply.self,
                                              actor: Self.actor, timeout: settings.busTimeout, retries: 0)
            return verifier.setKeys(reply)
        } catch {
            logger.warning("token keys not fetched", metadata: ["code": "\(error.code)"])
            return false
        }
    }
}

/// Follows `identity.sessions.revoked`: from one access-token lifetime back at start, then every
/// `interval`, every page until caught up, so a session ended inside identity stops working here
/// within about `interval`.
struct RevocationPoller: Service {
    let state: GatewayState
    let interval: Duration
    let pageSize = 500

    func run() async throws {
        var cursor: RevokedSessionsCursor?
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                while true {
                    let reply = try await state.client.call(
                        AuthMessage.sessionsRevoked, RevokedSessionsRequest(after: cursor, limit: pageSize), as: RevokedSessionsReply.self,
                        actor: GatewayState.actor, timeout: state.settings.busTimeout, retries: 0)
                    state.verifier.revoke(reply.sessions)
                    cursor = reply.next
                    if reply.sessions.count < pageSize { break }
                }
            } catch {
                // Identity down: the cursor stays, nothing revoked meanwhile is missed.
                state.logger.debug("revoked sessions not fetched", metadata: ["code": "\(error.code)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}

/// Fetches identity's token keys at start, retrying until identity answers, then refreshes them.
struct KeyRefresher: Service {
    let state: GatewayState
    let interval: Duration

    func run() async throws {
        var fetched = false
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            if await state.fetchKeys() {
                if !fetched { state.logger.info("token keys loaded") }
                fetched = true
            }
            let pause: Duration = fetched ? interval : .milliseconds(500)
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: pause) }
        }
    }
}

/// Asks the broker every half second whether identity has a worker, so requests fail fast with 503
/// while it is down and go through again as soon as it is back.
struct AvailabilityMonitor: Service {
    let state: GatewayState

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            let available = await state.probeIdentity(timeout: .seconds(1))
            if available == true, !state.verifier.hasKeys { _ = await state.fetchKeys() }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .milliseconds(500)) }
        }
    }
}
