import Foundation
import GRDB

/// One service's database: WAL, foreign keys on, busy timeout (several processes of one
/// service may share the file), migrations in code.
///
/// Statements with fixed SQL go through `db.cachedStatement(sql:)`: each connection compiles them
/// once. Compiling is where SQLite calls GRDB's authorizer for every column, and in the payments
/// path (paybench) compiling cost more than running. SQL built at run time (a varying IN list)
/// stays uncached, so the per-connection cache cannot grow without bound; cursors stay uncached too
/// (a cached statement must not be re-entered while a cursor on it is open).
public final class Store: Sendable {
    public let pool: DatabasePool

    /// How long a connection waits for another process's lock before failing with SQLITE_BUSY.
    /// Writers of one service queue on the file lock, so this bounds a write's wait, not its work.
    public static let busyTimeout: TimeInterval = 30

    private let commitObserver: EventCommitObserver
    private let reads: ReadThreads

    /// SQLite's own busy timeout backs off to 100 ms sleeps, so between two processes writing
    /// steadily the one that lost once keeps losing (one instance served 5 of 1000 requests in a
    /// test). Short, jittered, constant waits keep both instances in the race and a write's wait
    /// short; the total is still bounded by `busyTimeout`.
    @Sendable static func waitForLock(_ attempts: Int) -> Bool {
        let waitMicroseconds = 250 + Int.random(in: 0..<500)
        guard Double(attempts) * 0.000_5 < busyTimeout else { return false }
        usleep(useconds_t(waitMicroseconds))
        return true
    }

    /// Opens/creates the file (creating parent directories), registers the shared tables'
    /// migrations first (names prefixed "store."), then the service's own, and migrates.
    public init(path: String, migrations: (inout DatabaseMigrator) -> Void = { _ in }) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true)

        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .callback(Store.waitForLock)
        config.label = url.lastPathComponent
        var migrator = DatabaseMigrator()
        SharedSchema.register(in: &migrator)
        migrations(&migrator)
        // DatabasePool always runs in WAL mode.
        pool = try Store.openAndMigrate(path: path, configuration: config, migrator: migrator)

        // Two read threads per core, at least two: reads overlap one another and the writer.
        reads = try ReadThreads(path: path, configuration: config, count: max(2, 2 * ProcessInfo.processInfo.activeProcessorCount))
        commitObserver = EventCommitObserver()
        let observer = commitObserver
        pool.writeWithoutTransaction { db in
            // GRDB holds observers weakly; the Store keeps it alive.
            db.add(transactionObserver: observer, extent: .observerLifetime)
        }
    }

    /// Several processes of one service may open a fresh file at once, and two races there
    /// escape SQLite's busy handler:
    /// - switching a new file to WAL returns SQLITE_BUSY at once if another connection holds it;
    /// - GRDB's migrator reads the applied list before each migration's own transaction, so two
    ///   processes can both run one migration; the loser's transaction fails and rolls back whole.
    /// So the open is retried: lock errors until `busyTimeout`, other errors twice (a retry then
    /// sees the migration applied; a really broken migration fails every attempt and is rethrown).
    private static func openAndMigrate(
        path: String, configuration: Configuration, migrator: DatabaseMigrator
    ) throws -> DatabasePool {
        let deadline = Date().addingTimeInterval(busyTimeout)
        var otherFailures = 0
        var backoff: TimeInterval = 0.001
        while true {
            do {
                let pool = try DatabasePool(path: path, configuration: configuration)
                try migrator.migrate(pool)
                return pool
            } catch let error as DatabaseError
                where (error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED) && Date() < deadline {
                // fall through to retry
            } catch {
                otherFailures += 1
                if otherFailures >= 3 { throw error }
            }
            Thread.sleep(forTimeInterval: backoff)
            backoff = min(backoff * 2, 0.05)
        }
    }

    /// Runs `body` in one IMMEDIATE transaction: the write lock is taken at BEGIN, so no other
    /// connection or process can slip a write between our reads and our writes (EventLog's
    /// max(seq)+1 relies on this), and a busy writer waits instead of failing on upgrade.
    @discardableResult
    public func write<T: Sendable>(_ body: @Sendable (Database) throws -> T) async throws -> T {
        try await pool.writeWithoutTransaction { db in
            try Store.immediateTransaction(db, body)
        }
    }

    /// One read transaction, on the Store's read threads (`ReadThreads`).
    public func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await reads.read(body)
    }

    deinit { reads.stop() }

    /// Synchronous `write`, for tools and tests. Do not call from the cooperative pool.
    @discardableResult
    public func writeSync<T>(_ body: (Database) throws -> T) throws -> T {
        try pool.writeWithoutTransaction { db in
            try Store.immediateTransaction(db, body)
        }
    }

    /// Synchronous `read`, for tools and tests. Do not call from the cooperative pool.
    public func readSync<T>(_ body: (Database) throws -> T) throws -> T {
        try pool.read(body)
    }

    /// Calls `callback` after each committed transaction of this Store instance that appended
    /// events, so an in-process relay can publish at once instead of polling. Events appended
    /// by other processes are not signalled. The callback runs on the writer's queue right
    /// after COMMIT, before the write returns: it must be quick and must not use this Store
    /// (GRDB forbids re-entrant access); resume a continuation or signal a task instead.
    /// It lives as long as the Store.
    public func onCommit(_ callback: @escaping @Sendable () -> Void) {
        commitObserver.add(callback)
    }

    private static func immediateTransaction<T>(_ db: Database, _ body: (Database) throws -> T) throws -> T {
        var result: T?
        try db.inTransaction(.immediate) {
            result = try body(db)
            return .commit
        }
        return result!
    }
}
