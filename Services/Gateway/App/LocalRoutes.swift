import Foundation
import GatewayCore
import Hummingbird
import Schema

/// The gateway's own answers: liveness, readiness, its document, and who is logged in.
struct LocalRoute: HTTPResponder {
    typealias Context = GatewayContext
    let name: String
    let state: GatewayState

    func respond(to request: Request, context: Context) async throws -> Response {
        switch name {
        case "healthz":
            return GatewayReply.json(Self.health)
        case "readyz":
            let answer = await state.probe(IdentityAPI.service)
            let broker = answer != nil, identity = answer == true, keys = state.verifier.hasKeys
            guard broker, identity, keys else {
                throw ErrorBody.make(ErrorCode.httpNotReady, details: [
                    "broker": broker ? "up" : "down", "identity": identity ? "up" : "down", "tokenKeys": keys ? "loaded" : "missing",
                ])
            }
            return GatewayReply.json(["status": "ready", "broker": true, "identity": true, "tokenKeys": true])
        case "openapi":
            return GatewayReply.json(state.openAPIBytes)
        case "me":
            return GatewayReply.json(try await me(context.actor))
        default:
            throw ErrorBody.make(ErrorCode.internal)
        }
    }

    static let health = JSONWriter.bytes(["status": "ok", "service": "gateway", "version": "0.1.0"])

    /// The actor comes from the locally verified token; the profile (the member's record, or the
    /// administrator's organization) is read from identity and cached for a few seconds as encoded
    /// bytes, so a client polling /me costs no bus round trip most of the time.
    private func me(_ actor: Actor) async throws -> [UInt8] {
        let key = "\(actor.kind.rawValue):\(actor.id):\(actor.orgCode ?? ""):\(actor.roles.joined(separator: ","))"
        let now = Date().timeIntervalSince1970
        if let cached = state.profiles.withLock({ $0[key] }), cached.expires > now { return cached.value }
        var reply = MeReply(actor: actor)
        if actor.kind == .member {
            reply.member = try await state.call(IdentityAPI.memberGet, MemberRef(memberId: actor.id), actor: actor)
        } else if let org = actor.orgCode {
            reply.organization = try await state.call(IdentityAPI.orgGet, OrganizationRef(code: org), actor: actor)
        }
        let value = Array(try Wire.canonical(reply))
        state.profiles.withLock { cache in
            if cache.count > 10_000 { cache.removeAll() }
            cache[key] = (now + state.settings.profileCacheSeconds, value)
        }
        return value
    }
}
