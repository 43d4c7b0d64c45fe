import Crypto
import Foundation
import GatewayCore
import HTTPTypes
import Hummingbird
import Schema

/// One declared operation on HTTP: the request (body, path and query) checked against the schemas
/// derived from its types, sent on the bus as the caller, and the reply's body served as the bytes
/// the service wrote. It holds no rule of any service: everything it does comes from the route.
struct OperationRoute: HTTPResponder {
    typealias Context = GatewayContext
    let route: GatewayRoute
    let type: String
    let service: String
    let state: GatewayState
    /// The route's `{placeholders}`, worked out once rather than per request.
    let pathParameters: [String]

    init(route: GatewayRoute, type: String, service: String, state: GatewayState) {
        self.route = route
        self.type = type
        self.service = service
        self.state = state
        pathParameters = route.pathParameters
    }

    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!

    func respond(to request: Request, context: Context) async throws -> Response {
        var body: [UInt8] = []
        if request.method != .get {
            let limit = route.operation?.http?.maxBodyBytes.map { max($0, state.settings.maxBodyBytes) } ?? state.settings.maxBodyBytes
            do {
                let buffer = try await request.body.collect(upTo: limit)
                body = Array(buffer.readableBytesView)
            } catch {
                throw GatewayFailure(ErrorBody.make(ErrorCode.httpPayloadTooLarge, details: ["limit": String(limit)]))
            }
        }
        var parameters: [String: String] = [:]
        for name in pathParameters {
            guard let raw = context.parameters.get(name), let decoded = raw.removingPercentEncoding, !decoded.isEmpty else {
                throw GatewayFailure(ErrorBody.make(ErrorCode.httpNotFound))
            }
            parameters[name] = decoded
        }
        let query = request.uri.query.map(RequestInput.parseQuery) ?? []
        var input: JSONValue
        switch RequestInput.build(route: route, pathParameters: parameters, query: query, body: body) {
        case .success(let value): input = value
        case .failure(let error): throw GatewayFailure(error)
        }
        if let field = route.bearerField, let bearer = context.bearer, case .object(var object) = input, object[field] == nil {
            object[field] = .string(bearer)
            input = .object(object)
        }
        // A provider's signature headers travel as request fields; the service verifies them.
        if let headers = route.operation?.http?.headers, !headers.isEmpty, case .object(var object) = input {
            for (header, field) in headers {
                if let name = HTTPField.Name(header), let value = request.headers[name] { object[field] = .string(value) }
            }
            input = .object(object)
        }
        if let limit = route.rateLimit, let field = route.accountField, let limiter = state.settings.perAccount(limit),
           case .string(let account)? = input[field] {
            try RateLimits.take(limiter, key: "account:" + account.lowercased())
        }
        // Believed down: ask the broker once more (cheap, short) before refusing, so a service that
        // just came back is used at once and one that is gone costs no full timeout.
        if state.isKnownDown(service), await state.probe(service) != true {
            throw ErrorBody.make(ErrorCode.busServiceUnavailable, details: ["service": service])
        }

        let reply = try await send(input, request: request, context: context)
        if route.operation?.http?.endsSession == true {
            // The session the request ended is identity's to say: ask it now rather than at the next poll.
            try? await state.pollRevocations()
        }
        switch EnvelopeBytes.reply(reply) {
        case .error(let error):
            throw route.namingWhereTheFieldCameFrom(error)
        case .body(let bytes):
            guard let raw = route.raw, raw.response != .json else { return GatewayReply.json(bytes) }
            let value = (try? JSONDecoder().decode(JSONValue.self, from: Data(bytes))) ?? .null
            switch raw.responseBody(for: value) {
            case .success(let body)?: return GatewayReply.raw(body)
            case .failure(let error)?:
                state.logger.error("reply unusable", metadata: ["route": .string(route.path), "reason": .string(error.details["reason"] ?? "")])
                throw error
            case nil: return GatewayReply.json(bytes)
            }
        }
    }

    /// A command with an `Idempotency-Key` goes with a request id made from the caller and the key,
    /// so a retry is the same request to the service (applied once; another body is refused there).
    /// The same key while the first is still running here is refused at once.
    private func send(_ input: JSONValue, request: Request, context: Context) async throws -> [UInt8] {
        guard route.operation?.kind == .command, let key = request.headers[Self.idempotencyKey] else {
            return try await state.bus.send(service: service, envelope: envelope(input, context, id: MessageId.next()),
                                            timeout: state.settings.busTimeout)
        }
        guard (1...255).contains(key.utf8.count), key.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw GatewayFailure(ErrorBody.make(ErrorCode.schemaInvalid, details: ["field": "header.Idempotency-Key", "reason": "invalid_value"],
                                                message: "请求格式不正确：Idempotency-Key 应为 1–255 个可见 ASCII 字符"))
        }
        let id = Self.requestId(actor: context.actor, key: key, client: context.actor.kind == .anonymous ? context.clientAddress : nil)
        guard state.inFlight.withLock({ $0.insert(id).inserted }) else {
            throw GatewayFailure(ErrorBody.make(ErrorCode.requestInProgress, details: ["field": "header.Idempotency-Key"]))
        }
        defer { _ = state.inFlight.withLock { $0.remove(id) } }
        return try await state.bus.send(service: service, envelope: envelope(input, context, id: id), timeout: state.settings.busTimeout)
    }

    private func envelope(_ input: JSONValue, _ context: Context, id: String) -> [UInt8] {
        EnvelopeBytes.request(type: type, id: id, actor: context.actor, body: input)
    }

    /// The key scoped to its caller (kind and id; the address for anonymous callers), as a UUID-shaped id.
    static func requestId(actor: Actor, key: String, client: String?) -> String {
        let scope = "\(actor.kind.rawValue):\(actor.id):\(client ?? ""):\(key)"
        let digest = Array(SHA256.hash(data: Data(scope.utf8)).prefix(16))
        let hex = digest.map { String(format: "%02x", $0) }.joined()
        let parts = [hex.prefix(8), hex.dropFirst(8).prefix(4), hex.dropFirst(12).prefix(4), hex.dropFirst(16).prefix(4), hex.dropFirst(20)]
        return "idem-" + parts.joined(separator: "-")
    }
}

extension GatewayRoute {
    /// A service names the fields of the request it got (`body.accountId`); the client sent some of
    /// them in the path or the query, so the error names them there (`path.accountId`).
    public func namingWhereTheFieldCameFrom(_ error: ErrorBody) -> ErrorBody {
        guard let field = error.details["field"], field.hasPrefix("body.") else { return error }
        let name = field.dropFirst(5).prefix { $0 != "." }
        let place: String
        if pathParameters.contains(String(name)) {
            place = "path."
        } else if query.contains(where: { $0.name == name }) {
            place = "query."
        } else {
            return error
        }
        var renamed = error
        renamed.details["field"] = place + field.dropFirst(5)
        return renamed
    }
}
