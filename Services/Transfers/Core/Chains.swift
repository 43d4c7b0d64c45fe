import Foundation
import GRDB
import Schema

/// Plans a transfer's chain from the copy of the tree (ApprovalChain decides; this loads).
enum Chains {
    static func chainOrgs(_ db: Database, branchCode: String?) throws -> [ChainOrg] {
        guard let code = branchCode, let branch = try OrgRow.fetch(db, code) else { return [] }
        return try ([branch] + branch.ancestors(db)).map { ChainOrg(code: $0.code, name: $0.name, type: $0.type) }
    }

    /// (Re)starts the chain: every step upcoming, the first waiting; the record's waiting columns set.
    static func start(_ db: Database, _ t: inout TransferRecord, settings: TransfersSettings) throws {
        let planned = ApprovalChain.plan(kind: t.kind, source: try chainOrgs(db, branchCode: t.fromOrgCode),
                                         target: try chainOrgs(db, branchCode: t.toOrgCode), settings: settings.approval)
        let steps = planned.enumerated().map { i, p in
            TransferStep(index: i, action: p.action, orgCode: p.orgCode, orgName: p.orgName, state: i == 0 ? .waiting : .upcoming)
        }
        // Who may 撤销: the last sending-side approval (inbound: the receiving committee).
        t.revokerOrgCode = planned.last(where: { $0.sending })?.orgCode ?? planned.first(where: { $0.action == .assign })?.orgCode
        try TransferRecord.saveSteps(db, t.id, steps)
        t.status = .pending
        t.currentStep = steps.isEmpty ? nil : 0
        t.waitingOrgCode = steps.first?.orgCode
        t.waitingAction = steps.first?.action
    }
}
