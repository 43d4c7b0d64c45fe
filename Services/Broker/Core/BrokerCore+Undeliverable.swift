// Sends the socket loop could not make: an unreachable worker is forgotten at once,
// and a REQUEST it never received goes back in line instead of being lost.
extension BrokerCore {
    /// Call when sending `message` (one this core appended to `out`) failed because
    /// its peer is unreachable (EHOSTUNREACH under ROUTER_MANDATORY) or its pipe is
    /// full (a non-blocking send refused). ZeroMQ sends a message whole or not at
    /// all, so the peer received none of it.
    ///
    /// - A registered worker is forgotten now, as a purge would later, but without
    ///   DISCONNECT (it cannot be reached). If `message` was the REQUEST it was
    ///   serving, that request goes back to its service: to the next waiting worker
    ///   at once (appended to `out`), else into the queue ahead of every request
    ///   that arrived after it. It is not counted again in `requests`.
    /// - A client (a PARTIAL/FINAL it went away before receiving; it will retry) or
    ///   an unknown peer: nothing to undo.
    ///
    /// - A credit worker is forgotten and every request it serves goes back in line.
    ///
    /// Every call is counted in `stats.undeliverable`. Messages are appended only when
    /// a worker was forgotten, one per request it was serving, so a loop reporting the
    /// failures of what this appends ends within workers + requests in flight.
    public mutating func undeliverable(
        _ message: Outgoing, now: ContinuousClock.Instant, out: inout [Outgoing]
    ) {
        lastNow = now
        counters.undeliverable += 1
        let key = BytesKey(message.peer)
        guard let worker = workers[key] else { return }
        if worker.isCredit {
            // Whatever failed, the worker is unreachable: everything it serves goes back in line.
            forget(key, keepingOrphan: false, out: &out)
            return
        }

        let frames = message.frames
        let isRequest = frames.count >= 4 && frames[0] == MDP.workerHeader
            && frames[1] == MDP.workerRequestFrame && frames[3].isEmpty
        // The one request a worker serves is the one dispatched to it; if that is
        // what failed, it never arrived and no reply to it will come.
        let lostRequest = isRequest && worker.client?.forWorker == frames[2]
        forget(key, keepingOrphan: !lostRequest, out: &out)
        guard lostRequest, let client = worker.client else { return }

        // Rebuild the client's REQUEST ["MDPC02", 0x01, service, body...] as queued
        // requests are kept; the body frames are shared, not copied.
        var request: [Frame] = []
        request.reserveCapacity(frames.count - 1)
        request.append(MDP.clientHeader)
        request.append([MDP.Client.request])
        request.append(worker.service.bytes)
        request.append(contentsOf: frames[4...])
        // TTL: the request keeps its original deadline (arrival + requestTTL), not a
        // fresh one. requestTTL stands for how long a client waits before it gives
        // up and retries, and that clock started when the client sent the request;
        // a fresh deadline would keep it alive after the client has retried, and it
        // could then run twice. It also keeps each queue ordered by deadline, which
        // `expireRequests` relies on (it stops at the first unexpired request).
        requeue(QueuedRequest(client: client, message: request, expiresAt: worker.requestExpiresAt),
                service: worker.service, now: now, out: &out)
    }

    /// A request that was dispatched but never delivered gets back in line: to a
    /// waiting worker at once if there is one, else into the queue in deadline
    /// order, i.e. ahead of every request that arrived after it (normally at the
    /// head, since requests are dispatched first in, first out).
    mutating func requeue(
        _ request: QueuedRequest, service key: BytesKey, now: ContinuousClock.Instant,
        out: inout [Outgoing]
    ) {
        if request.expiresAt <= now {
            counters.expired += 1  // its client has given up and retried
            return
        }
        let si = serviceIndex(creating: key)
        if let wi = takeWorker(service: si) {
            // A worker with room means the queue is empty: nothing is passed over.
            dispatch(to: wi, client: request.client, request: request.message,
                     expiresAt: request.expiresAt, now: now, out: &out)
            return
        }
        // Strictly earlier deadlines stay ahead; on a tie (same arrival instant) the
        // requeued request goes first.
        let offset = services.values[si].requests.firstOffset { $0.expiresAt >= request.expiresAt }
        services.values[si].requests.insert(request, at: offset)
        queuedCount += 1
        // The service's mark is a lower bound for its old head; a new head may be
        // due earlier, so it gets a mark of its own. The older mark becomes a spare:
        // when it comes due `expireRequests` finds nothing to expire and re-marks
        // the queue, so it costs a heap entry and a wakeup until the queue empties
        // (one per head re-queue, which only happens on failed sends).
        if !services.values[si].expiryMarked || offset == 0 {
            services.values[si].expiryMarked = true
            requestExpiry.push(.init(at: request.expiresAt, service: key))
        }
    }
}
