import GatewayCore
import HTTPTypes
import Hummingbird

/// Gives every request its id (the client's `X-Request-Id` when sane, else a new one), echoes it on
/// the response, and marks every response `nosniff`.
struct RequestIdMiddleware: RouterMiddleware {
    typealias Context = GatewayContext
    static let header = HTTPField.Name(RequestId.header)!
    static let nosniff = HTTPField.Name("X-Content-Type-Options")!

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.requestId = RequestId.resolve(request.headers[Self.header])
        var response = try await next(request, context)
        response.headers[Self.header] = context.requestId
        response.headers[Self.nosniff] = "nosniff"
        return response
    }
}
