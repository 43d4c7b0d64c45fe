import CZeroMQ

/// One event from a socket monitor (zmq_socket_monitor, version 1 framing): what happened, its value
/// (an errno or protocol error code), and the endpoint it concerns.
public struct MonitorEvent: Sendable, Equatable {
    public let event: UInt16
    public let value: UInt32
    public let endpoint: String

    /// Reads the two frames a monitor PAIR socket receives.
    public init?(_ frames: [Frame]) {
        guard frames.count >= 2, frames[0].count >= 6 else { return nil }
        let head = frames[0]
        event = UInt16(head[0]) | UInt16(head[1]) << 8
        value = UInt32(head[2]) | UInt32(head[3]) << 8 | UInt32(head[4]) << 16 | UInt32(head[5]) << 24
        endpoint = String(decoding: frames[1], as: UTF8.self)
    }

    public static let handshakeFailures = ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL | ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL
        | ZMQ_EVENT_HANDSHAKE_FAILED_AUTH

    /// Refused by the ZAP handler (which logs it itself).
    public var isAuthenticationRefusal: Bool { Int32(event) == ZMQ_EVENT_HANDSHAKE_FAILED_AUTH }

    /// Why a handshake failed, in words for a log line.
    public var reason: String {
        switch Int32(event) {
        case ZMQ_EVENT_HANDSHAKE_FAILED_AUTH: return "authentication refused"
        case ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL:
            // A plaintext peer meeting a CURVE socket shows up as a mechanism mismatch.
            return Int32(bitPattern: value) == ZMQ_PROTOCOL_ERROR_ZMTP_MECHANISM_MISMATCH
                ? "security mechanism mismatch (a plaintext peer?)" : "protocol error 0x\(String(value, radix: 16))"
        case ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL: return "handshake failed"
        default: return "event 0x\(String(event, radix: 16))"
        }
    }
}

extension Socket {
    /// Publishes this socket's `events` on a PAIR socket of the same context, which the caller reads.
    public func monitor(events: Int32, into context: Context, name: String) throws -> Socket {
        let endpoint = "inproc://monitor.\(name)"
        guard zmq_socket_monitor(try live(), endpoint, events) == 0 else { throw ZMQError.last("zmq_socket_monitor") }
        let pair = try Socket(context, .pair)
        try pair.connect(endpoint)
        return pair
    }
}
