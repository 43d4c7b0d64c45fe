import GRDB
import Synchronization

/// Watches inserts into store_event on this Store's writer connection and wakes the
/// registered callbacks once the transaction commits (never for a rollback).
final class EventCommitObserver: TransactionObserver, Sendable {
    private struct State {
        var callbacks: [@Sendable () -> Void] = []
        var appendedInTransaction = false
    }
    private let state = Mutex(State())

    func add(_ callback: @escaping @Sendable () -> Void) {
        state.withLock { $0.callbacks.append(callback) }
    }

    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool {
        if case .insert(let table) = eventKind {
            return table.lowercased() == SharedSchema.eventTable
        }
        return false
    }

    func databaseDidChange(with event: DatabaseEvent) {
        state.withLock { $0.appendedInTransaction = true }
    }

    func databaseDidCommit(_ db: Database) {
        let callbacks: [@Sendable () -> Void] = state.withLock { state in
            let appended = state.appendedInTransaction
            state.appendedInTransaction = false
            return appended ? state.callbacks : []
        }
        // Synchronous, right after COMMIT: callbacks see commits in seq order and a caller's
        // write has signalled before it returns. The contract asks callbacks to be cheap.
        for callback in callbacks {
            callback()
        }
    }

    func databaseDidRollback(_ db: Database) {
        state.withLock { $0.appendedInTransaction = false }
    }
}
