import CZeroMQ

extension Socket {
    public func setOption(_ option: Int32, _ value: Int32) throws {
        var value = value
        guard zmq_setsockopt(try live(), option, &value, MemoryLayout<Int32>.size) == 0 else {
            throw ZMQError.last("zmq_setsockopt \(option)")
        }
    }

    public func setOption(_ option: Int32, _ bytes: [UInt8]) throws {
        let rc = try bytes.withUnsafeBytes { zmq_setsockopt(try live(), option, $0.baseAddress, $0.count) }
        guard rc == 0 else { throw ZMQError.last("zmq_setsockopt \(option)") }
    }

    func getInt32(_ option: Int32) throws -> Int32 {
        var value: Int32 = 0
        var size = MemoryLayout<Int32>.size
        guard zmq_getsockopt(try live(), option, &value, &size) == 0 else { throw ZMQError.last("zmq_getsockopt \(option)") }
        return value
    }

    /// Subscribe a SUB socket to messages whose first frame starts with `prefix` ("" for all).
    public func subscribe(_ prefix: String) throws { try setOption(ZMQ_SUBSCRIBE, Array(prefix.utf8)) }
    public func unsubscribe(_ prefix: String) throws { try setOption(ZMQ_UNSUBSCRIBE, Array(prefix.utf8)) }

    /// The identity a ROUTER peer sees for this socket.
    public func setRoutingID(_ id: [UInt8]) throws { try setOption(ZMQ_ROUTING_ID, id) }

    public func setSendHighWaterMark(_ messages: Int32) throws { try setOption(ZMQ_SNDHWM, messages) }
    public func setReceiveHighWaterMark(_ messages: Int32) throws { try setOption(ZMQ_RCVHWM, messages) }

    /// How soon libzmq retries a lost connection (and the cap of its back-off).
    public func setReconnectInterval(_ interval: Duration, max: Duration? = nil) throws {
        try setOption(ZMQ_RECONNECT_IVL, Int32(clamping: interval.milliseconds))
        if let max { try setOption(ZMQ_RECONNECT_IVL_MAX, Int32(clamping: max.milliseconds)) }
    }

    /// ZMTP-level heartbeats (libzmq ≥ 4.2): a dead TCP peer is noticed even when the application is idle.
    public func setTransportHeartbeat(interval: Duration, timeout: Duration) throws {
        try setOption(ZMQ_HEARTBEAT_IVL, Int32(clamping: interval.milliseconds))
        try setOption(ZMQ_HEARTBEAT_TIMEOUT, Int32(clamping: timeout.milliseconds))
    }

    /// XPUB: pass every subscription upstream, not just new ones, so a restarted publisher side learns them again.
    public func setXPubVerbose(_ on: Bool) throws { try setOption(ZMQ_XPUB_VERBOSE, on ? 1 : 0) }

    /// True while the last received frame has more parts after it.
    public var hasMore: Bool { (try? getInt32(ZMQ_RCVMORE)) == 1 }
}
