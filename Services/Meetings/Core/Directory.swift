import Authority
import Foundation
import GRDB
import Schema

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

/// Applies identity's events to meetings' copy of the tree and the members (never reading identity's
/// database). Runs inside the consumer's transaction: each event applies exactly once, in order.
public enum DirectoryCopy {
    public static let sources = ["identity"]

    public static func apply(_ db: Database, event: Envelope<JSONValue>) throws {
        guard let body = event.body else { return }
        switch event.type {
        case IdentityEvent.orgCreated, IdentityEvent.orgUpdated, IdentityEvent.orgDissolved:
            try upsert(db, try body.decode(as: OrganizationEvent.self, at: ["body"]))
        case IdentityEvent.orgMoved:
            try moveSubtree(db, try body.decode(as: OrganizationMovedEvent.self, at: ["body"]))
        case IdentityEvent.memberCreated, IdentityEvent.memberUpdated, IdentityEvent.memberMoved, IdentityEvent.memberRemoved:
            try upsert(db, try body.decode(as: MemberEvent.self, at: ["body"]))
        default:
            return
        }
    }

    public static func upsert(_ db: Database, _ org: OrganizationEvent) throws {
        try db.execute(sql: """
            INSERT INTO org (code, name, type, parentCode, path, isVillage, dissolved) VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(code) DO UPDATE SET name = excluded.name, type = excluded.type, parentCode = excluded.parentCode,
                path = excluded.path, isVillage = excluded.isVillage, dissolved = excluded.dissolved
            """, arguments: [org.code, org.name, org.type.rawValue, org.parentCode, org.path, org.isVillage, org.dissolved])
    }

    public static func upsert(_ db: Database, _ m: MemberEvent) throws {
        try db.execute(sql: """
            INSERT INTO member (id, name, orgCode, orgPath, memberType, post, status) VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(id) DO UPDATE SET name = excluded.name, orgCode = excluded.orgCode, orgPath = excluded.orgPath,
                memberType = excluded.memberType, post = excluded.post, status = excluded.status
            """, arguments: [m.memberId, m.name, m.orgCode, m.orgPath, m.memberType.rawValue, m.post.rawValue, m.status.rawValue])
    }

    /// Rewrites every stored path under `oldPath` to start with `newPath` (the tree, members and
    /// meetings, so scopes keep finding them).
    static func moveSubtree(_ db: Database, _ move: OrganizationMovedEvent) throws {
        let (low, high) = PathRange.bounds(move.oldPath)
        let cut = move.oldPath.count + 1
        for (table, column) in [("org", "path"), ("member", "orgPath"), ("meeting", "orgPath"), ("held_month", "orgPath"), ("affairs_post", "orgPath"), ("care_record", "orgPath"),
                                 ("care_request", "orgPath")] {
            try db.execute(sql: "UPDATE \(table) SET \(column) = ? || substr(\(column), ?) WHERE \(column) >= ? AND \(column) < ?",
                           arguments: [move.newPath, cut, low, high])
        }
        try db.execute(sql: "UPDATE org SET parentCode = ? WHERE code = ?", arguments: [move.newParentCode, move.code])
    }
}

/// Subtree queries by path prefix as an index range: every path starting with "/001/002/" lies in
/// ["/001/002/", "/001/0020") because '0' follows '/'.
enum PathRange {
    static func bounds(_ prefix: String) -> (String, String) {
        guard prefix.hasSuffix("/") else { return (prefix, prefix + "\u{10FFFF}") }
        return (prefix, String(prefix.dropLast()) + "0")
    }
}
