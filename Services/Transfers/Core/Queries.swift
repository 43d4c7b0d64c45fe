import Authority
import Foundation
import GRDB
import Schema
import Store

/// Reading transfers: one, a member's own, 转接记录查询 and 待办, and where a transfer may go.
public enum Queries {
    public static func get(_ db: Database, _ r: TransferRef, by actor: Actor) throws -> TransferView {
        try Views.view(db, try Access.require(db, actor, r.transferId))
    }

    public static func mine(_ db: Database, by actor: Actor) throws -> TransferList {
        guard actor.kind == .member else { throw Access.forbidden() }
        let rows = try Row.fetchAll(db, sql: "SELECT \(TransferRecord.columns) FROM transfer WHERE memberId = ? ORDER BY createdAt DESC LIMIT 100",
                                    arguments: [actor.id])
        return TransferList(items: try rows.map { try Views.view(db, try TransferRecord(row: $0)) })
    }

    /// 转接记录查询: transfers with either end in the administrator's subtree. Direction is relative
    /// to that subtree: in (转入: only the receiving end in it), out (转出: only the sending end),
    /// within (内部: both). Newest first.
    public static func list(_ db: Database, _ q: TransferListQuery, by actor: Actor) throws -> TransferPage {
        guard let scope = try Access.administeredPath(db, actor) else { throw Access.forbidden() }
        func invalid(_ field: String) -> ErrorBody { ErrorBody.make(ErrorCode.transfersQueryInvalid, details: ["field": "body.\(field)"]) }
        // Every filter but the member's name and 待办 is in transfer_scope's index (TransferScope).
        var conditions = ["s.scopePath = ?"]
        var arguments: [any DatabaseValueConvertible] = [scope]
        switch q.direction ?? "all" {
        case "all": break
        case "in", "out", "within": conditions.append("s.side = ?"); arguments.append(q.direction!)
        default: throw invalid("direction")
        }
        if let kind = q.kind { conditions.append("s.kind = ?"); arguments.append(kind.rawValue) }
        if let status = q.status { conditions.append("s.status = ?"); arguments.append(status.rawValue) }
        if q.waitingForMe == true {
            guard let mine = actor.orgCode else { throw invalid("waitingForMe") }
            conditions.append("t.waitingOrgCode = ?"); arguments.append(mine)
        }
        if let from = Checks.nonEmpty(q.from) {
            guard let day = ApplicantCheck.day(from) else { throw invalid("from") }
            conditions.append("s.createdAt >= ?"); arguments.append(day.timeIntervalSince1970)
        }
        if let to = Checks.nonEmpty(q.to) {
            guard let day = ApplicantCheck.day(to) else { throw invalid("to") }
            conditions.append("s.createdAt < ?"); arguments.append(day.timeIntervalSince1970 + 86400)
        }
        if let name = Checks.nonEmpty(q.name) { conditions.append("instr(t.memberName, ?) > 0"); arguments.append(name) }
        let offset = max(0, q.offset ?? 0), limit = min(max(1, q.limit ?? 20), 200)
        guard (q.offset ?? 0) >= 0 else { throw invalid("offset") }
        let filter = conditions.joined(separator: " AND ")
        // The table is joined only when a filter needs it (the name, 待办).
        let needsTransfer = q.waitingForMe == true || Checks.nonEmpty(q.name) != nil
        let total = try Int.fetchOne(db, sql: """
            SELECT COUNT(*) FROM transfer_scope s \(needsTransfer ? "JOIN transfer t ON t.id = s.transferId" : "") WHERE \(filter)
            """, arguments: StatementArguments(arguments)) ?? 0
        let rows = try Row.fetchAll(db, sql: """
            SELECT t.id, t.kind, t.status, t.memberId, t.memberName, t.fromOrgName, t.toOrgName, t.toOrgTitle, t.waitingAction,
                   t.waitingOrgCode, t.createdAt, t.updatedAt, o.name AS waitingOrgName, r.state AS receiptState,
                   (SELECT l.number FROM letter l WHERE l.transferId = t.id AND l.state != 'voided' ORDER BY l.seq DESC LIMIT 1) AS letterNumber
            FROM transfer_scope s JOIN transfer t ON t.id = s.transferId
                LEFT JOIN org o ON o.code = t.waitingOrgCode LEFT JOIN receipt r ON r.transferId = t.id
            WHERE \(filter) ORDER BY s.createdAt DESC, s.transferId DESC LIMIT ? OFFSET ?
            """, arguments: StatementArguments(arguments + [limit, offset]))
        let items = rows.map { row in
            TransferSummary(
                transferId: row["id"], kind: TransferKind(rawValue: row["kind"]) ?? .withinCity,
                status: TransferStatus(rawValue: row["status"]) ?? .pending, memberId: row["memberId"], memberName: row["memberName"],
                fromOrgName: row["fromOrgName"], toOrgName: (row["toOrgTitle"] as String?) ?? row["toOrgName"],
                waitingAction: (row["waitingAction"] as String?).flatMap(StepAction.init(rawValue:)), waitingOrgCode: row["waitingOrgCode"],
                waitingOrgName: row["waitingOrgName"], letterNumber: row["letterNumber"],
                receiptState: (row["receiptState"] as String?).flatMap(LetterReceiptState.init(rawValue:)),
                createdAt: Date(timeIntervalSince1970: row["createdAt"]), updatedAt: Date(timeIntervalSince1970: row["updatedAt"]))
        }
        return TransferPage(items: items, total: total, offset: offset, limit: limit)
    }

    /// Fuzzy suggestions from the copy of the tree: active branches (or committees) whose name or unit
    /// holds the query, optionally only under one committee.
    public static func targets(_ db: Database, _ s: TargetSearch) throws -> TargetSuggestions {
        func invalid(_ field: String) -> ErrorBody { ErrorBody.make(ErrorCode.transfersQueryInvalid, details: ["field": "body.\(field)"]) }
        guard let q = Checks.nonEmpty(s.q), q.count <= 50 else { throw invalid("q") }
        let types: [String]
        switch s.type ?? "branch" {
        case "branch": types = [OrganizationType.branch.rawValue]
        case "committee": types = [OrganizationType.committee.rawValue, OrganizationType.workingCommittee.rawValue]
        default: throw invalid("type")
        }
        var sql = "SELECT code, name, unit, path FROM org WHERE dissolved = 0 AND type IN (\(types.map { _ in "?" }.joined(separator: ",")))"
            + " AND (instr(name, ?) > 0 OR instr(unit, ?) > 0)"
        var arguments: [any DatabaseValueConvertible] = types + [q, q]
        if let committee = Checks.nonEmpty(s.committeeCode) {
            guard let c = try OrgRow.fetch(db, committee), !c.dissolved else { throw invalid("committeeCode") }
            let (low, high) = PathRange.bounds(c.path)
            sql += " AND path > ? AND path < ?"
            arguments += [low, high]
        }
        let limit = min(max(1, s.limit ?? 10), 50)
        sql += " ORDER BY (name = ?) DESC, length(name), code LIMIT ?"
        arguments += [q, limit]
        let found = try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)).map {
            ($0["code"] as String, $0["name"] as String, $0["unit"] as String, $0["path"] as String)
        }
        var names: [String: String] = [:]
        return TargetSuggestions(items: try found.map { code, name, unit, path in
            let above = path.split(separator: "/").map(String.init).filter { $0 != code }
            let within = try above.map { c -> String in
                if let n = names[c] { return n }
                let n = try OrgRow.fetch(db, c)?.name ?? c
                names[c] = n
                return n
            }.joined(separator: " / ")
            return TargetSuggestion(code: code, name: name, unit: unit, within: within)
        })
    }
}
