import Foundation
import GRDB
import Schema
import Store

/// Dues standards (党费标准): only a branch sets them, month by month; a new month starts from the
/// previous month's standards; drafts until submitted-and-notified (提交并通知交纳).
public enum Standards {
    // MARK: Opening a month (carry forward)

    public struct Opened: Sendable, Equatable {
        public var branches: Int
        public var carried: Int
        public var flagged: Int
    }

    /// `dues.month.open`: a branch opens its own month; a committee administrator (or a service) opens
    /// every branch below its organization.
    public static func open(_ db: Database, _ request: OpenMonthRequest, by actor: Actor, settings: DuesSettings,
                            now: Date, requestId: String? = nil) throws -> OpenMonthReply {
        let calendar = PayingCalendar(settings: settings)
        let month = try request.month.map { m throws(ErrorBody) in try Month.parse(m, field: "body.month") } ?? calendar.openMonth(at: now)
        var requested = request.orgCode ?? actor.orgCode
        if requested == nil, actor.kind == .service { requested = try rootCode(db) }
        guard let code = requested else { throw Access.forbidden(["field": "body.orgCode"]) }
        guard let org = try OrgRow.fetch(db, code) else {
            throw ErrorBody.make(ErrorCode.duesOrgNotFound, details: ["field": "body.orgCode", "orgCode": code])
        }
        if org.type == .branch {
            guard try Access.isBranch(db, actor, branch: org) || Access.mayManage(db, actor, orgPath: org.path) else {
                throw Access.forbidden(["field": "body.orgCode"])
            }
        } else {
            _ = try Access.administeredOrg(db, actor, code: code)
        }
        let opened = try carryForward(db, scopePath: org.path, month: month, settings: settings, now: now,
                                      actor: actor, requestId: requestId)
        try EventWriter.append(db, type: DuesEvent.monthOpened, body: MonthOpenedEvent(
            month: month.description, orgCode: org.code, branchesOpened: opened.branches, standardsCarried: opened.carried),
            actor: actor, correlationId: requestId)
        return OpenMonthReply(month: month.description, branchesOpened: opened.branches,
                              standardsCarried: opened.carried, membersFlagged: opened.flagged)
    }

    static func rootCode(_ db: Database) throws -> String? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT code FROM org WHERE parentCode IS NULL ORDER BY code LIMIT 1"))
    }

    /// Opens `month` for every branch under `scopePath` not yet open: each active member starts from
    /// their latest earlier standard, with the count of consecutive unpaid months before it (arrears);
    /// members reaching `flagAfterMonths` are flagged (`dues.member.flagged`). Set-based: a handful of
    /// statements whatever the number of members.
    public static func carryForward(_ db: Database, scopePath: String, month: Month, settings: DuesSettings, now: Date,
                                    actor: Actor?, requestId: String?, onlyWithEarlierStandards: Bool = false) throws -> Opened {
        let (low, high) = PathRange.bounds(scopePath)
        try db.cachedStatement(sql: "CREATE TEMP TABLE IF NOT EXISTS opening (code TEXT PRIMARY KEY) WITHOUT ROWID").execute()
        try db.cachedStatement(sql: "DELETE FROM temp.opening").execute()
        let history = onlyWithEarlierStandards
            ? "AND EXISTS (SELECT 1 FROM branch_month e WHERE e.orgCode = org.code AND e.month < ?3)" : ""
        try db.execute(sql: """
            INSERT INTO temp.opening (code)
            SELECT code FROM org WHERE type = 'branch' AND dissolved = 0 AND path >= ?1 AND path < ?2
              AND NOT EXISTS (SELECT 1 FROM branch_month b WHERE b.orgCode = org.code AND b.month = ?3) \(history)
            """, arguments: [low, high, month.key])
        let branches = db.changesCount
        try db.cachedStatement(sql: "INSERT INTO branch_month (orgCode, month, status, openedAt) SELECT code, ?, 'draft', ? FROM temp.opening").execute(arguments: [month.key, now.timeIntervalSince1970])
        try db.cachedStatement(sql: """
            INSERT OR IGNORE INTO standard (memberId, month, orgCode, orgPath, kind, baseFen, rateBp, amountFen, approval, note,
                                            submitted, settled, arrears)
            SELECT m.id, ?1, m.orgCode, m.orgPath, p.kind, p.baseFen, p.rateBp, p.amountFen, p.approval, p.note,
                   0, CASE WHEN p.amountFen = 0 THEN 2 ELSE 0 END,
                   CASE WHEN p.settled = 0 AND p.submitted = 1 THEN p.arrears + 1 ELSE 0 END
            FROM temp.opening o
            JOIN member m ON m.orgCode = o.code AND m.status = 'active'
            JOIN standard p ON p.memberId = m.id
                 AND p.month = (SELECT max(q.month) FROM standard q WHERE q.memberId = m.id AND q.month < ?1)
            """).execute(arguments: [month.key])
        let carried = db.changesCount
        let flagged = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT s.memberId, m.name, s.orgCode, s.arrears FROM standard s JOIN member m ON m.id = s.memberId
            WHERE s.month = ? AND s.arrears > 0 AND s.arrears = ? AND s.orgCode IN (SELECT code FROM temp.opening)
            ORDER BY s.orgCode, s.memberId
            """), arguments: [month.key, settings.flagAfterMonths])
        for row in flagged {
            let count: Int = row["arrears"]
            let months = (1...count).reversed().map { month.adding(-$0).description }
            try EventWriter.append(db, type: DuesEvent.memberFlagged, body: MemberFlaggedEvent(
                memberId: row["memberId"], memberName: row["name"], orgCode: row["orgCode"], months: months,
                consecutiveMonths: count), actor: actor, correlationId: requestId)
        }
        try db.cachedStatement(sql: "DELETE FROM temp.opening").execute()
        return Opened(branches: branches, carried: carried, flagged: flagged.count)
    }

    // MARK: The branch's screen

    public static func get(_ db: Database, _ request: BranchMonthRef, by actor: Actor) throws -> BranchStandardsView {
        let month = try Month.parse(request.month, field: "body.month")
        guard let org = try OrgRow.fetch(db, request.orgCode) else {
            throw ErrorBody.make(ErrorCode.duesOrgNotFound, details: ["field": "body.orgCode"])
        }
        guard org.type == .branch else { throw ErrorBody.make(ErrorCode.duesNotABranch, details: ["field": "body.orgCode"]) }
        guard try Access.isBranch(db, actor, branch: org) || Access.mayManage(db, actor, orgPath: org.path) else {
            throw Access.forbidden(["field": "body.orgCode"])
        }
        return try view(db, org: org, month: month)
    }

    static func view(_ db: Database, org: OrgRow, month: Month) throws -> BranchStandardsView {
        let bm = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM branch_month WHERE orgCode = ? AND month = ?"), arguments: [org.code, month.key])
        let items = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT s.*, m.name FROM standard s JOIN member m ON m.id = s.memberId
            WHERE s.orgCode = ? AND s.month = ? ORDER BY m.name, s.memberId
            """), arguments: [org.code, month.key]).map(standardView)
        let missing = try String.fetchAll(db.cachedStatement(sql: """
            SELECT id FROM member m WHERE orgCode = ? AND status = 'active'
              AND NOT EXISTS (SELECT 1 FROM standard s WHERE s.memberId = m.id AND s.month = ?) ORDER BY id
            """), arguments: [org.code, month.key])
        // CROSS JOIN keeps the (usually empty) changes first: SQLite would otherwise scan every member.
        let pending = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT c.*, m.name, 'pending' AS approval, 0 AS settled FROM standard_change c CROSS JOIN member m ON m.id = c.memberId
            WHERE c.orgCode = ? AND c.month = ? ORDER BY m.name, c.memberId
            """), arguments: [org.code, month.key]).map(standardView)
        return BranchStandardsView(
            orgCode: org.code, orgName: org.name, month: month.description,
            status: (bm?["status"] as String?).flatMap(BranchMonthStatus.init(rawValue:)),
            submittedAt: (bm?["submittedAt"] as Double?).map { Date(timeIntervalSince1970: $0) },
            items: items, missingMemberIds: missing, totalFen: items.reduce(0) { $0 + $1.amountFen },
            pendingChanges: pending)
    }

    static func standardView(_ row: Row) -> StandardView {
        StandardView(memberId: row["memberId"], memberName: row["name"], orgCode: row["orgCode"],
                     month: Month(key: row["month"]).description, kind: StandardKind(rawValue: row["kind"]) ?? .manual,
                     baseFen: row["baseFen"], rateBasisPoints: row["rateBp"], amountFen: row["amountFen"],
                     approval: (row["approval"] as String?).flatMap(ApprovalState.init(rawValue:)), note: row["note"],
                     paid: (row["settled"] as Int) == 1)
    }

    // MARK: Save (保存草稿)

    public static func save(_ db: Database, _ request: SaveStandardsRequest, by actor: Actor, settings: DuesSettings,
                            now: Date, requestId: String? = nil) throws -> BranchStandardsView {
        let month = try Month.parse(request.month, field: "body.month")
        let branch = try Access.requireBranch(db, actor, code: request.orgCode)
        // Entering a month that is not open yet opens it (carrying the previous standards forward) first.
        if try !isOpen(db, branch: branch.code, month: month) {
            let opened = try carryForward(db, scopePath: branch.path, month: month, settings: settings, now: now, actor: actor, requestId: requestId)
            try EventWriter.append(db, type: DuesEvent.monthOpened, body: MonthOpenedEvent(
                month: month.description, orgCode: branch.code, branchesOpened: opened.branches, standardsCarried: opened.carried),
                actor: actor, correlationId: requestId)
        }
        // A change to a submitted month is a new submission: it applies at once (members may pay it)
        // and the changed members are told (`dues.standards.submitted` naming only them) — except a
        // reduction or exemption, which waits for the next committee while the current standard stays.
        let submitted = try isSubmitted(db, branch: branch.code, month: month)
        var changed: [MemberAmount] = []
        for (index, item) in request.items.enumerated() {
            let field = "body.items.\(index)"
            let computed = try Brackets.compute(item, settings: settings, field: field)
            let member = try MemberRow.require(db, item.memberId, field: "\(field).memberId")
            let existing = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM standard WHERE memberId = ? AND month = ?"),
                                            arguments: [member.id, month.key])
            if let existing {
                guard (existing["orgCode"] as String) == branch.code else {
                    throw ErrorBody.make(ErrorCode.duesMemberNotInBranch, details: ["field": "\(field).memberId"])
                }
                if (existing["settled"] as Int) == 1 { throw ErrorBody.make(ErrorCode.duesAlreadyPaid, details: ["field": "\(field).memberId"]) }
                if (existing["lockPaymentId"] as String?) != nil { throw ErrorBody.make(ErrorCode.duesLocked, details: ["field": "\(field).memberId"]) }
            } else {
                guard member.orgCode == branch.code, member.status == .active else {
                    throw ErrorBody.make(ErrorCode.duesMemberNotInBranch, details: ["field": "\(field).memberId"])
                }
            }
            var approval: ApprovalState? = nil
            if computed.needsApproval {
                // Unchanged from an approved reduction (e.g. carried forward): stays approved.
                let same = existing.map { ($0["kind"] as String) == item.kind.rawValue && ($0["amountFen"] as Int64) == computed.amountFen
                    && ($0["approval"] as String?) == ApprovalState.approved.rawValue } ?? false
                approval = same ? .approved : .pending
            }
            if submitted, approval == .pending {
                // Only once approved: until then the member owes the standard already submitted.
                try db.cachedStatement(sql: """
                    INSERT OR REPLACE INTO standard_change (memberId, month, orgCode, orgPath, kind, baseFen, rateBp, amountFen, note,
                                                            requestedBy, requestedAt)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """).execute(arguments: [member.id, month.key, branch.code, branch.path, item.kind.rawValue, computed.baseFen,
                                     computed.rateBasisPoints, computed.amountFen, item.note, actor.id, now.timeIntervalSince1970])
                continue
            }
            if submitted {
                // A standard entered now replaces a reduction still waiting for the committee.
                try db.cachedStatement(sql: "DELETE FROM standard_change WHERE memberId = ? AND month = ?").execute(arguments: [member.id, month.key])
            }
            try db.cachedStatement(sql: """
                INSERT INTO standard (memberId, month, orgCode, orgPath, kind, baseFen, rateBp, amountFen, approval, note, submitted, settled)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(memberId, month) DO UPDATE SET kind = excluded.kind, baseFen = excluded.baseFen, rateBp = excluded.rateBp,
                    amountFen = excluded.amountFen, approval = excluded.approval, note = excluded.note, settled = excluded.settled
                """).execute(arguments: [member.id, month.key, branch.code, branch.path, item.kind.rawValue, computed.baseFen,
                                 computed.rateBasisPoints, computed.amountFen, approval?.rawValue, item.note, submitted,
                                 computed.amountFen == 0 ? 2 : 0])
            if submitted, existing.map({ ($0["amountFen"] as Int64) != computed.amountFen || ($0["kind"] as String) != item.kind.rawValue }) ?? true {
                changed.append(MemberAmount(memberId: member.id, amountFen: computed.amountFen))
                try Paying.recomputeArrears(db, memberId: member.id)
            }
        }
        if !changed.isEmpty {
            try EventWriter.append(db, type: DuesEvent.standardsSubmitted, body: StandardsSubmittedEvent(
                orgCode: branch.code, orgName: branch.name, month: month.description, members: changed,
                totalFen: changed.reduce(0) { $0 + $1.amountFen }), actor: actor, correlationId: requestId)
        }
        return try view(db, org: branch, month: month)
    }

    static func isOpen(_ db: Database, branch: String, month: Month) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS(SELECT 1 FROM branch_month WHERE orgCode = ? AND month = ?)"), arguments: [branch, month.key]) ?? false
    }

    static func isSubmitted(_ db: Database, branch: String, month: Month) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS(SELECT 1 FROM branch_month WHERE orgCode = ? AND month = ? AND status = 'submitted')"),
                          arguments: [branch, month.key]) ?? false
    }

    // MARK: Submit (提交并通知交纳)

    public static func submit(_ db: Database, _ request: BranchMonthRef, by actor: Actor, now: Date,
                              requestId: String? = nil) throws -> BranchStandardsView {
        let month = try Month.parse(request.month, field: "body.month")
        let branch = try Access.requireBranch(db, actor, code: request.orgCode)
        guard try isOpen(db, branch: branch.code, month: month) else {
            throw ErrorBody.make(ErrorCode.duesMonthNotOpen, details: ["field": "body.month"])
        }
        if try isSubmitted(db, branch: branch.code, month: month) {
            throw ErrorBody.make(ErrorCode.duesAlreadySubmitted, details: ["field": "body.month"])
        }
        let before = try view(db, org: branch, month: month)
        if let missing = before.missingMemberIds.first {
            throw ErrorBody.make(ErrorCode.duesStandardMissing, details: ["memberId": missing, "count": String(before.missingMemberIds.count)])
        }
        if let waiting = before.items.first(where: { $0.approval == .pending || $0.approval == .rejected }) {
            throw ErrorBody.make(ErrorCode.duesApprovalPending, details: ["memberId": waiting.memberId, "approval": waiting.approval!.rawValue])
        }
        try db.cachedStatement(sql: "UPDATE branch_month SET status = 'submitted', submittedAt = ?, submittedBy = ? WHERE orgCode = ? AND month = ?").execute(arguments: [now.timeIntervalSince1970, actor.id, branch.code, month.key])
        try db.cachedStatement(sql: "UPDATE standard SET submitted = 1 WHERE orgCode = ? AND month = ?").execute(arguments: [branch.code, month.key])
        let after = try view(db, org: branch, month: month)
        try EventWriter.append(db, type: DuesEvent.standardsSubmitted, body: StandardsSubmittedEvent(
            orgCode: branch.code, orgName: branch.name, month: month.description,
            members: after.items.map { MemberAmount(memberId: $0.memberId, amountFen: $0.amountFen) }, totalFen: after.totalFen),
            actor: actor, correlationId: requestId)
        return after
    }

    // MARK: Reduced / exempt: the next committee approves

    public static func pendingExemptions(_ db: Database, _ request: ExemptionQuery, by actor: Actor) throws -> ExemptionList {
        let org = try Access.administeredOrg(db, actor, code: request.orgCode)
        let (low, high) = PathRange.bounds(org.path)
        // Drafts whose reduction waits, and reductions entered into submitted months (standard_change).
        let rows = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT s.memberId, s.month, s.orgCode, s.kind, s.baseFen, s.rateBp, s.amountFen, s.approval, s.note, s.settled, m.name
            FROM standard s JOIN member m ON m.id = s.memberId
            WHERE s.approval = 'pending' AND s.orgPath >= ?1 AND s.orgPath < ?2
            UNION ALL
            SELECT c.memberId, c.month, c.orgCode, c.kind, c.baseFen, c.rateBp, c.amountFen, 'pending', c.note, 0, m.name
            FROM standard_change c JOIN member m ON m.id = c.memberId
            WHERE c.orgPath >= ?1 AND c.orgPath < ?2
            ORDER BY 3, 2, 1
            """), arguments: [low, high])
        var items: [StandardView] = []
        for row in rows {
            guard let branch = try OrgRow.fetch(db, row["orgCode"]) else { continue }
            if try mayApprove(db, actor, branch: branch) { items.append(standardView(row)) }
        }
        return ExemptionList(items: items)
    }

    static func mayApprove(_ db: Database, _ actor: Actor, branch: OrgRow) throws -> Bool {
        try Access.approvesAsNextCommittee(db, actor, branch: branch)
    }

    public static func reviewExemption(_ db: Database, _ request: ReviewExemptionRequest, by actor: Actor,
                                       requestId: String? = nil) throws -> StandardView {
        let month = try Month.parse(request.month, field: "body.month")
        if let change = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT c.*, m.name, 'pending' AS approval, 0 AS settled FROM standard_change c JOIN member m ON m.id = c.memberId
            WHERE c.memberId = ? AND c.month = ?
            """), arguments: [request.memberId, month.key]) {
            return try reviewChange(db, change, approve: request.approve, by: actor, requestId: requestId)
        }
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT s.*, m.name FROM standard s JOIN member m ON m.id = s.memberId WHERE s.memberId = ? AND s.month = ?"),
                                         arguments: [request.memberId, month.key]) else {
            throw ErrorBody.make(ErrorCode.duesMemberNotFound, details: ["field": "body.memberId"])
        }
        guard (row["approval"] as String?) == ApprovalState.pending.rawValue else { throw ErrorBody.make(ErrorCode.duesNotPending) }
        guard let branch = try OrgRow.fetch(db, row["orgCode"]), try mayApprove(db, actor, branch: branch) else {
            throw Access.forbidden(["reason": "not_the_next_committee"])
        }
        let state: ApprovalState = request.approve ? .approved : .rejected
        try db.cachedStatement(sql: "UPDATE standard SET approval = ? WHERE memberId = ? AND month = ?").execute(arguments: [state.rawValue, request.memberId, month.key])
        var view = standardView(row)
        view.approval = state
        return view
    }

    /// A reduction or exemption entered into a submitted month: approved, it becomes the month's
    /// standard and the member is told (a new submission for them); refused, the standard stays.
    static func reviewChange(_ db: Database, _ change: Row, approve: Bool, by actor: Actor, requestId: String?) throws -> StandardView {
        guard let branch = try OrgRow.fetch(db, change["orgCode"]), try mayApprove(db, actor, branch: branch) else {
            throw Access.forbidden(["reason": "not_the_next_committee"])
        }
        let memberId: String = change["memberId"], monthKey: Int = change["month"]
        var view = standardView(change)
        try db.cachedStatement(sql: "DELETE FROM standard_change WHERE memberId = ? AND month = ?").execute(arguments: [memberId, monthKey])
        guard approve else {
            view.approval = .rejected
            return view
        }
        let current = try Row.fetchOne(db.cachedStatement(sql: "SELECT kind, amountFen, settled, lockPaymentId FROM standard WHERE memberId = ? AND month = ?"),
                                       arguments: [memberId, monthKey])
        if let current {
            let details = ["field": "body.memberId", "memberId": memberId, "month": Month(key: monthKey).description]
            if (current["settled"] as Int) == 1 { throw ErrorBody.make(ErrorCode.duesAlreadyPaid, details: details) }
            if (current["lockPaymentId"] as String?) != nil { throw ErrorBody.make(ErrorCode.duesLocked, details: details) }
        }
        let amount: Int64 = change["amountFen"]
        // The month asked, and later months already opened that still carry the standard it replaces
        // (unpaid, not being paid): the approved standard carries forward as a new month's would.
        typealias Target = (month: Int, orgCode: String, orgPath: String, submitted: Bool)
        var months: [Target] = [(month: monthKey, orgCode: branch.code, orgPath: branch.path, submitted: true)]
        if let current {
            months += try Row.fetchAll(db.cachedStatement(sql: """
                SELECT month, orgCode, orgPath, submitted FROM standard
                WHERE memberId = ? AND month > ? AND kind = ? AND amountFen = ? AND settled != 1 AND lockPaymentId IS NULL
                  AND NOT EXISTS (SELECT 1 FROM standard_change c WHERE c.memberId = standard.memberId AND c.month = standard.month)
                ORDER BY month
                """), arguments: [memberId, monthKey, current["kind"] as String, current["amountFen"] as Int64]).map { row -> Target in
                (month: row["month"], orgCode: row["orgCode"], orgPath: row["orgPath"], submitted: row["submitted"])
            }
        }
        for m in months {
            try db.cachedStatement(sql: """
                INSERT INTO standard (memberId, month, orgCode, orgPath, kind, baseFen, rateBp, amountFen, approval, note, submitted, settled)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'approved', ?, ?, ?)
                ON CONFLICT(memberId, month) DO UPDATE SET kind = excluded.kind, baseFen = excluded.baseFen, rateBp = excluded.rateBp,
                    amountFen = excluded.amountFen, approval = 'approved', note = excluded.note, settled = excluded.settled
                """).execute(arguments: [memberId, m.month, m.orgCode, m.orgPath, change["kind"] as String, change["baseFen"] as Int64?,
                                 change["rateBp"] as Int?, amount, change["note"] as String?, m.submitted, amount == 0 ? 2 : 0])
        }
        try Paying.recomputeArrears(db, memberId: memberId)
        // A change to a submitted month is a new submission: the member is told, month by month.
        for m in months where m.submitted {
            let org: OrgRow? = try m.orgCode == branch.code ? branch : OrgRow.fetch(db, m.orgCode)
            try EventWriter.append(db, type: DuesEvent.standardsSubmitted, body: StandardsSubmittedEvent(
                orgCode: m.orgCode, orgName: org?.name ?? "", month: Month(key: m.month).description,
                members: [MemberAmount(memberId: memberId, amountFen: amount)], totalFen: amount), actor: actor, correlationId: requestId)
        }
        view.approval = .approved
        return view
    }
}
