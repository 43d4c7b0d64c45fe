import Payments
import Schema
import ServiceKit

/// 对账: run a day now, the recent days, one day's report and its CSV. A run downloads statements
/// and asks dues between its reads and its one write, so it is not a single-transaction command.
func registerReconciliationRoutes(_ host: ServiceHost, reconciliation: Reconciliation) {
    let router = host.router
    @Sendable func actor(_ context: RequestContext) -> Actor {
        context.actor ?? Actor(kind: .anonymous, id: "")
    }
    router.query(PaymentsAPI.reconciliationRun) { r, c in
        try await reconciliation.run(r, by: actor(c))
    }
    router.query(PaymentsAPI.reconciliationList) { r, c in
        try await reconciliation.list(r, by: actor(c))
    }
    router.query(PaymentsAPI.reconciliationGet) { r, c in
        try await reconciliation.get(r, by: actor(c))
    }
    router.query(PaymentsAPI.reconciliationExport) { r, c in
        try await reconciliation.export(r, by: actor(c))
    }
}
