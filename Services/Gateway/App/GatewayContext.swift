import Hummingbird
import Schema

/// The request context: Hummingbird's core storage, the client's address (rate limits), the
/// request id, and the caller once authenticated.
public struct GatewayContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public let clientAddress: String
    public var requestId = ""
    /// Anonymous until `AuthenticationMiddleware` verified a bearer token.
    public var actor = Actor(kind: .anonymous, id: "")
    /// The bearer token as sent, for routes that forward it (`bearerField`).
    public var bearer: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        clientAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }
}
