// Time-driven work: request expiry, heartbeats, purging, and shutdown.
extension BrokerCore {
    /// Heartbeats due, dead workers purged, queued requests expired. Call at least
    /// every heartbeatInterval, and whenever `nextTick` has passed.
    ///
    /// Cheap when nothing is due; the O(workers) scan only runs at `nextScanAt`.
    public mutating func tick(now: ContinuousClock.Instant, out: inout [Outgoing]) {
        lastNow = now
        expireRequests(now: now)
        if let due = nextScanAt, due <= now {
            scanWorkers(now: now, out: &out)
        }
    }

    /// When tick should next be called (the loop polls until then at most). O(1).
    public func nextTick(now: ContinuousClock.Instant) -> ContinuousClock.Instant {
        var next = now + config.heartbeatInterval
        if let scan = nextScanAt, scan < next { next = scan }
        if let mark = requestExpiry.first, mark.at < next { next = mark.at }
        return next
    }

    /// Graceful shutdown: DISCONNECT to every worker.
    ///
    /// Workers are forgotten; replies already in flight are still delivered (see
    /// `receiveFromStranger`), and workers that reconnect are sent away.
    public mutating func shutdown(out: inout [Outgoing]) {
        isShutDown = true
        for key in Array(workers.keys) {
            disconnectAndForget(key, out: &out)
        }
    }

    /// Drops queued requests older than `requestTTL`: their clients have timed out.
    mutating func expireRequests(now: ContinuousClock.Instant) {
        while let mark = requestExpiry.first, mark.at <= now {
            _ = requestExpiry.popFirst()
            guard let si = services.index(forKey: mark.service) else { continue }
            services.values[si].expiryMarked = false
            while let first = services.values[si].requests.first, first.expiresAt <= now {
                _ = services.values[si].requests.popFirst()
                queuedCount -= 1
                counters.expired += 1
            }
            if let first = services.values[si].requests.first {
                services.values[si].expiryMarked = true
                requestExpiry.push(.init(at: first.expiresAt, service: mark.service))
            } else if services.values[si].isUnused {
                services.remove(at: si)
            }
        }
    }

    /// Purges silent workers and heartbeats quiet ones, then schedules the next scan
    /// for the earliest instant either can be due again.
    mutating func scanWorkers(now: ContinuousClock.Instant, out: inout [Outgoing]) {
        let interval = config.heartbeatInterval
        // Sending up to `heartbeatSlack` early batches workers whose heartbeats fall
        // due at nearly the same time into one scan; gaps stay within one interval.
        let heartbeatHorizon = now + heartbeatSlack
        var dead: [BytesKey] = []
        var nextDue: ContinuousClock.Instant?
        // Index walk rather than `for in indices`: the indices collection would hold
        // a copy of the dictionary and make each value write copy it all.
        var wi = workers.startIndex
        while wi != workers.endIndex {
            defer { workers.formIndex(after: &wi) }
            let expiresAt = workers.values[wi].expiresAt
            if expiresAt <= now {
                dead.append(workers.keys[wi])
                continue
            }
            if workers.values[wi].lastSentAt + interval <= heartbeatHorizon {
                out.append(Outgoing(peer: workers.values[wi].identity, frames: MDP.heartbeatMessage))
                workers.values[wi].lastSentAt = now
            }
            let due = min(workers.values[wi].lastSentAt + interval, expiresAt)
            if nextDue.map({ due < $0 }) ?? true { nextDue = due }
        }
        // Silent workers are not sent DISCONNECT: RFC 18 says to stop sending to a
        // peer considered disconnected. A request a plain worker was serving is lost;
        // the client's retry covers it (resending could run it twice at once). A
        // credit worker's go back in line (see `forget`).
        for key in dead {
            forget(key, keepingOrphan: true, out: &out)
            counters.purged += 1
        }
        if !orphans.isEmpty {
            orphans = orphans.filter { $0.value.forgetAt > now }
        }
        if nextDue == nil && !orphans.isEmpty { nextDue = now + interval }
        nextScanAt = nextDue
    }
}
