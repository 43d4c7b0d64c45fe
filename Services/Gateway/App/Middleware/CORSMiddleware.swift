import GatewayCore
import HTTPTypes
import Hummingbird

/// CORS for the listed origins (or `*`): a preflight for any known path is answered 204 here;
/// every response to an allowed origin carries the headers.
struct GatewayCORSMiddleware: RouterMiddleware {
    typealias Context = GatewayContext
    let origins: [String]
    let table: RouteTable

    static let origin = HTTPField.Name("Origin")!
    static let vary = HTTPField.Name("Vary")!
    static let allowOrigin = HTTPField.Name("Access-Control-Allow-Origin")!
    static let allowMethods = HTTPField.Name("Access-Control-Allow-Methods")!
    static let allowHeaders = HTTPField.Name("Access-Control-Allow-Headers")!
    static let expose = HTTPField.Name("Access-Control-Expose-Headers")!
    static let maxAge = HTTPField.Name("Access-Control-Max-Age")!
    static let requestMethod = HTTPField.Name("Access-Control-Request-Method")!

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        if request.method == .options, request.headers[Self.requestMethod] != nil,
           case .notFound = table.match(method: "OPTIONS", path: request.uri.path) {
            response = try await next(request, context)
        } else if request.method == .options, request.headers[Self.requestMethod] != nil {
            response = Response(status: .noContent)
        } else {
            response = try await next(request, context)
        }
        guard !origins.isEmpty, let origin = request.headers[Self.origin],
              origins.contains("*") || origins.contains(origin) else { return response }
        response.headers[Self.allowOrigin] = origin
        response.headers[Self.vary] = "Origin"
        response.headers[Self.expose] = RequestId.header + ", Content-Disposition"
        if request.method == .options {
            response.headers[Self.allowMethods] = "GET, POST, PATCH, DELETE, OPTIONS"
            response.headers[Self.allowHeaders] = "Authorization, Content-Type, X-Request-Id, Idempotency-Key"
            response.headers[Self.maxAge] = "600"
        }
        return response
    }
}
