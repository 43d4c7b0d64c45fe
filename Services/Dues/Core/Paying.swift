import Foundation
import GRDB
import Schema
import Store

/// Paying dues: what a member owes now (oldest first, with the total), reservations the payments
/// service takes while money moves, offline cash, and the one internal path every payment goes
/// through (`applyPayment`), which marks the months paid and emits `dues.paid`.
public enum Paying {
    /// One unpaid member-month.
    struct Owed: Sendable {
        var memberId: String
        var month: Month
        var amountFen: Int64
        var orgCode: String
        var submitted: Bool
        var lock: String?
    }

    /// Unpaid months with an amount due (settled = 0), oldest first, up to `through`.
    static func owed(_ db: Database, memberId: String, through: Month?) throws -> [Owed] {
        try Row.fetchAll(db.cachedStatement(sql: """
            SELECT month, amountFen, orgCode, submitted, lockPaymentId FROM standard
            WHERE memberId = ? AND settled = 0 AND month <= ? ORDER BY month
            """), arguments: [memberId, (through ?? Month(year: 9999, month: 12)).key]).map {
            Owed(memberId: memberId, month: Month(key: $0["month"]), amountFen: $0["amountFen"], orgCode: $0["orgCode"],
                 submitted: $0["submitted"], lock: $0["lockPaymentId"])
        }
    }

    /// What a member may pay now: submitted unpaid months up to the open month (or any month when
    /// paying ahead is allowed), split at the backpay depth (`online`) into payable and too old.
    static func payable(_ db: Database, memberId: String, calendar: PayingCalendar, now: Date, online: Bool,
                        through: Month? = nil) throws -> (payable: [Owed], beyond: [Owed]) {
        let open = calendar.openMonth(at: now)
        var limit = calendar.settings.noPayingAhead ? open : (through ?? Month(year: 9999, month: 12))
        if let through, through < limit { limit = through }
        let rows = try owed(db, memberId: memberId, through: limit).filter(\.submitted)
        guard online else { return (rows, []) }
        let oldest = calendar.oldestBackpay(at: now)
        return (rows.filter { $0.month >= oldest }, rows.filter { $0.month < oldest })
    }

    // MARK: A member's months

    public static func memberMonths(_ db: Database, _ request: MemberMonthsQuery, by actor: Actor, settings: DuesSettings,
                                    now: Date) throws -> MemberMonthsView {
        let member = try MemberRow.require(db, request.memberId ?? actor.id)
        try Access.requireMayRead(db, actor, member: member)
        let calendar = PayingCalendar(settings: settings)
        let open = calendar.openMonth(at: now)
        let count = min(max(request.months ?? 12, 1), 60)
        let first = open.adding(-(count - 1)), last = open.next
        let rows = try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM standard WHERE memberId = ? AND month >= ? AND month <= ?"),
                                    arguments: [member.id, first.key, last.key])
        var byMonth: [Int: Row] = [:]
        for row in rows { byMonth[row["month"]] = row }
        var lines: [MonthLine] = []
        var m = last
        while m >= first {
            let state: MonthState
            var amount: Int64 = 0
            if let row = byMonth[m.key] {
                amount = row["amountFen"]
                let settled: Int = row["settled"], submitted: Bool = row["submitted"]
                if settled == 1 { state = .paid }
                else if !calendar.hasStarted(m, at: now) { state = .pending }
                else if !submitted { state = .notSet }
                else if settled == 2 { state = .exempt }
                else { state = calendar.unpaidState(m, at: now) }
            } else {
                state = calendar.hasStarted(m, at: now) ? .notSet : .pending
            }
            lines.append(MonthLine(memberId: member.id, month: m.description, amountFen: amount, state: state))
            m = m.previous
        }
        let (payable, _) = try self.payable(db, memberId: member.id, calendar: calendar, now: now, online: true)
        return MemberMonthsView(memberId: member.id, memberName: member.name, openMonth: open.description, lines: lines,
                                payableMonths: payable.map(\.month.description),
                                payableTotalFen: payable.reduce(0) { $0 + $1.amountFen })
    }

    // MARK: Quote (Shaoxing: start month → end month → total)

    public static func quote(_ db: Database, _ request: QuoteRequest, by actor: Actor, settings: DuesSettings,
                             now: Date) throws -> QuoteReply {
        let calendar = PayingCalendar(settings: settings)
        let open = calendar.openMonth(at: now)
        let from = try request.fromMonth.map { m throws(ErrorBody) in try Month.parse(m, field: "body.fromMonth") }
        let to = try request.toMonth.map { m throws(ErrorBody) in try Month.parse(m, field: "body.toMonth") } ?? open
        if let from, from > to { throw ErrorBody.make(ErrorCode.duesMonthsInvalid, details: ["field": "body.fromMonth"]) }
        if to > open, settings.noPayingAhead {
            // Name every month of the range that cannot be paid yet.
            var ahead: [Month] = []
            var m = max(open.next, from ?? open.next)
            while m <= to, ahead.count < 120 { ahead.append(m); m = m.next }
            let shown = ahead.prefix(12).map(\.chinese).joined(separator: "、") + (ahead.count > 12 ? "等\(ahead.count)个月" : "")
            throw ErrorBody.make(ErrorCode.duesWindowNotOpen, details: [
                "field": "body.toMonth", "month": to.description, "openMonth": open.description,
                "months": ahead.map(\.description).joined(separator: ","),
            ], message: "\(shown)未到交纳时间（待交），不能提前交纳；目前最晚可交至\(open.chinese)")
        }
        let oldest = calendar.oldestBackpay(at: now)
        if Month.distance(max(from ?? oldest, oldest), to) > 120 {
            throw ErrorBody.make(ErrorCode.duesMonthsInvalid, details: ["field": "body.toMonth", "reason": "range_too_long"])
        }
        let ids = request.memberIds ?? [actor.id]
        var lines: [MonthLine] = [], earlier: [MonthLine] = [], beyond: [MonthLine] = [], unset: [MonthLine] = []
        for (index, id) in ids.enumerated() {
            let member = try MemberRow.require(db, id, field: "body.memberIds.\(index)")
            try Access.requireMayRead(db, actor, member: member)
            let (payable, old) = try self.payable(db, memberId: id, calendar: calendar, now: now, online: true, through: to)
            // The start month limits the total; unpaid months before it are named (paying starts with them).
            for owed in payable {
                let line = MonthLine(memberId: id, month: owed.month.description, amountFen: owed.amountFen,
                                     state: calendar.unpaidState(owed.month, at: now))
                if let from, owed.month < from { earlier.append(line) } else { lines.append(line) }
            }
            beyond += old.map { MonthLine(memberId: id, month: $0.month.description, amountFen: $0.amountFen, state: .overdue) }
            // Months of the range the member cannot pay because no standard is set (or submitted) for them.
            var m = max(from ?? payable.first?.month ?? open, oldest)
            let rows = try Row.fetchAll(db.cachedStatement(sql: "SELECT month, submitted FROM standard WHERE memberId = ? AND month >= ? AND month <= ?"),
                                        arguments: [id, m.key, to.key])
            var submitted: [Int: Bool] = [:]
            for row in rows { submitted[row["month"]] = row["submitted"] }
            while m <= to {
                if submitted[m.key] != true, calendar.hasStarted(m, at: now) || !settings.noPayingAhead {
                    unset.append(MonthLine(memberId: id, month: m.description, amountFen: 0, state: .notSet))
                }
                m = m.next
            }
        }
        return QuoteReply(totalFen: lines.reduce(0) { $0 + $1.amountFen }, lines: lines,
                          includesEarlierMonths: !earlier.isEmpty, beyondBackpay: beyond,
                          earlierUnpaid: earlier, withoutStandard: unset)
    }

    // MARK: Reservations (payments calls these)

    /// Expired reservations free their months (lazily, whenever paying is touched).
    static func expireReservations(_ db: Database, now: Date) throws {
        let expired = try String.fetchAll(db.cachedStatement(sql: "SELECT id FROM payment WHERE status = 'reserved' AND expiresAt < ?"),
                                          arguments: [now.timeIntervalSince1970])
        for id in expired {
            try unlock(db, paymentId: id)
            try db.cachedStatement(sql: "UPDATE payment SET status = 'expired' WHERE id = ?").execute(arguments: [id])
        }
    }

    /// Frees the months a payment locked, by primary key (never a scan of every month).
    static func unlock(_ db: Database, paymentId: String) throws {
        let lines = try Row.fetchAll(db.cachedStatement(sql: "SELECT memberId, month FROM payment_line WHERE paymentId = ?"), arguments: [paymentId])
        for line in lines {
            try db.cachedStatement(sql: "UPDATE standard SET lockPaymentId = NULL WHERE memberId = ? AND month = ? AND lockPaymentId = ?").execute(arguments: [line["memberId"], line["month"], paymentId])
        }
    }

    static func fingerprint(_ items: [PaymentItem]) -> String {
        items.sorted { $0.memberId < $1.memberId }.map { "\($0.memberId):\($0.months.joined(separator: ","))" }.joined(separator: ";")
    }

    /// Checks one member's months against the rules and returns their lines: months must be the
    /// oldest unpaid ones, in order, none skipped; each submitted, inside its window, not locked by
    /// another payment; online payments within the backpay depth.
    static func validate(_ db: Database, memberId: String, months texts: [String], field: String, calendar: PayingCalendar,
                         now: Date, online: Bool, paymentId: String) throws -> [Owed] {
        guard !texts.isEmpty else { throw ErrorBody.make(ErrorCode.duesMonthsInvalid, details: ["field": field]) }
        var months: [Month] = []
        for (i, text) in texts.enumerated() {
            let m = try Month.parse(text, field: "\(field).\(i)")
            if let last = months.last, m <= last { throw ErrorBody.make(ErrorCode.duesMonthsInvalid, details: ["field": "\(field).\(i)"]) }
            months.append(m)
        }
        let oldest = calendar.oldestBackpay(at: now)
        for (i, m) in months.enumerated() {
            let f = "\(field).\(i)"
            let details = ["field": f, "memberId": memberId, "month": m.description]
            if !calendar.mayPay(m, at: now) { throw ErrorBody.make(ErrorCode.duesWindowNotOpen, details: details) }
            guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT settled, submitted, lockPaymentId FROM standard WHERE memberId = ? AND month = ?"),
                                             arguments: [memberId, m.key]) else {
                throw ErrorBody.make(ErrorCode.duesStandardsNotSubmitted, details: details)
            }
            switch row["settled"] as Int {
            case 1: throw ErrorBody.make(ErrorCode.duesAlreadyPaid, details: details)
            case 2: throw ErrorBody.make(ErrorCode.duesNothingDue, details: details)
            default: break
            }
            if !(row["submitted"] as Bool) { throw ErrorBody.make(ErrorCode.duesStandardsNotSubmitted, details: details) }
            if online, m < oldest { throw ErrorBody.make(ErrorCode.duesBackpayTooOld, details: details) }
            if let lock = row["lockPaymentId"] as String?, lock != paymentId { throw ErrorBody.make(ErrorCode.duesLocked, details: details) }
        }
        let (payable, _) = try payable(db, memberId: memberId, calendar: calendar, now: now, online: online)
        let expected = Array(payable.prefix(months.count))
        guard expected.map(\.month) == months else {
            throw ErrorBody.make(ErrorCode.duesMonthsInvalid, details: [
                "field": field, "memberId": memberId, "oldestUnpaid": payable.first?.month.description ?? ""])
        }
        return expected
    }

    public static func reserve(_ db: Database, _ request: ReservePaymentRequest, by actor: Actor, settings: DuesSettings,
                               now: Date, requestId: String? = nil) throws -> PaymentView {
        try expireReservations(db, now: now)
        let fp = fingerprint(request.items)
        if let existing = try Row.fetchOne(db.cachedStatement(sql: "SELECT fingerprint FROM payment WHERE id = ?"), arguments: [request.paymentId]) {
            guard (existing["fingerprint"] as String) == fp else {
                throw ErrorBody.make(ErrorCode.duesPaymentConflict, details: ["field": "body.paymentId"])
            }
            return try view(db, paymentId: request.paymentId)
        }
        let payer: String
        switch actor.kind {
        case .member:
            guard request.payerMemberId == nil || request.payerMemberId == actor.id else { throw Access.forbidden(["field": "body.payerMemberId"]) }
            payer = actor.id
        case .service:
            guard let named = request.payerMemberId else {
                throw ErrorBody.make(ErrorCode.schemaInvalid, details: ["field": "body.payerMemberId", "reason": "missing"])
            }
            payer = named
        case .admin, .anonymous:
            throw Access.forbidden(["reason": "members_pay_online"])
        }
        _ = try MemberRow.require(db, payer, field: "body.payerMemberId")
        guard !request.items.isEmpty else { throw ErrorBody.make(ErrorCode.duesNothingDue, details: ["field": "body.items"]) }
        let calendar = PayingCalendar(settings: settings)
        var lines: [Owed] = []
        var seen = Set<String>()
        for (index, item) in request.items.enumerated() {
            let field = "body.items.\(index)"
            guard seen.insert(item.memberId).inserted else { throw ErrorBody.make(ErrorCode.duesMonthsInvalid, details: ["field": "\(field).memberId"]) }
            let member = try MemberRow.require(db, item.memberId, field: "\(field).memberId")
            if member.id != payer {
                guard try Access.isProxy(db, proxy: payer, for: member.id) else {
                    throw ErrorBody.make(ErrorCode.duesNotAuthorisedProxy, details: ["field": "\(field).memberId", "memberId": member.id])
                }
                // A member whose branch has not submitted standards cannot be chosen (seed 003).
                guard try Standards.isSubmitted(db, branch: member.orgCode, month: calendar.openMonth(at: now)) else {
                    throw ErrorBody.make(ErrorCode.duesStandardsNotSubmitted, details: ["field": "\(field).memberId", "memberId": member.id])
                }
            }
            lines += try validate(db, memberId: member.id, months: item.months, field: "\(field).months", calendar: calendar,
                                  now: now, online: true, paymentId: request.paymentId)
        }
        let total = lines.reduce(Int64(0)) { $0 + $1.amountFen }
        guard total == request.amountFen else {
            throw ErrorBody.make(ErrorCode.duesAmountMismatch, details: ["field": "body.amountFen", "expectedFen": String(total)])
        }
        let expires = request.expiresAt ?? now.addingTimeInterval(TimeInterval(settings.reservationMinutes * 60))
        let way: PaymentWay = lines.allSatisfy { $0.memberId == payer } ? .online : .proxy
        try db.cachedStatement(sql: """
            INSERT INTO payment (id, way, status, payerMemberId, totalFen, fingerprint, expiresAt, createdAt)
            VALUES (?, ?, 'reserved', ?, ?, ?, ?, ?)
            """).execute(arguments: [request.paymentId, way.rawValue, payer, total, fp, expires.timeIntervalSince1970, now.timeIntervalSince1970])
        for line in lines {
            try db.cachedStatement(sql: "INSERT INTO payment_line (paymentId, memberId, month, orgCode, amountFen) VALUES (?, ?, ?, ?, ?)").execute(arguments: [request.paymentId, line.memberId, line.month.key, line.orgCode, line.amountFen])
            try db.cachedStatement(sql: "UPDATE standard SET lockPaymentId = ? WHERE memberId = ? AND month = ?").execute(arguments: [request.paymentId, line.memberId, line.month.key])
        }
        return try view(db, paymentId: request.paymentId)
    }

    /// The money moved: mark the months paid. Idempotent; a reservation that expired still applies if
    /// its months are still unpaid and unlocked (else `dues.reservation_expired`: payments refunds).
    public static func confirm(_ db: Database, _ request: PaymentRef, by actor: Actor, now: Date,
                               requestId: String? = nil) throws -> PaymentView {
        try expireReservations(db, now: now)
        let payment = try requirePayment(db, request.paymentId)
        try requirePaymentParty(actor, payment)
        switch payment["status"] as String {
        case PaymentStatus.confirmed.rawValue: return try view(db, paymentId: request.paymentId)
        case PaymentStatus.released.rawValue: throw ErrorBody.make(ErrorCode.duesPaymentClosed, details: ["status": "released"])
        default: break
        }
        let lines = try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM payment_line WHERE paymentId = ?"), arguments: [request.paymentId])
        for line in lines {
            let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT settled, lockPaymentId FROM standard WHERE memberId = ? AND month = ?"),
                                       arguments: [line["memberId"], line["month"]])
            let lock = row?["lockPaymentId"] as String?
            guard let row, (row["settled"] as Int) == 0, lock == nil || lock == request.paymentId else {
                throw ErrorBody.make(ErrorCode.duesReservationExpired, details: ["memberId": line["memberId"], "month": Month(key: line["month"]).description])
            }
        }
        let payer: String? = payment["payerMemberId"]
        try applyPayment(db, paymentId: request.paymentId, payer: payer, recordedBy: nil, lines: lines.map {
            Owed(memberId: $0["memberId"], month: Month(key: $0["month"]), amountFen: $0["amountFen"], orgCode: $0["orgCode"], submitted: true, lock: nil)
        }, cash: false, paidAt: now, actor: actor, requestId: requestId)
        return try view(db, paymentId: request.paymentId)
    }

    public static func release(_ db: Database, _ request: PaymentRef, by actor: Actor, now: Date) throws -> PaymentView {
        try expireReservations(db, now: now)
        let payment = try requirePayment(db, request.paymentId)
        try requirePaymentParty(actor, payment)
        switch payment["status"] as String {
        case PaymentStatus.confirmed.rawValue: throw ErrorBody.make(ErrorCode.duesPaymentClosed, details: ["status": "confirmed"])
        case PaymentStatus.reserved.rawValue:
            try unlock(db, paymentId: request.paymentId)
            try db.cachedStatement(sql: "UPDATE payment SET status = 'released' WHERE id = ?").execute(arguments: [request.paymentId])
        default: break
        }
        return try view(db, paymentId: request.paymentId)
    }

    static func requirePayment(_ db: Database, _ id: String) throws -> Row {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM payment WHERE id = ?"), arguments: [id]) else {
            throw ErrorBody.make(ErrorCode.duesPaymentNotFound, details: ["field": "body.paymentId"])
        }
        return row
    }

    /// Confirm/release: the payments service, or the paying member.
    static func requirePaymentParty(_ actor: Actor, _ payment: Row) throws {
        switch actor.kind {
        case .service: return
        case .member where actor.id == (payment["payerMemberId"] as String?): return
        default: throw Access.forbidden(["field": "body.paymentId"])
        }
    }

    // MARK: Offline cash (线下交纳)

    public static func recordCash(_ db: Database, _ request: CashRecordRequest, by actor: Actor, settings: DuesSettings,
                                  now: Date, requestId: String? = nil) throws -> PaymentView {
        guard actor.kind == .admin else { throw Access.forbidden(["reason": "administrators_record_cash"]) }
        let member = try MemberRow.require(db, request.memberId)
        guard try Access.mayManage(db, actor, orgPath: member.orgPath) else { throw Access.forbidden(["field": "body.memberId"]) }
        let id = request.recordId ?? requestId ?? UUID().uuidString
        let item = PaymentItem(memberId: member.id, months: request.months)
        if let existing = try Row.fetchOne(db.cachedStatement(sql: "SELECT fingerprint FROM payment WHERE id = ?"), arguments: [id]) {
            guard (existing["fingerprint"] as String) == fingerprint([item]) else {
                throw ErrorBody.make(ErrorCode.duesPaymentConflict, details: ["field": "body.recordId"])
            }
            return try view(db, paymentId: id)
        }
        try expireReservations(db, now: now)
        let calendar = PayingCalendar(settings: settings)
        let lines = try validate(db, memberId: member.id, months: request.months, field: "body.months", calendar: calendar,
                                 now: now, online: false, paymentId: id)
        let total = lines.reduce(Int64(0)) { $0 + $1.amountFen }
        guard total == request.amountFen else {
            throw ErrorBody.make(ErrorCode.duesAmountMismatch, details: ["field": "body.amountFen", "expectedFen": String(total)])
        }
        try db.cachedStatement(sql: """
            INSERT INTO payment (id, way, status, recordedBy, totalFen, fingerprint, createdAt, note)
            VALUES (?, 'cash', 'reserved', ?, ?, ?, ?, ?)
            """).execute(arguments: [id, actor.id, total, fingerprint([item]), now.timeIntervalSince1970, request.note])
        for line in lines {
            try db.cachedStatement(sql: "INSERT INTO payment_line (paymentId, memberId, month, orgCode, amountFen) VALUES (?, ?, ?, ?, ?)").execute(arguments: [id, line.memberId, line.month.key, line.orgCode, line.amountFen])
        }
        try applyPayment(db, paymentId: id, payer: nil, recordedBy: actor.id, lines: lines, cash: true,
                         paidAt: request.receivedAt ?? now, actor: actor, requestId: requestId)
        return try view(db, paymentId: id)
    }

    // MARK: The one path every payment takes

    /// Marks the months paid, recomputes the members' arrears, closes the payment and emits `dues.paid`.
    static func applyPayment(_ db: Database, paymentId: String, payer: String?, recordedBy: String?, lines: [Owed], cash: Bool,
                             paidAt: Date, actor: Actor?, requestId: String?) throws {
        var lineViews: [PaymentLine] = []
        for line in lines {
            let way: PaymentWay = cash ? .cash : (line.memberId == payer ? .online : .proxy)
            try db.cachedStatement(sql: """
                UPDATE standard SET settled = 1, paidAt = ?, way = ?, paidBy = ?, paymentId = ?, lockPaymentId = NULL
                WHERE memberId = ? AND month = ?
                """).execute(arguments: [paidAt.timeIntervalSince1970, way.rawValue, payer ?? recordedBy, paymentId, line.memberId, line.month.key])
            let name = try String.fetchOne(db.cachedStatement(sql: "SELECT name FROM member WHERE id = ?"), arguments: [line.memberId]) ?? ""
            lineViews.append(PaymentLine(memberId: line.memberId, memberName: name, orgCode: line.orgCode,
                                         month: line.month.description, amountFen: line.amountFen))
        }
        for member in Set(lines.map(\.memberId)) { try recomputeArrears(db, memberId: member) }
        try db.cachedStatement(sql: "UPDATE payment SET status = 'confirmed', paidAt = ? WHERE id = ?").execute(arguments: [paidAt.timeIntervalSince1970, paymentId])
        let way: PaymentWay = cash ? .cash : (lines.allSatisfy { $0.memberId == payer } ? .online : .proxy)
        try EventWriter.append(db, type: DuesEvent.paid, body: PaidEvent(
            paymentId: paymentId, way: way, payerMemberId: payer, recordedBy: recordedBy, lines: lineViews,
            totalFen: lines.reduce(0) { $0 + $1.amountFen }, paidAt: paidAt), actor: actor, correlationId: requestId)
    }

    /// arrears(row) = consecutive unpaid submitted months right before it.
    static func recomputeArrears(_ db: Database, memberId: String) throws {
        let rows = try Row.fetchAll(db.cachedStatement(sql: "SELECT month, settled, submitted, arrears FROM standard WHERE memberId = ? ORDER BY month"),
                                    arguments: [memberId])
        var streak = 0
        for row in rows {
            let month: Int = row["month"], stored: Int = row["arrears"]
            if stored != streak {
                try db.cachedStatement(sql: "UPDATE standard SET arrears = ? WHERE memberId = ? AND month = ?").execute(arguments: [streak, memberId, month])
            }
            streak = ((row["settled"] as Int) == 0 && (row["submitted"] as Bool)) ? streak + 1 : 0
        }
    }

    static func view(_ db: Database, paymentId: String) throws -> PaymentView {
        let p = try requirePayment(db, paymentId)
        let lines = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT l.*, COALESCE(m.name, '') AS name FROM payment_line l LEFT JOIN member m ON m.id = l.memberId
            WHERE l.paymentId = ? ORDER BY l.memberId, l.month
            """), arguments: [paymentId]).map {
            PaymentLine(memberId: $0["memberId"], memberName: $0["name"], orgCode: $0["orgCode"],
                        month: Month(key: $0["month"]).description, amountFen: $0["amountFen"])
        }
        return PaymentView(paymentId: paymentId, status: PaymentStatus(rawValue: p["status"]) ?? .reserved,
                           way: PaymentWay(rawValue: p["way"]) ?? .online, payerMemberId: p["payerMemberId"],
                           recordedBy: p["recordedBy"], lines: lines, totalFen: p["totalFen"],
                           expiresAt: (p["expiresAt"] as Double?).map { Date(timeIntervalSince1970: $0) },
                           paidAt: (p["paidAt"] as Double?).map { Date(timeIntervalSince1970: $0) })
    }
}
