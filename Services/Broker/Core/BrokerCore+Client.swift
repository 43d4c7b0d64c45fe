// MDP/Client side: REQUEST in, dispatch or queue, MMI answered locally.
extension BrokerCore {
    mutating func receiveFromClient(
        _ client: Frame, command: UInt8, frames: [Frame], now: ContinuousClock.Instant,
        out: inout [Outgoing]
    ) {
        // RFC 18: REQUEST is 4+ frames (header, command, service, body...). PARTIAL
        // and FINAL only travel broker → client, so from a client they are invalid.
        // A tagged REQUEST (WIRE.md) has the tag after the service; it is kept in the
        // address, and the request is kept as a plain one's would be.
        let address: ClientAddress
        var frames = frames
        switch command {
        case MDP.Client.request where frames.count >= 4 && !frames[2].isEmpty:
            address = ClientAddress(peer: client)
        case MDP.Client.taggedRequest where frames.count >= 5 && !frames[2].isEmpty && MDP.tagLengths.contains(frames[3].count):
            address = ClientAddress(peer: client, tag: frames.remove(at: 3))
            frames[1] = MDP.clientRequestFrame
        default:
            counters.dropped += 1
            return
        }
        let clientKey = BytesKey(client)
        // A peer is a client or a worker, never both on one socket: a worker's socket
        // sending client commands is a valid but unexpected command from that worker.
        if workers[clientKey] != nil {
            disconnectAndForget(clientKey, out: &out)
            return
        }
        counters.requests += 1

        let service = frames[2]
        if service.starts(with: MDP.mmiPrefix) {
            answerMMI(client: address, frames: frames, out: &out)
            return
        }

        let serviceKey = BytesKey(service)
        if let si = services.index(forKey: serviceKey),
           let wi = takeWorker(service: si) {
            dispatch(to: wi, client: address, request: frames,
                     expiresAt: now + config.requestTTL, now: now, out: &out)
            return
        }
        enqueue(QueuedRequest(client: address, message: frames, expiresAt: now + config.requestTTL),
                service: serviceKey)
    }

    /// The worker the next request of a service goes to: the one with the most free credit (a
    /// waiting plain MDP worker has one), least recently used among equals; nil when all are busy.
    mutating func takeWorker(
        service si: Dictionary<BytesKey, ServiceState>.Index
    ) -> Dictionary<BytesKey, WorkerState>.Index? {
        var best: Dictionary<BytesKey, WorkerState>.Index?
        var bestFree = 0, bestUsed = UInt64.max
        for key in services.values[si].creditWorkers {
            guard let wi = workers.index(forKey: key) else { continue }
            let free = workers.values[wi].freeCredit, used = workers.values[wi].lastUsed
            if free > bestFree || (free > 0 && free == bestFree && used < bestUsed) {
                (best, bestFree, bestUsed) = (wi, free, used)
            }
        }
        guard bestFree <= 1, let plain = peekWaitingWorker(service: si) else { return best }
        if best == nil || workers.values[plain].lastUsed < bestUsed {
            return takeWaitingWorker(service: si)
        }
        return best
    }

    /// The least recently used live waiting worker of a service, left in place (stale entries
    /// ahead of it are dropped).
    mutating func peekWaitingWorker(
        service si: Dictionary<BytesKey, ServiceState>.Index
    ) -> Dictionary<BytesKey, WorkerState>.Index? {
        while let entry = services.values[si].waiting.first {
            if let wi = workers.index(forKey: entry.worker),
               workers.values[wi].client == nil, workers.values[wi].waitingTicket == entry.ticket {
                return wi
            }
            _ = services.values[si].waiting.popFirst()
        }
        return nil
    }

    /// Pops the least recently used live worker of a service, skipping stale entries.
    mutating func takeWaitingWorker(
        service si: Dictionary<BytesKey, ServiceState>.Index
    ) -> Dictionary<BytesKey, WorkerState>.Index? {
        while let entry = services.values[si].waiting.popFirst() {
            guard let wi = workers.index(forKey: entry.worker) else { continue }
            let worker = workers.values[wi]
            if worker.client == nil && worker.waitingTicket == entry.ticket {
                services.values[si].waitingLive -= 1
                return wi
            }
        }
        return nil
    }

    /// Sends a client's REQUEST to a worker: ["MDPW02", 0x02, client, "", body...]. A plain worker
    /// then serves `client`; a credit worker adds it to those it serves.
    /// `expiresAt`: the request's queue deadline (arrival + `requestTTL`), kept in
    /// case the REQUEST proves undeliverable and goes back to the queue.
    mutating func dispatch(
        to wi: Dictionary<BytesKey, WorkerState>.Index, client: ClientAddress, request: [Frame],
        expiresAt: ContinuousClock.Instant, now: ContinuousClock.Instant, out: inout [Outgoing]
    ) {
        if workers.values[wi].isCredit {
            workers.values[wi].inFlight.append(InFlightRequest(client: client, message: request, expiresAt: expiresAt))
            inFlightCount += 1
        } else {
            workers.values[wi].client = client
            workers.values[wi].requestExpiresAt = expiresAt
        }
        nextTicket &+= 1
        workers.values[wi].lastUsed = nextTicket
        workers.values[wi].lastSentAt = now
        var frames: [Frame] = []
        frames.reserveCapacity(request.count + 1)
        frames.append(MDP.workerHeader)
        frames.append(MDP.workerRequestFrame)
        frames.append(client.forWorker)
        frames.append(MDP.empty)
        frames.append(contentsOf: request[3...])
        out.append(Outgoing(peer: workers.values[wi].identity, frames: frames))
    }

    mutating func enqueue(_ request: QueuedRequest, service key: BytesKey) {
        let si = serviceIndex(creating: key)
        services.values[si].requests.append(request)
        queuedCount += 1
        if !services.values[si].expiryMarked {
            services.values[si].expiryMarked = true
            requestExpiry.push(.init(at: request.expiresAt, service: key))
        }
    }

    /// Service discovery (RFC 8): "mmi.service" with a service name as body is
    /// answered 200 if a worker of it is registered, 404 if not; other "mmi."
    /// services are not implemented (501).
    mutating func answerMMI(client: ClientAddress, frames: [Frame], out: inout [Outgoing]) {
        let code: Frame
        if frames[2] == MDP.mmiService {
            let known = (services[BytesKey(frames[3])]?.workerCount ?? 0) > 0
            code = known ? MDP.mmiFound : MDP.mmiNotFound
        } else {
            code = MDP.mmiNotImplemented
        }
        out.append(client.reply(kind: MDP.clientFinalFrame, service: frames[2], body: [code]))
        counters.replies += 1
    }
}
