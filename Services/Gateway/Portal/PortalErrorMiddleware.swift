import GatewayApp
import GatewayCore
import HTTPTypes
import Hummingbird
import Schema

/// A failure on a portal page is a page in Chinese, not the API's JSON: a refused form (403), a
/// service's error with its message and status (403: "没有权限"), or an unexpected one (500). A page
/// for someone else (`PortalRedirect`) sends the visitor to the login or their own home.
struct PortalErrorMiddleware: RouterMiddleware {
    typealias Context = GatewayContext
    let portal: PortalState

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let redirect as PortalRedirect {
            return redirect.visit.finish(Pages.redirect(redirect.location))
        } catch is CSRFRefused {
            return page(status: 403, heading: "请求被拒绝",
                        message: "表单已过期或来源不明，为保护您的账号安全，本次提交未被处理。请返回页面刷新后重试。")
        } catch let error as ErrorBody {
            let status = ErrorStatus.status(for: error.code)
            // Out of the actor's scope: another branch's page, another member's record.
            if status == 403 { return page(status: 403, heading: "没有权限", message: error.message) }
            return page(status: status, heading: "操作未完成", message: error.message)
        } catch {
            portal.gateway.logger.error("portal page failed", metadata: ["error": "\(type(of: error))", "request_id": "\(context.requestId)"])
            return page(status: 500, heading: "系统繁忙", message: "系统内部错误，请稍后重试。")
        }
    }

    func page(status: Int, heading: String, message: String) -> Response {
        portal.pages.html("error", ["title": heading, "heading": heading, "message": message, "backHref": "/", "backLabel": "返回首页"],
                          status: HTTPResponse.Status(code: status, reasonPhrase: ErrorStatus.reason(status)))
    }
}
