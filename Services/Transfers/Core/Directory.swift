import Authority
import Foundation
import GRDB
import Schema
import Store

/// Transfers' copy of an organization.
public struct OrgRow: Sendable, Equatable {
    public var code: String
    public var name: String
    public var type: OrganizationType
    public var parentCode: String?
    public var path: String
    public var unit: String
    public var dissolved: Bool

    public init(code: String, name: String, type: OrganizationType, parentCode: String?, path: String, unit: String = "",
                dissolved: Bool = false) {
        self.code = code; self.name = name; self.type = type; self.parentCode = parentCode; self.path = path
        self.unit = unit; self.dissolved = dissolved
    }

    init(row: Row) {
        code = row["code"]; name = row["name"]
        type = OrganizationType(rawValue: row["type"]) ?? .branch
        parentCode = row["parentCode"]; path = row["path"]; unit = row["unit"]; dissolved = row["dissolved"]
    }

    static func fetch(_ db: Database, _ code: String) throws -> OrgRow? {
        try Row.fetchOne(try db.cachedStatement(sql: "SELECT * FROM org WHERE code = ?"), arguments: [code]).map(OrgRow.init)
    }

    /// Ancestor codes, nearest first (from the path "/001/001002/001002003/").
    var ancestorCodes: [String] {
        path.split(separator: "/").map(String.init).filter { $0 != code }.reversed()
    }

    /// The ancestors as the copy holds them, nearest first.
    func ancestors(_ db: Database) throws -> [OrgRow] {
        try ancestorCodes.compactMap { try OrgRow.fetch(db, $0) }
    }

    var authority: Authority.Org { Authority.Org(code: code, path: path, type: type, dissolved: dissolved) }
    var isActiveBranch: Bool { type == .branch && !dissolved }
}

/// Transfers' copy of a member (no ID numbers or phones: those stay in identity).
public struct MemberRow: Sendable, Equatable {
    public var id: String
    public var name: String
    public var orgCode: String
    public var orgPath: String
    public var memberType: MemberType
    public var post: MemberPost
    public var status: MemberStatus

    init(row: Row) {
        id = row["id"]; name = row["name"]; orgCode = row["orgCode"]; orgPath = row["orgPath"]
        memberType = MemberType(rawValue: row["memberType"]) ?? .full
        post = MemberPost(rawValue: row["post"]) ?? .member
        status = MemberStatus(rawValue: row["status"]) ?? .active
    }

    static func fetch(_ db: Database, _ id: String) throws -> MemberRow? {
        try Row.fetchOne(try db.cachedStatement(sql: "SELECT * FROM member WHERE id = ?"), arguments: [id]).map(MemberRow.init)
    }

    var membership: Authority.Membership { Authority.Membership(memberId: id, orgCode: orgCode, post: post, status: status) }
}

/// Transfers' copy of the tree and members, kept from identity's events (see `DirectoryCopying`).
public enum DirectoryCopy: DirectoryCopying {
    public static func upsert(_ db: Database, _ org: OrganizationEvent) throws {
        try db.cachedStatement(sql: """
            INSERT INTO org (code, name, type, parentCode, path, unit, dissolved) VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(code) DO UPDATE SET name = excluded.name, type = excluded.type, parentCode = excluded.parentCode,
                path = excluded.path, unit = excluded.unit, dissolved = excluded.dissolved
            """).execute(arguments: [org.code, org.name, org.type.rawValue, org.parentCode, org.path, org.unit, org.dissolved])
    }

    public static func upsert(_ db: Database, _ m: MemberEvent) throws {
        try db.cachedStatement(sql: """
            INSERT INTO member (id, name, orgCode, orgPath, memberType, post, status, unit) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(id) DO UPDATE SET name = excluded.name, orgCode = excluded.orgCode, orgPath = excluded.orgPath,
                memberType = excluded.memberType, post = excluded.post, status = excluded.status, unit = excluded.unit
            """).execute(arguments: [m.memberId, m.name, m.orgCode, m.orgPath, m.memberType.rawValue, m.post.rawValue, m.status.rawValue, m.unit])
    }

    /// Members, and open and past transfers on both ends, so scopes keep finding them.
    public static let pathColumns = [(table: "member", column: "orgPath"), (table: "transfer", column: "fromOrgPath"),
                                     (table: "transfer", column: "toOrgPath")]
}
