import Bus
import Schema
import ZeroMQ

/// What the gateway needs of the bus: send one request envelope to a service and get the reply
/// envelope back, and ask the broker whether a service has workers. The server uses the real
/// `BusClient`; in-process tests answer with closures.
public protocol GatewayBus: Sendable {
    func send(service: String, envelope: [UInt8], timeout: Duration) async throws(ErrorBody) -> [UInt8]
    /// true/false as the broker's MMI says; nil when the broker did not answer.
    func available(_ service: String, timeout: Duration) async -> Bool?
}

extension BusClient: GatewayBus {
    public func send(service: String, envelope: [UInt8], timeout: Duration) async throws(ErrorBody) -> [UInt8] {
        let frames: [Frame]
        do {
            frames = try await request(service: service, body: [envelope], timeout: timeout, retries: 0)
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

    public func available(_ service: String, timeout: Duration) async -> Bool? {
        let reply = try? await request(service: "mmi.service", body: [Array(service.utf8)], timeout: timeout, retries: 0)
        return reply.flatMap { $0.first }.map { $0 == Array("200".utf8) }
    }
}
