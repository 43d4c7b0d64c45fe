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

    /// `Bearer <token>`, the scheme in any case, spaces around the token ignored. Byte work only:
    /// Foundation's trimming showed in the profile of every request.
    static func bearerToken(_ header: String?) -> String? {
        guard var utf8 = header?.utf8[...] else { return nil }
        let scheme = Array("bearer".utf8)
        guard utf8.count > scheme.count + 1,
              zip(utf8.prefix(scheme.count), scheme).allSatisfy({ $0 | 0x20 == $1 }),
              utf8[utf8.index(utf8.startIndex, offsetBy: scheme.count)] == 0x20 else { return nil }
        utf8 = utf8.dropFirst(scheme.count + 1)
        while let first = utf8.first, first == 0x20 || first == 0x09 { utf8 = utf8.dropFirst() }
        while let last = utf8.last, last == 0x20 || last == 0x09 { utf8 = utf8.dropLast() }
        return utf8.isEmpty ? nil : String(Substring(utf8))
    }
}
