import Crypto
import Foundation
import GRDB
import Schema

/// 从市外转入: an applicant without an account applies from the login page, and keeps the
/// transfer's id and an access code (shown once, stored only as its SHA-256) to look, correct and withdraw.
public enum Inbound {
    static let applicantActor = Actor(kind: .anonymous, id: "")

    static func hash(_ code: String) -> String {
        SHA256.hash(data: Data(code.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// `alreadyMember`: identity's answer whether the ID number is already an active member here
    /// (asked by the server before the transaction).
    public static func apply(_ db: Database, _ r: InboundApplyRequest, alreadyMember: Bool, settings: TransfersSettings, now: Date,
                             requestId: String?, newId: () -> String = Codes.transferId,
                             newCode: () -> String = Codes.accessCode) throws -> InboundApplied {
        let applicant = try ApplicantCheck.validated(r.applicant, now: now)
        guard !alreadyMember else {
            throw ErrorBody.make(ErrorCode.transfersAlreadyMember, details: ["field": "body.applicant.idNumber"])
        }
        try requireNoOpenApplication(db, idNumber: applicant.idNumber, except: nil)
        let reason = try Checks.reason(r.reason)
        let code = newCode()
        var t = TransferRecord(id: newId(), kind: .inbound, memberId: nil, memberName: applicant.name, openedBy: "applicant",
                               openedById: "applicant", reason: reason, now: now)
        t.accessHash = hash(code)
        try setTarget(db, &t, applicant: applicant, committee: r.toCommitteeCode, branch: r.toOrgCode)
        try Chains.start(db, &t, settings: settings)
        try t.insert(db)
        try t.record(db, what: "submitted", title: "提交从市外转入申请", actorName: applicant.name, at: now, actor: applicantActor,
                     requestId: requestId)
        return InboundApplied(transferId: t.id, accessCode: code, transfer: try Views.view(db, t, masked: false))
    }

    public static func get(_ db: Database, _ r: InboundRef) throws -> TransferView {
        try Views.view(db, try require(db, r.transferId, r.accessCode), masked: false)
    }

    public static func resubmit(_ db: Database, _ r: InboundResubmitRequest, alreadyMember: Bool, settings: TransfersSettings,
                                now: Date, requestId: String?) throws -> TransferView {
        var t = try require(db, r.transferId, r.accessCode)
        guard t.status == .returned else { throw Applying.statusInvalid(t) }
        let applicant = try ApplicantCheck.validated(r.applicant, now: now)
        guard !alreadyMember else {
            throw ErrorBody.make(ErrorCode.transfersAlreadyMember, details: ["field": "body.applicant.idNumber"])
        }
        try requireNoOpenApplication(db, idNumber: applicant.idNumber, except: t.id)
        t.reason = try Checks.reason(r.reason)
        t.memberName = applicant.name
        try setTarget(db, &t, applicant: applicant, committee: r.toCommitteeCode, branch: r.toOrgCode)
        t.revision += 1
        t.updatedAt = now
        try Chains.start(db, &t, settings: settings)
        try t.save(db)
        try t.record(db, what: "resubmitted", title: "修改后重新提交", actorName: applicant.name, at: now, actor: applicantActor,
                     requestId: requestId)
        return try Views.view(db, t, masked: false)
    }

    public static func withdraw(_ db: Database, _ r: InboundRef, now: Date, requestId: String?) throws -> TransferView {
        var t = try require(db, r.transferId, r.accessCode)
        try Applying.withdraw(db, &t, by: applicantActor, now: now, requestId: requestId)
        return try Views.view(db, t, masked: false)
    }

    /// The inbound transfer `id` if `code` is its access code; otherwise `transfers.not_found`,
    /// never saying which of the two was wrong.
    static func require(_ db: Database, _ id: String, _ code: String) throws -> TransferRecord {
        guard let t = try TransferRecord.fetch(db, id), t.kind == .inbound, let stored = t.accessHash,
              constantTimeEqual(stored, hash(code.trimmingCharacters(in: .whitespaces).uppercased()))
        else { throw ErrorBody.make(ErrorCode.transfersNotFound) }
        return t
    }

    /// One open inbound application per person: identity would refuse the second member anyway.
    static func requireNoOpenApplication(_ db: Database, idNumber: String, except id: String?) throws {
        let open = try Bool.fetchOne(db.cachedStatement(sql: """
            SELECT EXISTS(SELECT 1 FROM transfer WHERE kind = 'inbound' AND status IN ('pending', 'returned', 'approved')
                AND json_extract(applicant, '$.idNumber') = ? AND id IS NOT ?)
            """), arguments: [idNumber, id]) ?? false
        if open { throw ErrorBody.make(ErrorCode.transfersAlreadyOpen, details: ["field": "body.applicant.idNumber"]) }
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// The receiving committee and a branch below it, both from suggestions.
    static func setTarget(_ db: Database, _ t: inout TransferRecord, applicant: InboundApplicant, committee: String, branch: String) throws {
        guard let c = try OrgRow.fetch(db, committee), c.type.isCommittee, !c.dissolved else {
            throw ErrorBody.make(ErrorCode.transfersTargetInvalid, details: ["field": "body.toCommitteeCode"])
        }
        let b = try Applying.branch(db, branch, field: "body.toOrgCode")
        guard b.path.hasPrefix(c.path) else {
            throw ErrorBody.make(ErrorCode.transfersTargetInvalid, details: ["field": "body.toOrgCode"])
        }
        t.applicant = applicant
        t.fromOrgName = applicant.fromOrgName
        t.toOrgCode = b.code; t.toOrgPath = b.path; t.toOrgName = b.name; t.toUnit = b.unit
    }
}
