import Authority
import Foundation
import GRDB
import Schema

/// Notifications' own copy of organizations and members, kept from identity's events, plus the
/// contact details: openids from `identity.wechat.bound/unbound`, phones asked of identity
/// (`identity.member.contacts`) when a job needs one, forgotten on `identity.member.updated`.
public enum ContactBook {
    public static func upsertOrg(_ db: Database, _ org: OrganizationEvent) throws {
        try db.cachedStatement(sql: """
            INSERT INTO org (code, name, parentCode, path, dissolved, secretaryMemberId) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT(code) DO UPDATE SET name = excluded.name, parentCode = excluded.parentCode, path = excluded.path,
                                            dissolved = excluded.dissolved, secretaryMemberId = excluded.secretaryMemberId
            """).execute(arguments: [org.code, org.name, org.parentCode, org.path, org.dissolved, org.secretaryMemberId])
    }

    /// An administrator account as it now is (`identity.admin.changed`). The mobile is kept to send
    /// SMS and never logged.
    public static func upsertAdmin(_ db: Database, _ a: AdminEvent, now: Date) throws {
        let mobile = a.mobile.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        try db.cachedStatement(sql: """
            INSERT INTO admin (accountId, orgCode, orgPath, name, post, mobile, active, updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(accountId) DO UPDATE SET orgCode = excluded.orgCode, orgPath = excluded.orgPath, name = excluded.name,
                post = excluded.post, mobile = excluded.mobile, active = excluded.active, updatedAt = excluded.updatedAt
            """).execute(arguments: [a.accountId, a.orgCode, a.orgPath, a.name, a.post, mobile, a.active, now])
    }

    /// The branch secretary's member id: the one the organization names (`OrganizationEvent.secretaryMemberId`),
    /// else the active member of the branch whose post is 书记 (imported branches name none); nil if
    /// neither, or the branch is dissolved. A named secretary this copy knows as no longer active is passed over.
    static func secretary(_ db: Database, orgCode: String) throws -> String? {
        guard let org = try Row.fetchOne(db.cachedStatement(sql: "SELECT secretaryMemberId, dissolved FROM org WHERE code = ?"), arguments: [orgCode]),
              !(org["dissolved"] as Bool) else { return nil }
        if let named: String = org["secretaryMemberId"], !named.isEmpty {
            let status = try String.fetchOne(db.cachedStatement(sql: "SELECT status FROM contact WHERE memberId = ?"), arguments: [named])
            if status == nil || status == MemberStatus.active.rawValue { return named }
        }
        return try String.fetchOne(db.cachedStatement(sql: """
            SELECT memberId FROM contact WHERE orgCode = ? AND post = 'secretary' AND status = 'active' ORDER BY memberId LIMIT 1
            """), arguments: [orgCode])
    }

    /// The active administrator accounts of one organization, by account id.
    static func admins(_ db: Database, orgCode: String) throws -> [String] {
        try String.fetchAll(db.cachedStatement(sql: "SELECT accountId FROM admin WHERE orgCode = ? AND active = 1 ORDER BY accountId"),
                            arguments: [orgCode])
    }

    /// Where an administrator account sits in the tree (nil: not known).
    static func adminPath(_ db: Database, accountId: String) throws -> String? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT orgPath FROM admin WHERE accountId = ? AND orgPath != ''"), arguments: [accountId])
    }

    public static func moveOrg(_ db: Database, _ move: OrganizationMovedEvent) throws {
        let n = move.oldPath.count
        try db.cachedStatement(sql: "UPDATE org SET path = ? || substr(path, ?) WHERE substr(path, 1, ?) = ?").execute(arguments: [move.newPath, n + 1, n, move.oldPath])
        try db.cachedStatement(sql: "UPDATE org SET parentCode = ? WHERE code = ?").execute(arguments: [move.newParentCode, move.code])
        try db.cachedStatement(sql: "UPDATE contact SET orgPath = ? || substr(orgPath, ?) WHERE substr(orgPath, 1, ?) = ?").execute(arguments: [move.newPath, n + 1, n, move.oldPath])
        try db.cachedStatement(sql: "UPDATE admin SET orgPath = ? || substr(orgPath, ?) WHERE substr(orgPath, 1, ?) = ?").execute(arguments: [move.newPath, n + 1, n, move.oldPath])
    }

    /// A member created/updated/moved/removed. An update may have changed the phone: forget ours.
    public static func upsertMember(_ db: Database, _ m: MemberEvent, forgetPhone: Bool, now: Date) throws {
        try db.cachedStatement(sql: """
            INSERT INTO contact (memberId, name, orgCode, orgPath, status, hasPhone, phoneFetchedAt, updatedAt, post)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(memberId) DO UPDATE SET name = excluded.name, orgCode = excluded.orgCode, orgPath = excluded.orgPath,
                status = excluded.status, hasPhone = excluded.hasPhone, updatedAt = excluded.updatedAt, post = excluded.post
            """).execute(arguments: [m.memberId, m.name, m.orgCode, m.orgPath, m.status.rawValue, m.hasPhone,
                             m.hasPhone ? nil : now, now, m.post.rawValue])
        if forgetPhone || !m.hasPhone {
            try db.cachedStatement(sql: "UPDATE contact SET phone = NULL, phoneFetchedAt = ? WHERE memberId = ?").execute(arguments: [m.hasPhone ? nil : now, m.memberId])
        }
    }

    public static func bindWeChat(_ db: Database, memberId: String, openid: String, now: Date) throws {
        // An openid belongs to one member: a rebind elsewhere takes it away from the other.
        try db.cachedStatement(sql: "UPDATE contact SET openid = NULL WHERE openid = ? AND memberId != ?").execute(arguments: [openid, memberId])
        try db.cachedStatement(sql: """
            INSERT INTO contact (memberId, openid, updatedAt) VALUES (?, ?, ?)
            ON CONFLICT(memberId) DO UPDATE SET openid = excluded.openid, updatedAt = excluded.updatedAt
            """).execute(arguments: [memberId, openid, now])
    }

    public static func unbindWeChat(_ db: Database, memberId: String, openid: String, now: Date) throws {
        try db.cachedStatement(sql: "UPDATE contact SET openid = NULL, updatedAt = ? WHERE memberId = ? AND openid = ?").execute(arguments: [now, memberId, openid])
    }

    /// Stores what identity answered; members it did not answer for are known to have no phone.
    public static func storeContacts(_ db: Database, asked: [String], _ contacts: [MemberContact], now: Date) throws {
        var answered = Set<String>()
        for c in contacts {
            answered.insert(c.memberId)
            try db.cachedStatement(sql: """
                INSERT INTO contact (memberId, phone, phoneFetchedAt, openid, updatedAt) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT(memberId) DO UPDATE SET phone = excluded.phone, phoneFetchedAt = excluded.phoneFetchedAt,
                    openid = coalesce(contact.openid, excluded.openid), updatedAt = excluded.updatedAt
                """).execute(arguments: [c.memberId, c.phone, now, c.openid, now])
        }
        for id in asked where !answered.contains(id) {
            try db.cachedStatement(sql: """
                INSERT INTO contact (memberId, phoneFetchedAt, updatedAt) VALUES (?, ?, ?)
                ON CONFLICT(memberId) DO UPDATE SET phone = NULL, phoneFetchedAt = excluded.phoneFetchedAt
                """).execute(arguments: [id, now, now])
        }
    }

    /// The organization as the authority rules see it, dissolved ones included. This copy keeps no
    /// type: level-bound acts (branch-only, committee-only) are not decided here.
    static func org(_ db: Database, code: String) throws -> Authority.Org? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT path, dissolved FROM org WHERE code = ?"), arguments: [code]).map {
            Authority.Org(code: code, path: $0["path"], type: nil, dissolved: $0["dissolved"])
        }
    }

    /// The organization an administrator actor administers, as this copy holds it (nil for others).
    static func actorOrg(_ db: Database, _ actor: Actor) throws -> Authority.Org? {
        guard actor.kind == .admin, let code = actor.orgCode else { return nil }
        return try org(db, code: code)
    }
}

/// Asks identity for members' phones and openids (`identity.member.contacts`); the executable
/// implements it over the bus.
public protocol ContactDirectory: Sendable {
    func contacts(memberIds: [String]) async throws -> [MemberContact]
}
