import Foundation
import GRDB
import Schema
import Store

/// The `account.passwordHash` of a member account that still has the installation's initial
/// password (IdentitySettings.memberInitialPassword): the authentication part verifies against
/// the settings without a stored hash, so creating and importing members needs no hashing.
public enum DirectoryAccounts {
    public static let initialPasswordMarker = "initial"
}

/// Party members: records, search, status changes (with history) and reassignment (划拨).
public enum Members {
    static let maxPageSize = 200

    // MARK: Validation shared by create, update, profile changes and import

    /// Checked values of the fields a request gives (nil: not given).
    struct CheckedFields {
        var idNumber: IDNumber?
        var name: String?
        var ethnicity: String?
        /// .some(nil) clears the phone.
        var phone: String??
        var memberType: MemberType?
        var joinDate: String?
        var unit: String?
        var post: MemberPost?
    }

    /// Validates the given fields, and ID number/phone uniqueness against other members than `memberId`.
    /// `prefix` roots error field names ("body." or "body.changes.").
    static func check(_ db: Database, _ fields: ProfileFields, memberId: String?, prefix: String, now: Date) throws -> CheckedFields {
        var checked = CheckedFields()
        if let text = fields.idNumber {
            let id = try IDNumber.validated(text, field: prefix + "idNumber", now: now)
            if try idNumberOwner(db, id.value).map({ $0 != memberId }) ?? false {
                throw ErrorBody.make(ErrorCode.identityIdNumberTaken, details: ["field": prefix + "idNumber"])
            }
            checked.idNumber = id
        }
        if let name = fields.name { checked.name = try Directory.name(name, field: prefix + "name") }
        if let ethnicity = fields.ethnicity { checked.ethnicity = ethnicity.trimmingCharacters(in: .whitespacesAndNewlines) }
        if let text = fields.phone {
            if text.trimmingCharacters(in: .whitespaces).isEmpty {
                checked.phone = .some(nil)
            } else {
                let phone = try PhoneNumber.validated(text, field: prefix + "phone")
                if try phoneOwner(db, phone).map({ $0 != memberId }) ?? false {
                    throw ErrorBody.make(ErrorCode.identityPhoneTaken, details: ["field": prefix + "phone"])
                }
                checked.phone = .some(phone)
            }
        }
        checked.memberType = fields.memberType
        if let date = fields.joinDate { checked.joinDate = try DirectoryDates.validatedJoinDate(date, field: prefix + "joinDate", now: now) }
        if let unit = fields.unit { checked.unit = unit.trimmingCharacters(in: .whitespacesAndNewlines) }
        checked.post = fields.post
        return checked
    }

    static func idNumberOwner(_ db: Database, _ idNumber: String) throws -> String? {
        try String.fetchOne(try db.cachedStatement(sql: "SELECT id FROM member WHERE idNumber = ?"), arguments: [idNumber])
    }

    static func phoneOwner(_ db: Database, _ phone: String) throws -> String? {
        try String.fetchOne(try db.cachedStatement(sql: "SELECT id FROM member WHERE phone = ?"), arguments: [phone])
    }

    /// Writes checked fields onto the member; returns whether anything changed.
    static func apply(_ db: Database, _ checked: CheckedFields, reviewed: Bool?, to member: MemberRecord, now: Date) throws -> Bool {
        var m = member
        if let id = checked.idNumber {
            m.idNumber = id.value
            m.birthDate = id.birthDate
            m.sex = id.sex
        }
        if let v = checked.name { m.name = v }
        if let v = checked.ethnicity { m.ethnicity = v }
        if let v = checked.phone { m.phone = v }
        if let v = checked.memberType { m.memberType = v }
        if let v = checked.joinDate { m.joinDate = v }
        if let v = checked.unit { m.unit = v }
        if let v = checked.post { m.post = v }
        if let v = reviewed { m.reviewed = v }
        guard m != member else { return false }
        try db.cachedStatement(sql: """
            UPDATE member SET idNumber = ?, name = ?, sex = ?, birthDate = ?, ethnicity = ?, phone = ?, memberType = ?,
                joinDate = ?, unit = ?, post = ?, reviewed = ?, updatedAt = ? WHERE id = ?
            """).execute(arguments: [m.idNumber, m.name, m.sex.rawValue, m.birthDate, m.ethnicity, m.phone, m.memberType.rawValue,
                             m.joinDate, m.unit, m.post.rawValue, m.reviewed, now.timeIntervalSince1970, m.id])
        return true
    }

    /// Inserts a member and its login account (kind member, initial-password marker, must change password).
    /// Prepared statements are cached on the connection, so the import reuses them for every row.
    static func insert(_ db: Database, id: String, idNumber: IDNumber, name: String, ethnicity: String, phone: String?,
                       memberType: MemberType, joinDate: String?, orgCode: String, unit: String, post: MemberPost,
                       reviewed: Bool, now: Date) throws {
        let t = now.timeIntervalSince1970
        try db.cachedStatement(sql: """
            INSERT INTO member (id, idNumber, name, sex, birthDate, ethnicity, phone, memberType, joinDate, orgCode, unit,
                                post, status, reviewed, createdAt, updatedAt)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?, ?)
            """).execute(arguments: [id, idNumber.value, name, idNumber.sex.rawValue, idNumber.birthDate, ethnicity, phone,
                                     memberType.rawValue, joinDate, orgCode, unit, post.rawValue, reviewed, t, t])
        try db.cachedStatement(sql: """
            INSERT INTO account (id, kind, memberId, roles, passwordHash, mustChangePassword, createdAt)
            VALUES (?, 'member', ?, '[]', ?, 1, ?)
            """).execute(arguments: [Directory.newID(), id, DirectoryAccounts.initialPasswordMarker, t])
    }

    /// The branch a member may be placed in: active, administered by the actor, of type 党支部.
    static func requireBranch(_ db: Database, _ actor: Actor, code: String, field: String) throws -> OrganizationRecord {
        let org = try Scope.requireOrganization(db, actor, code: code, field: field)
        guard org.type == .branch else {
            throw ErrorBody.make(ErrorCode.identityNotABranch, details: ["field": field])
        }
        return org
    }

    // MARK: Commands

    /// Creates a member in a branch the actor administers, and the member's login account.
    /// Birth date and sex come from the ID number. Appends `identity.member.created`.
    public static func create(_ db: Database, _ request: CreateMember, by actor: Actor, now: Date,
                              requestId: String? = nil) throws -> MemberView {
        try Scope.requireAdministrator(actor)
        let branch = try requireBranch(db, actor, code: request.orgCode, field: "body.orgCode")
        let checked = try check(db, ProfileFields(
            phone: request.phone, ethnicity: request.ethnicity ?? "", unit: request.unit ?? "", name: request.name,
            idNumber: request.idNumber, memberType: request.memberType, joinDate: request.joinDate, post: request.post),
            memberId: nil, prefix: "body.", now: now)
        let id = Directory.newID()
        try insert(db, id: id, idNumber: checked.idNumber!, name: checked.name!, ethnicity: checked.ethnicity ?? "",
                   phone: checked.phone ?? nil, memberType: request.memberType, joinDate: checked.joinDate,
                   orgCode: branch.code, unit: checked.unit ?? "", post: request.post ?? .member,
                   reviewed: request.reviewed ?? true, now: now)
        let member = try MemberRecord.fetch(db, id: id)!
        try Directory.appendEvent(db, IdentityEvent.memberCreated, member.event(), actor: actor, requestId: requestId)
        return member.view(masked: false)
    }

    /// An administrator's direct edit of a member in scope, reviewed fields included. Members
    /// change their record through ProfileChanges. Appends `identity.member.updated` when something changed.
    public static func update(_ db: Database, _ request: UpdateMember, by actor: Actor, now: Date,
                              requestId: String? = nil) throws -> MemberView {
        if actor.kind == .member {
            // A member's own edit goes through review (identity.profile.submit).
            throw Scope.forbidden("body.memberId", reason: "use_profile_change")
        }
        try Scope.requireAdministrator(actor)
        let member = try Scope.requireMember(db, actor, memberId: request.memberId, field: "body.memberId")
        let checked = try check(db, ProfileFields(
            phone: request.phone, ethnicity: request.ethnicity, unit: request.unit, name: request.name,
            idNumber: request.idNumber, memberType: request.memberType, joinDate: request.joinDate, post: request.post),
            memberId: member.id, prefix: "body.", now: now)
        guard try apply(db, checked, reviewed: request.reviewed, to: member, now: now) else { return member.view(masked: false) }
        let after = try MemberRecord.fetch(db, id: member.id)!
        try Directory.appendEvent(db, IdentityEvent.memberUpdated, after.event(), actor: actor, requestId: requestId)
        return after.view(masked: false)
    }

    /// deceased: any administrator in scope, from active. transferred_out and removed (删除党员, seed
    /// 003): committee administrators only, reason required. Back to active: committee administrators only.
    /// Keeps history; appends `identity.member.removed` (left active) or `identity.member.updated` (reinstated).
    public static func changeStatus(_ db: Database, _ request: ChangeMemberStatus, by actor: Actor, now: Date,
                                    requestId: String? = nil) throws -> MemberView {
        try Scope.requireAdministrator(actor)
        let member = try Scope.requireMember(db, actor, memberId: request.memberId, field: "body.memberId")
        let reason = Directory.trimmed(request.reason) ?? ""
        let target = request.status
        if target == .removed || target == .transferredOut || target == .active {
            guard try Scope.isCommitteeAdministrator(db, actor) else {
                throw ErrorBody.make(ErrorCode.identityRemoveNotAllowed, details: ["field": "body.status"])
            }
        }
        guard member.status != target, member.status == .active || target == .active else {
            throw ErrorBody.make(ErrorCode.identityStatusInvalid, details: ["field": "body.status", "current": member.status.rawValue])
        }
        if target == .removed || target == .transferredOut, reason.isEmpty {
            throw ErrorBody.make(ErrorCode.identityReasonRequired, details: ["field": "body.reason"])
        }
        try db.cachedStatement(sql: "UPDATE member SET status = ?, updatedAt = ? WHERE id = ?").execute(arguments: [target.rawValue, now.timeIntervalSince1970, member.id])
        try recordHistory(db, kind: "status", member: member, toStatus: target, toOrgCode: member.orgCode,
                          reason: reason, actor: actor, now: now)
        let after = try MemberRecord.fetch(db, id: member.id)!
        if target == .active {
            try Directory.appendEvent(db, IdentityEvent.memberUpdated, after.event(previousStatus: member.status),
                                      actor: actor, requestId: requestId)
        } else {
            try Directory.appendEvent(db, IdentityEvent.memberRemoved,
                                      after.event(previousStatus: member.status, reason: reason.isEmpty ? nil : reason),
                                      actor: actor, requestId: requestId)
        }
        return after.view(masked: false)
    }

    /// 划拨: moves an active member to another branch. Committee administrators only (a branch's
    /// administrator gets `identity.reassign_not_allowed`); both branches in the actor's scope.
    /// The post resets to member; pending profile changes follow to the new branch.
    /// Keeps history; appends `identity.member.moved`.
    public static func reassign(_ db: Database, _ request: ReassignMember, by actor: Actor, now: Date,
                                requestId: String? = nil) throws -> MemberView {
        try Scope.requireAdministrator(actor)
        guard try Scope.isCommitteeAdministrator(db, actor) else {
            throw ErrorBody.make(ErrorCode.identityReassignNotAllowed, details: ["field": "body.toOrgCode"])
        }
        let member = try Scope.requireMember(db, actor, memberId: request.memberId, field: "body.memberId")
        let branch = try requireBranch(db, actor, code: request.toOrgCode, field: "body.toOrgCode")
        guard member.status == .active, member.orgCode != branch.code else {
            throw ErrorBody.make(ErrorCode.identityStatusInvalid, details: [
                "field": member.status == .active ? "body.toOrgCode" : "body.memberId", "current": member.status.rawValue,
            ])
        }
        try db.cachedStatement(sql: "UPDATE member SET orgCode = ?, post = 'member', updatedAt = ? WHERE id = ?").execute(arguments: [branch.code, now.timeIntervalSince1970, member.id])
        try db.cachedStatement(sql: "UPDATE profile_change SET orgCode = ? WHERE memberId = ? AND status = 'pending'").execute(arguments: [branch.code, member.id])
        try recordHistory(db, kind: "reassign", member: member, toStatus: member.status, toOrgCode: branch.code,
                          reason: Directory.trimmed(request.reason) ?? "", actor: actor, now: now)
        let after = try MemberRecord.fetch(db, id: member.id)!
        try Directory.appendEvent(db, IdentityEvent.memberMoved, after.event(previousOrgCode: member.orgCode),
                                  actor: actor, requestId: requestId)
        return after.view(masked: false)
    }

    static func recordHistory(_ db: Database, kind: String, member: MemberRecord, toStatus: MemberStatus, toOrgCode: String,
                              reason: String, actor: Actor, now: Date) throws {
        try db.cachedStatement(sql: """
            INSERT INTO member_history (memberId, kind, fromStatus, toStatus, fromOrgCode, toOrgCode, reason, actorKind, actorId, at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [member.id, kind, member.status.rawValue, toStatus.rawValue, member.orgCode, toOrgCode, reason,
                             actor.kind.rawValue, actor.id, now.timeIntervalSince1970])
    }

    // MARK: Queries

    /// One member: ID number and phone in full for an administrator in scope, the member themself
    /// and the services that print them (transfers: the whole ID number on the 介绍信); masked for
    /// other services allowed to read.
    public static func get(_ db: Database, _ request: MemberRef, by actor: Actor) throws -> MemberView {
        let member = try Scope.requireMember(db, actor, memberId: request.memberId, field: "body.memberId")
        let whole = actor.kind == .admin || actor.kind == .member || (actor.kind == .service && servicesSeeingWholeRecord.contains(actor.id))
        return member.view(masked: !whole)
    }

    /// Services whose documents carry the whole ID number and phone.
    static let servicesSeeingWholeRecord: Set<String> = [TransfersAPI.service]

    /// Status changes and reassignments of a member in scope, oldest first.
    public static func history(_ db: Database, _ request: MemberRef, by actor: Actor) throws -> MemberHistory {
        let member = try Scope.requireMember(db, actor, memberId: request.memberId, field: "body.memberId")
        let rows = try Row.fetchAll(try db.cachedStatement(sql: """
            SELECT kind, fromStatus, toStatus, fromOrgCode, toOrgCode, reason, actorKind, actorId, at
            FROM member_history WHERE memberId = ? ORDER BY id
            """), arguments: [member.id])
        return MemberHistory(items: rows.map { row in
            MemberHistoryEntry(kind: row["kind"], fromStatus: MemberStatus(rawValue: row["fromStatus"]) ?? .active,
                               toStatus: MemberStatus(rawValue: row["toStatus"]) ?? .active, fromOrgCode: row["fromOrgCode"],
                               toOrgCode: row["toOrgCode"], reason: row["reason"], actorKind: row["actorKind"],
                               actorId: row["actorId"], at: Date(timeIntervalSince1970: row["at"]))
        })
    }

    /// Active members of the asking member's own branch whose names match (NameMatch), themself
    /// excluded: the people they may name as proxy.
    public static func fellows(_ db: Database, _ request: FellowMemberSearch, by actor: Actor) throws -> FellowMembers {
        guard actor.kind == .member else { throw Scope.forbidden(nil, reason: "not_member") }
        let me = try MemberRecord.existing(db, id: actor.id, field: "actor")
        let query = request.name.filter { !$0.isWhitespace }
        guard let match = NameMatch(query), query.count <= 30 else {
            throw ErrorBody.make(ErrorCode.identitySearchInvalid, details: ["field": "body.name"])
        }
        let limit = min(max(1, request.limit ?? 10), 50)
        let conditions = (["m.orgCode = ?", "m.status = 'active'", "m.id != ?"] + match.conditions).joined(separator: " AND ")
        var arguments = StatementArguments([me.orgCode, me.id])
        _ = arguments.append(contentsOf: StatementArguments(match.arguments))
        _ = arguments.append(contentsOf: StatementArguments(match.rankArguments))
        _ = arguments.append(contentsOf: [limit])
        let rows = try Row.fetchAll(try db.cachedStatement(sql: """
            SELECT m.id, m.name, m.post FROM member m WHERE \(conditions) ORDER BY \(match.rank), m.name, m.id LIMIT ?
            """), arguments: arguments)
        return FellowMembers(items: rows.map {
            FellowMember(memberId: $0["id"], name: $0["name"], post: MemberPost(rawValue: $0["post"]) ?? .member)
        })
    }

    /// Search within the actor's scope by name (prefix matches first, then contains), ID number
    /// (exact, or the last 4+ characters), phone (exact, or the last 4+ digits), and/or branch
    /// subtree. Paged; ID numbers and phones masked.
    public static func search(_ db: Database, _ request: MemberSearch, by actor: Actor) throws -> MemberPage {
        try Scope.requireAdministrator(actor)
        guard var scopePath = try Scope.administeredPath(db, actor) else { throw Scope.forbidden() }
        if let code = Directory.trimmed(request.orgCode), !code.isEmpty {
            scopePath = try Scope.requireOrganization(db, actor, code: code, field: "body.orgCode").path
        }
        // A narrow scope (a branch, a general branch) is best reached through the path index; a wide
        // one with a name to match is faster as one pass over the members, so the index is bypassed
        // there ("+" stops SQLite from using it).
        let organizationsInScope = try Int.fetchOne(try db.cachedStatement(sql: "SELECT COUNT(*) FROM organization WHERE \(Directory.inSubtree("path"))"),
                                                    arguments: StatementArguments(Directory.subtreeBounds(scopePath))) ?? 0
        let wideNameSearch = organizationsInScope > 64 && !(Directory.trimmed(request.name) ?? "").isEmpty
        var conditions = [Directory.inSubtree(wideNameSearch ? "+o.path" : "o.path"), "m.status = ?"]
        var arguments = StatementArguments(Directory.subtreeBounds(scopePath) + [(request.status ?? .active).rawValue])
        var order = "m.name, m.id"
        var criteria = request.orgCode.map { !$0.isEmpty } ?? false

        let nameMatch = NameMatch(request.name)
        if let nameMatch {
            criteria = true
            conditions += nameMatch.conditions
            _ = arguments.append(contentsOf: StatementArguments(nameMatch.arguments))
            order = "\(nameMatch.rank), m.name, m.id"
        }
        if let text = Directory.trimmed(request.idNumber), !text.isEmpty {
            criteria = true
            let id = text.uppercased()
            guard id.count >= 4, id.count <= 18 else {
                throw ErrorBody.make(ErrorCode.identitySearchInvalid, details: ["field": "body.idNumber"],
                                     message: "请输入完整身份证号码或至少后4位")
            }
            if id.count == 18 {
                conditions.append("m.idNumber = ?")
                _ = arguments.append(contentsOf: [id])
            } else {
                // The last four characters are indexed (identity.directory.v2), the rest is checked on those few rows.
                conditions.append("substr(m.idNumber, 15) = ? AND m.idNumber LIKE ? ESCAPE '\\'")
                _ = arguments.append(contentsOf: [String(id.suffix(4)), "%" + Directory.likeEscaped(id)])
            }
        }
        if let phone = Directory.trimmed(request.phone), !phone.isEmpty {
            criteria = true
            guard phone.count >= 4, phone.count <= 11 else {
                throw ErrorBody.make(ErrorCode.identitySearchInvalid, details: ["field": "body.phone"],
                                     message: "请输入完整手机号码或至少后4位")
            }
            if phone.count == 11 {
                conditions.append("m.phone = ?")
                _ = arguments.append(contentsOf: [phone])
            } else {
                conditions.append("substr(m.phone, 8) = ? AND m.phone LIKE ? ESCAPE '\\'")
                _ = arguments.append(contentsOf: [String(phone.suffix(4)), "%" + Directory.likeEscaped(phone)])
            }
        }
        guard criteria else { throw ErrorBody.make(ErrorCode.identitySearchInvalid, details: ["field": "body"]) }

        let (offset, limit) = Directory.page(offset: request.offset, limit: request.limit, defaultLimit: 50, maxLimit: maxPageSize)
        let whereClause = conditions.joined(separator: " AND ")
        let total = try Int.fetchOne(try db.cachedStatement(sql: """
            SELECT COUNT(*) FROM member m JOIN organization o ON o.code = m.orgCode WHERE \(whereClause)
            """), arguments: arguments) ?? 0
        var pageArguments = arguments
        if let nameMatch { _ = pageArguments.append(contentsOf: StatementArguments(nameMatch.rankArguments)) }
        _ = pageArguments.append(contentsOf: [limit, offset])
        let rows = try Row.fetchAll(try db.cachedStatement(sql: "\(MemberRecord.select) WHERE \(whereClause) ORDER BY \(order) LIMIT ? OFFSET ?"),
                                    arguments: pageArguments)
        return MemberPage(items: rows.map { MemberRecord(row: $0).view(masked: true) }, total: total, offset: offset, limit: limit)
    }
}
