import Foundation
import GRDB
import Schema
import Store

/// Dues's copy of an organization.
public struct OrgRow: Sendable, Equatable {
    public var code: String
    public var name: String
    public var type: OrganizationType
    public var parentCode: String?
    public var path: String
    public var dissolved: Bool

    init(row: Row) {
        code = row["code"]; name = row["name"]
        type = OrganizationType(rawValue: row["type"]) ?? .branch
        parentCode = row["parentCode"]; path = row["path"]; dissolved = row["dissolved"]
    }

    static func fetch(_ db: Database, _ code: String) throws -> OrgRow? {
        try Row.fetchOne(try db.cachedStatement(sql: "SELECT * FROM org WHERE code = ?"), arguments: [code]).map(OrgRow.init)
    }

    /// Ancestor codes, nearest first (from the path "/001/001002/001002003/").
    var ancestorCodes: [String] {
        path.split(separator: "/").map(String.init).filter { $0 != code }.reversed()
    }
}

/// Dues's copy of a member.
public struct MemberRow: Sendable, Equatable {
    public var id: String
    public var name: String
    public var orgCode: String
    public var orgPath: String
    public var post: MemberPost
    public var status: MemberStatus

    init(row: Row) {
        id = row["id"]; name = row["name"]; orgCode = row["orgCode"]; orgPath = row["orgPath"]
        post = MemberPost(rawValue: row["post"]) ?? .member
        status = MemberStatus(rawValue: row["status"]) ?? .active
    }

    static func fetch(_ db: Database, _ id: String) throws -> MemberRow? {
        try Row.fetchOne(try db.cachedStatement(sql: "SELECT * FROM member WHERE id = ?"), arguments: [id]).map(MemberRow.init)
    }

    static func require(_ db: Database, _ id: String, field: String = "body.memberId") throws -> MemberRow {
        guard let m = try fetch(db, id) else {
            throw ErrorBody.make(ErrorCode.duesMemberNotFound, details: ["field": field, "memberId": id])
        }
        return m
    }
}

/// Applies identity's events to dues's copy of the tree and the members (never reading identity's
/// database). Runs inside the consumer's transaction: each event applies exactly once, in order.
public enum DirectoryCopy {
    public static let sources = ["identity"]

    public static func apply(_ db: Database, event: Envelope<JSONValue>, settings: DuesSettings) throws {
        guard let body = event.body else { return }
        switch event.type {
        case IdentityEvent.orgCreated, IdentityEvent.orgUpdated, IdentityEvent.orgDissolved:
            let org = try body.decode(as: OrganizationEvent.self, at: ["body"])
            try upsert(db, org)
        case IdentityEvent.orgMoved:
            let move = try body.decode(as: OrganizationMovedEvent.self, at: ["body"])
            try moveSubtree(db, move)
        case IdentityEvent.memberCreated, IdentityEvent.memberUpdated:
            let member = try body.decode(as: MemberEvent.self, at: ["body"])
            try upsert(db, member)
            if member.status == .active, let before = member.previousStatus, before != .active {
                try memberReinstated(db, member)
            }
        case IdentityEvent.memberMoved:
            let member = try body.decode(as: MemberEvent.self, at: ["body"])
            try memberMoved(db, member, at: event.sentAt, settings: settings)
        case IdentityEvent.memberRemoved:
            let member = try body.decode(as: MemberEvent.self, at: ["body"])
            try memberRemoved(db, member, at: event.sentAt, settings: settings)
        default:
            return
        }
    }

    public static func upsert(_ db: Database, _ org: OrganizationEvent) throws {
        try db.cachedStatement(sql: """
            INSERT INTO org (code, name, type, parentCode, path, dissolved) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT(code) DO UPDATE SET name = excluded.name, type = excluded.type, parentCode = excluded.parentCode,
                path = excluded.path, dissolved = excluded.dissolved
            """).execute(arguments: [org.code, org.name, org.type.rawValue, org.parentCode, org.path, org.dissolved])
    }

    public static func upsert(_ db: Database, _ m: MemberEvent) throws {
        try db.cachedStatement(sql: """
            INSERT INTO member (id, name, orgCode, orgPath, memberType, post, status) VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(id) DO UPDATE SET name = excluded.name, orgCode = excluded.orgCode, orgPath = excluded.orgPath,
                memberType = excluded.memberType, post = excluded.post, status = excluded.status
            """).execute(arguments: [m.memberId, m.name, m.orgCode, m.orgPath, m.memberType.rawValue, m.post.rawValue, m.status.rawValue])
    }

    /// Rewrites every stored path under `oldPath` (the tree, members and standards).
    static func moveSubtree(_ db: Database, _ move: OrganizationMovedEvent) throws {
        try DirectoryPaths.moveSubtree(db, move, columns: [(table: "member", column: "orgPath"), (table: "standard", column: "orgPath")])
    }

    /// 划拨 to another branch: the old branch keeps its history (paid months, and months before the
    /// move); the new branch owes from the move's month on — unpaid months from then move over.
    static func memberMoved(_ db: Database, _ m: MemberEvent, at date: Date, settings: DuesSettings) throws {
        try upsert(db, m)
        let from = PayingCalendar(settings: settings).month(of: date)
        try db.cachedStatement(sql: """
            UPDATE standard SET orgCode = ?, orgPath = ?,
                submitted = COALESCE((SELECT status = 'submitted' FROM branch_month b WHERE b.orgCode = ? AND b.month = standard.month), 0)
            WHERE memberId = ? AND month >= ? AND settled != 1 AND lockPaymentId IS NULL AND orgCode != ?
            """).execute(arguments: [m.orgCode, m.orgPath, m.orgCode, m.memberId, from.key, m.orgCode])
    }

    /// Back to active (a transfer out revoked, a removal undone): the member owes again every month
    /// their branch has opened since their last standard, carried from that standard as opening a
    /// month would have (the months removal dropped; later months carry as usual).
    static func memberReinstated(_ db: Database, _ m: MemberEvent) throws {
        try db.cachedStatement(sql: """
            INSERT OR IGNORE INTO standard (memberId, month, orgCode, orgPath, kind, baseFen, rateBp, amountFen, approval, note,
                                            submitted, settled, arrears)
            SELECT ?1, b.month, ?2, ?3, p.kind, p.baseFen, p.rateBp, p.amountFen, p.approval, p.note,
                   b.status = 'submitted', CASE WHEN p.amountFen = 0 THEN 2 ELSE 0 END, 0
            FROM branch_month b
            JOIN standard p ON p.memberId = ?1 AND p.month = (SELECT max(q.month) FROM standard q WHERE q.memberId = ?1)
            WHERE b.orgCode = ?2 AND b.month > p.month
            """).execute(arguments: [m.memberId, m.orgCode, m.orgPath])
    }

    /// Left active status (transferred out, deceased, removed): months after the one it happened in are no longer owed.
    static func memberRemoved(_ db: Database, _ m: MemberEvent, at date: Date, settings: DuesSettings) throws {
        try upsert(db, m)
        let last = PayingCalendar(settings: settings).month(of: date)
        try db.cachedStatement(sql: "DELETE FROM standard WHERE memberId = ? AND month > ? AND settled != 1 AND lockPaymentId IS NULL").execute(arguments: [m.memberId, last.key])
    }
}
