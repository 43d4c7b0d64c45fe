import Bus
import Foundation
import GatewayCore
import HTTPTypes
import Hummingbird
import Logging
import Metrics
import Schema

/// The request context: Hummingbird's core storage plus the client's address (for rate limits).
struct GatewayRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let clientAddress: String

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        clientAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }
}

/// Every request goes through here: request id, CORS, routing (404/405), body limit (413),
/// authentication, rate limits, schema checks (400), then the bus or a local handler, and every
/// failure as `{code, message, details}` with the status from `ErrorStatus`.
struct GatewayResponder: HTTPResponder {
    typealias Context = GatewayRequestContext
    let state: GatewayState

    static let requestIdHeader = HTTPField.Name(RequestId.header)!
    static let retryAfterHeader = HTTPField.Name("Retry-After")!
    static let allowHeader = HTTPField.Name("Allow")!
    static let originHeader = HTTPField.Name("Origin")!
    static let varyHeader = HTTPField.Name("Vary")!
    static let acaoHeader = HTTPField.Name("Access-Control-Allow-Origin")!
    static let acamHeader = HTTPField.Name("Access-Control-Allow-Methods")!
    static let acahHeader = HTTPField.Name("Access-Control-Allow-Headers")!
    static let aceHeader = HTTPField.Name("Access-Control-Expose-Headers")!
    static let acmaHeader = HTTPField.Name("Access-Control-Max-Age")!
    static let acrmHeader = HTTPField.Name("Access-Control-Request-Method")!

    func respond(to request: Request, context: Context) async throws -> Response {
        let started = ContinuousClock.now
        let requestId = RequestId.resolve(request.headers[Self.requestIdHeader])
        var logger = state.logger
        logger[metadataKey: "request_id"] = .string(requestId)
        let method = request.method.rawValue
        let match = state.table.match(method: method, path: request.uri.path)
        let template: String
        if case .found(let route, _) = match { template = route.path } else { template = "unmatched" }

        var response: Response
        var errorCode: String?
        do {
            response = try await handle(request, context: context, match: match, requestId: requestId, logger: logger)
        } catch let error as GatewayFailure {
            errorCode = error.body.code
            response = Self.error(error.body, extraHeaders: error.headers)
        } catch let error as ErrorBody {
            errorCode = error.code
            response = Self.error(error)
        } catch {
            logger.error("unexpected failure", metadata: ["error": "\(type(of: error))"])
            errorCode = ErrorCode.internal
            response = Self.error(ErrorBody.make(ErrorCode.internal))
        }
        response.headers[Self.requestIdHeader] = requestId
        addCORS(request, to: &response)

        let elapsed = ContinuousClock.now - started
        let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        let status = Int(response.status.code)
        Counter(label: "gateway_http_requests_total", dimensions: [("route", template), ("status", String(status))]).increment()
        Metrics.Timer(label: "gateway_http_request_duration_seconds", dimensions: [("route", template)]).recordNanoseconds(
            Int64(ms * 1_000_000))
        // One line per request; the path template, never the path (it may hold ids), no query, no body.
        var meta: Logger.Metadata = ["method": .string(method), "route": .string(template), "status": .string(String(status)),
                                     "ms": .string(String(format: "%.1f", ms))]
        if let errorCode { meta["code"] = .string(errorCode) }
        if status >= 500 { logger.warning("request", metadata: meta) } else { logger.debug("request", metadata: meta) }
        return response
    }

    private func handle(_ request: Request, context: Context, match: RouteTable.Match, requestId: String,
                        logger: Logger) async throws -> Response {
        // CORS preflight for any known path.
        if request.method == .options, request.headers[Self.acrmHeader] != nil {
            switch match {
            case .found, .methodNotAllowed: return Response(status: .noContent)
            case .notFound: throw GatewayFailure(ErrorBody.make(ErrorCode.httpNotFound))
            }
        }
        let route: GatewayRoute
        let pathParameters: [String: String]
        switch match {
        case .notFound:
            throw GatewayFailure(ErrorBody.make(ErrorCode.httpNotFound))
        case .methodNotAllowed(let allowed):
            throw GatewayFailure(ErrorBody.make(ErrorCode.httpMethodNotAllowed, details: ["allowed": allowed.joined(separator: ", ")]),
                                 headers: [Self.allowHeader: allowed.joined(separator: ", ")])
        case .found(let found, let parameters):
            route = found
            pathParameters = parameters
        }

        // Authentication: locally, with identity's keys.
        let bearer = Self.bearerToken(request.headers[.authorization])
        var actor = Actor(kind: .anonymous, id: "")
        if route.auth == .bearer {
            guard let bearer else {
                throw GatewayFailure(ErrorBody.make(ErrorCode.httpUnauthorized), headers: [.wwwAuthenticate: "Bearer"])
            }
            guard state.verifier.hasKeys else {
                throw GatewayFailure(ErrorBody.make(ErrorCode.busServiceUnavailable, details: ["service": "identity"]))
            }
            actor = try state.verifier.verify(bearer).actor
        }

        // Rate limits per client address before reading anything else.
        if let limit = route.rateLimit {
            try check(state.settings.perIP(limit), key: "ip:" + context.clientAddress)
        }

        // The body, within the limit.
        if let length = request.headers[.contentLength].flatMap(Int.init), length > state.settings.maxBodyBytes {
            throw GatewayFailure(ErrorBody.make(ErrorCode.httpPayloadTooLarge, details: ["limit": String(state.settings.maxBodyBytes)]))
        }
        var bodyBytes: [UInt8] = []
        do {
            let buffer = try await request.body.collect(upTo: state.settings.maxBodyBytes)
            bodyBytes = Array(buffer.readableBytesView)
        } catch {
            throw GatewayFailure(ErrorBody.make(ErrorCode.httpPayloadTooLarge, details: ["limit": String(state.settings.maxBodyBytes)]))
        }

        let query = RequestInput.parseQuery(request.uri.query ?? "")
        var input: JSONValue
        switch RequestInput.build(route: route, pathParameters: pathParameters, query: query, body: bodyBytes) {
        case .success(let value): input = value
        case .failure(let error): throw GatewayFailure(error)
        }
        if let field = route.bearerField, let bearer, case .object(var object) = input, object[field] == nil {
            object[field] = .string(bearer)
            input = .object(object)
        }
        if let limit = route.rateLimit, let field = route.accountField, case .string(let account)? = input[field] {
            try check(limit == .login ? state.settings.loginPerAccount : state.settings.smsPerAccount,
                      key: "account:" + account.lowercased())
        }

        if case .local("me", _) = route.target {
            return Self.json(try await me(actor), status: .ok)
        }
        let reply: JSONValue
        switch route.target {
        case .local(let name, _):
            reply = try await local(name, actor: actor, input: input, requestId: requestId)
        case .bus(let type):
            reply = try await callBus(type, input, actor: actor)
            if type == AuthMessage.logout, let bearer, let claims = try? state.verifier.verify(bearer) {
                state.verifier.revoke(sessionId: claims.sid, until: claims.exp)
            }
        }
        if let raw = route.raw, let body = raw.responseBody(for: reply) {
            switch body {
            case .success(let body): return Self.raw(body)
            case .failure(let error):
                logger.error("reply unusable", metadata: ["route": .string(route.path), "reason": .string(error.details["reason"] ?? "")])
                throw GatewayFailure(error)
            }
        }
        if case .local("openapi", _) = route.target {
            return Self.json(state.openAPIBytes, status: .ok)
        }
        return Self.json(reply, status: .ok)
    }

    /// Sends one request on the bus as `actor`; fails fast with 503 while identity is known to be down.
    func callBus(_ type: String, _ body: JSONValue, actor: Actor) async throws(ErrorBody) -> JSONValue {
        let service = BusClient.service(of: type)
        // Believed down: ask the broker once more (cheap, short) before refusing, so a service that just
        // came back is used at once and one that is gone costs no full timeout.
        if service == "identity", state.identityAvailable.withLock({ $0 }) == false,
           await state.probeIdentity() != true {
            throw ErrorBody.make(ErrorCode.busServiceUnavailable, details: ["service": service])
        }
        return try await state.client.call(type, body, as: JSONValue.self, actor: actor, timeout: state.settings.busTimeout, retries: 0)
    }

    private func local(_ name: String, actor: Actor, input: JSONValue, requestId: String) async throws -> JSONValue {
        switch name {
        case "healthz":
            return ["status": "ok", "service": "gateway", "version": "0.1.0"]
        case "readyz":
            let answer = await state.probeIdentity()
            let broker = answer != nil
            let identity = answer == true
            let keys = state.verifier.hasKeys
            guard broker, identity, keys else {
                throw ErrorBody.make(ErrorCode.httpNotReady, details: [
                    "broker": broker ? "up" : "down", "identity": identity ? "up" : "down", "tokenKeys": keys ? "loaded" : "missing",
                ])
            }
            return ["status": "ready", "broker": true, "identity": true, "tokenKeys": true]
        case "openapi":
            return .null
        case "wechat_check":
            return try WeChatServerCheck.answer(token: state.settings.wechatToken, input: input).get()
        default:
            throw ErrorBody.make(ErrorCode.internal)
        }
    }

    /// GET /me. The actor comes from the locally verified token; the profile (the member's record, or
    /// the administrator's organization) is read from identity and cached for a few seconds, so a
    /// client polling /me costs no bus round trip most of the time.
    /// The reply is cached as encoded bytes (with the actor, so a changed token role is seen at once).
    private func me(_ actor: Actor) async throws -> [UInt8] {
        let key = "\(actor.kind.rawValue):\(actor.id):\(actor.orgCode ?? ""):\(actor.roles.joined(separator: ","))"
        let now = Date().timeIntervalSince1970
        if let cached = state.profiles.withLock({ $0[key] }), cached.expires > now {
            return cached.value
        }
        var result: [String: JSONValue] = ["actor": try JSONValue(encoding: actor)]
        if actor.kind == .member {
            result["member"] = try await callBus(IdentityType.memberGet, ["memberId": .string(actor.id)], actor: actor)
        } else if let org = actor.orgCode {
            result["organization"] = try await callBus(IdentityType.orgGet, ["code": .string(org)], actor: actor)
        }
        let value = Array((try? Self.encoder.encode(JSONValue.object(result))) ?? Data("{}".utf8))
        state.profiles.withLock { cache in
            if cache.count > 10_000 { cache.removeAll() }
            cache[key] = (now + state.settings.profileCacheSeconds, value)
        }
        return value
    }

    private func check(_ limiter: RateLimiter, key: String) throws {
        let decision = limiter.take(key)
        guard decision.allowed else {
            throw GatewayFailure(ErrorBody.make(ErrorCode.httpRateLimited, details: ["retryAfter": String(decision.retryAfter)]),
                                 headers: [Self.retryAfterHeader: String(decision.retryAfter)])
        }
    }

    private func addCORS(_ request: Request, to response: inout Response) {
        guard let origin = request.headers[Self.originHeader], !state.settings.corsOrigins.isEmpty else { return }
        let allowed = state.settings.corsOrigins.contains("*") || state.settings.corsOrigins.contains(origin)
        guard allowed else { return }
        response.headers[Self.acaoHeader] = origin
        response.headers[Self.varyHeader] = "Origin"
        response.headers[Self.aceHeader] = RequestId.header + ", Content-Disposition"
        if request.method == .options {
            response.headers[Self.acamHeader] = "GET, POST, PATCH, DELETE, OPTIONS"
            response.headers[Self.acahHeader] = "Authorization, Content-Type, X-Request-Id"
            response.headers[Self.acmaHeader] = "600"
        }
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static func bearerToken(_ header: String?) -> String? {
        guard let header else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }

    static func json(_ value: JSONValue, status: HTTPResponse.Status) -> Response {
        json(Array((try? GatewayResponder.encoder.encode(value)) ?? Data("{}".utf8)), status: status)
    }

    static func json(_ bytes: [UInt8], status: HTTPResponse.Status) -> Response {
        Response(status: status,
                 headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
                 body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static let contentDispositionHeader = HTTPField.Name("Content-Disposition")!
    static let nosniffHeader = HTTPField.Name("X-Content-Type-Options")!

    /// A non-JSON reply: a provider's acknowledgement, a text, or a file (an attachment).
    static func raw(_ body: RawExchange.ReplyBody) -> Response {
        var headers: HTTPFields = [.contentType: body.contentType, .cacheControl: "no-store"]
        if let disposition = body.disposition {
            headers[Self.contentDispositionHeader] = disposition
            headers[Self.nosniffHeader] = "nosniff"
        }
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body.bytes)))
    }

    static func error(_ body: ErrorBody, extraHeaders: HTTPFields = [:]) -> Response {
        let status = ErrorStatus.status(for: body.code)
        var response = json(Array((try? GatewayResponder.encoder.encode(body)) ?? Data()),
                            status: HTTPResponse.Status(code: status, reasonPhrase: ErrorStatus.reason(status)))
        for field in extraHeaders { response.headers[field.name] = field.value }
        return response
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
