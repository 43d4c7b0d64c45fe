import Foundation
import GRDB
import Schema
import Store

/// 党费管理 queries: unpaid members, records with filters (organization, month, paid — seed 002),
/// a member's history, and the collection rate rolled up the tree. Paged; no ID numbers (dues holds none).
public enum Queries {
    static func page(_ offset: Int?, _ limit: Int?, max: Int = 500) -> (Int, Int) {
        (Swift.max(offset ?? 0, 0), Swift.min(Swift.max(limit ?? 50, 1), max))
    }

    static let recordColumns = """
        s.memberId, s.month, s.orgCode, s.amountFen, s.settled, s.paidAt, s.way, s.paymentId, s.arrears,
        COALESCE(m.name, '') AS name, COALESCE(o.name, '') AS orgName, COALESCE(pb.name, s.paidBy) AS paidByName
        """
    static let recordJoins = """
        LEFT JOIN member m ON m.id = s.memberId LEFT JOIN org o ON o.code = s.orgCode LEFT JOIN member pb ON pb.id = s.paidBy
        """

    /// A row that begins with `recordColumns`, read by position (GRDB's lookup by name is case-insensitive
    /// and showed in the profile of every list page).
    static func record(_ r: Row) -> DuesRecord {
        DuesRecord(memberId: r[0], memberName: r[9], orgCode: r[2], orgName: r[10],
                   month: Month(key: r[1]).description, amountFen: r[3], paid: (r[4] as Int) == 1,
                   paidAt: (r[5] as Double?).map { Date(timeIntervalSince1970: $0) },
                   way: (r[6] as String?).flatMap(PaymentWay.init(rawValue:)), paidBy: r[11],
                   paymentId: r[7], arrearsMonths: r[8])
    }

    /// Unpaid members of an organization's subtree in a month (submitted standards with an amount due).
    public static func unpaid(_ db: Database, _ request: UnpaidQuery, by actor: Actor, settings: DuesSettings,
                              now: Date) throws -> DuesRecordPage {
        let org = try Access.administeredOrg(db, actor, code: request.orgCode)
        let month = try request.month.map { m throws(ErrorBody) in try Month.parse(m, field: "body.month") }
            ?? PayingCalendar(settings: settings).openMonth(at: now)
        let (offset, limit) = page(request.offset, request.limit)
        let (low, high) = PathRange.bounds(org.path)
        let filter = "s.month = ? AND s.submitted = 1 AND s.settled = 0 AND s.orgPath >= ? AND s.orgPath < ?"
        let total = try Int.fetchOne(try db.cachedStatement(sql: "SELECT count(*) FROM standard s WHERE \(filter)"), arguments: [month.key, low, high]) ?? 0
        let items = try Row.fetchAll(try db.cachedStatement(sql: """
            SELECT \(recordColumns) FROM standard s \(recordJoins) WHERE \(filter)
            ORDER BY s.orgPath, s.memberId LIMIT ? OFFSET ?
            """), arguments: [month.key, low, high, limit, offset]).map(record)
        return DuesRecordPage(items: items, total: total, offset: offset, limit: limit)
    }

    /// Every unpaid record of the subtree and month (for exports), in list order.
    public static func allUnpaid(_ db: Database, org: OrgRow, month: Month) throws -> [DuesRecord] {
        let (low, high) = PathRange.bounds(org.path)
        return try Row.fetchAll(try db.cachedStatement(sql: """
            SELECT \(recordColumns) FROM standard s \(recordJoins)
            WHERE s.month = ? AND s.submitted = 1 AND s.settled = 0 AND s.orgPath >= ? AND s.orgPath < ?
            ORDER BY s.orgPath, s.memberId
            """), arguments: [month.key, low, high]).map(record)
    }

    public static func records(_ db: Database, _ request: RecordQuery, by actor: Actor) throws -> DuesRecordPage {
        let org = try Access.administeredOrg(db, actor, code: request.orgCode)
        let (offset, limit) = page(request.offset, request.limit)
        let (low, high) = PathRange.bounds(org.path)
        var filter = "s.submitted = 1 AND s.orgPath >= ? AND s.orgPath < ?"
        var args: [any DatabaseValueConvertible] = [low, high]
        if let text = request.month {
            filter += " AND s.month = ?"
            args.append(try Month.parse(text, field: "body.month").key)
        }
        switch request.paid {
        case true?: filter += " AND s.settled = 1"
        case false?: filter += " AND s.settled = 0"
        case nil: break
        }
        if let name = request.memberName, !name.isEmpty {
            filter += " AND m.name LIKE ? ESCAPE '\\'"
            args.append(name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
                .replacingOccurrences(of: "_", with: "\\_") + "%")
        }
        let total = try Int.fetchOne(try db.cachedStatement(sql: "SELECT count(*) FROM standard s LEFT JOIN member m ON m.id = s.memberId WHERE \(filter)"),
                                     arguments: StatementArguments(args)) ?? 0
        let items = try Row.fetchAll(try db.cachedStatement(sql: """
            SELECT \(recordColumns) FROM standard s \(recordJoins) WHERE \(filter)
            ORDER BY s.month DESC, s.orgPath, s.memberId LIMIT ? OFFSET ?
            """), arguments: StatementArguments(args + [limit, offset])).map(record)
        return DuesRecordPage(items: items, total: total, offset: offset, limit: limit)
    }

    public static func history(_ db: Database, _ request: MemberHistoryQuery, by actor: Actor) throws -> DuesRecordPage {
        let member = try MemberRow.require(db, request.memberId ?? actor.id)
        try Access.requireMayRead(db, actor, member: member)
        let (offset, limit) = page(request.offset, request.limit)
        let total = try Int.fetchOne(try db.cachedStatement(sql: "SELECT count(*) FROM standard WHERE memberId = ?"), arguments: [member.id]) ?? 0
        let items = try Row.fetchAll(try db.cachedStatement(sql: """
            SELECT \(recordColumns) FROM standard s \(recordJoins) WHERE s.memberId = ? ORDER BY s.month DESC LIMIT ? OFFSET ?
            """), arguments: [member.id, limit, offset]).map(record)
        return DuesRecordPage(items: items, total: total, offset: offset, limit: limit)
    }

    /// Collection rate of an organization and of each child, each rolled up over its subtree.
    public static func collectionRate(_ db: Database, _ request: CollectionRateQuery, by actor: Actor, settings: DuesSettings,
                                      now: Date) throws -> CollectionRateReply {
        let org = try Access.administeredOrg(db, actor, code: request.orgCode)
        let month = try request.month.map { m throws(ErrorBody) in try Month.parse(m, field: "body.month") }
            ?? PayingCalendar(settings: settings).openMonth(at: now)
        let (low, high) = PathRange.bounds(org.path)
        let groups = try Row.fetchAll(try db.cachedStatement(sql: """
            SELECT orgPath, count(*) AS due, sum(settled = 1) AS paid, sum(amountFen) AS dueFen,
                   sum(CASE WHEN settled = 1 THEN amountFen ELSE 0 END) AS paidFen
            FROM standard WHERE month = ? AND submitted = 1 AND settled IN (0, 1) AND orgPath >= ? AND orgPath < ?
            GROUP BY orgPath
            """), arguments: [month.key, low, high])
        let children = try Row.fetchAll(try db.cachedStatement(sql: "SELECT code, name, path FROM org WHERE parentCode = ? AND dissolved = 0 ORDER BY code"),
                                        arguments: [org.code])
        struct Sum { var due = 0, paid = 0; var dueFen: Int64 = 0, paidFen: Int64 = 0 }
        var total = Sum()
        var perChild = [Sum](repeating: Sum(), count: children.count)
        for g in groups {
            let path: String = g["orgPath"]
            let add = Sum(due: g["due"], paid: g["paid"], dueFen: g["dueFen"], paidFen: g["paidFen"])
            total.due += add.due; total.paid += add.paid; total.dueFen += add.dueFen; total.paidFen += add.paidFen
            if let i = children.firstIndex(where: { path.hasPrefix($0["path"] as String) }) {
                perChild[i].due += add.due; perChild[i].paid += add.paid; perChild[i].dueFen += add.dueFen; perChild[i].paidFen += add.paidFen
            }
        }
        func rate(_ code: String, _ name: String, _ s: Sum) -> CollectionRate {
            CollectionRate(orgCode: code, orgName: name, dueMembers: s.due, paidMembers: s.paid, dueFen: s.dueFen, paidFen: s.paidFen,
                           rateBasisPoints: s.due == 0 ? 0 : s.paid * 10_000 / s.due)
        }
        return CollectionRateReply(month: month.description, total: rate(org.code, org.name, total),
                                   children: children.enumerated().map { rate($1["code"], $1["name"], perChild[$0]) })
    }
}

extension Queries {
    /// Members flagged to the branch: unpaid for `flagAfterMonths` consecutive months or more before
    /// `month` (default the open month), as `dues.member.flagged` announced them. For the branch (its
    /// administrator or secretary) and administrators above it.
    public static func flagged(_ db: Database, _ request: FlaggedQuery, by actor: Actor, settings: DuesSettings,
                               now: Date) throws -> FlaggedList {
        var code = request.orgCode ?? actor.orgCode
        if code == nil, actor.kind == .member { code = try MemberRow.fetch(db, actor.id)?.orgCode }
        guard let code else { throw Access.forbidden(["field": "body.orgCode"]) }
        guard let org = try OrgRow.fetch(db, code) else {
            throw ErrorBody.make(ErrorCode.duesOrgNotFound, details: ["field": "body.orgCode", "orgCode": code])
        }
        let allowed = try (org.type == .branch && Access.isBranch(db, actor, branch: org)) || Access.mayManage(db, actor, orgPath: org.path)
        guard allowed else { throw Access.forbidden(["field": "body.orgCode"]) }
        let month = try request.month.map { m throws(ErrorBody) in try Month.parse(m, field: "body.month") }
            ?? PayingCalendar(settings: settings).openMonth(at: now)
        let (offset, limit) = page(request.offset, request.limit)
        let (low, high) = PathRange.bounds(org.path)
        let filter = "s.month = ? AND s.arrears >= ? AND s.arrears > 0 AND s.orgPath >= ? AND s.orgPath < ?"
        let args: [any DatabaseValueConvertible] = [month.key, settings.flagAfterMonths, low, high]
        let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM standard s WHERE \(filter)", arguments: StatementArguments(args)) ?? 0
        let rows = try Row.fetchAll(db, sql: """
            SELECT s.memberId, s.orgCode, s.arrears, COALESCE(m.name, '') AS name, COALESCE(o.name, '') AS orgName
            FROM standard s LEFT JOIN member m ON m.id = s.memberId LEFT JOIN org o ON o.code = s.orgCode
            WHERE \(filter) ORDER BY s.orgPath, s.memberId LIMIT ? OFFSET ?
            """, arguments: StatementArguments(args + [limit, offset]))
        let items = try rows.map { row -> FlaggedMember in
            let count: Int = row["arrears"]
            let first = month.adding(-count)
            let unpaid = try Int64.fetchOne(db.cachedStatement(sql: """
                SELECT COALESCE(sum(amountFen), 0) FROM standard WHERE memberId = ? AND month >= ? AND month < ? AND settled = 0
                """), arguments: [row["memberId"] as String, first.key, month.key]) ?? 0
            return FlaggedMember(memberId: row["memberId"], memberName: row["name"], orgCode: row["orgCode"], orgName: row["orgName"],
                                 months: (1...count).reversed().map { month.adding(-$0).description }, consecutiveMonths: count,
                                 unpaidFen: unpaid)
        }
        return FlaggedList(month: month.description, items: items, total: total, offset: offset, limit: limit)
    }
}
