import CZeroMQ

/// An error reported by libzmq, with its errno so callers can tell EAGAIN/ETERM/EHOSTUNREACH apart.
public struct ZMQError: Error, CustomStringConvertible, Equatable, Sendable {
    public let code: Int32
    public let operation: String

    public init(code: Int32, operation: String) {
        self.code = code
        self.operation = operation
    }

    /// Captures `zmq_errno()` right after a failed call.
    static func last(_ operation: String) -> ZMQError {
        ZMQError(code: zmq_errno(), operation: operation)
    }

    public var description: String {
        "\(operation): \(String(cString: zmq_strerror(code))) (errno \(code))"
    }

    /// The context was terminated: every blocking call returns this, and the owner should close its socket and stop.
    public var isTerminated: Bool { code == ETERM }
    /// A ROUTER with ROUTER_MANDATORY could not route to that peer (it is gone).
    public var isUnroutable: Bool { code == EHOSTUNREACH }
    public var isWouldBlock: Bool { code == EAGAIN }
}
