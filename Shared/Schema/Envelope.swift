import Foundation

/// Every message on the bus: request, reply, or event.
public struct Envelope<Body: Codable & Sendable>: Codable, Sendable {
    /// E.g. `dues.standard.submit`.
    public var type: String
    /// Schema version of this type.
    public var version: Int
    /// Unique message id (UUID string); a retried request keeps it so
    /// workers can deduplicate.
    public var id: String
    /// For a reply: the request's id; for an event: the request that caused it.
    public var correlationId: String?
    /// On the wire: RFC 3339 UTC with milliseconds.
    public var sentAt: Date
    public var actor: Actor?
    /// A reply has `body` xor `error`.
    public var body: Body?
    public var error: ErrorBody?

    public init(
        type: String,
        version: Int = 1,
        id: String = MessageId.next(),
        correlationId: String? = nil,
        sentAt: Date = Date(),
        actor: Actor? = nil,
        body: Body? = nil,
        error: ErrorBody? = nil
    ) {
        self.type = type
        self.version = version
        self.id = id
        self.correlationId = correlationId
        self.sentAt = sentAt
        self.actor = actor
        self.body = body
        self.error = error
    }

    /// The reply to this request: same type, version and actor, a new id,
    /// `correlationId` = this request's id.
    public func reply<R: Codable & Sendable>(_ body: R) -> Envelope<R> {
        Envelope<R>(type: type, version: version, correlationId: id, actor: actor, body: body)
    }

    public func replyError(_ error: ErrorBody) -> Envelope<Empty> {
        Envelope<Empty>(type: type, version: version, correlationId: id, actor: actor, error: error)
    }

    /// The body, or `schema.invalid` naming `body` as missing: for handlers,
    /// which cannot proceed without one.
    public func requireBody() throws(ErrorBody) -> Body {
        guard let body else { throw SchemaError.make(field: "body", reason: .missing) }
        return body
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: EnvelopeKeys.self)
        let header = try EnvelopeHeader(from: c)
        self.init(
            type: header.type, version: header.version, id: header.id,
            correlationId: header.correlationId, sentAt: header.sentAt, actor: header.actor,
            body: try c.decodeIfPresent(Body.self, forKey: .body), error: header.error)
    }

    // Absent optionals are left out rather than written as null; `sentAt` is
    // written as a string whatever the encoder's date strategy.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: EnvelopeKeys.self)
        try c.encode(type, forKey: .type)
        try c.encode(version, forKey: .version)
        try c.encode(id, forKey: .id)
        try c.encodeIfPresent(correlationId, forKey: .correlationId)
        try c.encode(RFC3339.format(sentAt), forKey: .sentAt)
        try c.encodeIfPresent(actor, forKey: .actor)
        try c.encodeIfPresent(body, forKey: .body)
        try c.encodeIfPresent(error, forKey: .error)
    }
}

extension Envelope: Equatable where Body: Equatable {}

/// Non-generic so `Envelope<B>` and `EnvelopeHeader` share one container type.
enum EnvelopeKeys: String, CodingKey {
    case type, version, id, correlationId, sentAt, actor, body, error
}
