import GRDB
import Schema

/// 转接记录查询's index: one row per transfer and per scope that sees it — "/" (the whole
/// installation) and every organization path at or above either end — with the transfer's side
/// relative to that scope: out (only the sending end inside it), in (only the receiving end), within
/// (both). A committee's first page is then a walk down one index in date order that stops after a
/// page, and its count reads index entries only, however large the city. Rewritten with the
/// transfer's row (insert and save), so it is never out of step.
public enum TransferScope {
    static func write(_ db: Database, _ t: TransferRecord) throws {
        try db.cachedStatement(sql: "DELETE FROM transfer_scope WHERE transferId = ?").execute(arguments: [t.id])
        let from = Set(prefixes(t.fromOrgPath)), to = Set(prefixes(t.toOrgPath))
        let insert = try db.cachedStatement(sql: """
            INSERT INTO transfer_scope (scopePath, transferId, side, kind, status, createdAt) VALUES (?, ?, ?, ?, ?, ?)
            """)
        for scope in from.union(to) {
            let side = from.contains(scope) ? (to.contains(scope) ? "within" : "out") : "in"
            try insert.execute(arguments: [scope, t.id, side, t.kind.rawValue, t.status.rawValue, t.createdAt.timeIntervalSince1970])
        }
    }

    /// "/001/001002/" → ["/", "/001/", "/001/001002/"]; nothing for an end outside the installation.
    static func prefixes(_ path: String?) -> [String] {
        guard let path, path.hasPrefix("/") else { return [] }
        var result = ["/"], current = "/"
        for part in path.split(separator: "/") {
            current += part + "/"
            result.append(current)
        }
        return result
    }

    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE transfer_scope (
                scopePath TEXT NOT NULL,
                transferId TEXT NOT NULL,
                side TEXT NOT NULL,                 -- out | in | within
                kind TEXT NOT NULL,
                status TEXT NOT NULL,
                createdAt REAL NOT NULL,
                PRIMARY KEY (scopePath, transferId)
            ) WITHOUT ROWID;
            CREATE INDEX transfer_scope_list ON transfer_scope(scopePath, createdAt, transferId, side, kind, status);
            CREATE INDEX transfer_scope_transfer ON transfer_scope(transferId);
            """)
        try rebuild(db)
    }

    /// Rewrites every transfer's rows from the `transfer` table (the migration; rows written by hand).
    public static func rebuild(_ db: Database) throws {
        for row in try Row.fetchAll(db, sql: "SELECT \(TransferRecord.columns) FROM transfer") {
            try write(db, try TransferRecord(row: row))
        }
    }
}
