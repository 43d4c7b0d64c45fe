/// Counters for metrics. `queued` and `workers` are current values, the rest totals.
public struct BrokerStats: Sendable, Equatable {
    /// Valid client REQUESTs accepted (including MMI).
    public var requests: Int
    /// FINALs delivered to clients (including MMI answers).
    public var replies: Int
    /// PARTIALs delivered to clients.
    public var partials: Int
    /// Requests currently waiting for a worker.
    public var queued: Int
    /// Requests credit workers are serving now.
    public var inFlight: Int = 0
    /// Queued requests dropped because they waited longer than `requestTTL`.
    public var expired: Int
    /// Invalid messages dropped.
    public var dropped: Int
    /// Workers currently registered.
    public var workers: Int
    /// Workers forgotten because they fell silent.
    public var purged: Int
    /// DISCONNECT commands sent (unexpected commands and shutdown).
    public var disconnectsSent: Int
    /// Messages the socket loop reported undeliverable (peer gone or its pipe full).
    /// A registered worker they were for is forgotten at once rather than purged
    /// later, so it is counted here and not in `purged`.
    public var undeliverable: Int

    public init(
        requests: Int = 0, replies: Int = 0, partials: Int = 0, queued: Int = 0,
        expired: Int = 0, dropped: Int = 0, workers: Int = 0, purged: Int = 0,
        disconnectsSent: Int = 0, undeliverable: Int = 0
    ) {
        self.requests = requests
        self.replies = replies
        self.partials = partials
        self.queued = queued
        self.expired = expired
        self.dropped = dropped
        self.workers = workers
        self.purged = purged
        self.disconnectsSent = disconnectsSent
        self.undeliverable = undeliverable
    }
}

/// One service's figures now, for the per-service gauges.
public struct ServiceLoad: Sendable, Equatable {
    public var service: String
    public var workers: Int
    public var queued: Int
}

extension BrokerCore {
    /// Every service the broker knows now (a worker registered or a request waiting).
    public var serviceLoads: [ServiceLoad] {
        services.map { key, state in
            ServiceLoad(service: String(decoding: key.bytes, as: UTF8.self), workers: state.workerCount, queued: state.requests.count)
        }
    }
}
