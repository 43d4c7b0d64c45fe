import Foundation
import GRDB
import Identity
import Schema
import ServiceKit

/// Wires the directory's message types to the Identity library. Commands run in one write
/// transaction with request-id de-duplication; queries read.
func registerDirectoryRoutes(_ host: ServiceHost, settings: IdentitySettings) {
    let router = host.router
    let store = host.store

    /// The envelope's actor; a request without one acts as anonymous (and is refused by the rules).
    @Sendable func actor(_ context: RequestContext) -> Actor {
        context.actor ?? Actor(kind: .anonymous, id: "")
    }

    // MARK: Organizations
    router.command(IdentityAPI.orgCreate, store: store) { request, context, db in
        try Organizations.create(db, request, by: actor(context), now: Date(), requestId: context.requestId)
    }
    router.command(IdentityAPI.orgUpdate, store: store) { request, context, db in
        try Organizations.update(db, request, by: actor(context), now: Date(), requestId: context.requestId)
    }
    router.command(IdentityAPI.orgMove, store: store) { request, context, db in
        try Organizations.move(db, request, by: actor(context), now: Date(), requestId: context.requestId)
    }
    router.command(IdentityAPI.orgDissolve, store: store) { request, context, db in
        try Organizations.dissolve(db, request, by: actor(context), now: Date(), requestId: context.requestId)
    }
    router.query(IdentityAPI.orgGet) { request, context in
        try await store.read { db in try Organizations.get(db, request, by: actor(context)) }
    }
    router.query(IdentityAPI.orgSubtree) { request, context in
        try await store.read { db in try Organizations.subtree(db, request, by: actor(context)) }
    }
    router.query(IdentityAPI.orgAncestors) { request, context in
        try await store.read { db in try Organizations.ancestors(db, request, by: actor(context)) }
    }
    router.query(IdentityAPI.orgChildren) { request, context in
        try await store.read { db in try Organizations.children(db, request, by: actor(context)) }
    }
    router.query(IdentityAPI.orgSearch) { request, context in
        try await store.read { db in try Organizations.search(db, request, by: actor(context)) }
    }

    // MARK: Members
    router.command(IdentityAPI.memberCreate, store: store) { request, context, db in
        try Members.create(db, request, by: actor(context), now: Date(), requestId: context.requestId)
    }
    router.command(IdentityAPI.memberUpdate, store: store) { request, context, db in
        try Members.update(db, request, by: actor(context), now: Date(), requestId: context.requestId)
    }
    router.command(IdentityAPI.memberStatus, store: store) { request, context, db in
        try Members.changeStatus(db, request, by: actor(context), now: Date(), requestId: context.requestId)
    }
    router.command(IdentityAPI.memberReassign, store: store) { request, context, db in
        try Members.reassign(db, request, by: actor(context), now: Date(), requestId: context.requestId)
    }
    router.query(IdentityAPI.memberGet) { request, context in
        try await store.read { db in try Members.get(db, request, by: actor(context)) }
    }
    router.query(IdentityAPI.memberSearch) { request, context in
        try await store.read { db in try Members.search(db, request, by: actor(context)) }
    }
    router.query(IdentityAPI.memberFellows) { request, context in
        try await store.read { db in try Members.fellows(db, request, by: actor(context)) }
    }
    router.query(IdentityAPI.branchMine) { _, context in
        try await store.read { db in try Members.myBranch(db, by: actor(context)) }
    }
    router.query(IdentityAPI.memberContacts) { request, context in try await store.read { db in try Contacts.fetch(db, request, by: actor(context)) } }
    router.query(IdentityAPI.memberHistory) { request, context in
        try await store.read { db in try Members.history(db, request, by: actor(context)) }
    }

    // MARK: Profile changes
    router.command(IdentityAPI.profileSubmit, store: store) { request, context, db in
        try ProfileChanges.submit(db, request, by: actor(context), now: Date(), requestId: context.requestId)
    }
    router.command(IdentityAPI.profileReview, store: store) { request, context, db in
        try ProfileChanges.review(db, request, by: actor(context), now: Date(), requestId: context.requestId)
    }
    router.query(IdentityAPI.profilePending) { request, context in
        try await store.read { db in try ProfileChanges.pending(db, request, by: actor(context)) }
    }
    router.query(IdentityAPI.profileMine) { request, context in
        try await store.read { db in try ProfileChanges.ofMember(db, request, by: actor(context)) }
    }

    // MARK: Authorize, import
    router.query(IdentityAPI.authorize) { request, context in
        try await store.read { db in try Authorization.authorize(db, request, by: actor(context)) }
    }
    router.command(IdentityAPI.importCSV, store: store) { request, context, db in
        // Only administrators over the bus; the operator CLI calls DirectoryImport.run directly.
        let who = actor(context)
        guard who.kind == .admin else {
            throw ErrorBody.make(ErrorCode.identityForbidden, details: ["reason": "not_admin"])
        }
        let reply = try DirectoryImport.run(db, organizationsCSV: request.organizationsCSV, membersCSV: request.membersCSV,
                                            by: who, now: Date(), requestId: context.requestId)
        // Throwing rolls the transaction back (nothing was written anyway) and is not remembered,
        // so a corrected file may be sent again.
        if let error = DirectoryImport.error(for: reply) { throw error }
        return reply
    }

    // MARK: Import over HTTP: jobs run by the import worker
    let progress = ImportProgress()
    let worker = ImportWorkerService(store: store, progress: progress, logger: host.logger)
    host.addService(worker)
    router.command(IdentityAPI.importStart, store: store) { request, context, db in
        // The worker's claim is a write too, so it sees this job once this transaction commits.
        defer { worker.wake() }
        return try ImportJobs.start(db, request, by: actor(context), now: Date(), requestId: context.requestId)
    }
    router.query(IdentityAPI.importJob) { request, context in
        try await store.read { db in try ImportJobs.get(db, request, by: actor(context), progress: progress) }
    }
    router.query(IdentityAPI.importErrors) { request, context in
        try await store.read { db in try ImportJobs.errorReport(db, request, by: actor(context)) }
    }
}
