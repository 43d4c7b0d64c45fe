import GatewayCore
import HTTPTypes
import Hummingbird
import Schema

/// Routes that need a login: the bearer token is verified locally with identity's keys and its
/// session checked against the revoked ones; the actor goes on the context. Routes without a login
/// still have a sent token remembered (logout forwards it).
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = GatewayContext
    let state: GatewayState
    let required: Bool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.bearer = Self.bearerToken(request.headers[.authorization])
        if required {
            guard let bearer = context.bearer else {
                throw GatewayFailure(ErrorBody.make(ErrorCode.authUnauthenticated), headers: [.wwwAuthenticate: "Bearer"])
            }
            guard state.verifier.hasKeys else {
                throw GatewayFailure(ErrorBody.make(ErrorCode.busServiceUnavailable, details: ["service": IdentityAPI.service]))
            }
            context.actor = try state.verifier.verify(bearer).actor
        }
        return try await next(request, context)
    }

    static func bearerToken(_ header: String?) -> String? {
        guard let header else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }
}
