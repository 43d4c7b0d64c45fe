/// A registered worker. A plain MDP/0.2 worker is either waiting (`client == nil`, one live
/// entry in its service's waiting list) or serving exactly one request for `client`. A credit
/// worker (WIRE.md, "Credit") serves up to `credit` requests at once, kept in `inFlight`.
struct WorkerState: Sendable {
    let identity: Frame
    let service: BytesKey
    /// Purged at this instant unless it sends something first.
    var expiresAt: ContinuousClock.Instant
    /// Last time the broker sent it anything; heartbeats are only needed after a quiet interval.
    var lastSentAt: ContinuousClock.Instant
    /// Client whose request it is serving; nil while waiting.
    var client: ClientAddress?
    /// While serving: when the request it serves would have expired had it stayed
    /// queued (its arrival + `requestTTL`), so an undelivered REQUEST can be
    /// requeued with its original deadline. Meaningless while waiting.
    var requestExpiresAt: ContinuousClock.Instant
    /// Ticket of its live waiting-list entry. Entries with another ticket are stale:
    /// removing a worker from the middle of the list would be O(n), so it is left
    /// there and skipped when reached (lazy deletion).
    var waitingTicket: UInt64
    /// Requests it takes at once, as its READY declared; 0 for a plain MDP/0.2 worker.
    var credit = 0
    /// A credit worker's requests being served, oldest first, each as the client's REQUEST so it
    /// can go back in line if the worker is lost.
    var inFlight: [InFlightRequest] = []
    /// A credit worker that said DISCONNECT: it gets no new request, its replies are still delivered.
    var draining = false
    /// When it was last given a request (a counter): least recently used first among equals.
    var lastUsed: UInt64 = 0

    var isCredit: Bool { credit > 0 }
    var freeCredit: Int { draining ? 0 : credit - inFlight.count }
}

/// One request a credit worker is serving.
struct InFlightRequest: Sendable {
    let client: ClientAddress
    /// The client's REQUEST ["MDPC02", 0x01, service, body...].
    let message: [Frame]
    let expiresAt: ContinuousClock.Instant
}

/// Entry in a service's least-recently-used list of waiting workers.
struct WaitingEntry: Sendable {
    let worker: BytesKey
    let ticket: UInt64
}

/// A client request waiting for a worker. The whole REQUEST message is kept
/// (body from index 3) so the body frames are moved, never copied.
struct QueuedRequest: Sendable {
    let client: ClientAddress
    let message: [Frame]
    let expiresAt: ContinuousClock.Instant
}

/// Per-service state: waiting workers (oldest first) and queued requests (FIFO).
/// Invariant: a live waiting worker, or a credit worker with free credit, implies an empty
/// request queue.
struct ServiceState: Sendable {
    var waiting = RingBuffer<WaitingEntry>()
    /// Live (non-stale) entries in `waiting`.
    var waitingLive = 0
    var requests = RingBuffer<QueuedRequest>()
    var workerCount = 0
    /// Its credit workers (draining ones included until they are forgotten).
    var creditWorkers: [BytesKey] = []
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
    let client: ClientAddress
    let forgetAt: ContinuousClock.Instant
}
