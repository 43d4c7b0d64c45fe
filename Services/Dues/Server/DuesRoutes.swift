import Dues
import Foundation
import GRDB
import Schema
import ServiceKit

/// Wires dues's message types to the Dues library. Commands run in one write transaction with
/// request-id de-duplication (events commit with them); queries read.
func registerDuesRoutes(_ host: ServiceHost, settings: DuesSettings) {
    let router = host.router
    let store = host.store

    @Sendable func actor(_ context: RequestContext) -> Actor {
        context.actor ?? Actor(kind: .anonymous, id: "")
    }

    // Real-name verification (identity's setting and status): a member's own commands — paying,
    // proposing, proxies — are refused while it is required and not done today.
    let realName = RealNameGate(client: host.client, service: "dues")
    @Sendable func ownCommand<Request>(_: Request, _ context: RequestContext) async throws {
        try await realName.requireActingMember(context.actor)
    }

    // Standards
    router.command(DuesAPI.monthOpen, store: store) { r, c, db in
        try Standards.open(db, r, by: actor(c), settings: settings, now: Date(), requestId: c.requestId)
    }
    router.query(DuesAPI.standardsGet) { r, c in
        try await store.read { db in try Standards.get(db, r, by: actor(c)) }
    }
    router.command(DuesAPI.standardsSave, store: store) { r, c, db in
        try Standards.save(db, r, by: actor(c), settings: settings, now: Date(), requestId: c.requestId)
    }
    router.query(DuesAPI.standardsPreview) { r, _ in
        try Standards.preview(r, settings: settings)
    }
    router.command(DuesAPI.standardsSubmit, store: store) { r, c, db in
        try Standards.submit(db, r, by: actor(c), now: Date(), requestId: c.requestId)
    }
    router.query(DuesAPI.exemptionPending) { r, c in
        try await store.read { db in try Standards.pendingExemptions(db, r, by: actor(c)) }
    }
    router.command(DuesAPI.exemptionReview, store: store) { r, c, db in
        try Standards.reviewExemption(db, r, by: actor(c), requestId: c.requestId)
    }

    // Proposals
    router.command(DuesAPI.proposalSubmit, store: store, precondition: ownCommand) { r, c, db in
        try Proposals.submit(db, r, by: actor(c), now: Date(), requestId: c.requestId)
    }
    router.command(DuesAPI.proposalReview, store: store) { r, c, db in
        try Proposals.review(db, r, by: actor(c), settings: settings, now: Date(), requestId: c.requestId)
    }
    router.query(DuesAPI.proposalList) { r, c in
        try await store.read { db in try Proposals.list(db, r, by: actor(c)) }
    }

    // A member's dues
    router.query(DuesAPI.memberMonths) { r, c in
        try await store.read { db in try Paying.memberMonths(db, r, by: actor(c), settings: settings, now: Date()) }
    }
    router.query(DuesAPI.quote) { r, c in
        try await store.read { db in try Paying.quote(db, r, by: actor(c), settings: settings, now: Date()) }
    }

    // Proxies
    router.command(DuesAPI.proxyGrant, store: store, precondition: ownCommand) { r, c, db in
        try Proxies.grant(db, r, by: actor(c), now: Date(), requestId: c.requestId)
    }
    router.command(DuesAPI.proxyConfirm, store: store, precondition: ownCommand) { r, c, db in
        try Proxies.confirm(db, r, by: actor(c), now: Date(), requestId: c.requestId)
    }
    router.command(DuesAPI.proxyRevoke, store: store, precondition: ownCommand) { r, c, db in
        try Proxies.revoke(db, r, by: actor(c), now: Date(), requestId: c.requestId)
    }
    router.query(DuesAPI.proxyList) { r, c in
        try await store.read { db in try Proxies.list(db, r, by: actor(c)) }
    }
    router.query(DuesAPI.proxyCandidates) { _, c in
        try await store.read { db in try Proxies.candidates(db, by: actor(c), settings: settings, now: Date()) }
    }

    // Paying
    router.command(DuesAPI.cashRecord, store: store) { r, c, db in
        try Paying.recordCash(db, r, by: actor(c), settings: settings, now: Date(), requestId: c.requestId)
    }
    // The payer pays for themself (and those they are proxy for): the payer is checked, whether the
    // payments service names them or they call themself.
    router.command(DuesAPI.paymentReserve, store: store, precondition: { r, c in
        if c.actor?.kind == .service, let payer = r.payerMemberId {
            try await realName.require(memberId: payer)
        } else {
            try await realName.requireActingMember(c.actor)
        }
    }) { r, c, db in
        try Paying.reserve(db, r, by: actor(c), settings: settings, now: Date(), requestId: c.requestId)
    }
    router.command(DuesAPI.paymentConfirm, store: store) { r, c, db in
        try Paying.confirm(db, r, by: actor(c), now: Date(), requestId: c.requestId)
    }
    router.command(DuesAPI.paymentReverse, store: store) { r, c, db in
        try Paying.reverse(db, r, by: actor(c), now: Date(), requestId: c.requestId)
    }
    router.query(DuesAPI.paymentPaid) { r, c in
        try await store.read { db in try PaidRecords.query(db, r, by: actor(c)) }
    }
    router.query(DuesAPI.memberPaidThrough) { r, c in
        try await store.read { db in try PaidThroughRule.query(db, r, by: actor(c)) }
    }
    router.command(DuesAPI.paymentRelease, store: store) { r, c, db in
        try Paying.release(db, r, by: actor(c), now: Date())
    }

    // Queries and exports
    router.query(DuesAPI.unpaidList) { r, c in
        try await store.read { db in try Queries.unpaid(db, r, by: actor(c), settings: settings, now: Date()) }
    }
    router.query(DuesAPI.flaggedList) { r, c in
        try await store.read { db in try Queries.flagged(db, r, by: actor(c), settings: settings, now: Date()) }
    }
    router.query(DuesAPI.recordList) { r, c in
        try await store.read { db in try Queries.records(db, r, by: actor(c)) }
    }
    router.query(DuesAPI.memberHistory) { r, c in
        try await store.read { db in try Queries.history(db, r, by: actor(c)) }
    }
    router.query(DuesAPI.collectionRate) { r, c in
        try await store.read { db in try Queries.collectionRate(db, r, by: actor(c), settings: settings, now: Date()) }
    }
    router.query(DuesAPI.exportBranchMonth) { r, c in
        try await store.read { db in try Exports.branchMonth(db, r, by: actor(c), settings: settings) }
    }
    router.query(DuesAPI.exportUnpaid) { r, c in
        try await store.read { db in try Exports.unpaid(db, r, by: actor(c), settings: settings, now: Date()) }
    }
    router.query(DuesAPI.exportMemberHistory) { r, c in
        try await store.read { db in try Exports.memberHistory(db, r, by: actor(c), settings: settings) }
    }
}
