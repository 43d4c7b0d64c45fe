import ZeroMQ

/// Why a bus call did not produce a reply. Envelope-level callers map these to error codes
/// (`bus.timeout`, `bus.shutting_down`…).
public enum BusError: Error, Equatable, Sendable {
    /// No reply after every attempt: the service may be down, overloaded, or absent.
    case timeout(service: String, attempts: Int)
    /// The client or worker is stopping and took no new work.
    case shuttingDown
    /// libzmq refused something unexpected (bad endpoint, context terminated).
    case transport(String)
}
