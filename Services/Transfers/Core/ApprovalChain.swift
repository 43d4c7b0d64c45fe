import Schema

/// An organization as the chain sees it.
public struct ChainOrg: Sendable, Equatable {
    public var code: String
    public var name: String
    public var type: OrganizationType
    public init(code: String, name: String, type: OrganizationType) { self.code = code; self.name = name; self.type = type }
}

/// One step of a planned chain. `sending` marks the sending side's approvals (the last of them is
/// the committee that may 撤销 the transfer).
public struct PlannedStep: Sendable, Equatable {
    public var action: StepAction
    public var orgCode: String
    public var orgName: String
    public var sending: Bool
    public init(_ action: StepAction, _ org: ChainOrg, sending: Bool) {
        self.action = action; orgCode = org.code; orgName = org.name; self.sending = sending
    }
}

/// Who approves a transfer, in order (TransfersSettings.approval's doc comment states the rule).
/// Pure: the caller passes the two branches with their ancestors, nearest first, the root last.
public enum ApprovalChain {
    /// - source: the sending branch, then its ancestors (empty for inbound).
    /// - target: the receiving branch, then its ancestors (empty for outbound).
    public static func plan(kind: TransferKind, source: [ChainOrg], target: [ChainOrg], settings: ApprovalSettings) -> [PlannedStep] {
        var steps: [PlannedStep] = []
        if kind != .inbound, let branch = source.first {
            steps.append(PlannedStep(.review, branch, sending: true))
            let above = Array(source.dropFirst())
            let committeeIndex = above.firstIndex { $0.type.isCommittee }
            let below = committeeIndex.map { Array(above[..<$0]) } ?? above
            if settings.generalBranch {
                for org in below where org.type == .generalBranch { steps.append(PlannedStep(.review, org, sending: true)) }
            }
            if let committeeIndex {
                steps.append(PlannedStep(.review, above[committeeIndex], sending: true))
                if settings.upperCommittees {
                    for org in above[(committeeIndex + 1)...].dropLast() where org.type.isCommittee {
                        steps.append(PlannedStep(.review, org, sending: true))
                    }
                }
            }
            if settings.topLevel, kind == .outbound || settings.topLevelForAll, let root = above.last,
               !steps.contains(where: { $0.orgCode == root.code }) {
                steps.append(PlannedStep(.review, root, sending: true))
            }
        }
        guard kind != .outbound, let branch = target.first else { return steps }
        let receiving = target.dropFirst().first { $0.type.isCommittee } ?? target.last!
        if let last = steps.last, last.orgCode == receiving.code {
            // The committee that approves last also receives: its review and its 划拨 are one step.
            steps[steps.count - 1].action = .assign
        } else {
            steps.append(PlannedStep(.assign, receiving, sending: false))
        }
        steps.append(PlannedStep(.confirm, branch, sending: false))
        return steps
    }

    /// The nearest committee (党委/党工委) above a branch, from its ancestors nearest first.
    public static func nearestCommittee(_ ancestors: [ChainOrg]) -> ChainOrg? {
        ancestors.first { $0.type.isCommittee }
    }
}
