import Bus
import Foundation
import Logging
import Metrics
import ServiceLifecycle
import Store
import Synchronization
import ZeroMQ

/// Publishes a service's committed events from its durable log to the broker.
///
/// Frames: `[source, seq, envelope]` for each event, and `[source, "head", seq]` once a second so a
/// subscriber that missed the tail of the log learns it must catch up. When several instances of a
/// service share one store, only the holder of the "relay" lease publishes.
public final class EventRelay: Service, Sendable {
    let source: String
    let store: Store
    let publisher: Publisher
    let holder: String
    let logger: Logger
    let wakeup = Wakeup()
    let stopping = Atomic<Bool>(false)
    let published: Gauge

    public init(source: String, store: Store, publisher: Publisher, holder: String, logger: Logger) {
        self.source = source
        published = Gauge(label: "events_published_seq", dimensions: [("source", source)])
        self.store = store
        self.publisher = publisher
        self.holder = holder
        self.logger = logger
        let wakeup = self.wakeup
        store.onCommit { wakeup.poke() }
    }

    public func run() async throws {
        await withGracefulShutdownHandler {
            await loop()
        } onGracefulShutdown: {
            self.stopping.store(true, ordering: .relaxed)
            self.wakeup.poke()
        }
    }

    private func loop() async {
        let leaseName = "relay:\(source)"
        var lastPublished: Int64? = nil
        var lastAnnounced = ContinuousClock.now - .seconds(10)
        let sourceFrame = Array(source.utf8)
        while !Task.isCancelled && !stopping.load(ordering: .relaxed) {
            do {
                let holder = self.holder
                let held = try await store.write { db in try Lease.acquire(db, name: leaseName, holder: holder, ttl: 5) }
                if held {
                    // Start from the head: what came before is owed by the log, not by notices.
                    var cursor: Int64
                    if let lastPublished { cursor = lastPublished } else { cursor = try await store.read { db in try EventLog.head(db) } }
                    while true {
                        let after = cursor
                        let batch = try await store.read { db in try EventLog.since(db, after: after, limit: 500) }
                        guard let last = batch.last else { break }
                        publisher.publish(contentsOf: batch.map { [sourceFrame, Array(String($0.seq).utf8), Array($0.envelope)] })
                        cursor = last.seq
                    }
                    lastPublished = cursor
                    published.record(cursor)
                    if ContinuousClock.now - lastAnnounced >= .seconds(1) {
                        publisher.publish([sourceFrame, Array("head".utf8), Array(String(cursor).utf8)])
                        lastAnnounced = .now
                    }
                } else {
                    lastPublished = nil
                }
            } catch {
                logger.warning("relay pass failed: \(error)")
            }
            await wakeup.wait(timeout: .milliseconds(500))
        }
        let holder = self.holder
        try? await store.write { db in try Lease.release(db, name: leaseName, holder: holder) }
    }
}
