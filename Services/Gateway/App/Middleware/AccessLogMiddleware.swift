import Foundation
import GatewayCore
import HTTPTypes
import Hummingbird
import Logging
import Metrics
import Schema
import Synchronization

/// Every failure becomes `{code, message, details}` with the status the code declares (an unknown
/// path 404, a known path with another method 405 and `Allow`); then one log line and the metrics
/// per request, by path template — never the path itself (it may hold ids), no query, no body.
struct AccessLogMiddleware: RouterMiddleware {
    typealias Context = GatewayContext
    let state: GatewayState
    let meters = Meters()
    static let allow = HTTPField.Name("Allow")!

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        var response: Response
        var code: String?
        do {
            response = try await next(request, context)
        } catch let failure as GatewayFailure {
            code = failure.body.code
            response = GatewayReply.error(failure.body, headers: failure.headers)
        } catch let error as ErrorBody {
            code = error.code
            response = GatewayReply.error(error)
        } catch let error as HTTPError where error.status == .notFound {
            switch state.table.match(method: request.method.rawValue, path: request.uri.path) {
            case .methodNotAllowed(let allowed):
                let list = allowed.joined(separator: ", ")
                code = ErrorCode.httpMethodNotAllowed
                response = GatewayReply.error(ErrorBody.make(ErrorCode.httpMethodNotAllowed, details: ["allowed": list]),
                                              headers: [Self.allow: list])
            default:
                code = ErrorCode.httpNotFound
                response = GatewayReply.error(ErrorBody.make(ErrorCode.httpNotFound))
            }
        } catch let error as HTTPError where error.status == .contentTooLarge {
            code = ErrorCode.httpPayloadTooLarge
            response = GatewayReply.error(ErrorBody.make(ErrorCode.httpPayloadTooLarge,
                                                         details: ["limit": String(state.bodyLimit(method: request.method.rawValue, path: request.uri.path))]))
        } catch {
            state.logger.error("unexpected failure", metadata: ["error": "\(type(of: error))", "request_id": "\(context.requestId)"])
            code = ErrorCode.internal
            response = GatewayReply.error(ErrorBody.make(ErrorCode.internal))
        }
        let elapsed = ContinuousClock.now - started
        let nanoseconds = elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000
        let template = context.endpointPath ?? "unmatched"
        let status = Int(response.status.code)
        let (counter, timer) = meters.get(route: template, status: status)
        counter.increment()
        timer.recordNanoseconds(nanoseconds)
        if status >= 500 || state.logger.logLevel <= .debug {
            var meta: Logger.Metadata = ["method": .string(request.method.rawValue), "route": .string(template),
                                         "status": .string(String(status)), "request_id": .string(context.requestId),
                                         "ms": .string(String(format: "%.1f", Double(nanoseconds) / 1e6))]
            if let code { meta["code"] = .string(code) }
            state.logger.log(level: status >= 500 ? .warning : .debug, "request", metadata: meta)
        }
        return response
    }
}

/// The request counter and timer of each route and status, made once: asking the metrics factory
/// for them on every request showed in profiles.
final class Meters: Sendable {
    private let made = Mutex<[String: (Counter, Metrics.Timer)]>([:])

    func get(route: String, status: Int) -> (Counter, Metrics.Timer) {
        let key = route + "|" + String(status)
        if let found = made.withLock({ $0[key] }) { return found }
        let pair = (Counter(label: "gateway_http_requests_total", dimensions: [("route", route), ("status", String(status))]),
                    Metrics.Timer(label: "gateway_http_request_duration_seconds", dimensions: [("route", route)]))
        made.withLock { $0[key] = pair }
        return pair
    }
}

/// An error with headers to add (Allow, Retry-After, WWW-Authenticate).
struct GatewayFailure: Error {
    let body: ErrorBody
    let headers: HTTPFields
    init(_ body: ErrorBody, headers: HTTPFields = [:]) {
        self.body = body
        self.headers = headers
    }
}
