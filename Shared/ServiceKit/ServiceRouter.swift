import Foundation
import GRDB
import Logging
import Metrics
import Schema
import Store
import Synchronization
import ZeroMQ

/// Dispatches request envelopes to handlers by message type, and turns every failure into an error
/// reply: a bad envelope or body answers `schema.invalid` naming the field, an unknown type answers
/// `bus.unknown_type`, a thrown `ErrorBody` is sent as is, anything else is logged and answered
/// `internal`. No input can crash the process.
public final class ServiceRouter: Sendable {
    typealias Route = @Sendable (_ bytes: [UInt8], _ header: EnvelopeHeader) async -> (reply: [UInt8], failed: Bool)

    public let service: String
    private let routes = Mutex<[String: Route]>([:])
    private let logger: Logger

    public init(service: String, logger: Logger) {
        self.service = service
        self.logger = logger
    }

    /// A read-only request: no deduplication needed.
    public func query<Request: Codable & Sendable, Reply: Codable & Sendable>(
        _ type: String, _ request: Request.Type = Request.self,
        _ handler: @escaping @Sendable (Request, RequestContext) async throws -> Reply
    ) {
        let service = self.service
        register(type) { bytes, header in
            let envelope = try Wire.decode(Request.self, from: bytes)
            let reply = try await handler(try envelope.requireBody(), RequestContext(header: header, service: service))
            return try Wire.encode(envelope.reply(reply))
        }
    }

    /// A request that changes state. The handler runs inside one write transaction of `store`,
    /// together with the record of this request id and its reply: a retried request (same id) gets
    /// the stored reply and is never applied twice. Events the handler emits commit with it.
    public func command<Request: Codable & Sendable, Reply: Codable & Sendable>(
        _ type: String, _ request: Request.Type = Request.self, store: Store,
        _ handler: @escaping @Sendable (Request, RequestContext, Database) throws -> Reply
    ) {
        let service = self.service
        register(type) { bytes, header in
            let envelope = try Wire.decode(Request.self, from: bytes)
            let body = try envelope.requireBody()
            let context = RequestContext(header: header, service: service)
            let reply: Data = try await store.write { db in
                if let stored = try ProcessedRequests.reply(db, requestId: header.id) { return stored }
                let encoded: Data = try Wire.encode(envelope.reply(try handler(body, context, db)))
                try ProcessedRequests.remember(db, requestId: header.id, type: type, reply: encoded)
                return encoded
            }
            return Array(reply)
        }
    }

    private func register(_ type: String, _ route: @escaping @Sendable ([UInt8], EnvelopeHeader) async throws -> [UInt8]) {
        let logger = self.logger
        routes.withLock { routes in
            routes[type] = { bytes, header in
                do {
                    return (try await route(bytes, header), false)
                } catch let error as ErrorBody {
                    return (Self.errorReply(error, to: header), true)
                } catch {
                    // Log the type and id only: bodies may hold personal data.
                    logger.error("handler failed", metadata: ["type": "\(type)", "id": "\(header.id)", "error": "\(error)"])
                    return (Self.errorReply(ErrorBody.make(ErrorCode.internal), to: header), true)
                }
            }
        }
    }

    public var types: [String] { routes.withLock { Array($0.keys).sorted() } }

    /// The worker's handler: one envelope in, one envelope out.
    public func handle(_ frames: [Frame]) async -> [Frame] {
        guard let bytes = frames.first else {
            return [Self.errorReply(ErrorBody.make(ErrorCode.schemaInvalid, details: ["field": "$", "reason": "missing"]), to: nil)]
        }
        let header: EnvelopeHeader
        do {
            header = try Wire.decodeHeader(bytes)
        } catch {
            return [Self.errorReply(error, to: nil)]
        }
        guard let route = routes.withLock({ $0[header.type] }) else {
            Counter(label: "requests_total", dimensions: [("type", "unknown"), ("outcome", "error")]).increment()
            return [Self.errorReply(ErrorBody.make(ErrorCode.busUnknownType, details: ["type": header.type]), to: header)]
        }
        let started = ContinuousClock.now
        let (reply, failed) = await route(bytes, header)
        let elapsed = ContinuousClock.now - started
        Counter(label: "requests_total", dimensions: [("type", header.type), ("outcome", failed ? "error" : "ok")]).increment()
        Timer(label: "request_duration_seconds", dimensions: [("type", header.type)]).recordNanoseconds(
            elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000)
        return [reply]
    }

    static func errorReply(_ error: ErrorBody, to header: EnvelopeHeader?) -> [UInt8] {
        let envelope = Envelope<Empty>(
            type: header?.type ?? "error", version: header?.version ?? 1, correlationId: header?.id,
            actor: header?.actor, error: error)
        return (try? Wire.encode(envelope)) ?? Array(#"{"error":{"code":"internal","message":"系统内部错误，请稍后重试","details":{}}}"#.utf8)
    }
}
