/// Where an operation is on HTTP: method, path (with `{field}` placeholders that become request
/// fields), its Chinese summary, and how its bodies travel when they are not plain JSON objects.
public struct HTTPBinding: Sendable {
    public enum Method: String, Sendable { case GET, POST, PATCH, DELETE }

    /// Which rate limits apply (per client address, and per account when `accountField` is given).
    public enum RateLimit: String, Sendable {
        case login, sms
        /// Provider callbacks (per client address only).
        case callback
    }

    /// How the HTTP request body becomes the bus request body.
    public enum RequestForm: Sendable, Equatable {
        /// The usual JSON object, path and query parameters merged in.
        case jsonObject
        /// Any JSON value (e.g. an array), sent on the bus as it is (the request type is that value).
        case jsonValue
        /// The body as UTF-8 text in the request field `field`, beside the path and query parameters.
        /// Documented under each of `mediaTypes`; accepted whatever `Content-Type` says.
        case text(field: String, mediaTypes: [String])
    }

    /// How a successful reply becomes the HTTP response (errors stay `{code, message, details}`).
    public enum ResponseForm: Sendable, Equatable {
        case json
        /// The reply is a JSON string, served as the body itself with this media type.
        case text(mediaType: String)
        /// Once the operation succeeded, exactly this body (what a provider expects as acknowledgement).
        case fixed(String, mediaType: String)
        /// The reply carries a file (base64 content, its media type, its name): served as the file
        /// itself, an attachment, with its media type, which must be one of `mediaTypes`.
        case file(mediaTypes: [String], contentField: String = "contentBase64", typeField: String = "contentType",
                  nameField: String = "fileName")
    }

    public var method: Method
    public var path: String
    public var summary: String
    public var tag: String
    /// No bearer token (logins, callbacks); otherwise one is required.
    public var open: Bool
    /// Request fields taken from the query string. Default: for GET and DELETE every field that is
    /// not in the path; for others none.
    public var query: [String]?
    public var rateLimit: RateLimit?
    /// The request field naming the account, for the per-account rate limit.
    public var accountField: String?
    /// A request field the gateway fills with the caller's bearer token when the client left it out.
    public var bearerField: String?
    /// Sessions end when this succeeds (a logout, a password change or reset): the gateway asks
    /// identity at once which sessions ended, instead of waiting for its next poll, so their tokens
    /// stop working before the reply reaches the client.
    public var endsSession: Bool
    public var request: RequestForm
    public var response: ResponseForm
    /// Extra words for the document (what a parameter means, units).
    public var notes: [String: String]
    /// HTTP request headers copied into request fields (header name → field): a provider's signature
    /// headers, which the service verifies.
    public var headers: [String: String]
    /// This operation's own request body limit in bytes (nil: the gateway's default, `maxBodyBytes`):
    /// for the few that carry a file (a receipt photo as base64).
    public var maxBodyBytes: Int?

    public init(_ method: Method, _ path: String, _ summary: String, tag: String, open: Bool = false,
                query: [String]? = nil, rateLimit: RateLimit? = nil, accountField: String? = nil,
                bearerField: String? = nil, endsSession: Bool = false,
                request: RequestForm = .jsonObject, response: ResponseForm = .json, notes: [String: String] = [:],
                headers: [String: String] = [:]) {
        self.method = method
        self.path = path
        self.summary = summary
        self.tag = tag
        self.open = open
        self.query = query
        self.rateLimit = rateLimit
        self.accountField = accountField
        self.bearerField = bearerField
        self.endsSession = endsSession
        self.request = request
        self.response = response
        self.notes = notes
        self.headers = headers
    }

    public static func get(_ path: String, _ summary: String, tag: String, open: Bool = false,
                           response: ResponseForm = .json, notes: [String: String] = [:]) -> HTTPBinding {
        HTTPBinding(.GET, path, summary, tag: tag, open: open, response: response, notes: notes)
    }

    public static func post(_ path: String, _ summary: String, tag: String, open: Bool = false,
                            rateLimit: RateLimit? = nil, accountField: String? = nil, bearerField: String? = nil,
                            endsSession: Bool = false, notes: [String: String] = [:]) -> HTTPBinding {
        HTTPBinding(.POST, path, summary, tag: tag, open: open, rateLimit: rateLimit, accountField: accountField,
                    bearerField: bearerField, endsSession: endsSession, notes: notes)
    }

    public static func patch(_ path: String, _ summary: String, tag: String) -> HTTPBinding {
        HTTPBinding(.PATCH, path, summary, tag: tag)
    }

    public static func delete(_ path: String, _ summary: String, tag: String) -> HTTPBinding {
        HTTPBinding(.DELETE, path, summary, tag: tag)
    }

    /// The same binding with its own body limit (see `maxBodyBytes`).
    public func bodyLimit(_ bytes: Int) -> HTTPBinding {
        var binding = self
        binding.maxBodyBytes = bytes
        return binding
    }

    /// Names of the `{placeholders}` of the path, in order.
    public var pathParameters: [String] {
        path.split(separator: "/").compactMap { s in
            s.hasPrefix("{") && s.hasSuffix("}") ? String(s.dropFirst().dropLast()) : nil
        }
    }
}
