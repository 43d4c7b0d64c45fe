import GatewayApp
import HTTPTypes
import Hummingbird

/// A browser asking for a page that does not exist gets a 404 page in Chinese, with the pages'
/// headers; the API's paths (and any client not asking for HTML) keep the API's JSON error.
struct NotFoundPageMiddleware: RouterMiddleware {
    typealias Context = GatewayContext
    let portal: PortalState

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            guard request.method == .get, !request.uri.path.hasPrefix("/api/"),
                  request.headers[.accept]?.contains("text/html") == true else { throw error }
            var response = portal.pages.html("error", ["title": "页面不存在", "heading": "页面不存在", "message": "您访问的页面不存在或已移动。",
                                                       "backHref": "/", "backLabel": "返回首页"], status: .notFound)
            for field in SecurityHeadersMiddleware.headers { response.headers[field.name] = field.value }
            return response
        }
    }
}
