import CZeroMQ

/// A libzmq context. Contexts are thread safe (libzmq documents it), so this one is Sendable;
/// sockets made from it are not.
public final class Context: @unchecked Sendable {
    let handle: UnsafeMutableRawPointer
    /// When set, every socket of this context that connects does so as a CURVE client of the broker.
    /// The rule lives here, in one place, so that no bus socket can forget it.
    public let curve: CurveClient?

    public init(ioThreads: Int32 = 1, curve: CurveClient? = nil) throws {
        guard let handle = zmq_ctx_new() else { throw ZMQError.last("zmq_ctx_new") }
        self.handle = handle
        self.curve = curve
        if ioThreads != 1 { zmq_ctx_set(handle, ZMQ_IO_THREADS, ioThreads) }
    }

    /// Makes every blocking call on this context's sockets return ETERM, so their owners can close them.
    /// Safe to call from any thread, any number of times.
    public func shutdown() {
        _ = zmq_ctx_shutdown(handle)
    }

    deinit {
        // Every socket holds a strong reference to its context, so by now all of them are closed
        // and zmq_ctx_term will not block. Retry on EINTR as the libzmq docs ask.
        while zmq_ctx_term(handle) != 0 && zmq_errno() == EINTR {}
    }

    /// The libzmq version in use, e.g. "4.3.4".
    public static var libraryVersion: String {
        var major: Int32 = 0, minor: Int32 = 0, patch: Int32 = 0
        zmq_version(&major, &minor, &patch)
        return "\(major).\(minor).\(patch)"
    }
}
