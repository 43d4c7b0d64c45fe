import HTTPTypes
import Hummingbird
import Schema

/// A declared body over the limit (the route's own, else the default) is refused (413) before it is read; one that turns out larger
/// while being read is refused by `collect(upTo:)` in the route.
struct BodyLimitMiddleware: RouterMiddleware {
    typealias Context = GatewayContext
    let state: GatewayState

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        // Only a declared length is checked here (most requests declare none: a GET), so the limit is
        // looked up only then.
        if let length = request.headers[.contentLength].flatMap(Int.init),
           case let maxBytes = state.bodyLimit(method: request.method.rawValue, path: request.uri.path), length > maxBytes {
            throw GatewayFailure(ErrorBody.make(ErrorCode.httpPayloadTooLarge, details: ["limit": String(maxBytes)]))
        }
        return try await next(request, context)
    }
}
