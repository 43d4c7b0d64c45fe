import Bus
import Schema

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
        // The client's own retries: none with one broker, and with several a timed-out request goes
        // again, same id, to a broker that is up (GatewayCommand's --bus-retries).
        try await send(service: service, envelope: envelope, timeout: timeout, retries: nil)
    }

    public func available(_ service: String, timeout: Duration) async -> Bool? {
        await availability(of: service, timeout: timeout)
    }
}
