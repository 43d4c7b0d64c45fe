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

    // Standards
    router.command(DuesType.monthOpen, OpenMonthRequest.self, store: store) { r, c, db in
        try Standards.open(db, r, by: actor(c), settings: settings, now: Date(), requestId: c.requestId)
    }
    router.query(DuesType.standardsGet, BranchMonthRef.self) { r, c in
        try await store.read { db in try Standards.get(db, r, by: actor(c)) }
    }
    router.command(DuesType.standardsSave, SaveStandardsRequest.self, store: store) { r, c, db in
        try Standards.save(db, r, by: actor(c), settings: settings, now: Date(), requestId: c.requestId)
    }
    router.command(DuesType.standardsSubmit, BranchMonthRef.self, store: store) { r, c, db in
        try Standards.submit(db, r, by: actor(c), now: Date(), requestId: c.requestId)
    }
    router.query(DuesType.exemptionPending, ExemptionQuery.self) { r, c in
        try await store.read { db in try Standards.pendingExemptions(db, r, by: actor(c)) }
    }
    router.command(DuesType.exemptionReview, ReviewExemptionRequest.self, store: store) { r, c, db in
        try Standards.reviewExemption(db, r, by: actor(c), requestId: c.requestId)
    }

    // Proposals
    router.command(DuesType.proposalSubmit, ProposeAmountRequest.self, store: store) { r, c, db in
        try Proposals.submit(db, r, by: actor(c), now: Date())
    }
    router.command(DuesType.proposalReview, ReviewProposalRequest.self, store: store) { r, c, db in
        try Proposals.review(db, r, by: actor(c), settings: settings, now: Date())
    }
    router.query(DuesType.proposalList, ProposalQuery.self) { r, c in
        try await store.read { db in try Proposals.list(db, r, by: actor(c)) }
    }

    // A member's dues
    router.query(DuesType.memberMonths, MemberMonthsQuery.self) { r, c in
        try await store.read { db in try Paying.memberMonths(db, r, by: actor(c), settings: settings, now: Date()) }
    }
    router.query(DuesType.quote, QuoteRequest.self) { r, c in
        try await store.read { db in try Paying.quote(db, r, by: actor(c), settings: settings, now: Date()) }
    }

    // Proxies
    router.command(DuesType.proxyGrant, GrantProxyRequest.self, store: store) { r, c, db in
        try Proxies.grant(db, r, by: actor(c), now: Date(), requestId: c.requestId)
    }
    router.command(DuesType.proxyConfirm, ProxyRef.self, store: store) { r, c, db in
        try Proxies.confirm(db, r, by: actor(c), now: Date(), requestId: c.requestId)
    }
    router.command(DuesType.proxyRevoke, ProxyRef.self, store: store) { r, c, db in
        try Proxies.revoke(db, r, by: actor(c), now: Date(), requestId: c.requestId)
    }
    router.query(DuesType.proxyList, ProxyQuery.self) { r, c in
        try await store.read { db in try Proxies.list(db, r, by: actor(c)) }
    }
    router.query(DuesType.proxyCandidates, Empty.self) { _, c in
        try await store.read { db in try Proxies.candidates(db, by: actor(c), settings: settings, now: Date()) }
    }

    // Paying
    router.command(DuesType.cashRecord, CashRecordRequest.self, store: store) { r, c, db in
        try Paying.recordCash(db, r, by: actor(c), settings: settings, now: Date(), requestId: c.requestId)
    }
    router.command(DuesType.paymentReserve, ReservePaymentRequest.self, store: store) { r, c, db in
        try Paying.reserve(db, r, by: actor(c), settings: settings, now: Date(), requestId: c.requestId)
    }
    router.command(DuesType.paymentConfirm, PaymentRef.self, store: store) { r, c, db in
        try Paying.confirm(db, r, by: actor(c), now: Date(), requestId: c.requestId)
    }
    router.command(DuesType.paymentRelease, PaymentRef.self, store: store) { r, c, db in
        try Paying.release(db, r, by: actor(c), now: Date())
    }

    // Queries and exports
    router.query(DuesType.unpaidList, UnpaidQuery.self) { r, c in
        try await store.read { db in try Queries.unpaid(db, r, by: actor(c), settings: settings, now: Date()) }
    }
    router.query(DuesType.recordList, RecordQuery.self) { r, c in
        try await store.read { db in try Queries.records(db, r, by: actor(c)) }
    }
    router.query(DuesType.memberHistory, MemberHistoryQuery.self) { r, c in
        try await store.read { db in try Queries.history(db, r, by: actor(c)) }
    }
    router.query(DuesType.collectionRate, CollectionRateQuery.self) { r, c in
        try await store.read { db in try Queries.collectionRate(db, r, by: actor(c), settings: settings, now: Date()) }
    }
    router.query(DuesType.exportBranchMonth, ExportBranchMonthRequest.self) { r, c in
        try await store.read { db in try Exports.branchMonth(db, r, by: actor(c), settings: settings) }
    }
    router.query(DuesType.exportUnpaid, ExportUnpaidRequest.self) { r, c in
        try await store.read { db in try Exports.unpaid(db, r, by: actor(c), settings: settings, now: Date()) }
    }
    router.query(DuesType.exportMemberHistory, ExportMemberHistoryRequest.self) { r, c in
        try await store.read { db in try Exports.memberHistory(db, r, by: actor(c), settings: settings) }
    }
}
