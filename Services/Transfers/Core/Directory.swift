import Authority
import Foundation
import GRDB
import Schema

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

/// Applies identity's events to transfers' copy of the tree and the members (never reading identity's
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
            INSERT INTO org (code, name, type, parentCode, path, unit, dissolved) VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(code) DO UPDATE SET name = excluded.name, type = excluded.type, parentCode = excluded.parentCode,
                path = excluded.path, unit = excluded.unit, dissolved = excluded.dissolved
            """, arguments: [org.code, org.name, org.type.rawValue, org.parentCode, org.path, org.unit, org.dissolved])
    }

    public static func upsert(_ db: Database, _ m: MemberEvent) throws {
        try db.execute(sql: """
            INSERT INTO member (id, name, orgCode, orgPath, memberType, post, status, unit) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(id) DO UPDATE SET name = excluded.name, orgCode = excluded.orgCode, orgPath = excluded.orgPath,
                memberType = excluded.memberType, post = excluded.post, status = excluded.status, unit = excluded.unit
            """, arguments: [m.memberId, m.name, m.orgCode, m.orgPath, m.memberType.rawValue, m.post.rawValue, m.status.rawValue, m.unit])
    }

    /// Rewrites every stored path under `oldPath` to start with `newPath` (the tree, members, and open
    /// and past transfers, so scopes keep finding them).
    static func moveSubtree(_ db: Database, _ move: OrganizationMovedEvent) throws {
        let (low, high) = PathRange.bounds(move.oldPath)
        let cut = move.oldPath.count + 1
        for (table, column) in [("org", "path"), ("member", "orgPath"), ("transfer", "fromOrgPath"), ("transfer", "toOrgPath")] {
            try db.execute(sql: "UPDATE \(table) SET \(column) = ? || substr(\(column), ?) WHERE \(column) >= ? AND \(column) < ?",
                           arguments: [move.newPath, cut, low, high])
        }
        try db.execute(sql: "UPDATE org SET parentCode = ? WHERE code = ?", arguments: [move.newParentCode, move.code])
    }
}

/// Subtree queries by path prefix as an index range: every path starting with "/001/002/" lies in
/// ["/001/002/", "/001/0020") because '0' follows '/'.
public enum PathRange {
    public static func bounds(_ prefix: String) -> (String, String) {
        guard prefix.hasSuffix("/") else { return (prefix, prefix + "\u{10FFFF}") }
        return (prefix, String(prefix.dropLast()) + "0")
    }
}
