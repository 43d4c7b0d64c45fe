// MDP/Worker side: READY, PARTIAL, FINAL, HEARTBEAT, DISCONNECT.
extension BrokerCore {
    mutating func receiveFromWorker(
        _ peer: Frame, command: UInt8, frames: [Frame], now: ContinuousClock.Instant,
        out: inout [Outgoing]
    ) {
        // Shape checks first: a malformed message is invalid (dropped, counted) and
        // does not count as a heartbeat, whoever sent it.
        switch command {
        case MDP.Worker.ready:
            // A fourth frame is the credit extension (WIRE.md); RFC 18 has three.
            guard frames.count == 3 || frames.count == 4, !frames[2].isEmpty else { counters.dropped += 1; return }
        case MDP.Worker.partial, MDP.Worker.final:
            guard frames.count >= 5, !frames[2].isEmpty, frames[3].isEmpty else {
                counters.dropped += 1
                return
            }
        case MDP.Worker.heartbeat, MDP.Worker.disconnect:
            guard frames.count == 2 else { counters.dropped += 1; return }
        default:
            break  // REQUEST (broker → worker only) and unknown bytes: depends on the sender.
        }

        let key = BytesKey(peer)
        guard let wi = workers.index(forKey: key) else {
            receiveFromStranger(key, command: command, frames: frames, now: now, out: &out)
            return
        }
        if workers.values[wi].isCredit {
            if command == MDP.Worker.partial || command == MDP.Worker.final {
                workers.values[wi].expiresAt = now + workerTimeout
                receiveCreditReply(wi, key: key, command: command, frames: frames, now: now, out: &out)
                return
            }
            if command == MDP.Worker.disconnect && !workers.values[wi].inFlight.isEmpty {
                // No new requests; the ones it serves are still answered (then it is forgotten).
                workers.values[wi].draining = true
                return
            }
        }
        switch command {
        case MDP.Worker.heartbeat:
            workers.values[wi].expiresAt = now + workerTimeout
        case MDP.Worker.partial, MDP.Worker.final:
            workers.values[wi].expiresAt = now + workerTimeout
            // A reply is only expected from a busy worker, for the client it serves;
            // anything else would hand a client a reply to a request it did not make.
            guard let client = workers.values[wi].client, client.forWorker == frames[2] else {
                disconnectAndForget(key, out: &out)
                return
            }
            let service = workers.values[wi].service.bytes
            if command == MDP.Worker.partial {
                forwardReply(to: client, service: service, kind: MDP.clientPartialFrame, frames: frames, out: &out)
                counters.partials += 1
            } else {
                forwardReply(to: client, service: service, kind: MDP.clientFinalFrame, frames: frames, out: &out)
                counters.replies += 1
                becomeReady(wi, key: key, now: now, out: &out)
            }
        case MDP.Worker.disconnect:
            // It will send nothing more, so no reply is awaited from it; a request
            // it was serving is lost and the client's retry covers it.
            forget(key, keepingOrphan: false, out: &out)
        default:
            // A second READY, a REQUEST, or an unknown command: valid-but-unexpected.
            disconnectAndForget(key, out: &out)
        }
    }

    /// A worker command from a peer that is not a registered worker.
    mutating func receiveFromStranger(
        _ key: BytesKey, command: UInt8, frames: [Frame], now: ContinuousClock.Instant,
        out: inout [Outgoing]
    ) {
        switch command {
        case MDP.Worker.ready:
            if isShutDown {
                // Draining: a worker we just disconnected reconnects at once; send it
                // on to the next broker instead of giving it work here.
                sendDisconnect(to: key.bytes, out: &out)
            } else {
                register(key, service: BytesKey(frames[2]), credit: MDP.credit(ofReady: frames) ?? 0, now: now, out: &out)
            }
        case MDP.Worker.partial, MDP.Worker.final:
            // Deliberate exception to RFC 18's "unexpected → only DISCONNECT": a
            // worker forgotten while serving (purged, or disconnected by shutdown
            // with a request in flight) may still answer. The reply is valid and
            // the client is waiting, so it is delivered; then the worker is told to
            // DISCONNECT because the broker no longer knows it.
            if let orphan = orphans[key], orphan.client.forWorker == frames[2] {
                if command == MDP.Worker.partial {
                    forwardReply(to: orphan.client, service: orphan.service, kind: MDP.clientPartialFrame, frames: frames, out: &out)
                    counters.partials += 1
                } else {
                    forwardReply(to: orphan.client, service: orphan.service, kind: MDP.clientFinalFrame, frames: frames, out: &out)
                    counters.replies += 1
                    orphans[key] = nil
                }
            }
            sendDisconnect(to: key.bytes, out: &out)
        case MDP.Worker.heartbeat:
            sendDisconnect(to: key.bytes, out: &out)
        case MDP.Worker.disconnect:
            // Unknown and leaving anyway (RFC 18 allows DISCONNECT before READY).
            orphans[key] = nil
        default:
            // Nothing to forget and no worker to tell: treat as invalid.
            counters.dropped += 1
        }
    }

    mutating func register(
        _ key: BytesKey, service: BytesKey, credit: Int = 0, now: ContinuousClock.Instant, out: inout [Outgoing]
    ) {
        // A worker with a fixed identity may come back; its old orphan is moot.
        if !orphans.isEmpty { orphans[key] = nil }
        let si = serviceIndex(creating: service)
        services.values[si].workerCount += 1
        if credit > 0 { services.values[si].creditWorkers.append(key) }
        var worker = WorkerState(
            identity: key.bytes, service: service, expiresAt: now + workerTimeout,
            lastSentAt: now, client: nil, requestExpiresAt: now, waitingTicket: 0)
        worker.credit = credit
        workers[key] = worker
        let firstHeartbeat = now + config.heartbeatInterval
        if nextScanAt.map({ firstHeartbeat < $0 }) ?? true { nextScanAt = firstHeartbeat }
        if credit > 0 {
            fillCredit(workers.index(forKey: key)!, now: now, out: &out)
        } else {
            becomeReady(workers.index(forKey: key)!, key: key, now: now, out: &out)
        }
    }

    /// A credit worker's PARTIAL or FINAL: for one of the requests it serves, else it is told to go.
    mutating func receiveCreditReply(
        _ wi: Dictionary<BytesKey, WorkerState>.Index, key: BytesKey, command: UInt8, frames: [Frame],
        now: ContinuousClock.Instant, out: inout [Outgoing]
    ) {
        guard let index = workers.values[wi].inFlight.firstIndex(where: { $0.client.forWorker == frames[2] }) else {
            disconnectAndForget(key, out: &out)
            return
        }
        let service = workers.values[wi].service.bytes
        let client = workers.values[wi].inFlight[index].client
        if command == MDP.Worker.partial {
            forwardReply(to: client, service: service, kind: MDP.clientPartialFrame, frames: frames, out: &out)
            counters.partials += 1
            return
        }
        workers.values[wi].inFlight.remove(at: index)
        inFlightCount -= 1
        forwardReply(to: client, service: service, kind: MDP.clientFinalFrame, frames: frames, out: &out)
        counters.replies += 1
        if workers.values[wi].draining {
            if workers.values[wi].inFlight.isEmpty { forget(key, keepingOrphan: false, out: &out) }
        } else {
            fillCredit(wi, now: now, out: &out)
        }
    }

    /// A credit worker with room takes queued requests, oldest first, until it is full or the queue is empty.
    mutating func fillCredit(
        _ wi: Dictionary<BytesKey, WorkerState>.Index, now: ContinuousClock.Instant, out: inout [Outgoing]
    ) {
        guard let si = services.index(forKey: workers.values[wi].service) else {
            preconditionFailure("a registered worker's service entry exists")
        }
        while workers.values[wi].freeCredit > 0, let request = popLiveRequest(service: si, now: now) {
            dispatch(to: wi, client: request.client, request: request.message,
                     expiresAt: request.expiresAt, now: now, out: &out)
        }
    }

    /// The oldest queued request of a service whose client still waits; expired ones are dropped on the way.
    mutating func popLiveRequest(
        service si: Dictionary<BytesKey, ServiceState>.Index, now: ContinuousClock.Instant
    ) -> QueuedRequest? {
        while let request = services.values[si].requests.popFirst() {
            queuedCount -= 1
            if request.expiresAt > now { return request }
            counters.expired += 1  // its client has given up and retried
        }
        return nil
    }

    /// After READY or FINAL: take the oldest queued request, or wait (most recently
    /// used goes to the back of the list, so dispatch is least recently used first).
    mutating func becomeReady(
        _ wi: Dictionary<BytesKey, WorkerState>.Index, key: BytesKey,
        now: ContinuousClock.Instant, out: inout [Outgoing]
    ) {
        let service = workers.values[wi].service
        guard let si = services.index(forKey: service) else {
            preconditionFailure("a registered worker's service entry exists")
        }
        if let request = popLiveRequest(service: si, now: now) {
            dispatch(to: wi, client: request.client, request: request.message,
                     expiresAt: request.expiresAt, now: now, out: &out)
            return
        }
        nextTicket &+= 1
        workers.values[wi].client = nil
        workers.values[wi].waitingTicket = nextTicket
        services.values[si].waiting.append(WaitingEntry(worker: key, ticket: nextTicket))
        services.values[si].waitingLive += 1
    }

    /// Worker PARTIAL/FINAL ["MDPW02", cmd, client, "", body...] becomes
    /// ["MDPC02", kind, service, body...] to the client (with its tag after the service, for a tagged request).
    func forwardReply(
        to client: ClientAddress, service: Frame, kind: Frame, frames: [Frame], out: inout [Outgoing]
    ) {
        out.append(client.reply(kind: kind, service: service, body: frames[4...]))
    }
}
