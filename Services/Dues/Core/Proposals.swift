import Foundation
import GRDB
import Schema
import Store

/// A member proposes their own monthly amount; it applies once the branch secretary (or the branch's
/// administrator) approves, from the open month on (Shenzhen). An amount below the member's bracket
/// is a reduction: after the branch, the next committee approves it too, and only then it applies.
public enum Proposals {
    public static func submit(_ db: Database, _ request: ProposeAmountRequest, by actor: Actor, now: Date,
                              requestId: String? = nil) throws -> ProposalView {
        guard actor.kind == .member else { throw Access.forbidden() }
        let member = try MemberRow.require(db, actor.id)
        guard request.amountFen > 0, request.amountFen <= 100_000_000 else {
            throw ErrorBody.make(ErrorCode.duesAmountInvalid, details: ["field": "body.amountFen"])
        }
        // A new proposal replaces one still waiting.
        try db.cachedStatement(sql: "UPDATE proposal SET status = 'rejected', reason = '已被新的申请取代', reviewedAt = ? WHERE memberId = ? AND status = 'pending'").execute(arguments: [now.timeIntervalSince1970, member.id])
        let id = UUID().uuidString
        try db.cachedStatement(sql: """
            INSERT INTO proposal (id, memberId, orgCode, amountFen, note, status, submittedAt) VALUES (?, ?, ?, ?, ?, 'pending', ?)
            """).execute(arguments: [id, member.id, member.orgCode, request.amountFen, request.note, now.timeIntervalSince1970])
        let view = try view(db, id)
        // Notifications tells the branch secretary.
        try EventWriter.append(db, type: DuesEvent.proposalSubmitted, body: view, actor: actor, correlationId: requestId)
        return view
    }

    /// The member's bracket now: from their standard of the open month (else their latest one); nil
    /// when they have none yet.
    static func bracketFen(_ db: Database, memberId: String, from: Month, settings: DuesSettings) throws -> Int64? {
        let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT kind, baseFen, amountFen FROM standard WHERE memberId = ? AND month = ?"),
                                   arguments: [memberId, from.key])
            ?? Row.fetchOne(db.cachedStatement(sql: "SELECT kind, baseFen, amountFen FROM standard WHERE memberId = ? ORDER BY month DESC LIMIT 1"),
                            arguments: [memberId])
        guard let row else { return nil }
        return Brackets.bracketFen(kind: StandardKind(rawValue: row["kind"]) ?? .manual, baseFen: row["baseFen"],
                                   amountFen: row["amountFen"], settings: settings)
    }

    public static func review(_ db: Database, _ request: ReviewProposalRequest, by actor: Actor, settings: DuesSettings,
                              now: Date, requestId: String? = nil) throws -> ProposalView {
        let p = try view(db, request.proposalId)
        let stage = try String.fetchOne(db.cachedStatement(sql: "SELECT stage FROM proposal WHERE id = ?"), arguments: [p.id]) ?? "branch"
        guard let branch = try OrgRow.fetch(db, p.orgCode) else { throw Access.forbidden(["field": "body.proposalId"]) }
        let allowed = try stage == "committee" ? Access.approvesAsNextCommittee(db, actor, branch: branch)
                                               : Access.isBranch(db, actor, branch: branch)
        guard allowed else { throw Access.forbidden(["field": "body.proposalId"]) }
        guard p.status == .pending else { throw ErrorBody.make(ErrorCode.duesNotPending) }
        guard request.approve else {
            try db.cachedStatement(sql: "UPDATE proposal SET status = 'rejected', reviewedBy = ?, reviewedAt = ?, reason = ? WHERE id = ?").execute(arguments: [actor.id, now.timeIntervalSince1970, request.reason, p.id])
            return try view(db, p.id)
        }
        let from = PayingCalendar(settings: settings).openMonth(at: now)
        let member = try MemberRow.require(db, p.memberId)
        if stage == "branch", let bracket = try bracketFen(db, memberId: member.id, from: from, settings: settings), p.amountFen < bracket {
            // Below the bracket: a reduction, which the next committee approves before it applies.
            try db.cachedStatement(sql: "UPDATE proposal SET stage = 'committee', bracketFen = ?, reviewedBy = ?, reviewedAt = ? WHERE id = ?").execute(arguments: [bracket, actor.id, now.timeIntervalSince1970, p.id])
            return try view(db, p.id)
        }
        let note = stage == "committee" ? "本人申请，上级党委审批" : "本人申请，书记审批"
        let approval: String? = stage == "committee" ? ApprovalState.approved.rawValue : nil
        // Every unpaid, unlocked month from the open month on takes the amount; later months carry it forward.
        let touched = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT s.month, s.amountFen, s.orgCode, s.submitted FROM standard s
            WHERE s.memberId = ? AND s.month >= ? AND s.settled != 1 AND s.lockPaymentId IS NULL ORDER BY s.month
            """), arguments: [member.id, from.key])
        try db.cachedStatement(sql: """
            UPDATE standard SET kind = 'manual', baseFen = NULL, rateBp = NULL, amountFen = ?, approval = ?, settled = 0, note = ?
            WHERE memberId = ? AND month >= ? AND settled != 1 AND lockPaymentId IS NULL
            """).execute(arguments: [p.amountFen, approval, note, member.id, from.key])
        var notify = touched.filter { ($0["submitted"] as Bool) && ($0["amountFen"] as Int64) != p.amountFen }
            .map { (month: Month(key: $0["month"]), orgCode: $0["orgCode"] as String) }
        if try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS(SELECT 1 FROM standard WHERE memberId = ? AND month >= ?)"), arguments: [member.id, from.key]) != true {
            let submitted = try Standards.isSubmitted(db, branch: member.orgCode, month: from)
            try db.cachedStatement(sql: """
                INSERT INTO standard (memberId, month, orgCode, orgPath, kind, amountFen, approval, note, submitted, settled)
                VALUES (?, ?, ?, ?, 'manual', ?, ?, ?, ?, 0)
                """).execute(arguments: [member.id, from.key, member.orgCode, member.orgPath, p.amountFen, approval, note, submitted])
            if submitted { notify.append((month: from, orgCode: member.orgCode)) }
        }
        try Paying.recomputeArrears(db, memberId: member.id)
        // A change to a submitted month is a new submission for this member: they are told.
        for change in notify {
            let org = try OrgRow.fetch(db, change.orgCode)
            try EventWriter.append(db, type: DuesEvent.standardsSubmitted, body: StandardsSubmittedEvent(
                orgCode: change.orgCode, orgName: org?.name ?? "", month: change.month.description,
                members: [MemberAmount(memberId: member.id, amountFen: p.amountFen)], totalFen: p.amountFen),
                actor: actor, correlationId: requestId)
        }
        try db.cachedStatement(sql: "UPDATE proposal SET status = 'approved', reviewedBy = ?, reviewedAt = ?, effectiveMonth = ? WHERE id = ?").execute(arguments: [actor.id, now.timeIntervalSince1970, from.key, p.id])
        return try view(db, p.id)
    }

    /// With `orgCode`: a branch's proposals waiting for it, or (a committee's code) those below the
    /// bracket waiting for that committee. Without: the acting member's own.
    public static func list(_ db: Database, _ request: ProposalQuery, by actor: Actor) throws -> ProposalList {
        var ids: [String]
        if let code = request.orgCode {
            guard let org = try OrgRow.fetch(db, code) else { throw ErrorBody.make(ErrorCode.duesOrgNotFound, details: ["field": "body.orgCode"]) }
            guard try Access.isBranch(db, actor, branch: org) || Access.mayManage(db, actor, orgPath: org.path) else { throw Access.forbidden() }
            if org.type == .branch {
                ids = try String.fetchAll(db.cachedStatement(sql: "SELECT id FROM proposal WHERE orgCode = ? AND status = 'pending' AND stage = 'branch' ORDER BY submittedAt, id"),
                                          arguments: [code])
            } else {
                let (low, high) = PathRange.bounds(org.path)
                let rows = try Row.fetchAll(db.cachedStatement(sql: """
                    SELECT p.id, p.orgCode FROM proposal p JOIN org o ON o.code = p.orgCode
                    WHERE p.status = 'pending' AND p.stage = 'committee' AND o.path >= ? AND o.path < ? ORDER BY p.submittedAt, p.id
                    """), arguments: [low, high])
                ids = []
                for row in rows {
                    guard let branch = try OrgRow.fetch(db, row["orgCode"]), try Access.approvesAsNextCommittee(db, actor, branch: branch) else { continue }
                    ids.append(row["id"])
                }
            }
        } else {
            guard actor.kind == .member else { throw Access.forbidden(["field": "body.orgCode"]) }
            ids = try String.fetchAll(db.cachedStatement(sql: "SELECT id FROM proposal WHERE memberId = ? ORDER BY submittedAt DESC, id"), arguments: [actor.id])
        }
        return ProposalList(items: try ids.map { try view(db, $0) })
    }

    static func view(_ db: Database, _ id: String) throws -> ProposalView {
        guard let r = try Row.fetchOne(db.cachedStatement(sql: "SELECT p.*, COALESCE(m.name, '') AS name FROM proposal p LEFT JOIN member m ON m.id = p.memberId WHERE p.id = ?"),
                                       arguments: [id]) else {
            throw ErrorBody.make(ErrorCode.duesProposalNotFound, details: ["field": "body.proposalId"])
        }
        return ProposalView(id: id, memberId: r["memberId"], memberName: r["name"], orgCode: r["orgCode"], amountFen: r["amountFen"],
                            note: r["note"], status: ApprovalState(rawValue: r["status"]) ?? .pending,
                            submittedAt: Date(timeIntervalSince1970: r["submittedAt"]), reviewedBy: r["reviewedBy"],
                            reviewedAt: (r["reviewedAt"] as Double?).map { Date(timeIntervalSince1970: $0) },
                            effectiveMonth: (r["effectiveMonth"] as Int?).map { Month(key: $0).description })
    }
}
