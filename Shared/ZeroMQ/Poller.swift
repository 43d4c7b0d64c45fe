import CZeroMQ

/// A set of sockets and plain file descriptors to wait on with `zmq_poll`.
/// Owned by the same thread as its sockets.
public struct Poller {
    private var items: [zmq_pollitem_t] = []

    public init() {}

    /// Adds a socket to watch for input; returns its index.
    @discardableResult
    public mutating func add(_ socket: Socket) -> Int {
        items.append(zmq_pollitem_t(socket: socket.handle, fd: 0, events: Int16(ZMQ_POLLIN), revents: 0))
        return items.count - 1
    }

    /// Adds a plain file descriptor (e.g. a `Mailbox`'s eventfd); returns its index.
    @discardableResult
    public mutating func add(fileDescriptor fd: Int32) -> Int {
        items.append(zmq_pollitem_t(socket: nil, fd: fd, events: Int16(ZMQ_POLLIN), revents: 0))
        return items.count - 1
    }

    /// Replaces the socket at `index` (after a socket was closed and opened anew).
    public mutating func replace(_ index: Int, with socket: Socket) {
        items[index].socket = socket.handle
        items[index].revents = 0
    }

    public var count: Int { items.count }

    /// Waits until something is readable or `timeout` passes (never infinitely: callers always have
    /// heartbeats or deadlines to keep). Returns how many items are ready; 0 on timeout or EINTR.
    public mutating func poll(timeout: Duration) throws -> Int {
        let ms = max(0, timeout.milliseconds)
        let rc = items.withUnsafeMutableBufferPointer { zmq_poll($0.baseAddress, Int32($0.count), Int(ms)) }
        if rc < 0 {
            let error = ZMQError.last("zmq_poll")
            if error.code == EINTR { return 0 }
            throw error
        }
        return Int(rc)
    }

    public func isReadable(_ index: Int) -> Bool {
        items[index].revents & Int16(ZMQ_POLLIN) != 0
    }
}
