import Foundation
import GRDB
import Schema
import Store

/// What a handler knows about the request it serves.
public struct RequestContext: Sendable {
    public let header: EnvelopeHeader
    public let service: String

    public var actor: Actor? { header.actor }
    /// The request's envelope id: its idempotency key.
    public var requestId: String { header.id }

    /// Appends an event to this service's durable log in the caller's transaction, so the event
    /// exists exactly when the state change does. The relay publishes it after commit.
    @discardableResult
    public func emit<Body: Codable & Sendable>(_ db: Database, _ type: String, _ body: Body) throws -> StoredEvent {
        try EventWriter.append(db, type: type, body: body, actor: actor, correlationId: requestId)
    }
}

/// Builds event envelopes and appends them to the store's event log.
public enum EventWriter {
    @discardableResult
    public static func append<Body: Codable & Sendable>(
        _ db: Database, type: String, body: Body, actor: Actor? = nil, correlationId: String? = nil
    ) throws -> StoredEvent {
        let envelope = Envelope(type: type, correlationId: correlationId, actor: actor, body: body)
        let bytes: Data = try Wire.encode(envelope)
        return try EventLog.append(db, id: envelope.id, type: type, envelope: bytes)
    }
}
