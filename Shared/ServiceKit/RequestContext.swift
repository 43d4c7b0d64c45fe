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
