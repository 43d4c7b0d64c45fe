import Foundation
import GRDB
import Schema
import Store

/// 代交: a member authorises another member (who confirms), or an administrator authorises one or
/// many at once (active at once). An authorisation lasts until revoked; the authorising member may
/// still pay themself.
public enum Proxies {
    public static func grant(_ db: Database, _ request: GrantProxyRequest, by actor: Actor, now: Date,
                             requestId: String? = nil) throws -> ProxyList {
        let proxy = try MemberRow.require(db, request.proxyMemberId, field: "body.proxyMemberId")
        guard proxy.status == .active else { throw ErrorBody.make(ErrorCode.duesProxyInvalid, details: ["field": "body.proxyMemberId"]) }
        let members: [String]
        let status: ProxyStatus
        switch actor.kind {
        case .member:
            guard request.memberIds == nil || request.memberIds == [actor.id] else { throw Access.forbidden(["field": "body.memberIds"]) }
            members = [actor.id]
            status = .pending
        case .admin, .service:
            guard let ids = request.memberIds, !ids.isEmpty else {
                throw ErrorBody.make(ErrorCode.schemaInvalid, details: ["field": "body.memberIds", "reason": "missing"])
            }
            members = ids
            status = .active
        case .anonymous:
            throw Access.forbidden()
        }
        var out: [ProxyView] = []
        for (index, id) in members.enumerated() {
            let member = try MemberRow.require(db, id, field: "body.memberIds.\(index)")
            if actor.kind != .member, try !Access.mayManage(db, actor, orgPath: member.orgPath) {
                throw Access.forbidden(["field": "body.memberIds.\(index)"])
            }
            guard member.id != proxy.id else { throw ErrorBody.make(ErrorCode.duesProxyInvalid, details: ["field": "body.proxyMemberId"]) }
            // One authorisation per pair: an existing pending/active one is kept (an administrator activates a pending one).
            if let existing = try String.fetchOne(db.cachedStatement(sql: "SELECT id FROM proxy WHERE memberId = ? AND proxyMemberId = ? AND status != 'revoked'"),
                                                  arguments: [member.id, proxy.id]) {
                if status == .active {
                    try db.cachedStatement(sql: "UPDATE proxy SET status = 'active', confirmedAt = COALESCE(confirmedAt, ?) WHERE id = ?").execute(arguments: [now.timeIntervalSince1970, existing])
                }
                out.append(try view(db, existing))
                continue
            }
            let id = UUID().uuidString
            try db.cachedStatement(sql: """
                INSERT INTO proxy (id, memberId, proxyMemberId, status, grantedBy, createdAt, confirmedAt) VALUES (?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [id, member.id, proxy.id, status.rawValue, actor.id, now.timeIntervalSince1970,
                                 status == .active ? now.timeIntervalSince1970 : nil])
            let v = try view(db, id)
            try EventWriter.append(db, type: DuesEvent.proxyChanged, body: ProxyEvent(proxy: v), actor: actor, correlationId: requestId)
            out.append(v)
        }
        return ProxyList(items: out)
    }

    public static func confirm(_ db: Database, _ request: ProxyRef, by actor: Actor, now: Date, requestId: String? = nil) throws -> ProxyView {
        let p = try require(db, request.proxyId)
        guard actor.kind == .member, actor.id == p.proxyMemberId else { throw Access.forbidden(["field": "body.proxyId"]) }
        guard p.status != .revoked else { throw ErrorBody.make(ErrorCode.duesNotPending) }
        if p.status == .pending {
            try db.cachedStatement(sql: "UPDATE proxy SET status = 'active', confirmedAt = ? WHERE id = ?").execute(arguments: [now.timeIntervalSince1970, p.id])
            let v = try view(db, p.id)
            try EventWriter.append(db, type: DuesEvent.proxyChanged, body: ProxyEvent(proxy: v), actor: actor, correlationId: requestId)
            return v
        }
        return p
    }

    public static func revoke(_ db: Database, _ request: ProxyRef, by actor: Actor, now: Date, requestId: String? = nil) throws -> ProxyView {
        let p = try require(db, request.proxyId)
        var allowed = actor.kind == .member && (actor.id == p.memberId || actor.id == p.proxyMemberId)
        if !allowed, actor.kind == .admin || actor.kind == .service, let member = try MemberRow.fetch(db, p.memberId) {
            allowed = try Access.mayManage(db, actor, orgPath: member.orgPath)
        }
        guard allowed else { throw Access.forbidden(["field": "body.proxyId"]) }
        if p.status == .revoked { return p }
        try db.cachedStatement(sql: "UPDATE proxy SET status = 'revoked', revokedAt = ? WHERE id = ?").execute(arguments: [now.timeIntervalSince1970, p.id])
        let v = try view(db, p.id)
        try EventWriter.append(db, type: DuesEvent.proxyChanged, body: ProxyEvent(proxy: v), actor: actor, correlationId: requestId)
        return v
    }

    public static func list(_ db: Database, _ request: ProxyQuery, by actor: Actor) throws -> ProxyList {
        let ids: [String]
        if actor.kind == .member, request.orgCode == nil {
            ids = try String.fetchAll(db.cachedStatement(sql: "SELECT id FROM proxy WHERE memberId = ?1 OR proxyMemberId = ?1 ORDER BY createdAt, id"), arguments: [actor.id])
        } else {
            let org = try Access.administeredOrg(db, actor, code: request.orgCode)
            let (low, high) = PathRange.bounds(org.path)
            ids = try String.fetchAll(db.cachedStatement(sql: """
                SELECT p.id FROM proxy p JOIN member m ON m.id = p.memberId WHERE m.orgPath >= ? AND m.orgPath < ?
                ORDER BY p.createdAt, p.id
                """), arguments: [low, high])
        }
        return ProxyList(items: try ids.map { try view(db, $0) })
    }

    /// Whom the acting member may pay for; a member whose branch has not submitted the open month's
    /// standards is listed but cannot be chosen.
    public static func candidates(_ db: Database, by actor: Actor, settings: DuesSettings, now: Date) throws -> ProxyCandidates {
        guard actor.kind == .member else { throw Access.forbidden() }
        let calendar = PayingCalendar(settings: settings)
        let open = calendar.openMonth(at: now)
        let ids = try String.fetchAll(db.cachedStatement(sql: "SELECT memberId FROM proxy WHERE proxyMemberId = ? AND status = 'active' ORDER BY memberId"),
                                      arguments: [actor.id])
        var items: [ProxyCandidate] = []
        for id in ids {
            guard let m = try MemberRow.fetch(db, id), m.status == .active else { continue }
            let selectable = try Standards.isSubmitted(db, branch: m.orgCode, month: open)
            let (payable, _) = try Paying.payable(db, memberId: id, calendar: calendar, now: now, online: true)
            items.append(ProxyCandidate(memberId: id, memberName: m.name, orgCode: m.orgCode, selectable: selectable,
                                        payableTotalFen: payable.reduce(0) { $0 + $1.amountFen }))
        }
        return ProxyCandidates(items: items)
    }

    static func require(_ db: Database, _ id: String) throws -> ProxyView {
        guard try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS(SELECT 1 FROM proxy WHERE id = ?)"), arguments: [id]) == true else {
            throw ErrorBody.make(ErrorCode.duesProxyNotFound, details: ["field": "body.proxyId"])
        }
        return try view(db, id)
    }

    static func view(_ db: Database, _ id: String) throws -> ProxyView {
        let r = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT p.*, COALESCE(a.name, '') AS memberName, COALESCE(b.name, '') AS proxyName FROM proxy p
            LEFT JOIN member a ON a.id = p.memberId LEFT JOIN member b ON b.id = p.proxyMemberId WHERE p.id = ?
            """), arguments: [id])!
        return ProxyView(id: id, memberId: r["memberId"], memberName: r["memberName"], proxyMemberId: r["proxyMemberId"],
                         proxyName: r["proxyName"], status: ProxyStatus(rawValue: r["status"]) ?? .revoked, grantedBy: r["grantedBy"],
                         createdAt: Date(timeIntervalSince1970: r["createdAt"]),
                         confirmedAt: (r["confirmedAt"] as Double?).map { Date(timeIntervalSince1970: $0) },
                         revokedAt: (r["revokedAt"] as Double?).map { Date(timeIntervalSince1970: $0) })
    }
}
