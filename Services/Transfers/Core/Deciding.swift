import Authority
import Foundation
import GRDB
import Schema

/// The organization whose turn it is: 审核通过 / 接收, 返回修改, 划拨; and 撤销 of a completed transfer.
/// Each decision is one transaction: the step, the transfer, its history entry and its event.
public enum Deciding {
    public static func approve(_ db: Database, _ r: TransferDecision, by actor: Actor, now: Date, requestId: String?) throws -> TransferView {
        var t = try Access.require(db, actor, r.transferId)
        var (steps, index) = try waiting(db, t)
        guard try Access.actsAt(db, actor, step: steps[index]) else { throw notYourStep(steps[index]) }
        try advance(db, &t, &steps, index, by: actor, comment: Checks.nonEmpty(r.comment), now: now, requestId: requestId)
        return try Views.view(db, t)
    }

    public static func assign(_ db: Database, _ r: AssignTransferRequest, by actor: Actor, now: Date, requestId: String?) throws -> TransferView {
        var t = try Access.require(db, actor, r.transferId)
        let actorOrg = try Access.actorOrg(db, actor)
        switch Authority.isCommitteeAdministrator(actor, actorOrg: actorOrg?.authority) {
        case .allowed: break
        case .denied(.notACommittee): throw ErrorBody.make(ErrorCode.transfersNotACommittee, details: ["field": "body.transferId"])
        case .denied: throw Access.forbidden(["field": "body.transferId"])
        }
        var (steps, index) = try waiting(db, t)
        guard steps[index].action == .assign else { throw Applying.statusInvalid(t) }
        guard try Access.actsAt(db, actor, step: steps[index]) else { throw notYourStep(steps[index]) }
        // The committee assigns to a branch below it, and may correct the branch named.
        let target = try Applying.branch(db, r.toOrgCode, field: "body.toOrgCode")
        guard let committee = try OrgRow.fetch(db, steps[index].orgCode), Authority.isWithin(target.path, scope: committee.path),
              target.code != t.fromOrgCode
        else { throw ErrorBody.make(ErrorCode.transfersTargetInvalid, details: ["field": "body.toOrgCode"]) }
        t.toOrgCode = target.code; t.toOrgPath = target.path; t.toOrgName = target.name; t.toUnit = target.unit
        for i in steps.indices where steps[i].action == .confirm {
            steps[i].orgCode = target.code; steps[i].orgName = target.name
        }
        try advance(db, &t, &steps, index, by: actor, comment: Checks.nonEmpty(r.comment), now: now, requestId: requestId)
        return try Views.view(db, t)
    }

    public static func sendBack(_ db: Database, _ r: TransferDecision, by actor: Actor, now: Date, requestId: String?) throws -> TransferView {
        var t = try Access.require(db, actor, r.transferId)
        var (steps, index) = try waiting(db, t)
        guard try Access.actsAt(db, actor, step: steps[index]) else { throw notYourStep(steps[index]) }
        guard let comment = Checks.nonEmpty(r.comment) else {
            throw ErrorBody.make(ErrorCode.transfersCommentRequired, details: ["field": "body.comment"])
        }
        let name = try Access.actorName(db, actor)
        steps[index].state = .returned; steps[index].actorName = name; steps[index].actedAt = now; steps[index].comment = comment
        try TransferRecord.saveSteps(db, t.id, steps)
        t.status = .returned
        t.currentStep = nil; t.waitingOrgCode = nil; t.waitingAction = nil; t.updatedAt = now
        try t.save(db)
        try t.record(db, what: "returned", title: "\(steps[index].orgName)退回修改", actorName: name, comment: comment, at: now,
                     actor: actor, requestId: requestId)
        return try Views.view(db, t)
    }

    /// 撤销: the committee that gave the last sending-side approval (the receiving committee for an
    /// inbound transfer), the city, or a service. Identity restores the member afterwards (Completion).
    public static func revoke(_ db: Database, _ r: TransferReasonRequest, by actor: Actor, now: Date, requestId: String?) throws -> TransferView {
        var t = try Access.require(db, actor, r.transferId)
        let reason = try Checks.reason(r.reason)
        guard t.status == .completed else { throw Applying.statusInvalid(t) }
        let actorOrg = try Access.actorOrg(db, actor)
        let ownsRevoke = actor.kind == .admin && actorOrg != nil && actorOrg?.dissolved == false && actorOrg?.code == t.revokerOrgCode
        let allowed = Authority.isTopLevel(actor) || ownsRevoke
        guard allowed else { throw ErrorBody.make(ErrorCode.transfersRevokeNotAllowed, details: ["field": "body.transferId"]) }
        t.status = .revoked
        t.pendingAction = Completion.revokeAction
        t.updatedAt = now
        try t.save(db)
        try t.record(db, what: "revoked", title: "撤销转接，恢复原组织关系", actorName: try Access.actorName(db, actor), comment: reason,
                     at: now, actor: actor, requestId: requestId)
        return try Views.view(db, t)
    }

    // MARK: -

    static func notYourStep(_ step: TransferStep) -> ErrorBody {
        ErrorBody.make(ErrorCode.transfersNotYourStep, details: ["field": "body.transferId", "waitingOrgCode": step.orgCode])
    }

    /// The steps and the waiting one's index; `transfers.status_invalid` unless pending.
    static func waiting(_ db: Database, _ t: TransferRecord) throws -> ([TransferStep], Int) {
        let steps = try TransferRecord.steps(db, t.id)
        guard t.status == .pending, let index = t.currentStep, steps.indices.contains(index) else { throw Applying.statusInvalid(t) }
        return (steps, index)
    }

    /// Approves the waiting step and hands over to the next, or, after the last, marks the transfer
    /// approved with its completion in the outbox (the same transaction).
    static func advance(_ db: Database, _ t: inout TransferRecord, _ steps: inout [TransferStep], _ index: Int, by actor: Actor,
                        comment: String?, now: Date, requestId: String?) throws {
        let name = try Access.actorName(db, actor)
        steps[index].state = .approved; steps[index].actorName = name; steps[index].actedAt = now; steps[index].comment = comment
        let step = steps[index]
        if index + 1 < steps.count {
            steps[index + 1].state = .waiting
            t.currentStep = index + 1; t.waitingOrgCode = steps[index + 1].orgCode; t.waitingAction = steps[index + 1].action
        } else {
            t.status = .approved
            t.pendingAction = Completion.completeAction
            t.currentStep = nil; t.waitingOrgCode = nil; t.waitingAction = nil
        }
        t.updatedAt = now
        try TransferRecord.saveSteps(db, t.id, steps)
        try t.save(db)
        let (what, title): (String, String) = switch step.action {
        case .review: ("approved", "\(step.orgName)审核通过")
        case .assign: ("assigned", "\(step.orgName)划拨至\(t.toOrgName)")
        case .confirm: ("confirmed", "\(step.orgName)接收确认")
        }
        try t.record(db, what: what, title: title, actorName: name, comment: comment, at: now, actor: actor, requestId: requestId)
    }
}
