import GRDB
import Schema

/// A service's own copy of identity's tree and members, kept from identity's events (never reading
/// identity's database). The service says how a row is written and which columns hold paths; the
/// events are read here. Runs inside the consumer's transaction: each event applies once, in order.
public protocol DirectoryCopying {
    static func upsert(_ db: Database, _ org: OrganizationEvent) throws
    static func upsert(_ db: Database, _ member: MemberEvent) throws
    /// Every (table, column) holding a materialized path: rewritten when a subtree moves. The `org`
    /// table's `path` and `parentCode` are always rewritten.
    static var pathColumns: [(table: String, column: String)] { get }
}

extension DirectoryCopying {
    public static var sources: [String] { ["identity"] }

    public static func apply(_ db: Database, event: Envelope<JSONValue>) throws {
        guard let body = event.body else { return }
        switch event.type {
        case IdentityEvent.orgCreated, IdentityEvent.orgUpdated, IdentityEvent.orgDissolved:
            try upsert(db, try body.decode(as: OrganizationEvent.self, at: ["body"]))
        case IdentityEvent.orgMoved:
            try DirectoryPaths.moveSubtree(db, try body.decode(as: OrganizationMovedEvent.self, at: ["body"]), columns: pathColumns)
        case IdentityEvent.memberCreated, IdentityEvent.memberUpdated, IdentityEvent.memberMoved, IdentityEvent.memberRemoved:
            try upsert(db, try body.decode(as: MemberEvent.self, at: ["body"]))
        default:
            return
        }
    }
}

public enum DirectoryPaths {
    /// Rewrites every stored path under `oldPath` to start with `newPath` in `org.path` and `columns`,
    /// and the moved organization's parent, so scopes keep finding what was under it.
    public static func moveSubtree(_ db: Database, _ move: OrganizationMovedEvent, columns: [(table: String, column: String)]) throws {
        let (low, high) = PathRange.bounds(move.oldPath)
        let cut = move.oldPath.count + 1
        for (table, column) in [("org", "path")] + columns {
            try db.execute(sql: "UPDATE \(table) SET \(column) = ? || substr(\(column), ?) WHERE \(column) >= ? AND \(column) < ?",
                           arguments: [move.newPath, cut, low, high])
        }
        try db.execute(sql: "UPDATE org SET parentCode = ? WHERE code = ?", arguments: [move.newParentCode, move.code])
    }
}
