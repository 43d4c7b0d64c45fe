import Foundation
import GRDB
import Synchronization

/// Where a Store's reads run: a few threads of its own, each owning one read-only connection, taking
/// reads from one shared line (so a long read holds up only its own thread).
///
/// GRDB's async `DatabasePool.read` hands a read over twice before it runs (to its reader pool's
/// actor, then to the chosen reader's queue) and once more back. Here a read is handed over once and
/// its result once back. Each read is one transaction (a consistent snapshot, as before), and sees
/// every write committed before it began.
final class ReadThreads: Sendable {
    /// Called once: with the connection inside the read's transaction, or with the error that kept
    /// the transaction from starting.
    private typealias Job = @Sendable (Result<Database, any Error>) -> Void

    private let line = Mutex<(jobs: [Job], head: Int, stopped: Bool)>(([], 0, false))
    private let available = DispatchSemaphore(value: 0)
    private let count: Int

    /// Opens `count` read-only connections to the WAL database at `path` (its writer has created it).
    init(path: String, configuration: Configuration, count: Int) throws {
        var configuration = configuration
        configuration.readonly = true
        self.count = count
        for index in 0..<count {
            let connection = try DatabaseQueue(path: path, configuration: configuration)
            let thread = Thread { [self] in serve(connection) }
            thread.name = "store-read-\(index)"
            thread.start()
        }
    }

    /// Runs `body` in one read transaction on a read thread.
    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let job: Job = { db in continuation.resume(with: Result { try body(try db.get()) }) }
            let accepted = line.withLock { line in
                guard !line.stopped else { return false }
                line.jobs.append(job)
                return true
            }
            if accepted {
                available.signal()
            } else {
                continuation.resume(throwing: DatabaseError(resultCode: .SQLITE_MISUSE, message: "Connection is closed"))
            }
        }
    }

    /// Lets the threads end once the reads already in line are done.
    func stop() {
        line.withLock { $0.stopped = true }
        for _ in 0..<count { available.signal() }
    }

    private func serve(_ connection: DatabaseQueue) {
        // The thread stays inside its connection for life: each read is then one BEGIN…COMMIT here,
        // without a queue hop and GRDB's read wrappers around every read (they showed in identity's
        // profile), and from prepared statements (GRDB's `inTransaction` prepares both anew each time).
        try? connection.inDatabase { db in
            var schemaVersion: Int32?
            while let job = next() {
                do {
                    try db.cachedStatement(sql: "BEGIN DEFERRED TRANSACTION").execute()
                    // Another process may have migrated the file since this connection's last read: GRDB's
                    // pool readers drop their schema cache then, and so do these.
                    let version = try Int32.fetchOne(db.cachedStatement(sql: "PRAGMA schema_version"))
                    if version != schemaVersion {
                        schemaVersion = version
                        db.clearSchemaCache()
                    }
                } catch {
                    if db.isInsideTransaction { try? db.execute(sql: "ROLLBACK") }
                    job(.failure(error))
                    continue
                }
                job(.success(db))
                // A failed COMMIT of a read changes nothing the job returned; the transaction must end anyway.
                do { try db.cachedStatement(sql: "COMMIT").execute() } catch { try? db.execute(sql: "ROLLBACK") }
            }
        }
    }

    /// The next read in line, waited for; nil once stopped with nothing left.
    private func next() -> Job? {
        available.wait()
        return line.withLock { line in
            guard line.head < line.jobs.count else { return nil }
            let job = line.jobs[line.head]
            line.head += 1
            if line.head == line.jobs.count {
                line.jobs.removeAll(keepingCapacity: true)
                line.head = 0
            }
            return job
        }
    }
}
