import Authority
import Foundation
import GRDB
import Schema
import Store

/// Meetings' copy of an organization.
struct OrgRow: Sendable, Equatable {
    var code: String
    var name: String
    var type: OrganizationType
    var path: String
    var isVillage: Bool
    var dissolved: Bool

    init(row: Row) {
        code = row["code"]; name = row["name"]
        type = OrganizationType(rawValue: row["type"]) ?? .branch
        path = row["path"]; isVillage = row["isVillage"]; dissolved = row["dissolved"]
    }

    static func fetch(_ db: Database, _ code: String) throws -> OrgRow? {
        try Row.fetchOne(try db.cachedStatement(sql: "SELECT * FROM org WHERE code = ?"), arguments: [code]).map(OrgRow.init)
    }

    var authority: Authority.Org { Authority.Org(code: code, path: path, type: type, dissolved: dissolved) }
}

/// Meetings' copy of a member (no ID numbers or phones: those stay in identity).
struct MemberRow: Sendable, Equatable {
    var id: String
    var name: String
    var orgCode: String
    var orgPath: String
    var memberType: MemberType
    var status: MemberStatus

    init(row: Row) {
        id = row["id"]; name = row["name"]; orgCode = row["orgCode"]; orgPath = row["orgPath"]
        memberType = MemberType(rawValue: row["memberType"]) ?? .full
        status = MemberStatus(rawValue: row["status"]) ?? .active
    }

    static func fetch(_ db: Database, _ id: String) throws -> MemberRow? {
        try Row.fetchOne(try db.cachedStatement(sql: "SELECT * FROM member WHERE id = ?"), arguments: [id]).map(MemberRow.init)
    }
}

/// Meetings' copy of the tree and members, kept from identity's events (see `DirectoryCopying`).
public enum DirectoryCopy: DirectoryCopying {
    public static func upsert(_ db: Database, _ org: OrganizationEvent) throws {
        try db.cachedStatement(sql: """
            INSERT INTO org (code, name, type, parentCode, path, isVillage, dissolved) VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(code) DO UPDATE SET name = excluded.name, type = excluded.type, parentCode = excluded.parentCode,
                path = excluded.path, isVillage = excluded.isVillage, dissolved = excluded.dissolved
            """).execute(arguments: [org.code, org.name, org.type.rawValue, org.parentCode, org.path, org.isVillage, org.dissolved])
    }

    public static func upsert(_ db: Database, _ m: MemberEvent) throws {
        try db.cachedStatement(sql: """
            INSERT INTO member (id, name, orgCode, orgPath, memberType, post, status) VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(id) DO UPDATE SET name = excluded.name, orgCode = excluded.orgCode, orgPath = excluded.orgPath,
                memberType = excluded.memberType, post = excluded.post, status = excluded.status
            """).execute(arguments: [m.memberId, m.name, m.orgCode, m.orgPath, m.memberType.rawValue, m.post.rawValue, m.status.rawValue])
    }

    /// Members, meetings, the compliance months, 三务公开 and 党员关爱, so scopes keep finding them.
    public static let pathColumns = [(table: "member", column: "orgPath"), (table: "meeting", column: "orgPath"),
                                     (table: "held_month", column: "orgPath"), (table: "affairs_post", column: "orgPath"),
                                     (table: "care_record", column: "orgPath"), (table: "care_request", column: "orgPath")]
}
