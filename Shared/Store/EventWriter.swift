import Foundation
import GRDB
import Schema

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
