import Authority
import Foundation
import GRDB
import Schema

/// 介绍信: made when an outbound transfer completes, printed once, voided and issued anew by a
/// committee. Numbers are the year and a six-digit sequence within it ("2026000001"), never reused.
public enum LetterStore {
    /// The current letter (the newest not voided) and the voided ones, oldest first.
    static func letters(_ db: Database, _ transferId: String) throws -> (IntroductionLetter?, [IntroductionLetter]) {
        let all = try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM letter WHERE transferId = ? ORDER BY issuedAt, seq"), arguments: [transferId])
            .map(letter(row:))
        return (all.last { $0.state != .voided }, all.filter { $0.state == .voided })
    }

    static func letter(row: Row) throws -> IntroductionLetter {
        var l = try JSONDecoder().decode(IntroductionLetter.self, from: Data((row["body"] as String).utf8))
        l.state = LetterState(rawValue: row["state"]) ?? .issued
        l.printedAt = (row["printedAt"] as Double?).map(Date.init(timeIntervalSince1970:))
        l.voidedAt = (row["voidedAt"] as Double?).map(Date.init(timeIntervalSince1970:))
        l.voidReason = row["voidReason"]
        return l
    }

    /// The next number of `now`'s year (Beijing).
    static func nextNumber(_ db: Database, now: Date) throws -> (String, Int, Int) {
        let year = Checks.calendar.component(.year, from: now)
        let seq = (try Int.fetchOne(db.cachedStatement(sql: "SELECT MAX(seq) FROM letter WHERE year = ?"), arguments: [year]) ?? 0) + 1
        return (String(format: "%04d%06d", year, seq), year, seq)
    }

    static func insert(_ db: Database, _ letter: IntroductionLetter, transferId: String, year: Int, seq: Int) throws {
        let body = String(decoding: try JSONEncoder().encode(letter), as: UTF8.self)
        try db.cachedStatement(sql: "INSERT INTO letter (number, year, seq, transferId, state, body, issuedAt) VALUES (?, ?, ?, ?, ?, ?, ?)").execute(arguments: [letter.number, year, seq, transferId, letter.state.rawValue, body, letter.issuedAt.timeIntervalSince1970])
    }

    /// Makes the letter of a completed outbound transfer and opens its 回执 (in the completing transaction).
    static func issue(_ db: Database, _ t: TransferRecord, facts: LetterFacts, settings: TransfersSettings, now: Date) throws {
        let issuerCode = t.revokerOrgCode ?? t.fromOrgCode ?? ""
        let issuer = try OrgRow.fetch(db, issuerCode)
        let head = try letterhead(db, orgCode: issuerCode, settings: settings)
        let (number, year, seq) = try nextNumber(db, now: now)
        let letter = IntroductionLetter(
            number: number, state: .issued, memberName: t.memberName, sex: facts.sex, age: facts.age, ethnicity: facts.ethnicity,
            memberType: facts.memberType, idNumber: facts.idNumber, fromOrgName: t.fromOrgName, toOrgTitle: t.toOrgTitle ?? t.toOrgName,
            toOrgName: t.toOrgName, toUnit: t.toUnit, duesPaidThrough: facts.duesPaidThrough, validDays: settings.letterValidDays,
            issuerName: issuer?.name ?? "", issuerAddress: head.address, issuerPhone: head.phone, issuerFax: head.fax,
            issuerPostcode: head.postcode, issuedAt: now)
        try insert(db, letter, transferId: t.id, year: year, seq: seq)
        let due = now.addingTimeInterval(TimeInterval(settings.receiptDueDays) * 86400)
        try db.cachedStatement(sql: """
            INSERT INTO receipt (transferId, letterNumber, fromOrgCode, state, dueAt) VALUES (?, ?, ?, 'awaiting', ?)
            ON CONFLICT(transferId) DO UPDATE SET letterNumber = excluded.letterNumber
            """).execute(arguments: [t.id, number, t.fromOrgCode ?? "", due.timeIntervalSince1970])
        try t.record(db, what: "letter_issued", title: "开具介绍信（\(number)）", actorName: "系统", at: now,
                     actor: .service("transfers"), requestId: nil)
    }

    /// The letter as a PDF, once: marked printed in the same transaction.
    public static func print(_ db: Database, _ r: TransferRef, by actor: Actor, now: Date, requestId: String?,
                             render: (IntroductionLetter) throws -> Data) throws -> ExportReply {
        let t = try Access.require(db, actor, r.transferId)
        let (current, voided) = try letters(db, t.id)
        guard let letter = current else {
            throw ErrorBody.make(voided.isEmpty ? ErrorCode.transfersLetterNotFound : ErrorCode.transfersLetterVoided,
                                 details: ["field": "body.transferId"])
        }
        guard letter.state == .issued else {
            throw ErrorBody.make(ErrorCode.transfersLetterPrinted, details: ["field": "body.transferId", "letterNumber": letter.number])
        }
        let pdf = try render(letter)
        try db.cachedStatement(sql: "UPDATE letter SET state = 'printed', printedAt = ? WHERE number = ? AND state = 'issued'").execute(arguments: [now.timeIntervalSince1970, letter.number])
        try t.record(db, what: "letter_printed", title: "打印介绍信（\(letter.number)）", actorName: try Access.actorName(db, actor),
                     at: now, actor: actor, requestId: requestId)
        return ExportReply(fileName: "介绍信-\(letter.number).pdf", contentType: "application/pdf",
                           contentBase64: pdf.base64EncodedString(), rows: 1)
    }

    /// Voids the named letter and issues a new one with a new number (a committee administrator in scope).
    public static func void(_ db: Database, _ r: VoidLetterRequest, by actor: Actor, now: Date, requestId: String?) throws -> TransferView {
        let t = try Access.require(db, actor, r.transferId)
        switch Authority.isCommitteeAdministrator(actor, actorOrg: try Access.actorOrg(db, actor)?.authority) {
        case .allowed: break
        case .denied(.notACommittee): throw ErrorBody.make(ErrorCode.transfersNotACommittee, details: ["field": "body.transferId"])
        case .denied: throw Access.forbidden(["field": "body.transferId"])
        }
        let reason = try Checks.reason(r.reason)
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM letter WHERE number = ? AND transferId = ?"), arguments: [r.letterNumber, t.id])
        else { throw ErrorBody.make(ErrorCode.transfersLetterNotFound, details: ["field": "body.letterNumber"]) }
        let old = try letter(row: row)
        guard old.state != .voided else {
            throw ErrorBody.make(ErrorCode.transfersLetterVoided, details: ["field": "body.letterNumber"])
        }
        try db.cachedStatement(sql: "UPDATE letter SET state = 'voided', voidedAt = ?, voidReason = ? WHERE number = ?").execute(arguments: [now.timeIntervalSince1970, reason, old.number])
        var fresh = old
        let (number, year, seq) = try nextNumber(db, now: now)
        fresh.number = number; fresh.state = .issued; fresh.issuedAt = now
        fresh.printedAt = nil; fresh.voidedAt = nil; fresh.voidReason = nil
        try insert(db, fresh, transferId: t.id, year: year, seq: seq)
        try db.cachedStatement(sql: "UPDATE receipt SET letterNumber = ? WHERE transferId = ?").execute(arguments: [number, t.id])
        let name = try Access.actorName(db, actor)
        try t.record(db, what: "letter_voided", title: "作废介绍信（\(old.number)），重新开具（\(number)）", actorName: name,
                     comment: reason, at: now, actor: actor, requestId: requestId)
        return try Views.view(db, t)
    }

    // MARK: Letterhead

    static func letterhead(_ db: Database, orgCode: String, settings: TransfersSettings) throws -> Letterhead {
        if let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM letterhead WHERE orgCode = ?"), arguments: [orgCode]) {
            return Letterhead(orgCode: orgCode, address: row["address"], phone: row["phone"], fax: row["fax"], postcode: row["postcode"])
        }
        let d = settings.defaultLetterhead
        return Letterhead(orgCode: orgCode, address: d.address, phone: d.phone, fax: d.fax, postcode: d.postcode)
    }

    public static func letterheadGet(_ db: Database, _ r: LetterheadRef, by actor: Actor, settings: TransfersSettings) throws -> Letterhead {
        let org = try administeredOrg(db, actor, r.orgCode)
        return try letterhead(db, orgCode: org.code, settings: settings)
    }

    public static func letterheadSet(_ db: Database, _ r: Letterhead, by actor: Actor) throws -> Letterhead {
        let org = try administeredOrg(db, actor, r.orgCode)
        guard org.type.isCommittee || org.parentCode == nil else {
            throw ErrorBody.make(ErrorCode.transfersNotACommittee, details: ["field": "body.orgCode"])
        }
        let fields = [("body.address", r.address, 100), ("body.phone", r.phone, 30), ("body.fax", r.fax, 30), ("body.postcode", r.postcode, 6)]
        for (field, value, max) in fields where value.count > max {
            throw ErrorBody.make(ErrorCode.transfersLetterheadInvalid, details: ["field": field])
        }
        if !r.postcode.isEmpty, !(r.postcode.count == 6 && r.postcode.allSatisfy { $0.isASCII && $0.isNumber }) {
            throw ErrorBody.make(ErrorCode.transfersLetterheadInvalid, details: ["field": "body.postcode"])
        }
        try db.cachedStatement(sql: """
            INSERT INTO letterhead (orgCode, address, phone, fax, postcode) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT(orgCode) DO UPDATE SET address = excluded.address, phone = excluded.phone, fax = excluded.fax,
                postcode = excluded.postcode
            """).execute(arguments: [org.code, r.address, r.phone, r.fax, r.postcode])
        return Letterhead(orgCode: org.code, address: r.address, phone: r.phone, fax: r.fax, postcode: r.postcode)
    }

    /// The organization `code` (default the actor's own), which the actor must administer.
    static func administeredOrg(_ db: Database, _ actor: Actor, _ code: String?) throws -> OrgRow {
        guard actor.kind == .admin || actor.kind == .service, let code = Checks.nonEmpty(code) ?? actor.orgCode,
              let org = try OrgRow.fetch(db, code)
        else { throw Access.forbidden(["field": "body.orgCode"]) }
        guard Authority.administers(actor, path: org.path, actorOrg: try Access.actorOrg(db, actor)?.authority).isAllowed else {
            throw Access.forbidden(["field": "body.orgCode"])
        }
        return org
    }
}
