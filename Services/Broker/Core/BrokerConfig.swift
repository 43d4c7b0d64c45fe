/// Timing of the broker. Workers must be configured with the same heartbeat
/// interval and liveness, or they will be disconnected falsely (RFC 18).
public struct BrokerConfig: Sendable {
    /// How often the broker heartbeats each worker.
    public var heartbeatInterval: Duration
    /// A worker silent for `heartbeatInterval × liveness` is purged.
    public var liveness: Int
    /// How long a request waits for a worker before it is dropped.
    public var requestTTL: Duration

    public init(
        heartbeatInterval: Duration = .seconds(1),
        liveness: Int = 5,
        requestTTL: Duration = .seconds(10)
    ) {
        precondition(heartbeatInterval > .zero, "heartbeatInterval must be positive")
        precondition(liveness >= 1, "liveness must be at least 1")
        self.heartbeatInterval = heartbeatInterval
        self.liveness = liveness
        self.requestTTL = requestTTL
    }
}
