import GatewayCore
import HTTPTypes
import Hummingbird
import Schema

/// The per-address limit of a route's class (logins, SMS, provider callbacks), before anything is
/// read. The per-account limit needs the body and is checked by `RateLimits.account` once it is.
struct RateLimitMiddleware: RouterMiddleware {
    typealias Context = GatewayContext
    let limiter: RateLimiter

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        try RateLimits.take(limiter, key: "ip:" + context.clientAddress)
        return try await next(request, context)
    }
}

enum RateLimits {
    static let retryAfter = HTTPField.Name("Retry-After")!

    static func take(_ limiter: RateLimiter, key: String) throws {
        let decision = limiter.take(key)
        guard decision.allowed else {
            throw GatewayFailure(ErrorBody.make(ErrorCode.httpRateLimited, details: ["retryAfter": String(decision.retryAfter)]),
                                 headers: [retryAfter: String(decision.retryAfter)])
        }
    }
}
