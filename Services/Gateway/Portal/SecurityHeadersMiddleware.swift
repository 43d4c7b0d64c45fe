import GatewayApp
import HTTPTypes
import Hummingbird

/// The headers of every portal response: scripts, styles and everything else only from this origin
/// (no inline script or style, no third party), never framed, no referrer sent elsewhere.
/// `nosniff` is on every gateway response already (RequestIdMiddleware); repeated here so a page
/// never depends on that.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = GatewayContext

    static let headers: HTTPFields = [
        HTTPField.Name("Content-Security-Policy")!: "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'",
        HTTPField.Name("X-Content-Type-Options")!: "nosniff",
        HTTPField.Name("X-Frame-Options")!: "DENY",
        HTTPField.Name("Referrer-Policy")!: "no-referrer",
        HTTPField.Name("Cross-Origin-Opener-Policy")!: "same-origin",
        HTTPField.Name("Permissions-Policy")!: "camera=(), microphone=(), geolocation=()",
    ]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        for field in Self.headers { response.headers[field.name] = field.value }
        return response
    }
}
