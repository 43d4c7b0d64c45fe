import Foundation
import GRDB
import Schema

/// An account row joined with its member (if any), as the authentication part reads it.
struct AccountRecord: Sendable {
    var id: String
    var kind: String
    var memberId: String?
    var username: String?
    var accountOrgCode: String?
    var roles: [String]
    var passwordHash: String
    var mustChangePassword: Bool
    var failedAttempts: Int
    var lockedUntil: Date?
    /// Administrators: set while the account is disabled.
    var disabledAt: Date?
    /// The phone SMS codes go to: the member's phone, or the administrator account's mobile.
    var phone: String?
    // Member fields (nil for administrators).
    var idNumber: String?
    var name: String?
    var status: String?
    var post: String?
    var memberOrgCode: String?

    var isMember: Bool { kind == "member" }
    var isActive: Bool { isMember ? status == "active" : disabledAt == nil }
    /// The organization the account belongs to: the member's branch or the admin's organization.
    var orgCode: String? { isMember ? memberOrgCode : accountOrgCode }

    static let select = """
        SELECT a.id, a.kind, a.memberId, a.username, a.orgCode, a.roles, a.passwordHash,
               a.mustChangePassword, a.failedAttempts, a.lockedUntil, a.disabledAt,
               m.idNumber, COALESCE(m.phone, a.mobile) AS phone, m.name, m.status, m.post, m.orgCode AS memberOrgCode
        FROM account a LEFT JOIN member m ON m.id = a.memberId
        """

    init(row: Row) {
        id = row["id"]
        kind = row["kind"]
        memberId = row["memberId"]
        username = row["username"]
        accountOrgCode = row["orgCode"]
        let rolesJSON: String = row["roles"] ?? "[]"
        roles = (try? JSONDecoder().decode([String].self, from: Data(rolesJSON.utf8))) ?? []
        passwordHash = row["passwordHash"]
        mustChangePassword = row["mustChangePassword"] ?? true
        failedAttempts = row["failedAttempts"] ?? 0
        lockedUntil = (row["lockedUntil"] as Double?).map { Date(timeIntervalSince1970: $0) }
        disabledAt = (row["disabledAt"] as Double?).map { Date(timeIntervalSince1970: $0) }
        idNumber = row["idNumber"]
        phone = row["phone"]
        name = row["name"]
        status = row["status"]
        post = row["post"]
        memberOrgCode = row["memberOrgCode"]
    }

    static func fetch(_ db: Database, id: String) throws -> AccountRecord? {
        try Row.fetchOne(db, sql: select + " WHERE a.id = ?", arguments: [id]).map(AccountRecord.init(row:))
    }

    static func fetch(_ db: Database, memberId: String) throws -> AccountRecord? {
        try Row.fetchOne(db, sql: select + " WHERE a.memberId = ?", arguments: [memberId]).map(AccountRecord.init(row:))
    }

    /// The account an actor stands for: a member's account, or an administrator's.
    static func fetch(_ db: Database, actor: Schema.Actor) throws -> AccountRecord? {
        switch actor.kind {
        case .member: return try fetch(db, memberId: actor.id)
        case .admin:
            return try Row.fetchOne(db, sql: select + " WHERE a.id = ? AND a.kind = 'admin'", arguments: [actor.id])
                .map(AccountRecord.init(row:))
        default: return nil
        }
    }

    /// By ID number (upper-case X), then phone (members), then username (administrators, any case).
    static func find(_ db: Database, identifier raw: String) throws -> AccountRecord? {
        let identifier = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !identifier.isEmpty else { return nil }
        if let row = try Row.fetchOne(db, sql: select + " WHERE m.idNumber = ? AND a.kind = 'member'",
                                      arguments: [identifier.uppercased()]) {
            return AccountRecord(row: row)
        }
        if let row = try Row.fetchOne(db, sql: select + " WHERE m.phone = ? AND a.kind = 'member'", arguments: [identifier]) {
            return AccountRecord(row: row)
        }
        return try Row.fetchOne(db, sql: select + " WHERE a.username = ? AND a.kind = 'admin'", arguments: [identifier])
            .map(AccountRecord.init(row:))
    }
}
