import Foundation
import GatewayCore
import Logging
import Schema
import ServiceLifecycle
import Synchronization

public struct GatewaySettings: Sendable {
    public var maxBodyBytes: Int
    public var corsOrigins: [String]
    public var busTimeout: Duration
    public var profileCacheSeconds: Double
    public var loginPerIP: RateLimiter
    public var loginPerAccount: RateLimiter
    public var smsPerIP: RateLimiter
    public var smsPerAccount: RateLimiter
    /// Provider callbacks per client address.
    public var callbackPerIP: RateLimiter

    /// The defaults are the command's flags' (`gateway --help`).
    public init(maxBodyBytes: Int, corsOrigins: [String], busTimeout: Duration, profileCacheSeconds: Double,
                loginPerIP: RateLimiter, loginPerAccount: RateLimiter, smsPerIP: RateLimiter, smsPerAccount: RateLimiter,
                callbackPerIP: RateLimiter) {
        self.maxBodyBytes = maxBodyBytes
        self.corsOrigins = corsOrigins
        self.busTimeout = busTimeout
        self.profileCacheSeconds = profileCacheSeconds
        self.loginPerIP = loginPerIP
        self.loginPerAccount = loginPerAccount
        self.smsPerIP = smsPerIP
        self.smsPerAccount = smsPerAccount
        self.callbackPerIP = callbackPerIP
    }

    func perIP(_ limit: GatewayRoute.RateLimit) -> RateLimiter {
        switch limit {
        case .login: loginPerIP
        case .sms: smsPerIP
        case .callback: callbackPerIP
        }
    }

    func perAccount(_ limit: GatewayRoute.RateLimit) -> RateLimiter? {
        switch limit {
        case .login: loginPerAccount
        case .sms: smsPerAccount
        case .callback: nil
        }
    }
}

/// What the routes, the middleware and the background services share.
public final class GatewayState: Sendable {
    public let bus: any GatewayBus
    public let settings: GatewaySettings
    public let logger: Logger
    public let table = GatewayRoutes.all
    public let verifier = TokenVerifier()
    let openAPIBytes: [UInt8]
    /// The broker's last word (MMI) on each service: nil while unknown.
    let availability = Mutex<[String: Bool]>([:])
    /// GET /me: profile reads kept for `profileCacheSeconds`, keyed by actor.
    let profiles = Mutex<[String: (expires: Double, value: [UInt8])]>([:])
    /// Idempotency keys whose first request is still running (per caller).
    let inFlight = Mutex<Set<String>>([])
    /// Where revocation polls stopped. Two polls may overlap (the timer's and one after a logout):
    /// revoking is idempotent and the cursor only moves forward.
    let revocationCursor = Mutex<RevokedSessionsCursor?>(nil)
    /// Pages that take a larger body than the default (see BodyLimits.swift).
    let pageBodyLimits = Mutex<[PageBodyLimit]>([])

    static let actor = Actor.service("gateway")

    public init(bus: any GatewayBus, settings: GatewaySettings, logger: Logger) {
        self.bus = bus
        self.settings = settings
        self.logger = logger
        openAPIBytes = JSONWriter.bytes(OpenAPI.document(GatewayRoutes.all))
        pageBodyLimits.withLock { $0 = Self.apiBodyLimits(table, base: settings.maxBodyBytes) }
    }

    /// A typed call for the gateway's own needs (keys, revocations, /me, the portal's pages): not the
    /// JSON forwarding path. The portal passes the logged-in actor (or an anonymous one), never the
    /// gateway's own.
    /// `requestId`: a form's own idempotency key (a page that makes one order however often it is sent).
    public func call<Request, Reply>(_ operation: BusOperation<Request, Reply>, _ body: Request,
                                     actor: Actor, requestId: String? = nil) async throws(ErrorBody) -> Reply {
        let bytes: [UInt8]
        do { bytes = try Wire.encode(Envelope(type: operation.type, id: requestId ?? MessageId.next(), actor: actor, body: body)) } catch {
            throw ErrorBody.make(ErrorCode.internal, details: ["reason": "encode"])
        }
        let reply = try await bus.send(service: operation.descriptor.service, envelope: bytes, timeout: settings.busTimeout)
        let envelope = try Wire.decode(Reply.self, from: reply)
        if let error = envelope.error { throw error }
        guard let body = envelope.body else { throw ErrorBody.make(ErrorCode.internal, details: ["reason": "reply without body"]) }
        return body
    }

    /// As the gateway itself (keys, revocations).
    func call<Request, Reply>(_ operation: BusOperation<Request, Reply>, _ body: Request) async throws(ErrorBody) -> Reply {
        try await call(operation, body, actor: GatewayState.actor)
    }

    /// Asks the broker (MMI) whether `service` has a worker and records the answer.
    @discardableResult
    func probe(_ service: String, timeout: Duration = .milliseconds(300)) async -> Bool? {
        let available = await bus.available(service, timeout: timeout)
        let changed = availability.withLock { known in
            defer { known[service] = available }
            return known[service] != available
        }
        if changed {
            logger.info("service availability changed", metadata: ["service": "\(service)", "available": "\(available.map(String.init) ?? "unknown")"])
        }
        return available
    }

    func isKnownDown(_ service: String) -> Bool { availability.withLock { $0[service] } == false }

    func fetchKeys() async -> Bool {
        do throws(ErrorBody) {
            return verifier.setKeys(try await call(IdentityAPI.tokenKeys, Empty()))
        } catch {
            logger.warning("token keys not fetched", metadata: ["code": "\(error.code)"])
            return false
        }
    }

    /// Follows `identity.sessions.revoked` from where it last stopped, every page until caught up.
    public func pollRevocations(pageSize: Int = 500) async throws(ErrorBody) {
        var cursor = revocationCursor.withLock { $0 }
        while true {
            let reply = try await call(IdentityAPI.sessionsRevoked, RevokedSessionsRequest(after: cursor, limit: pageSize))
            verifier.revoke(reply.sessions)
            cursor = reply.next ?? cursor
            revocationCursor.withLock { current in
                if let cursor, current.map({ ($0.revokedAt, $0.sessionId) < (cursor.revokedAt, cursor.sessionId) }) ?? true {
                    current = cursor
                }
            }
            if reply.sessions.count < pageSize { return }
        }
    }
}

/// Follows identity's revoked sessions every `interval` (from one access-token lifetime back at
/// start, identity's choice for a nil cursor), so a session ended inside identity stops working here
/// within about `interval`.
struct RevocationPoller: Service {
    let state: GatewayState
    let interval: Duration

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                try await state.pollRevocations()
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

/// Asks the broker every half second whether each service has a worker, so requests to a service
/// that is down fail fast with 503 and go through again as soon as it is back.
struct AvailabilityMonitor: Service {
    let state: GatewayState
    let services: [String]

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            for service in services {
                let available = await state.probe(service, timeout: .seconds(1))
                if service == IdentityAPI.service, available == true, !state.verifier.hasKeys { _ = await state.fetchKeys() }
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .milliseconds(500)) }
        }
    }
}
