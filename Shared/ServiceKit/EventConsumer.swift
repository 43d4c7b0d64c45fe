import Bus
import Foundation
import GRDB
import Logging
import Metrics
import Schema
import ServiceLifecycle
import Store
import Synchronization
import ZeroMQ

/// Applies other services' events to this service's store exactly once and in order.
///
/// Notices arrive over pub/sub and may be lost; the truth is each source's log. For every event the
/// effect, the cursor advance and the inbox row commit in one transaction (`ConsumerCursor.record`),
/// so a crash at any moment neither loses nor repeats an event. A gap (or a `head` notice beyond the
/// cursor) is filled from the source with `<source>.events.since`. Among several instances sharing
/// the store, only the holder of the consumer lease applies events; even if two overlap, the cursor
/// check inside the transaction lets only one apply each event.
public final class EventConsumer: Service, Sendable {
    public typealias Handler = @Sendable (_ source: String, _ event: Envelope<JSONValue>, _ db: Database) throws -> Void

    let consumer: String
    let sources: [String]
    let store: Store
    let subscriber: Subscriber
    let client: BusClient
    let holder: String
    let logger: Logger
    let handler: Handler
    let leaseTTL: TimeInterval
    let applied = Counter(label: "events_applied_total")
    /// How far this consumer has come in each source's log; with `events_published_seq`, its lag.
    private func consumed(_ source: String) -> Gauge {
        Gauge(label: "events_consumed_seq", dimensions: [("consumer", consumer), ("source", source)])
    }

    public init(consumer: String, sources: [String], store: Store, subscriber: Subscriber, client: BusClient,
                holder: String, leaseTTL: TimeInterval = 5, logger: Logger, handler: @escaping Handler) {
        self.consumer = consumer
        self.sources = sources
        self.store = store
        self.subscriber = subscriber
        self.client = client
        self.holder = holder
        self.leaseTTL = leaseTTL
        self.logger = logger
        self.handler = handler
    }

    enum Input: Sendable {
        case message([Frame])
        case tick
    }

    public func run() async throws {
        let (inputs, feed) = AsyncStream<Input>.makeStream()
        let forwarder = Task { [subscriber] in
            for await frames in subscriber.messages { feed.yield(.message(frames)) }
        }
        let ticker = Task {
            while !Task.isCancelled {
                feed.yield(.tick)
                try? await Task.sleep(for: .seconds(leaseTTL / 5))
            }
        }
        let stopping = Atomic<Bool>(false)
        await withGracefulShutdownHandler {
            await self.process(inputs, stopping: stopping)
        } onGracefulShutdown: {
            stopping.store(true, ordering: .relaxed)
            feed.finish()
        }
        forwarder.cancel()
        ticker.cancel()
        let holder = self.holder, name = leaseName
        try? await store.write { db in try Lease.release(db, name: name, holder: holder) }
    }

    private var leaseName: String { "consumer:\(consumer)" }

    private func process(_ inputs: AsyncStream<Input>, stopping: borrowing Atomic<Bool>) async {
        var holding = false
        for await input in inputs {
            // A finished stream still hands out what it buffered (ticks pile up while a step waits on
            // a missing broker): on shutdown, stop at once instead of working through them.
            if stopping.load(ordering: .relaxed) { break }
            do {
                switch input {
                case .tick:
                    let wasHolding = holding
                    let holder = self.holder, name = leaseName, ttl = leaseTTL
                    holding = try await store.write { db in try Lease.acquire(db, name: name, holder: holder, ttl: ttl) }
                    if holding && !wasHolding { logger.info("consumer lease taken", metadata: ["consumer": "\(consumer)"]) }
                    // Each tick also asks every source for anything missed: cheap when up to date.
                    if holding { for source in sources { try await catchUp(source) } }
                case .message(let frames):
                    guard holding, frames.count == 3 else { continue }
                    let source = String(decoding: frames[0], as: UTF8.self)
                    guard sources.contains(source) else { continue }
                    if frames[1] == Array("head".utf8) {
                        let head = Int64(String(decoding: frames[2], as: UTF8.self)) ?? 0
                        if head > (try await position(source)) { try await catchUp(source) }
                    } else if let seq = Int64(String(decoding: frames[1], as: UTF8.self)) {
                        let outcome = try await apply(source: source, records: [(seq, frames[2])])
                        if case .gap = outcome { try await catchUp(source) }
                    }
                }
            } catch {
                logger.warning("consumer step failed, will retry: \(error)", metadata: ["consumer": "\(consumer)"])
            }
        }
    }

    private func position(_ source: String) async throws -> Int64 {
        let consumer = self.consumer
        return try await store.read { db in try ConsumerCursor.position(db, consumer: consumer, source: source) }
    }

    /// Reads the source's log from our cursor to its head, a page at a time.
    private func catchUp(_ source: String) async throws {
        while true {
            let after = try await position(source)
            let page = try await client.call(
                EventsSince.type(source), EventsSince.Request(after: after, limit: 500), as: EventsSince.Reply.self,
                // No retry here: the next tick (a second later) asks again, and a stop never waits
                // for more than one timeout.
                service: source, actor: .service(consumer), timeout: .seconds(2), retries: 0)
            if page.events.isEmpty { return }
            let records = try page.events.map { record -> (Int64, [UInt8]) in (record.seq, try Wire.encode(record.event)) }
            _ = try await apply(source: source, records: records)
            if page.events.last!.seq >= page.head { return }
        }
    }

    /// Applies a run of events in one transaction; stops at the first gap.
    private func apply(source: String, records: [(Int64, [UInt8])]) async throws -> RecordOutcome {
        let consumer = self.consumer, handler = self.handler, logger = self.logger
        let (outcome, count, reached) = try await store.write { db -> (RecordOutcome, Int, Int64?) in
            var count = 0
            var reached: Int64?
            for (seq, bytes) in records {
                let event: Envelope<JSONValue>
                do {
                    event = try Wire.decode(JSONValue.self, from: bytes)
                } catch {
                    // An undecodable event can never be applied; record it so it cannot block the log forever.
                    logger.error("undecodable event skipped", metadata: ["source": "\(source)", "seq": "\(seq)", "error": "\(error)"])
                    let outcome = try ConsumerCursor.record(db, consumer: consumer, source: source, seq: seq, eventId: "undecodable-\(source)-\(seq)")
                    if case .gap = outcome { return (outcome, count, reached) }
                    reached = seq
                    continue
                }
                let outcome = try ConsumerCursor.record(db, consumer: consumer, source: source, seq: seq, eventId: event.id)
                switch outcome {
                case .applied:
                    try handler(source, event, db)
                    count += 1
                    reached = seq
                case .duplicate:
                    reached = seq
                case .gap:
                    return (outcome, count, reached)
                }
            }
            return (.applied, count, reached)
        }
        if count > 0 { applied.increment(by: count) }
        if let reached { consumed(source).record(reached) }
        return outcome
    }
}
