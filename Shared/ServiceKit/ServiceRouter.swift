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
    typealias Route = @Sendable (_ bytes: [UInt8]) async -> (reply: [UInt8], failed: Bool)

    public let service: String
    private let routes = Mutex<[String: Route]>([:])
    private let logger: Logger

    public init(service: String, logger: Logger) {
        self.service = service
        self.logger = logger
    }

    /// A read-only operation: no deduplication needed.
    public func query<Request, Reply>(
        _ operation: BusOperation<Request, Reply>,
        _ handler: @escaping @Sendable (Request, RequestContext) async throws -> Reply
    ) {
        let service = self.service
        register(operation.descriptor) { (envelope: Envelope<Request>, header) in
            let reply = try await handler(try envelope.requireBody(), RequestContext(header: header, service: service))
            return try Wire.encode(envelope.reply(reply))
        }
    }

    /// An operation that changes state. The handler runs inside one write transaction of `store`,
    /// together with the record of this request id, a fingerprint of its body, and its reply: a
    /// retried request (same id) gets the stored reply and is never applied twice; the same id with
    /// another body is refused (`request.idempotency_mismatch`). Events the handler emits commit with it.
    public func command<Request, Reply>(
        _ operation: BusOperation<Request, Reply>, store: Store,
        _ handler: @escaping @Sendable (Request, RequestContext, Database) throws -> Reply
    ) {
        command(operation, store: store, precondition: nil, handler)
    }

    /// The same, with an asynchronous check before the transaction (one that asks another service,
    /// such as `RealNameGate` asking identity): a retried request id already applied gets its first
    /// reply without the check; otherwise a check that throws refuses the request before anything is
    /// written.
    public func command<Request, Reply>(
        _ operation: BusOperation<Request, Reply>, store: Store,
        precondition: (@Sendable (Request, RequestContext) async throws -> Void)?,
        _ handler: @escaping @Sendable (Request, RequestContext, Database) throws -> Reply
    ) {
        let service = self.service, type = operation.type
        register(operation.descriptor) { (envelope: Envelope<Request>, header) in
            let body = try envelope.requireBody()
            let context = RequestContext(header: header, service: service)
            let fingerprint = try Self.fingerprint(type, body)
            if let precondition {
                if let stored = try await store.read({ db in
                    try ProcessedRequests.reply(db, requestId: header.id, fingerprint: fingerprint)
                }) {
                    return Array(stored)
                }
                try await precondition(body, context)
            }
            let reply: Data = try await store.write { db in
                if let stored = try ProcessedRequests.reply(db, requestId: header.id, fingerprint: fingerprint) { return stored }
                let encoded: Data = try Wire.encode(envelope.reply(try handler(body, context, db)))
                try ProcessedRequests.remember(db, requestId: header.id, type: type, fingerprint: fingerprint, reply: encoded)
                return encoded
            }
            return Array(reply)
        }
    }

    /// A command whose work cannot sit in one transaction of ours (it hashes a password or calls a
    /// provider, and commits its own transactions): a retried request id still gets the first reply,
    /// read before and recorded after. Two copies racing each other may both run; the library's own
    /// transactions keep its state consistent.
    public func command<Request, Reply>(
        _ operation: BusOperation<Request, Reply>, recordingIn store: Store,
        _ handler: @escaping @Sendable (Request, RequestContext) async throws -> Reply
    ) {
        let service = self.service, type = operation.type
        register(operation.descriptor) { (envelope: Envelope<Request>, header) in
            let body = try envelope.requireBody()
            let fingerprint = try Self.fingerprint(type, body)
            if let stored = try await store.read({ db in
                try ProcessedRequests.reply(db, requestId: header.id, fingerprint: fingerprint)
            }) {
                return Array(stored)
            }
            let encoded: Data = try Wire.encode(envelope.reply(
                try await handler(body, RequestContext(header: header, service: service))))
            try await store.write { db in
                try ProcessedRequests.remember(db, requestId: header.id, type: type, fingerprint: fingerprint, reply: encoded)
            }
            return Array(encoded)
        }
    }

    /// A command that must leave no trace of its request (an anonymous vote): one write transaction,
    /// and no record of the request id, its body's fingerprint or its reply. A retried request runs
    /// again, so the library itself must refuse a second application (a vote's "already voted").
    public func unrecorded<Request, Reply>(
        _ operation: BusOperation<Request, Reply>, store: Store,
        _ handler: @escaping @Sendable (Request, RequestContext, Database) throws -> Reply
    ) {
        let service = self.service
        register(operation.descriptor) { (envelope: Envelope<Request>, header) in
            let body = try envelope.requireBody()
            let context = RequestContext(header: header, service: service)
            let reply: Data = try await store.write { db in try Wire.encode(envelope.reply(try handler(body, context, db))) }
            return Array(reply)
        }
    }

    /// An operation declared on the spot (test fixtures and benchmarks, which have no contract):
    /// anyone may call it.
    public func query<Request: Codable & Sendable, Reply: Codable & Sendable>(
        _ type: String, _ request: Request.Type = Request.self,
        _ handler: @escaping @Sendable (Request, RequestContext) async throws -> Reply
    ) {
        query(BusOperation<Request, Reply>(type, .query, callers: .anyone), handler)
    }

    public func command<Request: Codable & Sendable, Reply: Codable & Sendable>(
        _ type: String, _ request: Request.Type = Request.self, store: Store,
        _ handler: @escaping @Sendable (Request, RequestContext, Database) throws -> Reply
    ) {
        command(BusOperation<Request, Reply>(type, .command, callers: .anyone), store: store, handler)
    }

    /// The body's identity for idempotency: its type and canonical JSON (sorted keys).
    static func fingerprint<Body: Encodable>(_ type: String, _ body: Body) throws -> String {
        ProcessedRequests.fingerprint(type: type, body: try Wire.canonical(body))
    }

    /// The envelope is decoded once, here, as the operation's request type: a bad body is answered
    /// `schema.invalid` naming the field before any rule runs.
    private func register<Request: Codable & Sendable>(
        _ operation: OperationDescriptor,
        _ route: @escaping @Sendable (Envelope<Request>, EnvelopeHeader) async throws -> [UInt8]
    ) {
        let logger = self.logger, type = operation.type, callers = operation.callers
        routes.withLock { routes in
            precondition(routes[type] == nil, "two handlers for \(type)")
            routes[type] = { bytes in
                let envelope: Envelope<Request>
                do throws(ErrorBody) {
                    envelope = try Wire.decode(Request.self, from: bytes)
                } catch {
                    return (Self.errorReply(error, to: try? Wire.decodeHeader(bytes)), true)
                }
                let header = EnvelopeHeader(type: envelope.type, version: envelope.version, id: envelope.id,
                                            correlationId: envelope.correlationId, sentAt: envelope.sentAt, actor: envelope.actor)
                do {
                    // Who may call it is the declaration's; a missing actor is nobody in particular.
                    guard callers.allows(header.actor?.kind ?? .anonymous) else {
                        throw ErrorBody.make(ErrorCode.authForbidden, details: ["type": type])
                    }
                    return (try await route(envelope, header), false)
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

    /// The declared operations without a handler, and the handlers without a declared operation
    /// (the service's own `health` and `events.since` aside): both empty when the service answers
    /// exactly its contract.
    public func mismatches(with contract: [OperationDescriptor]) -> (unhandled: [String], undeclared: [String]) {
        let declared = Set(contract.map(\.type))
        let handled = Set(types).subtracting([Health.type(service), EventsSince.type(service)])
        return (declared.subtracting(handled).sorted(), handled.subtracting(declared).sorted())
    }

    /// The worker's handler: one envelope in, one envelope out.
    public func handle(_ frames: [Frame]) async -> [Frame] {
        guard let bytes = frames.first else {
            return [Self.errorReply(ErrorBody.make(ErrorCode.schemaInvalid, details: ["field": "$", "reason": "missing"]), to: nil)]
        }
        // The type picks the handler, which decodes the envelope once; only a message whose type
        // cannot be read that cheaply is decoded here, for its error reply.
        let type: String
        if let peeked = Wire.peekType(bytes) {
            type = peeked
        } else {
            do { type = try Wire.decodeHeader(bytes).type } catch { return [Self.errorReply(error, to: nil)] }
        }
        guard let route = routes.withLock({ $0[type] }) else {
            Counter(label: "requests_total", dimensions: [("type", "unknown"), ("outcome", "error")]).increment()
            return [Self.errorReply(ErrorBody.make(ErrorCode.busUnknownType, details: ["type": type]), to: try? Wire.decodeHeader(bytes))]
        }
        let started = ContinuousClock.now
        let (reply, failed) = await route(bytes)
        let elapsed = ContinuousClock.now - started
        let metrics = metrics(of: type)
        (failed ? metrics.failed : metrics.succeeded).increment()
        metrics.duration.recordNanoseconds(elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000)
        return [reply]
    }

    /// A type's counters and timer, made at its first request (after the metrics system is set up)
    /// and kept: making them looks them up in the registry by label and dimensions.
    private struct RouteMetrics: Sendable {
        let succeeded: Counter, failed: Counter, duration: Timer
    }
    private let routeMetrics = Mutex<[String: RouteMetrics]>([:])

    private func metrics(of type: String) -> RouteMetrics {
        routeMetrics.withLock { known in
            if let metrics = known[type] { return metrics }
            let metrics = RouteMetrics(
                succeeded: Counter(label: "requests_total", dimensions: [("type", type), ("outcome", "ok")]),
                failed: Counter(label: "requests_total", dimensions: [("type", type), ("outcome", "error")]),
                duration: Timer(label: "request_duration_seconds", dimensions: [("type", type)]))
            known[type] = metrics
            return metrics
        }
    }

    static func errorReply(_ error: ErrorBody, to header: EnvelopeHeader?) -> [UInt8] {
        let envelope = Envelope<Empty>(
            type: header?.type ?? "error", version: header?.version ?? 1, correlationId: header?.id,
            actor: header?.actor, error: error)
        return (try? Wire.encode(envelope)) ?? Array(#"{"error":{"code":"internal","message":"系统内部错误，请稍后重试","details":{}}}"#.utf8)
    }
}
