import Foundation
import GRDB

/// Reads that run at once on the calling thread, on a read-only connection that thread owns.
///
/// A pool read from async code hops three times: to the pool's semaphore queue, to a reader's queue,
/// and back to the caller's executor. For the bus worker's thread, which runs its handlers between
/// polls, those hops cost more than a small indexed read itself (GatewayBench (c), identity: most
/// of its CPU per request went to dispatch queues and wake-ups). A thread that declares itself here
/// reads on its own connection instead: no hop, no wait on the pool (so no deadlock with async
/// readers that hold pool connections while waiting to resume on this very thread).
///
/// The connection reads the WAL snapshot committed when each read begins, like a pool reader. The
/// cost: the thread is busy for the read's duration, so only services whose reads are all short
/// (paged, indexed) should use it; long reports keep going through the pool.
enum InlineReads {
    /// This thread's connections, by store.
    final class Connections {
        var byStore: [ObjectIdentifier: DatabaseQueue] = [:]
    }

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    /// The connections of the current thread, if it declared any.
    static var current: Connections? {
        guard let pointer = pthread_getspecific(key) else { return nil }
        return Unmanaged<Connections>.fromOpaque(pointer).takeUnretainedValue()
    }

    /// A read transaction on `connection`, synchronously (from async code, GRDB would pick its async read).
    static func read<T>(_ connection: DatabaseQueue, _ body: (Database) throws -> T) throws -> T {
        try connection.read(body)
    }

    /// The current thread's set, created on first use (and kept for the thread's life).
    static func currentOrNew() -> Connections {
        if let connections = current { return connections }
        let connections = Connections()
        pthread_setspecific(key, Unmanaged.passRetained(connections).toOpaque())
        return connections
    }
}

extension Store {
    /// From now on, `read` called on the current thread runs on a read-only connection of this
    /// thread's own, synchronously. Call it from the thread itself; it must never block on anything
    /// but the read (a bus worker's socket thread qualifies: its handlers may not block either).
    public func readInlineOnCurrentThread() throws {
        var config = Configuration()
        config.readonly = true
        config.busyMode = .callback(Store.waitForLock)
        config.label = "\(path) (inline reads)"
        let connection = try DatabaseQueue(path: path, configuration: config)
        InlineReads.currentOrNew().byStore[ObjectIdentifier(self)] = connection
    }

    /// This thread's own connection to this store, when it has one.
    var inlineConnection: DatabaseQueue? {
        InlineReads.current?.byStore[ObjectIdentifier(self)]
    }
}
