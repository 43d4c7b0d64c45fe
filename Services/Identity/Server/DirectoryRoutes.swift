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
    router.command(IdentityType.orgCreate, CreateOrganization.self, store: store) { request, context, db in
        try Organizations.create(db, request, by: actor(context), now: Date(), requestId: context.requestId)
    }
    router.command(IdentityType.orgUpdate, UpdateOrganization.self, store: store) { request, context, db in
        try Organizations.update(db, request, by: actor(context), now: Date(), requestId: context.requestId)
    }
    router.command(IdentityType.orgMove, MoveOrganization.self, store: store) { request, context, db in
        try Organizations.move(db, request, by: actor(context), now: Date(), requestId: context.requestId)
    }
    router.command(IdentityType.orgDissolve, OrganizationRef.self, store: store) { request, context, db in
        try Organizations.dissolve(db, request, by: actor(context), now: Date(), requestId: context.requestId)
    }
    router.query(IdentityType.orgGet, OrganizationRef.self) { request, context in
        try await store.read { db in try Organizations.get(db, request, by: actor(context)) }
    }
    router.query(IdentityType.orgSubtree, SubtreeQuery.self) { request, context in
        try await store.read { db in try Organizations.subtree(db, request, by: actor(context)) }
    }
    router.query(IdentityType.orgAncestors, OrganizationRef.self) { request, context in
        try await store.read { db in try Organizations.ancestors(db, request, by: actor(context)) }
    }
    router.query(IdentityType.orgChildren, OrganizationRef.self) { request, context in
        try await store.read { db in try Organizations.children(db, request, by: actor(context)) }
    }
    router.query(IdentityType.orgSearch, OrganizationSearch.self) { request, context in
        try await store.read { db in try Organizations.search(db, request, by: actor(context)) }
    }

    // MARK: Members
    router.command(IdentityType.memberCreate, CreateMember.self, store: store) { request, context, db in
        try Members.create(db, request, by: actor(context), now: Date(), requestId: context.requestId)
    }
    router.command(IdentityType.memberUpdate, UpdateMember.self, store: store) { request, context, db in
        try Members.update(db, request, by: actor(context), now: Date(), requestId: context.requestId)
    }
    router.command(IdentityType.memberStatus, ChangeMemberStatus.self, store: store) { request, context, db in
        try Members.changeStatus(db, request, by: actor(context), now: Date(), requestId: context.requestId)
    }
    router.command(IdentityType.memberReassign, ReassignMember.self, store: store) { request, context, db in
        try Members.reassign(db, request, by: actor(context), now: Date(), requestId: context.requestId)
    }
    router.query(IdentityType.memberGet, MemberRef.self) { request, context in
        try await store.read { db in try Members.get(db, request, by: actor(context)) }
    }
    router.query(IdentityType.memberSearch, MemberSearch.self) { request, context in
        try await store.read { db in try Members.search(db, request, by: actor(context)) }
    }
    router.query(IdentityType.memberContacts, MemberContactsRequest.self) { request, context in try await store.read { db in try Contacts.fetch(db, request, by: actor(context)) } }
    router.query(IdentityType.memberHistory, MemberRef.self) { request, context in
        try await store.read { db in try Members.history(db, request, by: actor(context)) }
    }

    // MARK: Profile changes
    router.command(IdentityType.profileSubmit, SubmitProfileChange.self, store: store) { request, context, db in
        try ProfileChanges.submit(db, request, by: actor(context), now: Date(), requestId: context.requestId)
    }
    router.command(IdentityType.profileReview, ReviewProfileChange.self, store: store) { request, context, db in
        try ProfileChanges.review(db, request, by: actor(context), now: Date(), requestId: context.requestId)
    }
    router.query(IdentityType.profilePending, PendingProfileChanges.self) { request, context in
        try await store.read { db in try ProfileChanges.pending(db, request, by: actor(context)) }
    }
    router.query(IdentityType.profileMine, MemberProfileChanges.self) { request, context in
        try await store.read { db in try ProfileChanges.ofMember(db, request, by: actor(context)) }
    }

    // MARK: Authorize, import
    router.query(IdentityType.authorize, AuthorizeRequest.self) { request, context in
        try await store.read { db in try Authorization.authorize(db, request, by: actor(context)) }
    }
    router.command(IdentityType.importCSV, ImportRequest.self, store: store) { request, context, db in
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
}
