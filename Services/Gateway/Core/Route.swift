import Foundation
import Schema

/// One HTTP operation of the gateway, derived from an operation's declaration in `Schema` (or, for
/// the gateway's own few, declared in `GatewayRoutes`): where it is, what it sends on the bus, what
/// it accepts and answers. The route table is the single source of the routing, the request checks
/// and `/openapi.json`.
public struct GatewayRoute: Sendable {
    public enum Auth: Sendable, Equatable {
        /// Anyone (logins, password reset, provider callbacks).
        case none
        /// `Authorization: Bearer <access token>`, verified locally.
        case bearer
    }

    /// What answers the request.
    public enum Target: Sendable, Equatable {
        /// Forward the request (body, path and query parameters merged) as this bus type.
        case bus(String)
        /// Answered by the gateway itself (`me`, `healthz`, `readyz`, `openapi`); `uses` names the
        /// bus types it may send, for the document.
        case local(String, uses: [String] = [])
    }

    public typealias RateLimit = HTTPBinding.RateLimit

    public struct Parameter: Sendable {
        public var name: String
        public var schema: JSONSchema
        public var required: Bool
        public var description: String?
        public init(_ name: String, _ schema: JSONSchema, required: Bool = false, description: String? = nil) {
            self.name = name
            self.schema = schema
            self.required = required
            self.description = description
        }
    }

    public var method: String
    /// With `{name}` placeholders, e.g. `/api/v1/orgs/{code}`; each becomes the body field `name`.
    public var path: String
    public var summary: String
    public var tag: String
    public var target: Target
    public var auth: Auth
    public var query: [Parameter]
    /// The JSON request body (an object); nil: the operation takes no body.
    public var body: JSONSchema?
    public var response: JSONSchema
    /// Non-JSON bodies and replies (provider callbacks, file downloads); nil: JSON object in, JSON out.
    public var raw: RawExchange?
    public var rateLimit: RateLimit?
    /// The body field naming the account, for the per-account rate limit.
    public var accountField: String?
    /// A body field the gateway fills with the caller's bearer token (when the client left it out).
    public var bearerField: String?
    /// The operation behind it (nil for the gateway's own routes).
    public var operation: OperationDescriptor?

    public init(method: String, path: String, summary: String, tag: String, target: Target, auth: Auth,
                query: [Parameter] = [], body: JSONSchema? = nil, response: JSONSchema,
                rateLimit: RateLimit? = nil, accountField: String? = nil, bearerField: String? = nil,
                raw: RawExchange? = nil) {
        self.method = method
        self.path = path
        self.summary = summary
        self.tag = tag
        self.target = target
        self.auth = auth
        self.query = query
        self.body = body
        self.response = response
        self.rateLimit = rateLimit
        self.accountField = accountField
        self.bearerField = bearerField
        self.raw = raw
    }

    /// The route of an operation with an HTTP face: its path parameters and query fields come out of
    /// the request type's schema, what remains is the body; the reply type's schema is the response.
    public init?(_ operation: OperationDescriptor) {
        guard let http = operation.http else { return nil }
        let request = JSONSchema(derived: operation.requestSchema())
        let pathNames = http.pathParameters
        let queryNames = http.query ?? ((http.method == .GET || http.method == .DELETE)
            ? request.properties.keys.filter { !pathNames.contains($0) }.sorted() : [])
        var properties = request.properties
        for name in pathNames + queryNames { properties[name] = nil }
        let required = request.required.filter { properties[$0] != nil }
        var body: JSONSchema?
        switch http.request {
        case .jsonObject:
            if !properties.isEmpty {
                var schema = JSONSchema.object(properties, required: required)
                if let d = request.json["description"] { schema.json["description"] = d }
                body = schema
            }
        case .jsonValue:
            body = request
        case .text:
            body = .string
        }
        let query = queryNames.map { name in
            Parameter(name, request.properties[name] ?? .string, required: request.required.contains(name),
                      description: http.notes[name])
        }
        self.init(method: http.method.rawValue, path: http.path, summary: http.summary, tag: http.tag,
                  target: .bus(operation.type), auth: http.open ? .none : .bearer, query: query, body: body,
                  response: RawExchange.documentedSchema(http.response, reply: JSONSchema(derived: operation.replySchema())),
                  rateLimit: http.rateLimit, accountField: http.accountField, bearerField: http.bearerField,
                  raw: http.request == .jsonObject && http.response == .json
                      ? nil : RawExchange(request: http.request, response: http.response))
        self.operation = operation
    }

    /// Names of the `{placeholders}` of the path, in order.
    public var pathParameters: [String] {
        segments.compactMap { $0.hasPrefix("{") && $0.hasSuffix("}") ? String($0.dropFirst().dropLast()) : nil }
    }

    var segments: [String] { path.split(separator: "/").map(String.init) }

    public var busType: String? { if case .bus(let type) = target { type } else { nil } }

    /// Stable and unique: the method and path, e.g. `get_api_v1_orgs_code`.
    public var operationId: String {
        let cleaned = path.map { $0.isLetter || $0.isNumber ? String($0) : "_" }.joined()
        let squeezed = cleaned.split(separator: "_").joined(separator: "_")
        return method.lowercased() + "_" + squeezed
    }
}

/// Routes, and matching a request's method and path against them.
public struct RouteTable: Sendable {
    public let routes: [GatewayRoute]
    /// Each route's path split once, beside it (matching is per request).
    private let segmented: [[String]]

    public init(_ routes: [GatewayRoute]) {
        self.routes = routes
        segmented = routes.map(\.segments)
    }

    public enum Match: Sendable {
        case found(GatewayRoute, parameters: [String: String])
        /// The path exists, not with this method; `allowed` for the `Allow` header.
        case methodNotAllowed(allowed: [String])
        case notFound
    }

    /// Literal segments win over placeholders (`/orgs/search` before `/orgs/{code}`).
    public func match(method: String, path: String) -> Match {
        let rawPath = path.split(separator: "?", maxSplits: 1).first.map(String.init) ?? path
        var parts: [String] = []
        for raw in rawPath.split(separator: "/", omittingEmptySubsequences: true) {
            guard let decoded = String(raw).removingPercentEncoding else { return .notFound }
            parts.append(decoded)
        }
        var best: [(route: GatewayRoute, params: [String: String], literals: Int)] = []
        for (index, segments) in segmented.enumerated() {
            guard segments.count == parts.count else { continue }
            var params: [String: String] = [:]
            var literals = 0
            var ok = true
            for (segment, part) in zip(segments, parts) {
                if segment.hasPrefix("{") {
                    guard !part.isEmpty else { ok = false; break }
                    params[String(segment.dropFirst().dropLast())] = part
                } else if segment == part {
                    literals += 1
                } else {
                    ok = false
                    break
                }
            }
            if ok { best.append((routes[index], params, literals)) }
        }
        guard let top = best.map(\.literals).max() else { return .notFound }
        let candidates = best.filter { $0.literals == top }
        if let hit = candidates.first(where: { $0.route.method == method }) {
            return .found(hit.route, parameters: hit.params)
        }
        // HEAD is answered like GET without a body by HTTP servers; we do not offer it.
        return .methodNotAllowed(allowed: Array(Set(candidates.map(\.route.method))).sorted())
    }
}

/// Turns what came over HTTP into the bus request body: the JSON body's object, with the path
/// parameters and the query parameters (converted to their schema's type) merged in. Everything is
/// checked against the route's schemas first, so a bad request never reaches a service.
public enum RequestInput {
    public static func build(route: GatewayRoute, pathParameters: [String: String], query: [(String, String)],
                             body: [UInt8]) -> Result<JSONValue, ErrorBody> {
        if let raw = route.raw, raw.request != .jsonObject {
            return raw.input(route: route, pathParameters: pathParameters, query: query, body: body)
        }
        var object: [String: JSONValue] = [:]
        // A body that is there must be JSON: whitespace alone is not an absent body (the document
        // says the content is application/json).
        if !body.isEmpty {
            // An operation without a documented body still takes `{}` (clients often send one).
            let schema = route.body ?? JSONSchema.object([:])
            guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(body)) else {
                return .failure(invalid("$", "not_json"))
            }
            if let error = schema.violation(of: value, at: "body") { return .failure(error) }
            guard case .object(let fields) = value else { return .failure(invalid("body", "type_mismatch")) }
            object = fields
        } else if let schema = route.body, !schema.required.isEmpty {
            return .failure(invalid("body", "missing"))
        }
        var seen = Set<String>()
        for (name, raw) in query {
            guard let parameter = route.query.first(where: { $0.name == name }) else { continue }
            guard seen.insert(name).inserted else { return .failure(invalid("query.\(name)", "invalid_value")) }
            let value: JSONValue
            switch parameter.schema.type {
            case "integer":
                guard let number = Int64(raw) else { return .failure(invalid("query.\(name)", "type_mismatch")) }
                value = .int(number)
            case "boolean":
                guard raw == "true" || raw == "false" else { return .failure(invalid("query.\(name)", "type_mismatch")) }
                value = .bool(raw == "true")
            default:
                value = .string(raw)
            }
            if let error = parameter.schema.violation(of: value, at: "query.\(name)") { return .failure(error) }
            object[name] = value
        }
        for parameter in route.query where parameter.required && !seen.contains(parameter.name) {
            return .failure(invalid("query.\(parameter.name)", "missing"))
        }
        for (name, value) in pathParameters {
            object[name] = .string(value)
        }
        return .success(.object(object))
    }

    static func invalid(_ field: String, _ reason: String, message: String? = nil) -> ErrorBody {
        ErrorBody.make(ErrorCode.schemaInvalid, details: ["field": field, "reason": reason],
                       message: message ?? JSONSchema.message(field: field, reason: reason))
    }

    /// Splits and percent-decodes a query string (`+` is a space, as forms send it).
    public static func parseQuery(_ query: String) -> [(String, String)] {
        // Most queries have nothing to decode: they stay off Foundation's percent decoding.
        let plain = !query.utf8.contains { $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "+") }
        func decode(_ s: Substring) -> String? {
            plain ? String(s) : s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
        }
        return query.split(separator: "&").compactMap { pair in
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let key = decode(kv[0]), !key.isEmpty else { return nil }
            let value = kv.count > 1 ? decode(kv[1]) : ""
            guard let value else { return (key, "\u{FFFD}") }
            return (key, value)
        }
    }
}
