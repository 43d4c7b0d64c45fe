import Foundation
import GRDB
import Schema
import ServiceKit
import Transfers

/// Wires transfers' message types to the Transfers library. Commands run in one write transaction
/// with request-id de-duplication (events commit with them); queries read.
func registerTransfersRoutes(_ host: ServiceHost, settings: TransfersSettings, identity: any IdentityPort, receipts: URL) {
    let router = host.router
    let store = host.store

    @Sendable func actor(_ context: RequestContext) -> Actor {
        context.actor ?? Actor(kind: .anonymous, id: "")
    }

    // An inbound applicant already on the rolls here is refused (identity knows ID numbers; the copy
    // does not). Asked only of a well-formed number, so a bad one gets its own error first.
    @Sendable func notAMember(_ applicant: InboundApplicant) async throws {
        guard let id = ApplicantCheck.idNumber(applicant.idNumber), try await identity.isMember(idNumber: id) else { return }
        throw ErrorBody.make(ErrorCode.transfersAlreadyMember, details: ["field": "body.applicant.idNumber"])
    }

    // Applying
    router.command(TransfersAPI.apply, store: store) { r, c, db in
        try Applying.apply(db, r, by: actor(c), settings: settings, now: Date(), requestId: c.requestId)
    }
    router.command(TransfersAPI.resubmit, store: store) { r, c, db in
        try Applying.resubmit(db, r, by: actor(c), settings: settings, now: Date(), requestId: c.requestId)
    }
    router.command(TransfersAPI.withdraw, store: store) { r, c, db in
        try Applying.withdraw(db, r, by: actor(c), now: Date(), requestId: c.requestId)
    }
    router.query(TransfersAPI.mine) { _, c in
        try await store.read { db in try Queries.mine(db, by: actor(c)) }
    }
    router.query(TransfersAPI.get) { r, c in
        try await store.read { db in try Queries.get(db, r, by: actor(c)) }
    }
    router.query(TransfersAPI.targets) { r, _ in
        try await store.read { db in try Queries.targets(db, r) }
    }

    // Approving
    router.command(TransfersAPI.approve, store: store) { r, c, db in
        try Deciding.approve(db, r, by: actor(c), now: Date(), requestId: c.requestId)
    }
    router.command(TransfersAPI.sendBack, store: store) { r, c, db in
        try Deciding.sendBack(db, r, by: actor(c), now: Date(), requestId: c.requestId)
    }
    router.command(TransfersAPI.assign, store: store) { r, c, db in
        try Deciding.assign(db, r, by: actor(c), now: Date(), requestId: c.requestId)
    }
    router.command(TransfersAPI.revoke, store: store) { r, c, db in
        try Deciding.revoke(db, r, by: actor(c), now: Date(), requestId: c.requestId)
    }
    router.query(TransfersAPI.list) { r, c in
        try await store.read { db in try Queries.list(db, r, by: actor(c)) }
    }

    // 介绍信 and 回执
    router.command(TransfersAPI.letterPrint, store: store) { r, c, db in
        try LetterStore.print(db, r, by: actor(c), now: Date(), requestId: c.requestId, render: LetterPDF.render)
    }
    router.command(TransfersAPI.letterVoid, store: store) { r, c, db in
        try LetterStore.void(db, r, by: actor(c), now: Date(), requestId: c.requestId)
    }
    router.command(TransfersAPI.receiptUpload, store: store) { r, c, db in
        try ReceiptStore.upload(db, r, by: actor(c), settings: settings, directory: receipts, now: Date(), requestId: c.requestId)
    }
    router.command(TransfersAPI.receiptPosted, store: store) { r, c, db in
        try ReceiptStore.posted(db, r, by: actor(c), now: Date(), requestId: c.requestId)
    }
    router.query(TransfersAPI.receiptGet) { r, c in
        try await store.read { db in try ReceiptStore.get(db, r, by: actor(c), directory: receipts) }
    }
    router.query(TransfersAPI.letterheadGet) { r, c in
        try await store.read { db in try LetterStore.letterheadGet(db, r, by: actor(c), settings: settings) }
    }
    router.command(TransfersAPI.letterheadSet, store: store) { r, c, db in
        try LetterStore.letterheadSet(db, r, by: actor(c))
    }

    // 从市外转入
    router.command(TransfersAPI.inboundApply, store: store, precondition: { r, _ in try await notAMember(r.applicant) }) { r, c, db in
        try Inbound.apply(db, r, alreadyMember: false, settings: settings, now: Date(), requestId: c.requestId)
    }
    router.query(TransfersAPI.inboundGet) { r, _ in
        try await store.read { db in try Inbound.get(db, r) }
    }
    router.command(TransfersAPI.inboundResubmit, store: store, precondition: { r, _ in try await notAMember(r.applicant) }) { r, c, db in
        try Inbound.resubmit(db, r, alreadyMember: false, settings: settings, now: Date(), requestId: c.requestId)
    }
    router.command(TransfersAPI.inboundWithdraw, store: store) { r, c, db in
        try Inbound.withdraw(db, r, now: Date(), requestId: c.requestId)
    }
}
