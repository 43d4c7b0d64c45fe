import Foundation

/// An envelope without its body: decoding skips the body, whatever its
/// shape, so a receiver can dispatch on `type` before it knows the body type.
public struct EnvelopeHeader: Decodable, Sendable, Equatable {
    public var type: String
    public var version: Int
    public var id: String
    public var correlationId: String?
    public var sentAt: Date
    public var actor: Actor?
    public var error: ErrorBody?

    public init(
        type: String, version: Int = 1, id: String, correlationId: String? = nil,
        sentAt: Date, actor: Actor? = nil, error: ErrorBody? = nil
    ) {
        self.type = type
        self.version = version
        self.id = id
        self.correlationId = correlationId
        self.sentAt = sentAt
        self.actor = actor
        self.error = error
    }

    public init(from decoder: any Decoder) throws {
        try self.init(from: decoder.container(keyedBy: EnvelopeKeys.self))
    }

    /// Shared with `Envelope` so both read the header the same way.
    init(from c: KeyedDecodingContainer<EnvelopeKeys>) throws {
        type = try c.decode(String.self, forKey: .type)
        // Hand-written clients may omit the version of a first-version type.
        version = try c.decodeIfPresent(Int.self, forKey: .version) ?? 1
        id = try c.decode(String.self, forKey: .id)
        correlationId = try c.decodeIfPresent(String.self, forKey: .correlationId)
        let sent = try c.decode(String.self, forKey: .sentAt)
        guard let date = RFC3339.parse(sent) else {
            throw DecodingError.dataCorruptedError(
                forKey: .sentAt, in: c, debugDescription: "not an RFC 3339 date: \(sent)")
        }
        sentAt = date
        actor = try c.decodeIfPresent(Actor.self, forKey: .actor)
        error = try c.decodeIfPresent(ErrorBody.self, forKey: .error)
    }
}
