import Bus
import Foundation
import Schema
import Synchronization

/// Where a member's real-name status comes from: identity over the bus in a service, a closure in tests.
public protocol RealNameStatusSource: Sendable {
    func realNameStatus(memberId: String) async throws(ErrorBody) -> RealNameStatus
}

/// `identity.realname.status` asked over the bus as the calling service, naming the member.
public struct BusRealNameStatusSource: RealNameStatusSource {
    let client: BusClient
    let service: String
    let timeout: Duration

    public init(client: BusClient, service: String, timeout: Duration = .seconds(3)) {
        self.client = client
        self.service = service
        self.timeout = timeout
    }

    public func realNameStatus(memberId: String) async throws(ErrorBody) -> RealNameStatus {
        try await client.call(IdentityAPI.realNameStatus.type, RealNameStatusRequest(memberId: memberId), as: RealNameStatus.self,
                              actor: .service(service), timeout: timeout, retries: 1)
    }
}

/// The one rule of real-name verification for party-affairs requests (dues, transfers, meetings):
/// when identity says the installation requires it, a member who has not verified today is refused
/// `identity.realname_required` (403) on the commands they send themself. Administrators and reads
/// are not asked. A member found verified (or the setting off) is remembered for `cacheSeconds`;
/// a refusal is never remembered, so a member who has just verified goes through at once. When
/// identity cannot answer, the request fails with the bus's error (the rule is not skipped).
public final class RealNameGate: Sendable {
    let source: any RealNameStatusSource
    let cacheSeconds: Double
    let now: @Sendable () -> Date
    /// memberId → until when a pass holds.
    let passes = Mutex<[String: Date]>([:])

    public init(source: any RealNameStatusSource, cacheSeconds: Double = 30, now: @escaping @Sendable () -> Date = { Date() }) {
        self.source = source
        self.cacheSeconds = cacheSeconds
        self.now = now
    }

    /// The gate a service uses: identity over the service's own bus client.
    public convenience init(client: BusClient, service: String, cacheSeconds: Double = 30) {
        self.init(source: BusRealNameStatusSource(client: client, service: service), cacheSeconds: cacheSeconds)
    }

    /// For a command the actor sends as a member (themself): checks them; any other actor passes.
    public func requireActingMember(_ actor: Actor?) async throws(ErrorBody) {
        guard let actor, actor.kind == .member else { return }
        try await require(memberId: actor.id)
    }

    /// For a member on whose own behalf a service acts (e.g. the payer of a payment).
    public func require(memberId: String) async throws(ErrorBody) {
        let at = now()
        if let until = passes.withLock({ $0[memberId] }), until > at { return }
        let status = try await source.realNameStatus(memberId: memberId)
        guard status.required, !status.verified else {
            // The cache is short; a verification counts for the calendar day, so a pass never
            // outlives the day by more than `cacheSeconds`.
            passes.withLock { passes in
                if passes.count > 50_000 { passes.removeAll() }
                passes[memberId] = at.addingTimeInterval(cacheSeconds)
            }
            return
        }
        passes.withLock { _ = $0.removeValue(forKey: memberId) }
        throw ErrorBody.make(ErrorCode.identityRealNameRequired, details: [
            "memberId": memberId, "reason": "not_verified_today", "verify": IdentityAPI.realNameVerify.type,
        ])
    }
}
