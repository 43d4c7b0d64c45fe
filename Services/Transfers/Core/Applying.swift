import Authority
import Foundation
import GRDB
import Schema

/// Opening a transfer (a member for themself, an administrator on a member's behalf), correcting it
/// after 返回修改, and withdrawing it (撤回).
public enum Applying {
    public static func apply(_ db: Database, _ r: ApplyTransferRequest, by actor: Actor, settings: TransfersSettings, now: Date,
                             requestId: String?, newId: () -> String = Codes.transferId) throws -> TransferView {
        guard r.kind != .inbound else {
            throw ErrorBody.make(ErrorCode.transfersKindInvalid, details: ["field": "body.kind"])
        }
        let member = try requireMember(db, actor, r.memberId ?? (actor.kind == .member ? actor.id : nil))
        guard member.status == .active else {
            throw ErrorBody.make(ErrorCode.transfersMemberNotActive, details: ["field": "body.memberId"])
        }
        if try Bool.fetchOne(db.cachedStatement(sql: """
            SELECT EXISTS(SELECT 1 FROM transfer WHERE memberId = ? AND status IN ('pending', 'returned', 'approved'))
            """), arguments: [member.id]) == true {
            throw ErrorBody.make(ErrorCode.transfersAlreadyOpen, details: ["field": "body.memberId"])
        }
        guard let from = try OrgRow.fetch(db, member.orgCode) else {
            throw ErrorBody.make(ErrorCode.transfersMemberNotFound, details: ["field": "body.memberId"])
        }
        let reason = try Checks.reason(r.reason)
        var t = TransferRecord(id: newId(), kind: r.kind, memberId: member.id, memberName: member.name,
                               openedBy: actor.kind == .member ? "member" : "admin", openedById: actor.id, reason: reason, now: now)
        t.fromOrgCode = from.code; t.fromOrgPath = from.path; t.fromOrgName = from.name
        try setTarget(db, &t, from: from, toOrgCode: r.toOrgCode, toOrgTitle: r.toOrgTitle, toOrgName: r.toOrgName, toUnit: r.toUnit)
        try Chains.start(db, &t, settings: settings)
        try t.insert(db)
        try t.record(db, what: "submitted", title: "提交\(t.kind.chineseName)申请", actorName: try Access.actorName(db, actor),
                     at: now, actor: actor, requestId: requestId)
        return try Views.view(db, t)
    }

    public static func resubmit(_ db: Database, _ r: ResubmitTransferRequest, by actor: Actor, settings: TransfersSettings, now: Date,
                                requestId: String?) throws -> TransferView {
        var t = try Access.require(db, actor, r.transferId)
        guard t.kind != .inbound else { throw ErrorBody.make(ErrorCode.transfersKindInvalid, details: ["field": "body.transferId"]) }
        try requireApplicant(actor, t)
        guard t.status == .returned else { throw statusInvalid(t) }
        if let reason = r.reason { t.reason = try Checks.reason(reason) }
        guard let from = try t.fromOrgCode.flatMap({ try OrgRow.fetch(db, $0) }) else { throw statusInvalid(t) }
        try setTarget(db, &t, from: from, toOrgCode: r.toOrgCode ?? t.toOrgCode, toOrgTitle: r.toOrgTitle ?? t.toOrgTitle,
                      toOrgName: r.toOrgName ?? (t.kind == .outbound ? t.toOrgName : nil), toUnit: r.toUnit ?? (t.kind == .outbound ? t.toUnit : nil))
        t.revision += 1
        t.updatedAt = now
        try Chains.start(db, &t, settings: settings)
        try t.save(db)
        try t.record(db, what: "resubmitted", title: "修改后重新提交", actorName: try Access.actorName(db, actor), at: now,
                     actor: actor, requestId: requestId)
        return try Views.view(db, t)
    }

    public static func withdraw(_ db: Database, _ r: TransferRef, by actor: Actor, now: Date, requestId: String?) throws -> TransferView {
        var t = try Access.require(db, actor, r.transferId)
        try requireApplicant(actor, t)
        try withdraw(db, &t, by: actor, now: now, requestId: requestId)
        return try Views.view(db, t)
    }

    static func withdraw(_ db: Database, _ t: inout TransferRecord, by actor: Actor, now: Date, requestId: String?) throws {
        guard t.status == .pending || t.status == .returned else { throw statusInvalid(t) }
        t.status = .withdrawn
        t.currentStep = nil; t.waitingOrgCode = nil; t.waitingAction = nil
        t.updatedAt = now
        try t.save(db)
        try t.record(db, what: "withdrawn", title: "撤回申请", actorName: try Access.actorName(db, actor), at: now,
                     actor: actor, requestId: requestId)
    }

    // MARK: Rules shared with inbound

    static func statusInvalid(_ t: TransferRecord) -> ErrorBody {
        ErrorBody.make(ErrorCode.transfersStatusInvalid, details: ["field": "body.transferId", "status": t.status.rawValue])
    }

    /// Withdrawing and resubmitting belong to the applicant: the member, the administrator who
    /// opened it, or a service.
    static func requireApplicant(_ actor: Actor, _ t: TransferRecord) throws {
        switch actor.kind {
        case .service: return
        case .member where actor.id == t.memberId: return
        case .admin where actor.id == t.openedById && t.openedBy == "admin": return
        default: throw Access.forbidden(["field": "body.transferId", "reason": "not_the_applicant"])
        }
    }

    /// The member the actor applies for: themself (a member), one in scope (an administrator), any (a service).
    static func requireMember(_ db: Database, _ actor: Actor, _ memberId: String?) throws -> MemberRow {
        let notFound = ErrorBody.make(ErrorCode.transfersMemberNotFound, details: ["field": "body.memberId"])
        guard let memberId, let member = try MemberRow.fetch(db, memberId) else { throw notFound }
        switch Authority.actsOnMember(actor, memberId: member.id, orgPath: member.orgPath,
                                      actorOrg: try Access.actorOrg(db, actor)?.authority) {
        case .allowed: return member
        case .denied(.notSelf), .denied(.anonymous), .denied(.notAdmin): throw Access.forbidden(["field": "body.memberId"])
        case .denied: throw notFound
        }
    }

    /// The receiving end by kind: a branch of the installation (picked, never typed), or the
    /// organization outside it that the letter is addressed to.
    static func setTarget(_ db: Database, _ t: inout TransferRecord, from: OrgRow, toOrgCode: String?, toOrgTitle: String?,
                          toOrgName: String?, toUnit: String?) throws {
        switch t.kind {
        case .withinCity, .withinUnit:
            let target = try branch(db, toOrgCode, field: "body.toOrgCode")
            guard target.code != from.code else {
                throw ErrorBody.make(ErrorCode.transfersTargetSame, details: ["field": "body.toOrgCode"])
            }
            if t.kind == .withinUnit {
                let mine = ApprovalChain.nearestCommittee(try Chains.chainOrgs(db, branchCode: from.code).dropFirst().map { $0 })
                let theirs = ApprovalChain.nearestCommittee(try Chains.chainOrgs(db, branchCode: target.code).dropFirst().map { $0 })
                guard let mine, mine.code == theirs?.code else {
                    throw ErrorBody.make(ErrorCode.transfersTargetOutsideUnit, details: ["field": "body.toOrgCode"])
                }
            }
            t.toOrgCode = target.code; t.toOrgPath = target.path; t.toOrgName = target.name; t.toUnit = target.unit
            t.toOrgTitle = nil
        case .outbound:
            let fields = [("body.toOrgTitle", toOrgTitle), ("body.toOrgName", toOrgName), ("body.toUnit", toUnit)]
            if let missing = fields.first(where: { Checks.nonEmpty($0.1) == nil }) {
                throw ErrorBody.make(ErrorCode.transfersExternalRequired, details: ["field": missing.0])
            }
            t.toOrgTitle = Checks.nonEmpty(toOrgTitle); t.toOrgName = Checks.nonEmpty(toOrgName)!; t.toUnit = Checks.nonEmpty(toUnit)!
            t.toOrgCode = nil; t.toOrgPath = nil
        case .inbound:
            throw ErrorBody.make(ErrorCode.transfersKindInvalid, details: ["field": "body.kind"])
        }
    }

    /// An active 党支部 of the copy, or `transfers.target_invalid` naming `field`.
    static func branch(_ db: Database, _ code: String?, field: String) throws -> OrgRow {
        guard let code = Checks.nonEmpty(code), let org = try OrgRow.fetch(db, code), org.isActiveBranch else {
            throw ErrorBody.make(ErrorCode.transfersTargetInvalid, details: ["field": field])
        }
        return org
    }
}

/// Random identifiers: transfer ids and inbound access codes, from an alphabet without look-alikes (0/O, 1/I/L).
public enum Codes {
    public static let alphabet = Array("ABCDEFGHJKMNPQRSTUVWXYZ23456789")

    public static func random(_ count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<count).map { _ in alphabet.randomElement(using: &generator)! })
    }

    @Sendable public static func transferId() -> String { "T" + random(11) }
    @Sendable public static func accessCode() -> String { random(8) }
}
