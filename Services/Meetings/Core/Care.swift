import Authority
import Foundation
import GRDB
import Schema
import Store

/// 党员关爱 (seed 002): a branch's administrators record care activities for its members and file
/// care requests; the organization directly above the branch approves them and records how they were
/// handled; the member follows the requests about them (我的党员关爱).
public enum Care {
    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE care_record (
                id TEXT PRIMARY KEY,
                orgCode TEXT NOT NULL,
                orgPath TEXT NOT NULL,
                orgName TEXT NOT NULL,
                memberId TEXT NOT NULL,
                memberName TEXT NOT NULL,
                kind TEXT NOT NULL,
                content TEXT NOT NULL,
                date TEXT NOT NULL,
                recordedByName TEXT NOT NULL,
                at REAL NOT NULL
            );
            CREATE INDEX care_record_path ON care_record(orgPath, at);
            CREATE INDEX care_record_member ON care_record(memberId, at);
            CREATE TABLE care_request (
                id TEXT PRIMARY KEY,
                orgCode TEXT NOT NULL,
                orgPath TEXT NOT NULL,
                orgName TEXT NOT NULL,
                memberId TEXT NOT NULL,
                memberName TEXT NOT NULL,
                kind TEXT NOT NULL,
                reason TEXT NOT NULL,
                status TEXT NOT NULL,
                handlerOrgCode TEXT NOT NULL,
                handlerOrgName TEXT NOT NULL,
                comment TEXT,
                handling TEXT,
                createdAt REAL NOT NULL,
                decidedAt REAL,
                handledAt REAL
            );
            CREATE INDEX care_request_path ON care_request(orgPath, createdAt);
            CREATE INDEX care_request_member ON care_request(memberId, createdAt);
            CREATE INDEX care_request_handler ON care_request(handlerOrgCode, status);
            """)
    }

    /// The member, in a branch the administrator administers.
    static func member(_ db: Database, _ id: String, by actor: Actor) throws -> (MemberRow, OrgRow) {
        guard let scope = try Access.administeredPath(db, actor) else { throw Access.forbidden("body.memberId") }
        guard let m = try MemberRow.fetch(db, id), m.status == .active, Authority.isWithin(m.orgPath, scope: scope),
              let branch = try OrgRow.fetch(db, m.orgCode)
        else { throw ErrorBody.make(ErrorCode.meetingsCareMemberInvalid, details: ["field": "body.memberId"]) }
        return (m, branch)
    }

    public static func record(_ db: Database, _ r: RecordCareRequest, by actor: Actor, now: Date) throws -> CareRecordView {
        let (m, branch) = try member(db, r.memberId, by: actor)
        let content = try Checks.text(r.content, 2...500, ErrorCode.meetingsCareInvalid, field: "body.content")
        guard r.date.wholeMatch(of: /\d{4}-\d{2}-\d{2}/) != nil else {
            throw ErrorBody.make(ErrorCode.meetingsDateInvalid, details: ["field": "body.date"])
        }
        let id = Ids.make("GA")
        try db.cachedStatement(sql: """
            INSERT INTO care_record (id, orgCode, orgPath, orgName, memberId, memberName, kind, content, date, recordedByName, at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [id, branch.code, branch.path, branch.name, m.id, m.name, r.kind.rawValue, content, r.date,
                             try Access.actorName(db, actor), now.timeIntervalSince1970])
        return CareRecordView(recordId: id, orgCode: branch.code, orgName: branch.name, memberId: m.id, memberName: m.name, kind: r.kind,
                              content: content, date: r.date, recordedByName: try Access.actorName(db, actor))
    }

    public static func file(_ db: Database, _ r: FileCareRequest, by actor: Actor, now: Date, requestId: String?) throws -> CareRequestView {
        let (m, branch) = try member(db, r.memberId, by: actor)
        let reason = try Checks.text(r.reason, 2...500, ErrorCode.meetingsCareInvalid, field: "body.reason")
        // The organization directly above the branch handles it (the branch itself at the top of the tree).
        let parentCode = try String.fetchOne(db.cachedStatement(sql: "SELECT parentCode FROM org WHERE code = ?"), arguments: [branch.code]) ?? nil
        let handler = try parentCode.flatMap { try OrgRow.fetch(db, $0) } ?? branch
        let id = Ids.make("GQ")
        try db.cachedStatement(sql: """
            INSERT INTO care_request (id, orgCode, orgPath, orgName, memberId, memberName, kind, reason, status, handlerOrgCode,
                handlerOrgName, createdAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?)
            """).execute(arguments: [id, branch.code, branch.path, branch.name, m.id, m.name, r.kind.rawValue, reason, handler.code, handler.name,
                             now.timeIntervalSince1970])
        return try changed(db, id, actor: actor, requestId: requestId)
    }

    public static func decide(_ db: Database, _ r: CareDecision, by actor: Actor, now: Date, requestId: String?) throws -> CareRequestView {
        let current = try requireHandler(db, r.requestId, actor)
        guard current.status == .pending else { throw ErrorBody.make(ErrorCode.meetingsCareStatusInvalid, details: ["field": "body.requestId"]) }
        let comment = Checks.nonEmpty(r.comment)
        if !r.approve, comment == nil { throw ErrorBody.make(ErrorCode.meetingsCareInvalid, details: ["field": "body.comment"]) }
        try db.cachedStatement(sql: "UPDATE care_request SET status = ?, comment = ?, decidedAt = ? WHERE id = ?").execute(arguments: [r.approve ? "approved" : "rejected", comment, now.timeIntervalSince1970, current.requestId])
        return try changed(db, current.requestId, actor: actor, requestId: requestId)
    }

    public static func handle(_ db: Database, _ r: CareHandling, by actor: Actor, now: Date, requestId: String?) throws -> CareRequestView {
        let current = try requireHandler(db, r.requestId, actor)
        guard current.status == .approved else { throw ErrorBody.make(ErrorCode.meetingsCareStatusInvalid, details: ["field": "body.requestId"]) }
        let handling = try Checks.text(r.handling, 2...500, ErrorCode.meetingsCareInvalid, field: "body.handling")
        try db.cachedStatement(sql: "UPDATE care_request SET status = 'handled', handling = ?, handledAt = ? WHERE id = ?").execute(arguments: [handling, now.timeIntervalSince1970, current.requestId])
        return try changed(db, current.requestId, actor: actor, requestId: requestId)
    }

    public static func list(_ db: Database, _ q: CareQuery, by actor: Actor) throws -> CareList {
        let limit = min(max(q.limit ?? 50, 1), 200)
        if actor.kind == .member {
            return CareList(
                records: try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM care_record WHERE memberId = ? ORDER BY at DESC LIMIT ?"),
                                          arguments: [actor.id, limit]).map(recordView),
                requests: try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM care_request WHERE memberId = ? ORDER BY createdAt DESC LIMIT ?"),
                                           arguments: [actor.id, limit]).map(requestView))
        }
        guard let scope = try Access.administeredPath(db, actor) else { throw Access.forbidden("query") }
        if q.waitingForMe == true {
            guard let code = actor.orgCode else { return CareList(records: [], requests: []) }
            return CareList(records: [], requests: try Row.fetchAll(db.cachedStatement(sql: """
                SELECT * FROM care_request WHERE handlerOrgCode = ? AND status IN ('pending', 'approved') ORDER BY createdAt DESC LIMIT ?
                """), arguments: [code, limit]).map(requestView))
        }
        let (low, high) = PathRange.bounds(scope)
        return CareList(
            records: try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM care_record WHERE orgPath >= ? AND orgPath < ? ORDER BY at DESC LIMIT ?"),
                                      arguments: [low, high, limit]).map(recordView),
            requests: try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM care_request WHERE orgPath >= ? AND orgPath < ? ORDER BY createdAt DESC LIMIT ?"),
                                       arguments: [low, high, limit]).map(requestView))
    }

    /// The request, which the actor's organization must handle (or the city, or a service).
    static func requireHandler(_ db: Database, _ id: String, _ actor: Actor) throws -> CareRequestView {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM care_request WHERE id = ?"), arguments: [id]) else {
            throw ErrorBody.make(ErrorCode.meetingsCareNotFound, details: ["field": "body.requestId"])
        }
        let view = requestView(row)
        guard Authority.isTopLevel(actor) || (actor.kind == .admin && actor.orgCode == view.handlerOrgCode) else {
            throw ErrorBody.make(ErrorCode.meetingsCareNotYours, details: ["field": "body.requestId"])
        }
        return view
    }

    /// The request as it now stands, and its event (notifications tells whoever is concerned).
    static func changed(_ db: Database, _ id: String, actor: Actor, requestId: String?) throws -> CareRequestView {
        let view = requestView(try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM care_request WHERE id = ?"), arguments: [id])!)
        try EventWriter.append(db, type: MeetingsEvent.careChanged, body: view, actor: actor, correlationId: requestId)
        return view
    }

    static func recordView(_ row: Row) -> CareRecordView {
        CareRecordView(recordId: row["id"], orgCode: row["orgCode"], orgName: row["orgName"], memberId: row["memberId"],
                       memberName: row["memberName"], kind: CareKind(rawValue: row["kind"]) ?? .other, content: row["content"],
                       date: row["date"], recordedByName: row["recordedByName"])
    }

    static func requestView(_ row: Row) -> CareRequestView {
        let date = { (column: String) in (row[column] as Double?).map(Date.init(timeIntervalSince1970:)) }
        return CareRequestView(requestId: row["id"], orgCode: row["orgCode"], orgName: row["orgName"], memberId: row["memberId"],
                               memberName: row["memberName"], kind: CareKind(rawValue: row["kind"]) ?? .other, reason: row["reason"],
                               status: CareRequestStatus(rawValue: row["status"]) ?? .pending, handlerOrgCode: row["handlerOrgCode"],
                               handlerOrgName: row["handlerOrgName"], comment: row["comment"], handling: row["handling"],
                               createdAt: Date(timeIntervalSince1970: row["createdAt"]), decidedAt: date("decidedAt"), handledAt: date("handledAt"))
    }
}
