import CZeroMQ

/// One message frame. `[UInt8]` is copy-on-write, so passing frames along does not copy them.
public typealias Frame = [UInt8]

/// A libzmq socket. libzmq sockets are not thread safe: a `Socket` is created, used and closed on
/// one thread (see `SocketThread`), which is why this type is deliberately not Sendable.
public final class Socket {
    public let type: SocketType
    private(set) var handle: UnsafeMutableRawPointer?
    // Keeps the context alive until the socket is closed: zmq_ctx_term would otherwise block.
    private let context: Context

    public init(_ context: Context, _ type: SocketType) throws {
        guard let handle = zmq_socket(context.handle, type.raw) else { throw ZMQError.last("zmq_socket") }
        self.handle = handle
        self.context = context
        self.type = type
        // Habits from the ZeroMQ guide: never let close block shutdown; make ROUTER say when a peer is
        // gone instead of dropping silently; make DEALER queue only to completed connections.
        try setOption(ZMQ_LINGER, Int32(0))
        if type == .router { try setOption(ZMQ_ROUTER_MANDATORY, Int32(1)) }
        if type == .dealer { try setOption(ZMQ_IMMEDIATE, Int32(1)) }
    }

    deinit { close() }

    public var isClosed: Bool { handle == nil }

    /// Sets LINGER (how long unsent messages may delay the close) and closes. Idempotent.
    public func close(linger: Duration = .zero) {
        guard let handle else { return }
        var ms = Int32(clamping: linger.milliseconds)
        zmq_setsockopt(handle, ZMQ_LINGER, &ms, MemoryLayout<Int32>.size)
        zmq_close(handle)
        self.handle = nil
    }

    public func bind(_ endpoint: String) throws {
        guard zmq_bind(try live(), endpoint) == 0 else { throw ZMQError.last("zmq_bind \(endpoint)") }
    }

    public func connect(_ endpoint: String) throws {
        if let curve = context.curve, !endpoint.hasPrefix("inproc://") { try makeCurveClient(curve) }
        guard zmq_connect(try live(), endpoint) == 0 else { throw ZMQError.last("zmq_connect \(endpoint)") }
    }

    /// Connects to every endpoint of a comma-separated list ("tcp://a:5555,tcp://b:5555"): how the bus
    /// names several brokers. A DEALER then sends each message to one of them (round robin over the
    /// connections that are up), a PUB to all, and a SUB hears all.
    public func connect(all endpoints: String) throws {
        for endpoint in Socket.endpoints(endpoints) { try connect(endpoint) }
    }

    /// The endpoints of a comma-separated list, trimmed, empty ones dropped.
    public static func endpoints(_ list: String) -> [String] {
        list.split(separator: ",").map { String($0.filter { !$0.isWhitespace }) }.filter { !$0.isEmpty }
    }

    /// The endpoint actually bound (useful after binding to port `*` or 0).
    public var lastEndpoint: String {
        get throws {
            var buffer = [CChar](repeating: 0, count: 256)
            var size = buffer.count
            guard zmq_getsockopt(try live(), ZMQ_LAST_ENDPOINT, &buffer, &size) == 0 else {
                throw ZMQError.last("zmq_getsockopt LAST_ENDPOINT")
            }
            return String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    }

    /// Sends a multipart message. Returns false when `dontWait` is set and the message could not be
    /// queued (EAGAIN); throws on other errors (EHOSTUNREACH from a ROUTER whose peer is gone, ETERM).
    @discardableResult
    public func send(_ frames: [Frame], dontWait: Bool = false) throws -> Bool {
        let handle = try live()
        let last = frames.count - 1
        for (index, frame) in frames.enumerated() {
            var flags: Int32 = index < last ? ZMQ_SNDMORE : 0
            if dontWait { flags |= ZMQ_DONTWAIT }
            while true {
                let rc = frame.withUnsafeBytes { zmq_send(handle, $0.baseAddress, $0.count, flags) }
                if rc >= 0 { break }
                let error = ZMQError.last("zmq_send")
                if error.code == EINTR { continue }
                // Once the first frame is accepted libzmq accepts the rest, so EAGAIN can only
                // happen here on frame 0, leaving nothing half sent.
                if error.isWouldBlock && index == 0 { return false }
                throw error
            }
        }
        return true
    }

    /// Receives one multipart message. Returns nil when `dontWait` is set and nothing is waiting.
    public func receive(dontWait: Bool = false) throws -> [Frame]? {
        let handle = try live()
        var frames: [Frame] = []
        var message = zmq_msg_t()
        zmq_msg_init(&message)
        defer { zmq_msg_close(&message) }
        while true {
            let rc = zmq_msg_recv(&message, handle, dontWait && frames.isEmpty ? ZMQ_DONTWAIT : 0)
            if rc < 0 {
                let error = ZMQError.last("zmq_msg_recv")
                if error.code == EINTR { continue }
                if error.isWouldBlock && frames.isEmpty { return nil }
                throw error
            }
            let size = zmq_msg_size(&message)
            let data = zmq_msg_data(&message)
            frames.append(Frame(unsafeUninitializedCapacity: size) { buffer, count in
                if size > 0, let data { buffer.baseAddress!.update(from: data.assumingMemoryBound(to: UInt8.self), count: size) }
                count = size
            })
            if zmq_msg_more(&message) == 0 { return frames }
        }
    }

    func live() throws -> UnsafeMutableRawPointer {
        guard let handle else { throw ZMQError(code: ENOTSOCK, operation: "closed socket") }
        return handle
    }
}

extension Duration {
    /// Whole milliseconds, rounded down.
    public var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}

extension Socket {
    /// Sends `head` then `tail` as one multipart message without building a new array
    /// (the broker's hot path: peer identity + frames).
    @discardableResult
    public func send(head: Frame, _ tail: [Frame], dontWait: Bool = false) throws -> Bool {
        let handle = try live()
        var flags: Int32 = tail.isEmpty ? 0 : ZMQ_SNDMORE
        if dontWait { flags |= ZMQ_DONTWAIT }
        while true {
            let rc = head.withUnsafeBytes { zmq_send(handle, $0.baseAddress, $0.count, flags) }
            if rc >= 0 { break }
            let error = ZMQError.last("zmq_send")
            if error.code == EINTR { continue }
            if error.isWouldBlock { return false }
            throw error
        }
        for (index, frame) in tail.enumerated() {
            let more: Int32 = index < tail.count - 1 ? ZMQ_SNDMORE : 0
            while frame.withUnsafeBytes({ zmq_send(handle, $0.baseAddress, $0.count, more) }) < 0 {
                let error = ZMQError.last("zmq_send")
                if error.code != EINTR { throw error }
            }
        }
        return true
    }
}
