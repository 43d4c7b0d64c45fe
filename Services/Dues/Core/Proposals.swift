import Foundation
import GRDB
import Schema

/// A member proposes their own monthly amount; it applies once the branch secretary (or the branch's
/// administrator) approves, from the open month on (Shenzhen).
public enum Proposals {
    public static func submit(_ db: Database, _ request: ProposeAmountRequest, by actor: Actor, now: Date) throws -> ProposalView {
        guard actor.kind == .member else { throw Access.forbidden() }
        let member = try MemberRow.require(db, actor.id)
        guard request.amountFen > 0, request.amountFen <= 100_000_000 else {
            throw ErrorBody.make(ErrorCode.duesAmountInvalid, details: ["field": "body.amountFen"])
        }
        // A new proposal replaces one still waiting.
        try db.execute(sql: "UPDATE proposal SET status = 'rejected', reason = '已被新的申请取代', reviewedAt = ? WHERE memberId = ? AND status = 'pending'",
                       arguments: [now.timeIntervalSince1970, member.id])
        let id = UUID().uuidString
        try db.execute(sql: """
            INSERT INTO proposal (id, memberId, orgCode, amountFen, note, status, submittedAt) VALUES (?, ?, ?, ?, ?, 'pending', ?)
            """, arguments: [id, member.id, member.orgCode, request.amountFen, request.note, now.timeIntervalSince1970])
        return try view(db, id)
    }

    public static func review(_ db: Database, _ request: ReviewProposalRequest, by actor: Actor, settings: DuesSettings,
                              now: Date) throws -> ProposalView {
        let p = try view(db, request.proposalId)
        guard let branch = try OrgRow.fetch(db, p.orgCode), try Access.isBranch(db, actor, branch: branch) else {
            throw Access.forbidden(["field": "body.proposalId"])
        }
        guard p.status == .pending else { throw ErrorBody.make(ErrorCode.duesNotPending) }
        guard request.approve else {
            try db.execute(sql: "UPDATE proposal SET status = 'rejected', reviewedBy = ?, reviewedAt = ?, reason = ? WHERE id = ?",
                           arguments: [actor.id, now.timeIntervalSince1970, request.reason, p.id])
            return try view(db, p.id)
        }
        let from = PayingCalendar(settings: settings).openMonth(at: now)
        let member = try MemberRow.require(db, p.memberId)
        // Every unpaid, unlocked month from the open month on takes the amount; later months carry it forward.
        try db.execute(sql: """
            UPDATE standard SET kind = 'manual', baseFen = NULL, rateBp = NULL, amountFen = ?, approval = NULL, settled = 0,
                note = '本人申请，书记审批'
            WHERE memberId = ? AND month >= ? AND settled != 1 AND lockPaymentId IS NULL
            """, arguments: [p.amountFen, member.id, from.key])
        if try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM standard WHERE memberId = ? AND month >= ?)", arguments: [member.id, from.key]) != true {
            try db.execute(sql: """
                INSERT INTO standard (memberId, month, orgCode, orgPath, kind, amountFen, note, submitted, settled)
                VALUES (?, ?, ?, ?, 'manual', ?, '本人申请，书记审批', ?, 0)
                """, arguments: [member.id, from.key, member.orgCode, member.orgPath, p.amountFen,
                                 try Standards.isSubmitted(db, branch: member.orgCode, month: from)])
        }
        try db.execute(sql: "UPDATE proposal SET status = 'approved', reviewedBy = ?, reviewedAt = ?, effectiveMonth = ? WHERE id = ?",
                       arguments: [actor.id, now.timeIntervalSince1970, from.key, p.id])
        return try view(db, p.id)
    }

    public static func list(_ db: Database, _ request: ProposalQuery, by actor: Actor) throws -> ProposalList {
        let ids: [String]
        if let code = request.orgCode {
            guard let org = try OrgRow.fetch(db, code) else { throw ErrorBody.make(ErrorCode.duesOrgNotFound, details: ["field": "body.orgCode"]) }
            guard try Access.isBranch(db, actor, branch: org) || Access.mayManage(db, actor, orgPath: org.path) else { throw Access.forbidden() }
            ids = try String.fetchAll(db, sql: "SELECT id FROM proposal WHERE orgCode = ? AND status = 'pending' ORDER BY submittedAt, id", arguments: [code])
        } else {
            guard actor.kind == .member else { throw Access.forbidden(["field": "body.orgCode"]) }
            ids = try String.fetchAll(db, sql: "SELECT id FROM proposal WHERE memberId = ? ORDER BY submittedAt DESC, id", arguments: [actor.id])
        }
        return ProposalList(items: try ids.map { try view(db, $0) })
    }

    static func view(_ db: Database, _ id: String) throws -> ProposalView {
        guard let r = try Row.fetchOne(db, sql: "SELECT p.*, COALESCE(m.name, '') AS name FROM proposal p LEFT JOIN member m ON m.id = p.memberId WHERE p.id = ?",
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
