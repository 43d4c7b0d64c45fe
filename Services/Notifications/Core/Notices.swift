import Authority
import Foundation
import GRDB
import Schema

/// 通知公告: published by the roles the setting allows, addressed to organization subtrees, fanned
/// out to their active members in bounded transactions, read and receipted per member.
public enum Notices {
    static let maxPage = 200

    static func decodeStrings(_ json: String) -> [String] {
        (try? JSONDecoder().decode([String].self, from: Data(json.utf8))) ?? []
    }

    static func encode(_ strings: [String]) throws -> String {
        String(decoding: try JSONEncoder.sorted.encode(strings), as: UTF8.self)
    }

    /// Stores the notice; recipients are enqueued afterwards by `fanOutStep`, a page at a time.
    public static func publish(_ db: Database, _ request: PublishNotice, by actor: Actor, settings: NotificationsSettings,
                               id: String = UUID().uuidString.lowercased(), now: Date) throws -> NoticeView {
        guard actor.kind == .admin, !Set(actor.roles).isDisjoint(with: settings.noticePublisherRoles) else {
            throw ErrorBody.make(ErrorCode.notificationsForbidden)
        }
        let title = request.title.trimmingCharacters(in: .whitespacesAndNewlines)
        let content = request.content.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !title.isEmpty else { throw ErrorBody.make(ErrorCode.notificationsInvalid, details: ["field": "body.title"]) }
        guard !content.isEmpty else { throw ErrorBody.make(ErrorCode.notificationsInvalid, details: ["field": "body.content"]) }
        let codes = Array(Set(request.orgCodes)).sorted()
        guard !codes.isEmpty else { throw ErrorBody.make(ErrorCode.notificationsInvalid, details: ["field": "body.orgCodes"]) }
        let actorOrg = try ContactBook.actorOrg(db, actor)
        var paths: [String] = []
        for (index, code) in codes.enumerated() {
            guard let org = try ContactBook.org(db, code: code), !org.dissolved else {
                throw ErrorBody.make(ErrorCode.notificationsOrgNotFound, details: ["field": "body.orgCodes.\(index)"])
            }
            // An administrator addresses the subtree they administer only (the city: any).
            guard Authority.administers(actor, org: org, actorOrg: actorOrg).isAllowed else {
                throw ErrorBody.make(ErrorCode.notificationsForbidden, details: ["field": "body.orgCodes.\(index)"])
            }
            paths.append(org.path)
        }
        // A subtree inside another one adds nobody.
        let roots = paths.filter { p in !paths.contains { $0 != p && p.hasPrefix($0) } }
        try db.cachedStatement(sql: """
            INSERT INTO notice (id, title, content, orgCodes, orgPaths, publishedBy, publishedAt) VALUES (?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [id, title, content, try encode(codes), try encode(roots), actor.id, now])
        return NoticeView(id: id, title: title, content: content, orgCodes: codes, publishedBy: actor.id, publishedAt: now,
                          recipients: 0, fanoutDone: false)
    }

    /// One bounded step of fan-out for the oldest unfinished notice: up to `batch` members after the
    /// cursor get an inbox row and a delivery, and the cursor moves, in the caller's transaction. Once
    /// the members are done, the same step (and later ones) reach the addressed subtrees' active
    /// administrators (an inbox row and an SMS each), a page at a time.
    /// Returns how many it enqueued (at least 1 while work remains, 0 when nothing is left to do).
    @discardableResult
    public static func fanOutStep(_ db: Database, batch: Int, now: Date) throws -> Int {
        guard let notice = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT id, title, orgPaths, fanoutCursor, fanoutDone, adminCursor, publishedBy FROM notice
            WHERE fanoutDone = 0 OR adminsDone = 0 ORDER BY publishedAt LIMIT 1
            """)) else { return 0 }
        let id: String = notice["id"], title: String = notice["title"], cursor: String = notice["fanoutCursor"]
        let paths = decodeStrings(notice["orgPaths"])
        guard let template = TemplateCatalog.template(TemplateCatalog.notice) else { return 0 }
        let params = ["title": title, "publisher": "市委组织部"]
        let prepared = try MemberMessages.Prepared(template: template, params: params)
        if notice["fanoutDone"] as Bool {
            let count = try fanOutAdmins(db, id: id, paths: paths, after: notice["adminCursor"], publisher: notice["publishedBy"],
                                         template: template, params: params, prepared: prepared, batch: batch, now: now)
            return max(count, 1)
        }
        // Page by member id over the subtrees' active members (the path prefix is a range on the index).
        let conditions = paths.map { _ in "(orgPath >= ? AND orgPath < ?)" }.joined(separator: " OR ")
        var arguments: [any DatabaseValueConvertible] = [cursor]
        for p in paths { arguments += [p, p + "\u{FFFF}"] }
        arguments.append(batch)
        let rows = try Row.fetchCursor(db, sql: """
            SELECT memberId, openid FROM contact WHERE memberId > ? AND status = 'active' AND (\(conditions))
            ORDER BY memberId LIMIT ?
            """, arguments: StatementArguments(arguments))
        var count = 0
        var last = cursor
        let sourceKey = "notice:\(id)"
        var members: [(String, String?)] = []
        members.reserveCapacity(batch)
        while let row = try rows.next() { members.append((row["memberId"], row["openid"])) }
        for (memberId, openid) in members {
            try MemberMessages.enqueue(db, memberId: memberId, template: template, params: params, sourceKey: sourceKey,
                                       noticeId: id, openid: .some(openid), prepared: prepared, now: now)
            last = memberId
            count += 1
        }
        try db.cachedStatement(sql: """
            UPDATE notice SET fanoutCursor = ?, recipients = recipients + ?, fanoutDone = ? WHERE id = ?
            """).execute(arguments: [last, count, count < batch, id])
        if count < batch {
            // Members done: the administrators' first page in the same step.
            count += try fanOutAdmins(db, id: id, paths: paths, after: "", publisher: notice["publishedBy"], template: template,
                                      params: params, prepared: prepared, batch: batch, now: now)
        }
        return max(count, 1)
    }

    /// A page of the addressed subtrees' active administrators after `after` (account id), the
    /// publisher excepted; marks the notice done with them when the page is short.
    static func fanOutAdmins(_ db: Database, id: String, paths: [String], after: String, publisher: String,
                             template: MessageTemplate, params: [String: String], prepared: MemberMessages.Prepared,
                             batch: Int, now: Date) throws -> Int {
        let conditions = paths.map { _ in "(orgPath >= ? AND orgPath < ?)" }.joined(separator: " OR ")
        var arguments: [any DatabaseValueConvertible] = [after, publisher]
        for p in paths {
            arguments.append(p)
            arguments.append(p + "\u{FFFF}")
        }
        arguments.append(batch)
        let admins = paths.isEmpty ? [] : try String.fetchAll(db, sql: """
            SELECT accountId FROM admin WHERE accountId > ? AND accountId != ? AND active = 1 AND (\(conditions))
            ORDER BY accountId LIMIT ?
            """, arguments: StatementArguments(arguments))
        for accountId in admins {
            try AdminMessages.enqueue(db, accountId: accountId, template: template, params: params, sourceKey: "notice:\(id)",
                                      noticeId: id, prepared: prepared, now: now)
        }
        try db.cachedStatement(sql: "UPDATE notice SET adminCursor = ?, adminsDone = ? WHERE id = ?").execute(arguments: [admins.last ?? after, admins.count < batch, id])
        return admins.count
    }

    static func view(_ row: Row, readAt: Date? = nil) -> NoticeView {
        NoticeView(id: row["id"], title: row["title"], content: row["content"], orgCodes: decodeStrings(row["orgCodes"]),
                   publishedBy: row["publishedBy"], publishedAt: row["publishedAt"], recipients: row["recipients"],
                   fanoutDone: row["fanoutDone"], readAt: readAt)
    }

    /// A member reads a notice addressed to them (marking it read); the publisher or a publishing
    /// administrator reads any.
    public static func get(_ db: Database, _ ref: NoticeRef, by actor: Actor, settings: NotificationsSettings, now: Date) throws -> NoticeView {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM notice WHERE id = ?"), arguments: [ref.noticeId]) else {
            throw ErrorBody.make(ErrorCode.notificationsNoticeNotFound)
        }
        // An administrator the notice reached reads it like a member (and it is marked read).
        if actor.kind == .admin, let key = Inbox.recipientKey(actor),
           let inbox = try Row.fetchOne(db.cachedStatement(sql: "SELECT id, readAt FROM inbox WHERE memberId = ? AND noticeId = ?"),
                                        arguments: [key, ref.noticeId]) {
            var readAt: Date? = inbox["readAt"]
            if readAt == nil {
                try db.cachedStatement(sql: "UPDATE inbox SET readAt = ? WHERE id = ?").execute(arguments: [now, inbox["id"] as String])
                readAt = now
            }
            return view(row, readAt: readAt)
        }
        if actor.kind == .member {
            guard let inbox = try Row.fetchOne(db.cachedStatement(sql: "SELECT id, readAt FROM inbox WHERE memberId = ? AND noticeId = ?"),
                                               arguments: [actor.id, ref.noticeId]) else {
                throw ErrorBody.make(ErrorCode.notificationsNoticeNotFound)
            }
            var readAt: Date? = inbox["readAt"]
            if readAt == nil {
                try db.cachedStatement(sql: "UPDATE inbox SET readAt = ? WHERE id = ?").execute(arguments: [now, inbox["id"] as String])
                readAt = now
            }
            return view(row, readAt: readAt)
        }
        try requirePublisherView(row, actor: actor, settings: settings)
        return view(row)
    }

    static func requirePublisherView(_ row: Row, actor: Actor, settings: NotificationsSettings) throws {
        let isPublisher = actor.kind == .admin && actor.id == (row["publishedBy"] as String)
        let mayPublish = actor.kind == .admin && !Set(actor.roles).isDisjoint(with: settings.noticePublisherRoles)
        guard isPublisher || mayPublish else { throw ErrorBody.make(ErrorCode.notificationsForbidden) }
    }

    /// A member: the notices addressed to them, newest first; an administrator: those they published.
    public static func list(_ db: Database, _ request: NoticeListRequest, by actor: Actor) throws -> NoticeList {
        let limit = min(max(request.limit ?? 20, 1), maxPage), offset = max(request.offset ?? 0, 0)
        switch actor.kind {
        case .member:
            let unreadOnly = request.unreadOnly == true
            let filter = unreadOnly ? "AND i.readAt IS NULL" : ""
            let rows = try Row.fetchAll(db, sql: """
                SELECT n.*, i.readAt AS readAt FROM inbox i JOIN notice n ON n.id = i.noticeId
                WHERE i.memberId = ? AND i.noticeId IS NOT NULL \(filter) ORDER BY i.createdAt DESC, n.id LIMIT ? OFFSET ?
                """, arguments: [actor.id, limit, offset])
            let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM inbox i WHERE i.memberId = ? AND i.noticeId IS NOT NULL \(filter)",
                                         arguments: [actor.id]) ?? 0
            let unread = try Int.fetchOne(db.cachedStatement(sql: """
                SELECT count(*) FROM inbox WHERE memberId = ? AND noticeId IS NOT NULL AND readAt IS NULL
                """), arguments: [actor.id]) ?? 0
            return NoticeList(items: rows.map { view($0, readAt: $0["readAt"]) }, total: total, unread: unread)
        case .admin:
            let rows = try Row.fetchAll(db.cachedStatement(sql: """
                SELECT * FROM notice WHERE publishedBy = ? ORDER BY publishedAt DESC LIMIT ? OFFSET ?
                """), arguments: [actor.id, limit, offset])
            let total = try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) FROM notice WHERE publishedBy = ?"), arguments: [actor.id]) ?? 0
            return NoticeList(items: rows.map { view($0) }, total: total, unread: 0)
        default:
            throw ErrorBody.make(ErrorCode.notificationsForbidden)
        }
    }

    /// Read receipts for the publisher: counts, and a page of who has not read it.
    public static func receipts(_ db: Database, _ request: NoticeReceiptsRequest, by actor: Actor,
                                settings: NotificationsSettings) throws -> NoticeReceipts {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM notice WHERE id = ?"), arguments: [request.noticeId]) else {
            throw ErrorBody.make(ErrorCode.notificationsNoticeNotFound)
        }
        try requirePublisherView(row, actor: actor, settings: settings)
        let limit = min(max(request.limit ?? 50, 1), maxPage), offset = max(request.offset ?? 0, 0)
        // Members' receipts (administrators' inbox rows, keyed `admin:…`, are not counted).
        let members = "AND memberId NOT LIKE '\(Inbox.adminPrefix)%'"
        let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM inbox WHERE noticeId = ? \(members)",
                                     arguments: [request.noticeId]) ?? 0
        let unread = try Int.fetchOne(db, sql: "SELECT count(*) FROM inbox WHERE noticeId = ? AND readAt IS NULL \(members)",
                                      arguments: [request.noticeId]) ?? 0
        let notRead = try Row.fetchAll(db, sql: """
            SELECT i.memberId, coalesce(c.name, '') AS name, coalesce(c.orgCode, '') AS orgCode
            FROM inbox i LEFT JOIN contact c ON c.memberId = i.memberId
            WHERE i.noticeId = ? AND i.readAt IS NULL AND i.memberId NOT LIKE '\(Inbox.adminPrefix)%' ORDER BY i.memberId LIMIT ? OFFSET ?
            """, arguments: [request.noticeId, limit, offset]).map {
            NoticeReader(memberId: $0["memberId"], name: $0["name"], orgCode: $0["orgCode"])
        }
        return NoticeReceipts(noticeId: request.noticeId, recipients: total, read: total - unread, unread: unread, notRead: notRead)
    }
}

/// Each member's and each administrator's messages: list, unread count, mark read. A member's rows
/// are keyed by member id, an administrator's by `admin:<accountId>` (identity's ids are UUIDs, so
/// the two never meet).
public enum Inbox {
    static let adminPrefix = "admin:"

    static func adminKey(_ accountId: String) -> String { adminPrefix + accountId }

    /// Whose inbox the actor reads: a member's own, an administrator account's own; nil for others.
    static func recipientKey(_ actor: Actor) -> String? {
        guard !actor.id.isEmpty else { return nil }
        switch actor.kind {
        case .member: return actor.id
        case .admin: return adminKey(actor.id)
        case .service, .anonymous: return nil
        }
    }

    static func requireRecipient(_ actor: Actor) throws -> String {
        guard let key = recipientKey(actor) else {
            // Only people have an inbox: a service or an anonymous caller has none.
            throw ErrorBody.make(ErrorCode.notificationsForbidden, details: ["field": "actor", "reason": "no_inbox"])
        }
        return key
    }

    public static func unreadCount(_ db: Database, by actor: Actor) throws -> UnreadCount {
        let key = try requireRecipient(actor)
        return UnreadCount(unread: try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) FROM inbox WHERE memberId = ? AND readAt IS NULL"),
                                                    arguments: [key]) ?? 0)
    }

    public static func list(_ db: Database, _ request: InboxListRequest, by actor: Actor) throws -> InboxPage {
        let key = try requireRecipient(actor)
        let limit = min(max(request.limit ?? 20, 1), Notices.maxPage), offset = max(request.offset ?? 0, 0)
        let filter = request.unreadOnly == true ? "AND readAt IS NULL" : ""
        let items = try Row.fetchAll(db, sql: """
            SELECT * FROM inbox WHERE memberId = ? \(filter) ORDER BY createdAt DESC, id LIMIT ? OFFSET ?
            """, arguments: [key, limit, offset]).map {
            InboxItem(id: $0["id"], kind: $0["kind"], noticeId: $0["noticeId"], title: $0["title"], body: $0["body"],
                      createdAt: $0["createdAt"], readAt: $0["readAt"])
        }
        let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM inbox WHERE memberId = ? \(filter)", arguments: [key]) ?? 0
        return InboxPage(items: items, total: total, unread: try unreadCount(db, by: actor).unread)
    }

    /// Marks the member's own items read (others' ids are ignored); returns what stays unread.
    public static func markRead(_ db: Database, _ request: InboxReadRequest, by actor: Actor, now: Date) throws -> UnreadCount {
        let key = try requireRecipient(actor)
        if request.all == true {
            try db.cachedStatement(sql: "UPDATE inbox SET readAt = ? WHERE memberId = ? AND readAt IS NULL").execute(arguments: [now, key])
        } else {
            guard let ids = request.ids, !ids.isEmpty, ids.count <= 500 else {
                throw ErrorBody.make(ErrorCode.schemaInvalid, details: ["field": "body.ids", "reason": "invalid_value"])
            }
            for id in ids {
                try db.cachedStatement(sql: "UPDATE inbox SET readAt = ? WHERE id = ? AND memberId = ? AND readAt IS NULL").execute(arguments: [now, id, key])
            }
        }
        return try unreadCount(db, by: actor)
    }
}

/// A delivery's status: a member sees the deliveries addressed to themself, an administrator those to
/// members of their subtree (`Authority.actsOnMember`, on the recipient's branch as notifications'
/// contact copy holds it) and to administrator accounts there (`Authority.actsOnAdministrator`), a
/// service (and the city) any. Phones and openids are masked; a message's parameters (a code) are never shown.
public enum DeliveryStatus {
    static let maxPage = 200

    public static func get(_ db: Database, _ ref: DeliveryRef, by actor: Actor) throws -> DeliveryView {
        guard let job = try DeliveryQueue.find(db, id: ref.deliveryId) else {
            throw ErrorBody.make(ErrorCode.notificationsDeliveryNotFound)
        }
        let decision = try mayRead(db, job, by: actor)
        guard decision.isAllowed else {
            throw ErrorBody.make(ErrorCode.notificationsForbidden,
                                 details: ["field": "body.deliveryId", "reason": decision.reason?.rawValue ?? "out_of_scope"])
        }
        return view(job)
    }

    static func view(_ job: Delivery) -> DeliveryView {
        let masked = job.recipient.isEmpty ? nil
            : job.channel == Channel.sms.rawValue ? PersonalData.maskPhone(job.recipient) : String(job.recipient.prefix(6)) + "****"
        return DeliveryView(id: job.id, channel: job.channel, state: job.state.rawValue, memberId: job.memberId,
                            templateKey: job.templateKey, recipient: masked, attempts: job.attempts,
                            providerMessageId: job.providerMessageId, lastError: job.lastError, fallbackOf: job.fallbackOf,
                            createdAt: job.createdAt, updatedAt: job.updatedAt, adminId: job.adminId, sourceKey: job.sourceKey,
                            nextAttemptAt: job.nextAttemptAt)
    }

    static func mayRead(_ db: Database, _ job: Delivery, by actor: Actor) throws -> Authority.Decision {
        let actorOrg = try ContactBook.actorOrg(db, actor)
        if let adminId = job.adminId {
            return try mayReadAdmin(db, adminId, by: actor, actorOrg: actorOrg)
        }
        guard let memberId = job.memberId else {
            // Sent to a bare phone number (a verification code): it sits nowhere in the tree, so only
            // those who administer all of it see it.
            return Authority.administers(actor, path: Authority.everything, actorOrg: actorOrg)
        }
        return try mayReadMember(db, memberId, by: actor, actorOrg: actorOrg)
    }

    static func mayReadMember(_ db: Database, _ memberId: String, by actor: Actor, actorOrg: Authority.Org?) throws -> Authority.Decision {
        // A recipient notifications has no branch for yet sits, likewise, only under the root of all.
        let orgPath = try String.fetchOne(db.cachedStatement(sql: "SELECT orgPath FROM contact WHERE memberId = ? AND orgPath != ''"),
                                          arguments: [memberId]) ?? Authority.everything
        return Authority.actsOnMember(actor, memberId: memberId, orgPath: orgPath, actorOrg: actorOrg)
    }

    static func mayReadAdmin(_ db: Database, _ accountId: String, by actor: Actor, actorOrg: Authority.Org?) throws -> Authority.Decision {
        let orgPath = try ContactBook.adminPath(db, accountId: accountId) ?? Authority.everything
        return Authority.actsOnAdministrator(actor, accountId: accountId, orgPath: orgPath, actorOrg: actorOrg)
    }

    static func forbidden(_ field: String, _ decision: Authority.Decision) -> ErrorBody {
        ErrorBody.make(ErrorCode.notificationsForbidden,
                       details: ["field": field, "reason": decision.reason?.rawValue ?? "out_of_scope"])
    }

    /// Deliveries selected by exactly one of notice, event, source, member or administrator account,
    /// oldest first. The selector must be in the caller's scope (a notice: every organization it was
    /// addressed to; a member or account: as `get`); by event or source, an administrator sees the rows
    /// of recipients in their subtree and a member only their own.
    public static func list(_ db: Database, _ request: DeliveryListRequest, by actor: Actor) throws -> DeliveryList {
        func given(_ value: String?) -> String? {
            guard let v = value?.trimmingCharacters(in: .whitespaces), !v.isEmpty else { return nil }
            return v
        }
        let selectors: [(field: String, value: String)] = [
            ("noticeId", given(request.noticeId)), ("eventId", given(request.eventId)), ("sourceKey", given(request.sourceKey)),
            ("memberId", given(request.memberId)), ("adminId", given(request.adminId)),
        ].compactMap { pair in pair.1.map { (field: pair.0, value: $0) } }
        guard selectors.count == 1, let selector = selectors.first else {
            throw ErrorBody.make(ErrorCode.notificationsDeliveryFilterInvalid,
                                 details: ["field": "body." + (selectors.count > 1 ? selectors[1].field : "noticeId")])
        }
        guard actor.kind != .anonymous else { throw forbidden("body." + selector.field, .denied(.anonymous)) }
        let field = "body." + selector.field
        let actorOrg = try ContactBook.actorOrg(db, actor)
        var condition: String
        var arguments: [any DatabaseValueConvertible] = []
        // Rows of recipients outside the caller's view are left out (members: their own only).
        var restrict = true
        switch selector.field {
        case "noticeId":
            guard let paths = try String.fetchOne(db.cachedStatement(sql: "SELECT orgPaths FROM notice WHERE id = ?"), arguments: [selector.value]) else {
                throw ErrorBody.make(ErrorCode.notificationsNoticeNotFound, details: ["field": field])
            }
            if actor.kind != .member {
                for path in Notices.decodeStrings(paths) {
                    let decision = Authority.administers(actor, path: path, actorOrg: actorOrg)
                    guard decision.isAllowed else { throw forbidden(field, decision) }
                }
                restrict = false
            }
            condition = "d.sourceKey = ?"
            arguments.append("notice:" + selector.value)
        case "eventId", "sourceKey":
            condition = "d.sourceKey = ?"
            arguments.append(selector.field == "eventId" ? "event:" + selector.value : selector.value)
        case "memberId":
            let decision = try mayReadMember(db, selector.value, by: actor, actorOrg: actorOrg)
            guard decision.isAllowed else { throw forbidden(field, decision) }
            condition = "d.memberId = ?"
            arguments.append(selector.value)
            restrict = false
        default:
            let decision = try mayReadAdmin(db, selector.value, by: actor, actorOrg: actorOrg)
            guard decision.isAllowed else { throw forbidden(field, decision) }
            condition = "d.adminId = ?"
            arguments.append(selector.value)
            restrict = false
        }
        var joins = ""
        if actor.kind == .member {
            condition += " AND d.memberId = ?"
            arguments.append(actor.id)
        } else if restrict, let scope = Authority.administeredPath(actor, actorOrg: actorOrg), scope != Authority.everything {
            joins = "LEFT JOIN contact c ON c.memberId = d.memberId LEFT JOIN admin a ON a.accountId = d.adminId"
            condition += " AND coalesce(a.orgPath, c.orgPath, '') >= ? AND coalesce(a.orgPath, c.orgPath, '') < ?"
            arguments.append(scope)
            arguments.append(scope + "\u{FFFF}")
        } else if restrict, Authority.administeredPath(actor, actorOrg: actorOrg) == nil {
            throw forbidden(field, .denied(.outOfScope))
        }
        let limit = min(max(request.limit ?? 50, 1), maxPage), offset = max(request.offset ?? 0, 0)
        let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM delivery d \(joins) WHERE \(condition)",
                                     arguments: StatementArguments(arguments)) ?? 0
        let items = try Delivery.fetchAll(db, sql: """
            SELECT d.* FROM delivery d \(joins) WHERE \(condition) ORDER BY d.createdAt, d.id LIMIT ? OFFSET ?
            """, arguments: StatementArguments(arguments + [limit, offset])).map(view)
        return DeliveryList(items: items, total: total)
    }
}
