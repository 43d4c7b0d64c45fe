/// A registered worker. It is either waiting (`client == nil`, one live entry in its
/// service's waiting list) or serving exactly one request for `client`.
struct WorkerState: Sendable {
    let identity: Frame
    let service: BytesKey
    /// Purged at this instant unless it sends something first.
    var expiresAt: ContinuousClock.Instant
    /// Last time the broker sent it anything; heartbeats are only needed after a quiet interval.
    var lastSentAt: ContinuousClock.Instant
    /// Client whose request it is serving; nil while waiting.
    var client: Frame?
    /// While serving: when the request it serves would have expired had it stayed
    /// queued (its arrival + `requestTTL`), so an undelivered REQUEST can be
    /// requeued with its original deadline. Meaningless while waiting.
    var requestExpiresAt: ContinuousClock.Instant
    /// Ticket of its live waiting-list entry. Entries with another ticket are stale:
    /// removing a worker from the middle of the list would be O(n), so it is left
    /// there and skipped when reached (lazy deletion).
    var waitingTicket: UInt64
}

/// Entry in a service's least-recently-used list of waiting workers.
struct WaitingEntry: Sendable {
    let worker: BytesKey
    let ticket: UInt64
}

/// A client request waiting for a worker. The whole REQUEST message is kept
/// (body from index 3) so the body frames are moved, never copied.
struct QueuedRequest: Sendable {
    let client: Frame
    let message: [Frame]
    let expiresAt: ContinuousClock.Instant
}

/// Per-service state: waiting workers (oldest first) and queued requests (FIFO).
/// Invariant: a live waiting worker implies an empty request queue.
struct ServiceState: Sendable {
    var waiting = RingBuffer<WaitingEntry>()
    /// Live (non-stale) entries in `waiting`.
    var waitingLive = 0
    var requests = RingBuffer<QueuedRequest>()
    var workerCount = 0
    /// Whether `BrokerCore.requestExpiry` holds a mark for this service.
    var expiryMarked = false

    /// Nothing worth keeping: the entry can be removed so that clients asking for
    /// arbitrary names cannot grow the table forever.
    var isUnused: Bool { workerCount == 0 && requests.isEmpty }
}

/// Remembers a worker forgotten while serving, so its late reply can still reach
/// the client (see `BrokerCore.receiveFromStranger`).
struct OrphanedRequest: Sendable {
    let service: Frame
    let client: Frame
    let forgetAt: ContinuousClock.Instant
}
