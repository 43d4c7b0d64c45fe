/// The Majordomo (MDP/0.2, ZeroMQ RFC 18) broker as a pure state machine.
///
/// The socket loop feeds it messages and instants and sends what it appends to
/// `out`; it never touches sockets or clocks itself, so every behaviour is testable
/// by injecting `now`. The hot path (client REQUEST to a waiting worker, worker
/// FINAL) is a few dictionary lookups and ring-buffer operations.
public struct BrokerCore: Sendable {
    let config: BrokerConfig
    /// `heartbeatInterval × liveness`: silence after which a worker is purged.
    let workerTimeout: Duration
    /// Heartbeats due within this much of a scan are sent in that scan, so scans
    /// run at most about four times per interval whatever the workers' phases.
    let heartbeatSlack: Duration

    var workers: [BytesKey: WorkerState] = [:]
    var services: [BytesKey: ServiceState] = [:]
    var orphans: [BytesKey: OrphanedRequest] = [:]
    var requestExpiry = ExpiryHeap()
    /// No worker needs a heartbeat or purge before this (lower bound); nil: no workers.
    var nextScanAt: ContinuousClock.Instant?
    var nextTicket: UInt64 = 0
    /// Latest instant seen; `shutdown` has no `now` of its own.
    var lastNow: ContinuousClock.Instant?
    var isShutDown = false
    var counters = BrokerStats()
    var queuedCount = 0
    /// Requests credit workers are serving now.
    var inFlightCount = 0

    public init(config: BrokerConfig = .init()) {
        self.config = config
        self.workerTimeout = config.heartbeatInterval * config.liveness
        self.heartbeatSlack = config.heartbeatInterval / 4
    }

    public var stats: BrokerStats {
        var stats = counters
        stats.workers = workers.count
        stats.queued = queuedCount
        stats.inFlight = inFlightCount
        return stats
    }

    /// Registered workers (waiting or busy) for `service`.
    public func workerCount(service: String) -> Int {
        services[BytesKey(Array(service.utf8))]?.workerCount ?? 0
    }

    /// One message from `peer` (identity frame already stripped). Appends what must be sent to `out`.
    public mutating func receive(
        from peer: Frame, frames: [Frame], now: ContinuousClock.Instant, out: inout [Outgoing]
    ) {
        lastNow = now
        // Every MDP command has a protocol header and a one-byte command frame.
        guard frames.count >= 2, frames[1].count == 1 else {
            counters.dropped += 1
            return
        }
        let command = frames[1][0]
        if frames[0] == MDP.clientHeader {
            receiveFromClient(peer, command: command, frames: frames, now: now, out: &out)
        } else if frames[0] == MDP.workerHeader {
            receiveFromWorker(peer, command: command, frames: frames, now: now, out: &out)
        } else {
            counters.dropped += 1
        }
    }

    // MARK: Shared helpers

    /// Index of `key`'s service entry, creating it if needed.
    mutating func serviceIndex(creating key: BytesKey) -> Dictionary<BytesKey, ServiceState>.Index {
        if let index = services.index(forKey: key) { return index }
        services[key] = ServiceState()
        return services.index(forKey: key)!
    }

    /// Tells a worker to go away, as RFC 18 requires for valid but unexpected commands.
    mutating func sendDisconnect(to peer: Frame, out: inout [Outgoing]) {
        out.append(Outgoing(peer: peer, frames: MDP.disconnectMessage))
        counters.disconnectsSent += 1
    }

    mutating func disconnectAndForget(_ key: BytesKey, out: inout [Outgoing]) {
        sendDisconnect(to: key.bytes, out: &out)
        forget(key, keepingOrphan: true, out: &out)
    }

    /// Removes a worker. A stale waiting-list entry may remain; it is skipped when
    /// reached, and the list is compacted once stale entries dominate so it stays
    /// O(live workers) in size.
    ///
    /// `keepingOrphan`: remember a request it was serving, so a late reply is still
    /// delivered. Not wanted when the worker itself said DISCONNECT (it will send
    /// nothing more).
    ///
    /// A credit worker's requests in flight go back in line (WIRE.md, "Credit"): to
    /// another worker at once (appended to `out`) or into the queue with their
    /// original deadlines, never lost silently. Workers deduplicate by request id, so
    /// one the lost worker had in fact applied is answered from its record. At
    /// shutdown they are not requeued: every worker is leaving.
    mutating func forget(_ key: BytesKey, keepingOrphan: Bool, out: inout [Outgoing]) {
        guard let worker = workers.removeValue(forKey: key) else { return }
        if worker.isCredit {
            inFlightCount -= worker.inFlight.count
            if let si = services.index(forKey: worker.service) {
                services.values[si].workerCount -= 1
                services.values[si].creditWorkers.removeAll { $0 == key }
            }
            let now = lastNow ?? .now
            if !isShutDown {
                for request in worker.inFlight {
                    requeue(QueuedRequest(client: request.client, message: request.message, expiresAt: request.expiresAt),
                            service: worker.service, now: now, out: &out)
                }
            }
            if let si = services.index(forKey: worker.service), services.values[si].isUnused { services.remove(at: si) }
            return
        }
        if let si = services.index(forKey: worker.service) {
            services.values[si].workerCount -= 1
            if worker.client == nil {
                services.values[si].waitingLive -= 1
                let service = services.values[si]
                if service.waiting.count > 2 * service.waitingLive + 16 {
                    let workers = self.workers
                    services.values[si].waiting.retain { entry in
                        guard let w = workers[entry.worker] else { return false }
                        return w.client == nil && w.waitingTicket == entry.ticket
                    }
                }
            }
            if services.values[si].isUnused { services.remove(at: si) }
        }
        if keepingOrphan, let client = worker.client, let now = lastNow {
            orphans[key] = OrphanedRequest(
                service: worker.service.bytes, client: client, forgetAt: now + config.requestTTL)
            if nextScanAt == nil { nextScanAt = now + config.heartbeatInterval }
        }
    }
}
