import Authority
import Foundation
import GRDB
import Schema
import Store

/// The organization tree: 党委/党工委 → 党总支 → 党支部 → 党小组. Every function runs in the caller's
/// transaction and throws `ErrorBody` before writing anything when the request is refused.
public enum Organizations {
    /// Digits only, 1...30 of them.
    public static func isValidCode(_ code: String) -> Bool {
        !code.isEmpty && code.count <= 30 && code.utf8.allSatisfy { $0 >= 48 && $0 <= 57 }
    }

    static func validatedCode(_ code: String, field: String) throws -> String {
        let code = code.trimmingCharacters(in: .whitespaces)
        guard isValidCode(code) else {
            throw ErrorBody.make(ErrorCode.identityOrgCodeInvalid, details: ["field": field, "reason": "digits"],
                                 message: "组织代码只能由数字组成")
        }
        return code
    }

    /// Checks the rules for a new organization under `parent` (nil: a root), without writing.
    /// Shared with the import, which checks every row before writing any.
    static func checkNew(code: String, type: OrganizationType, parent: OrganizationRecord?,
                         codeField: String, typeField: String, exists: (String) throws -> Bool) throws {
        if let parent {
            guard parent.type.allowedChildren.contains(type) else {
                throw ErrorBody.make(ErrorCode.identityOrgTypeInvalid, details: ["field": typeField],
                                     message: "\(parent.type.chineseName)下不能设立\(type.chineseName)")
            }
            guard code.hasPrefix(parent.code), code.count > parent.code.count else {
                throw ErrorBody.make(ErrorCode.identityOrgCodeInvalid, details: ["field": codeField, "reason": "prefix"],
                                     message: "组织代码应以上级组织代码 \(parent.code) 开头")
            }
        } else if !type.isCommittee {
            throw ErrorBody.make(ErrorCode.identityOrgTypeInvalid, details: ["field": typeField],
                                 message: "顶级组织只能是党委或党工委")
        }
        if try exists(code) {
            throw ErrorBody.make(ErrorCode.identityOrgCodeTaken, details: ["field": codeField])
        }
    }

    static func codeExists(_ db: Database, _ code: String) throws -> Bool {
        try Bool.fetchOne(try db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM organization WHERE code = ?)"), arguments: [code]) ?? false
    }

    /// An active member the actor may act on, to be a secretary; or `identity.secretary_invalid`.
    static func validatedSecretary(_ db: Database, _ actor: Actor, memberId: String, field: String) throws -> String {
        guard let member = try MemberRecord.fetch(db, id: memberId), member.status == .active,
              try Scope.decide(db, actor, member: member).allowed
        else { throw ErrorBody.make(ErrorCode.identitySecretaryInvalid, details: ["field": field]) }
        return member.id
    }

    // MARK: Commands

    /// Creates an organization under `parentCode` (the actor must administer the parent), or a root
    /// (only the city or a service). Appends `identity.org.created`.
    public static func create(_ db: Database, _ request: CreateOrganization, by actor: Actor, now: Date,
                              requestId: String? = nil) throws -> OrganizationView {
        try Scope.requireAdministrator(actor)
        let name = try Directory.name(request.name, field: "body.name")
        let code = try validatedCode(request.code, field: "body.code")
        var parent: OrganizationRecord?
        if let parentCode = Directory.trimmed(request.parentCode), !parentCode.isEmpty {
            parent = try Scope.requireOrganization(db, actor, code: parentCode, field: "body.parentCode")
        } else if !Scope.isTopLevel(actor) {
            throw Scope.forbidden("body.parentCode", reason: "root_needs_city")
        }
        try checkNew(code: code, type: request.type, parent: parent, codeField: "body.code", typeField: "body.type") {
            try codeExists(db, $0)
        }
        var secretary: String?
        if let id = Directory.trimmed(request.secretaryMemberId), !id.isEmpty {
            secretary = try validatedSecretary(db, actor, memberId: id, field: "body.secretaryMemberId")
        }
        try insert(db, code: code, name: name, type: request.type, parent: parent,
                   unit: Directory.trimmed(request.unit) ?? "", secretaryMemberId: secretary,
                   isVillage: request.isVillage ?? false, now: now)
        let org = try OrganizationRecord.fetch(db, code: code)!
        try Directory.appendEvent(db, IdentityEvent.orgCreated, org.event, actor: actor, requestId: requestId)
        return org.view
    }

    static func insert(_ db: Database, code: String, name: String, type: OrganizationType, parent: OrganizationRecord?,
                       unit: String, secretaryMemberId: String?, isVillage: Bool, now: Date) throws {
        let path = (parent?.path ?? "/") + code + "/"
        let depth = parent.map { $0.depth + 1 } ?? 0
        try db.cachedStatement(sql: """
            INSERT INTO organization (code, name, type, parentCode, path, depth, unit, secretaryMemberId, isVillage, createdAt, updatedAt)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [code, name, type.rawValue, parent?.code, path, depth, unit, secretaryMemberId,
                             isVillage, now.timeIntervalSince1970, now.timeIntervalSince1970])
    }

    /// Renames/updates an organization the actor administers (its own included). Appends
    /// `identity.org.updated` when something changed.
    public static func update(_ db: Database, _ request: UpdateOrganization, by actor: Actor, now: Date,
                              requestId: String? = nil) throws -> OrganizationView {
        try Scope.requireAdministrator(actor)
        var org = try Scope.requireOrganization(db, actor, code: request.code, field: "body.code")
        let before = org
        if let name = request.name { org.name = try Directory.name(name, field: "body.name") }
        if let unit = request.unit { org.unit = unit.trimmingCharacters(in: .whitespacesAndNewlines) }
        if let village = request.isVillage { org.isVillage = village }
        if let secretary = Directory.trimmed(request.secretaryMemberId) {
            org.secretaryMemberId = secretary.isEmpty
                ? nil : try validatedSecretary(db, actor, memberId: secretary, field: "body.secretaryMemberId")
        }
        guard org != before else { return org.view }
        try db.cachedStatement(sql: """
            UPDATE organization SET name = ?, unit = ?, isVillage = ?, secretaryMemberId = ?, updatedAt = ? WHERE code = ?
            """).execute(arguments: [org.name, org.unit, org.isVillage, org.secretaryMemberId, now.timeIntervalSince1970, org.code])
        let after = try OrganizationRecord.fetch(db, code: org.code)!
        try Directory.appendEvent(db, IdentityEvent.orgUpdated, after.event, actor: actor, requestId: requestId)
        return after.view
    }

    /// Re-parents an organization (strictly below the actor's own) under another the actor
    /// administers, with its whole subtree: paths and depths change, codes stay. Appends `identity.org.moved`.
    public static func move(_ db: Database, _ request: MoveOrganization, by actor: Actor, now: Date,
                            requestId: String? = nil) throws -> OrganizationView {
        try Scope.requireAdministrator(actor)
        let org = try Scope.requireBelow(db, actor, code: request.code, field: "body.code")
        let parent = try Scope.requireOrganization(db, actor, code: request.newParentCode, field: "body.newParentCode")
        guard !parent.path.hasPrefix(org.path) else {
            throw ErrorBody.make(ErrorCode.identityOrgMoveInvalid, details: ["field": "body.newParentCode"])
        }
        guard parent.type.allowedChildren.contains(org.type) else {
            throw ErrorBody.make(ErrorCode.identityOrgTypeInvalid, details: ["field": "body.newParentCode"],
                                 message: "\(parent.type.chineseName)下不能设立\(org.type.chineseName)")
        }
        guard org.parentCode != parent.code else { return org.view }
        let newPath = parent.path + org.code + "/"
        let newDepth = parent.depth + 1
        try db.execute(sql: """
            UPDATE organization SET path = ? || substr(path, ?), depth = depth + ?, updatedAt = ?
            WHERE \(Directory.inSubtree("path"))
            """, arguments: StatementArguments([newPath, org.path.count + 1, newDepth - org.depth, now.timeIntervalSince1970] as [any DatabaseValueConvertible])
                + StatementArguments(Directory.subtreeBounds(org.path)))
        let moved = db.changesCount
        try db.cachedStatement(sql: "UPDATE organization SET parentCode = ? WHERE code = ?").execute(arguments: [parent.code, org.code])
        let after = try OrganizationRecord.fetch(db, code: org.code)!
        try Directory.appendEvent(db, IdentityEvent.orgMoved, OrganizationMovedEvent(
            code: org.code, name: org.name, type: org.type, oldParentCode: org.parentCode, newParentCode: parent.code,
            oldPath: org.path, newPath: newPath, oldDepth: org.depth, newDepth: newDepth, movedCount: moved),
            actor: actor, requestId: requestId)
        return after.view
    }

    /// Dissolves an organization strictly below the actor's own, when it has no child organizations
    /// and no active members (otherwise `identity.org_not_empty`). Appends `identity.org.dissolved`.
    public static func dissolve(_ db: Database, _ request: OrganizationRef, by actor: Actor, now: Date,
                                requestId: String? = nil) throws -> OrganizationView {
        try Scope.requireAdministrator(actor)
        let org = try Scope.requireBelow(db, actor, code: request.code, field: "body.code")
        let children = try Int.fetchOne(try db.cachedStatement(sql: "SELECT COUNT(*) FROM organization WHERE parentCode = ? AND dissolvedAt IS NULL"),
                                        arguments: [org.code]) ?? 0
        let members = try Int.fetchOne(try db.cachedStatement(sql: "SELECT COUNT(*) FROM member WHERE orgCode = ? AND status = 'active'"),
                                       arguments: [org.code]) ?? 0
        guard children == 0, members == 0 else {
            throw ErrorBody.make(ErrorCode.identityOrgNotEmpty, details: [
                "field": "body.code", "children": String(children), "activeMembers": String(members),
            ])
        }
        try db.cachedStatement(sql: "UPDATE organization SET dissolvedAt = ?, updatedAt = ? WHERE code = ?").execute(arguments: [now.timeIntervalSince1970, now.timeIntervalSince1970, org.code])
        let after = try OrganizationRecord.fetch(db, code: org.code)!
        try Directory.appendEvent(db, IdentityEvent.orgDissolved, after.event, actor: actor, requestId: requestId)
        return after.view
    }

    // MARK: Queries

    /// One organization the actor administers (dissolved ones too, with `dissolvedAt`).
    public static func get(_ db: Database, _ request: OrganizationRef, by actor: Actor) throws -> OrganizationView {
        guard let org = try OrganizationRecord.fetch(db, code: request.code) else {
            throw ErrorBody.make(ErrorCode.identityOrgNotFound, details: ["field": "body.code"])
        }
        let decision = Authority.administers(actor, org: org.authority, actorOrg: try Scope.actorOrg(db, actor))
        guard decision.isAllowed else { throw Scope.forbidden("body.code", decision) }
        return org.view
    }

    /// The organization `code` (default: the actor's) and everything below it, by path, paged.
    /// Dissolved organizations are left out.
    public static func subtree(_ db: Database, _ request: SubtreeQuery, by actor: Actor) throws -> OrganizationPage {
        let prefix: String
        if let code = request.code ?? (Scope.isTopLevel(actor) ? nil : actor.orgCode) {
            prefix = try Scope.requireOrganization(db, actor, code: code, field: "body.code").path
        } else {
            guard Scope.isTopLevel(actor) else { throw Scope.forbidden("body.code") }
            prefix = "/"
        }
        let (offset, limit) = Directory.page(offset: request.offset, limit: request.limit, defaultLimit: 50, maxLimit: 500)
        let bounds = Directory.subtreeBounds(prefix)
        let total = try Int.fetchOne(try db.cachedStatement(sql: """
            SELECT COUNT(*) FROM organization WHERE \(Directory.inSubtree("path")) AND dissolvedAt IS NULL
            """), arguments: StatementArguments(bounds)) ?? 0
        let items = try OrganizationRecord.fetchAll(db, where: """
            \(Directory.inSubtree("path")) AND dissolvedAt IS NULL ORDER BY path LIMIT ? OFFSET ?
            """, arguments: StatementArguments(bounds) + [limit, offset])
        return OrganizationPage(items: items.map(\.view), total: total, offset: offset, limit: limit)
    }

    /// The ancestors of an organization the actor administers, root first, itself excluded.
    public static func ancestors(_ db: Database, _ request: OrganizationRef, by actor: Actor) throws -> OrganizationList {
        let org = try get(db, request, by: actor)
        let codes = org.path.split(separator: "/").map(String.init).dropLast()
        var items: [OrganizationView] = []
        for code in codes {
            if let ancestor = try OrganizationRecord.fetch(db, code: code) { items.append(ancestor.view) }
        }
        return OrganizationList(items: items)
    }

    /// The direct children (not dissolved) of an organization the actor administers, by code.
    public static func children(_ db: Database, _ request: OrganizationRef, by actor: Actor) throws -> OrganizationList {
        let org = try get(db, request, by: actor)
        let items = try OrganizationRecord.fetchAll(db, where: """
            parentCode = ? AND dissolvedAt IS NULL ORDER BY code
            """, arguments: [org.code])
        return OrganizationList(items: items.map(\.view))
    }
}
