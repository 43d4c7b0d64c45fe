import Foundation
import Schema
import ZeroMQ

extension BusClient {
    /// Sends a typed request envelope and decodes the typed reply. Every failure — the bus timing
    /// out, the service answering an error, a reply that does not decode — arrives as an `ErrorBody`
    /// with a stable code, ready to hand to a person or a caller.
    ///
    /// `id` is the request's idempotency key: retries (here and by the caller) reuse it, and
    /// workers answer a repeated id with the stored reply instead of applying it twice.
    public func call<Request: Codable & Sendable, Reply: Codable & Sendable>(
        _ type: String, _ body: Request, as reply: Reply.Type = Reply.self,
        service: String? = nil, actor: Actor? = nil, id: String = MessageId.next(), correlationId: String? = nil,
        timeout: Duration? = nil, retries: Int? = nil
    ) async throws(ErrorBody) -> Reply {
        let target = service ?? Self.service(of: type)
        let bytes: [UInt8]
        do {
            bytes = try Wire.encode(Envelope(type: type, id: id, correlationId: correlationId, actor: actor, body: body))
        } catch {
            throw ErrorBody.make(ErrorCode.internal, details: ["reason": "encode"])
        }
        let envelope = try Wire.decode(Reply.self, from: try await send(service: target, envelope: bytes, timeout: timeout,
                                                                         retries: retries))
        if let error = envelope.error { throw error }
        guard let body = envelope.body else { throw ErrorBody.make(ErrorCode.internal, details: ["reason": "reply without body"]) }
        return body
    }

    /// The service a message type belongs to: its first dotted component ("dues.standard.submit" → "dues").
    public static func service(of type: String) -> String {
        String(type.prefix { $0 != "." })
    }

    /// One request envelope out, the reply envelope back; the bus's failures as error bodies
    /// (`bus.timeout`, `bus.shutting_down`, `bus.service_unavailable`).
    public func send(service: String, envelope: [UInt8], timeout: Duration? = nil,
                     retries: Int? = nil) async throws(ErrorBody) -> [UInt8] {
        let frames: [Frame]
        do {
            frames = try await request(service: service, body: [envelope], timeout: timeout, retries: retries)
        } catch {
            switch error {
            case .timeout: throw ErrorBody.make(ErrorCode.busTimeout, details: ["service": service])
            case .shuttingDown: throw ErrorBody.make(ErrorCode.busShuttingDown)
            case .transport: throw ErrorBody.make(ErrorCode.busServiceUnavailable, details: ["service": service])
            }
        }
        guard let first = frames.first else { throw ErrorBody.make(ErrorCode.internal, details: ["reason": "empty reply"]) }
        return first
    }

    /// Asks the broker (MMI, RFC 8) whether any worker of `service` is registered: nil when the
    /// broker did not answer.
    ///
    /// With several brokers each answers for its own workers, and a request goes to one of them: a
    /// service is available when any says so. "No" is asked again (the DEALER takes the next broker
    /// in turn) before it is believed, so a broker that has just restarted, whose workers have not
    /// registered yet, does not make a service look down.
    public func availability(of service: String, timeout: Duration = .seconds(1)) async -> Bool? {
        var answer: Bool?
        for _ in 0..<(2 * Socket.endpoints(options.endpoint).count - 1) {
            let reply = try? await request(service: "mmi.service", body: [Array(service.utf8)], timeout: timeout, retries: 0)
            guard let found = reply.flatMap({ $0.first }).map({ $0 == Array("200".utf8) }) else { continue }
            if found { return true }
            answer = false
        }
        return answer
    }

    /// Whether any worker of `service` is registered (false also when the broker did not answer).
    public func isServiceAvailable(_ service: String, timeout: Duration = .seconds(1)) async -> Bool {
        await availability(of: service, timeout: timeout) == true
    }
}
