import Foundation
import GRDB
import Schema
import Store

/// A member's edit of their own record, waiting for the branch secretary's (or an administrator's)
/// approval before it takes effect (Shenzhen). Free fields (phone, ethnicity, unit) are always
/// editable this way; reviewed fields (name, ID number, member type, join date, post) only while
/// the record is not yet reviewed: after that `identity.field_locked`, and only an administrator
/// changes them directly (Members.update).
public enum ProfileChanges {
    /// A member submits a change of their own record. A newer submission supersedes a pending one.
    public static func submit(_ db: Database, _ request: SubmitProfileChange, by actor: Actor, now: Date,
                              requestId: String? = nil) throws -> ProfileChangeView {
        guard actor.kind == .member else { throw Scope.forbidden("body.memberId", reason: "members_only") }
        let memberId = request.memberId ?? actor.id
        let member = try Scope.requireMember(db, actor, memberId: memberId, field: "body.memberId")
        guard member.status == .active else {
            throw ErrorBody.make(ErrorCode.identityStatusInvalid, details: ["field": "body.memberId", "current": member.status.rawValue])
        }
        let fields = request.changes.givenFields
        guard !fields.isEmpty else {
            throw ErrorBody.make(ErrorCode.identityNothingToChange, details: ["field": "body.changes"])
        }
        try checkLocks(request.changes, member: member, prefix: "body.changes.")
        // Bad values fail now rather than at review; uniqueness is checked again at approval.
        _ = try Members.check(db, request.changes, memberId: member.id, prefix: "body.changes.", now: now)

        try db.cachedStatement(sql: """
            UPDATE profile_change SET status = 'superseded', reviewedAt = ? WHERE memberId = ? AND status = 'pending'
            """).execute(arguments: [now.timeIntervalSince1970, member.id])
        let id = Directory.newID()
        let json = String(decoding: try JSONEncoder().encode(request.changes), as: UTF8.self)
        try db.cachedStatement(sql: """
            INSERT INTO profile_change (id, memberId, orgCode, changes, status, submittedBy, submittedAt)
            VALUES (?, ?, ?, ?, 'pending', ?, ?)
            """).execute(arguments: [id, member.id, member.orgCode, json, actor.id, now.timeIntervalSince1970])
        // The branch secretary is told (notifications): field names only, never the values.
        try Directory.appendEvent(db, IdentityEvent.profileSubmitted, ProfileChangeSubmittedEvent(
            changeId: id, memberId: member.id, memberName: member.name, orgCode: member.orgCode, fields: fields),
            actor: actor, requestId: requestId)
        return try fetch(db, id: id)!.view(masked: false)
    }

    static func checkLocks(_ changes: ProfileFields, member: MemberRecord, prefix: String) throws {
        guard member.reviewed else { return }
        if let locked = changes.givenFields.first(where: { ProfileFields.reviewedFields.contains($0) }) {
            throw ErrorBody.make(ErrorCode.identityFieldLocked, details: ["field": prefix + locked])
        }
    }

    /// Approves (applies the change in this transaction, re-checking locks and uniqueness; appends
    /// `identity.member.updated`) or rejects (reason required) a pending change. Reviewers: the
    /// secretary of the member's branch (a member actor with role "secretary" whose post there is
    /// secretary; not for their own change) or an administrator in scope.
    public static func review(_ db: Database, _ request: ReviewProfileChange, by actor: Actor, now: Date,
                              requestId: String? = nil) throws -> ProfileChangeView {
        guard let change = try fetch(db, id: request.changeId) else {
            throw ErrorBody.make(ErrorCode.identityProfileChangeNotFound, details: ["field": "body.changeId"])
        }
        let member = try MemberRecord.existing(db, id: change.memberId, field: "body.changeId")
        guard try mayReview(db, actor, branchCode: member.orgCode, memberId: member.id) else {
            throw Scope.forbidden("body.changeId")
        }
        guard change.status == .pending else {
            throw ErrorBody.make(ErrorCode.identityProfileChangeClosed, details: ["field": "body.changeId", "status": change.status.rawValue])
        }
        let reason = Directory.trimmed(request.reason) ?? ""
        if request.approve {
            try checkLocks(change.changes, member: member, prefix: "changes.")
            let checked = try Members.check(db, change.changes, memberId: member.id, prefix: "changes.", now: now)
            if try Members.apply(db, checked, reviewed: nil, to: member, now: now) {
                let after = try MemberRecord.fetch(db, id: member.id)!
                try Directory.appendEvent(db, IdentityEvent.memberUpdated, after.event(), actor: actor, requestId: requestId)
            }
        } else if reason.isEmpty {
            throw ErrorBody.make(ErrorCode.identityReasonRequired, details: ["field": "body.reason"])
        }
        try db.cachedStatement(sql: """
            UPDATE profile_change SET status = ?, reviewedBy = ?, reviewedAt = ?, reason = ? WHERE id = ?
            """).execute(arguments: [request.approve ? "approved" : "rejected", actor.id, now.timeIntervalSince1970,
                             reason.isEmpty ? nil : reason, change.id])
        return try fetch(db, id: change.id)!.view(masked: false)
    }

    /// Administrators in scope of the branch, or its secretary (not for their own change).
    static func mayReview(_ db: Database, _ actor: Actor, branchCode: String, memberId: String?) throws -> Bool {
        switch actor.kind {
        case .admin, .service:
            return try Scope.organization(db, actor, code: branchCode).allowed
        case .member:
            // The secretary reviews the branch's changes, never their own.
            guard actor.id != memberId else { return false }
            return try Scope.isBranchSecretary(db, actor, branchCode: branchCode)
        case .anonymous:
            return false
        }
    }

    /// Pending changes of a branch (default: the actor's organization), oldest first, masked.
    /// An administrator sees those of every branch in the organization's subtree.
    public static func pending(_ db: Database, _ request: PendingProfileChanges, by actor: Actor) throws -> ProfileChangeList {
        guard let code = request.orgCode ?? actor.orgCode else { throw Scope.forbidden("body.orgCode") }
        guard try mayReview(db, actor, branchCode: code, memberId: nil) else { throw Scope.forbidden("body.orgCode") }
        let org = try OrganizationRecord.active(db, code: code, field: "body.orgCode")
        let rows = try Row.fetchAll(try db.cachedStatement(sql: """
            \(selectChanges) JOIN organization o ON o.code = pc.orgCode
            WHERE pc.status = 'pending' AND \(Directory.inSubtree("o.path")) ORDER BY pc.submittedAt, pc.id
            """), arguments: StatementArguments(Directory.subtreeBounds(org.path)))
        return ProfileChangeList(items: rows.map { ChangeRecord(row: $0).view(masked: true) })
    }

    /// A member's changes (default: the acting member's own), newest first, masked.
    public static func ofMember(_ db: Database, _ request: MemberProfileChanges, by actor: Actor) throws -> ProfileChangeList {
        let member = try Scope.requireMember(db, actor, memberId: request.memberId ?? actor.id, field: "body.memberId")
        let rows = try Row.fetchAll(try db.cachedStatement(sql: "\(selectChanges) WHERE pc.memberId = ? ORDER BY pc.submittedAt DESC, pc.id"),
                                    arguments: [member.id])
        return ProfileChangeList(items: rows.map { ChangeRecord(row: $0).view(masked: true) })
    }

    static let selectChanges = """
        SELECT pc.id, pc.memberId, m.name AS memberName, pc.orgCode, pc.changes, pc.status, pc.submittedAt,
               pc.reviewedBy, pc.reviewedAt, pc.reason
        FROM profile_change pc JOIN member m ON m.id = pc.memberId
        """

    static func fetch(_ db: Database, id: String) throws -> ChangeRecord? {
        try Row.fetchOne(try db.cachedStatement(sql: "\(selectChanges) WHERE pc.id = ?"), arguments: [id]).map(ChangeRecord.init(row:))
    }

    struct ChangeRecord {
        var id: String
        var memberId: String
        var memberName: String
        var orgCode: String
        var changes: ProfileFields
        var status: ProfileChangeStatus
        var submittedAt: Date
        var reviewedBy: String?
        var reviewedAt: Date?
        var reason: String?

        init(row: Row) {
            id = row["id"]
            memberId = row["memberId"]
            memberName = row["memberName"]
            orgCode = row["orgCode"]
            changes = (try? JSONDecoder().decode(ProfileFields.self, from: Data((row["changes"] as String).utf8))) ?? ProfileFields()
            status = ProfileChangeStatus(rawValue: row["status"]) ?? .pending
            submittedAt = Date(timeIntervalSince1970: row["submittedAt"])
            reviewedBy = row["reviewedBy"]
            reviewedAt = (row["reviewedAt"] as Double?).map { Date(timeIntervalSince1970: $0) }
            reason = row["reason"]
        }

        func view(masked: Bool) -> ProfileChangeView {
            var shown = changes
            if masked {
                shown.idNumber = shown.idNumber.map(PersonalData.maskID)
                shown.phone = shown.phone.map(PersonalData.maskPhone)
            }
            return ProfileChangeView(id: id, memberId: memberId, memberName: memberName, orgCode: orgCode, changes: shown,
                                     status: status, submittedAt: submittedAt, reviewedBy: reviewedBy,
                                     reviewedAt: reviewedAt, reason: reason)
        }
    }
}

/// `identity.authorize`: scope decisions for other services.
public enum Authorization {
    /// Decides for `actor`, or for `request.actor` when the asker is a service acting for someone.
    public static func authorize(_ db: Database, _ request: AuthorizeRequest, by actor: Actor) throws -> AuthorizeReply {
        let subject = actor.kind == .service ? (request.actor ?? actor) : actor
        guard request.orgCode != nil || request.memberId != nil else {
            throw ErrorBody.make(ErrorCode.identitySearchInvalid, details: ["field": "body.orgCode"],
                                 message: "请指定组织代码或党员")
        }
        if let code = request.orgCode {
            let decision = try Scope.organization(db, subject, code: code)
            if !decision.allowed { return AuthorizeReply(allowed: false, reason: decision.reason) }
        }
        if let id = request.memberId {
            let decision = try Scope.member(db, subject, memberId: id)
            if !decision.allowed { return AuthorizeReply(allowed: false, reason: decision.reason) }
        }
        return AuthorizeReply(allowed: true)
    }
}
