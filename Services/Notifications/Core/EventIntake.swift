import Foundation
import GRDB
import Schema

/// One message to one member: an inbox row always, and a delivery by WeChat when the member has a
/// bound openid, by SMS otherwise (the phone is resolved when sending).
public enum MemberMessages {
    /// Stores the inbox row and the delivery for `memberId`, both deduplicated by `sourceKey`.
    /// `openid` is what the caller already knows (nil: look it up).
    @discardableResult
    public static func enqueue(_ db: Database, memberId: String, template: MessageTemplate, params: [String: String],
                               sourceKey: String, noticeId: String? = nil, openid: String?? = nil,
                               prepared: Prepared? = nil, now: Date) throws -> Bool {
        let inboxKind = noticeId == nil ? template.key : TemplateCatalog.notice
        // Cached statements: a notice runs these once per member.
        try db.cachedStatement(sql: """
            INSERT INTO inbox (id, memberId, kind, noticeId, sourceKey, title, body, createdAt)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(memberId, sourceKey) DO NOTHING
            """).execute(arguments: [UUID().uuidString.lowercased(), memberId, inboxKind, noticeId, sourceKey,
                                     noticeId == nil ? template.title : (params["title"] ?? template.title),
                                     prepared?.body ?? template.render(params), now])
        let known: String? = try openid ?? String.fetchOne(db.cachedStatement(sql: "SELECT openid FROM contact WHERE memberId = ?"),
                                                           arguments: [memberId])
        let channel: Channel = known == nil ? .sms : .wechat
        var job = NewDelivery(
            dedupKey: "\(sourceKey)|\(memberId)|\(template.key)", channel: channel, memberId: memberId,
            templateKey: template.key,
            templateCode: channel == .wechat ? template.wechatTemplateId : template.smsTemplateCode,
            params: params, sourceKey: sourceKey)
        job.encodedParams = prepared?.params
        return try DeliveryQueue.enqueue(db, job, now: now)
    }

    /// What is the same for every recipient of one message (a notice), worked out once.
    public struct Prepared: Sendable {
        let body: String
        let params: String

        public init(template: MessageTemplate, params: [String: String]) throws {
            body = template.render(params)
            self.params = try DeliveryQueue.encode(params)
        }
    }
}

/// One message to one administrator account: an inbox row always (keyed `admin:<accountId>`, see
/// `Inbox.recipientKey`), and an SMS to the account's mobile (no WeChat for administrators), resolved
/// from the `admin` copy when sent, through the same delivery queue.
public enum AdminMessages {
    @discardableResult
    public static func enqueue(_ db: Database, accountId: String, template: MessageTemplate, params: [String: String],
                               sourceKey: String, noticeId: String? = nil, prepared: MemberMessages.Prepared? = nil,
                               now: Date) throws -> Bool {
        let key = Inbox.adminKey(accountId)
        try db.cachedStatement(sql: """
            INSERT INTO inbox (id, memberId, kind, noticeId, sourceKey, title, body, createdAt)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(memberId, sourceKey) DO NOTHING
            """).execute(arguments: [UUID().uuidString.lowercased(), key, noticeId == nil ? template.key : TemplateCatalog.notice,
                                     noticeId, sourceKey, noticeId == nil ? template.title : (params["title"] ?? template.title),
                                     prepared?.body ?? template.render(params), now])
        var job = NewDelivery(dedupKey: "\(sourceKey)|\(key)|\(template.key)", channel: .sms, templateKey: template.key,
                              templateCode: template.smsTemplateCode, params: params, sourceKey: sourceKey)
        job.adminId = accountId
        job.encodedParams = prepared?.params
        return try DeliveryQueue.enqueue(db, job, now: now)
    }
}

/// Turns other services' events into contact-copy changes and delivery jobs, inside the consumer's
/// transaction (so each event yields its jobs exactly once).
public enum EventIntake {
    /// `identity.verification_code.requested`: the body fields notifications relies on.
    struct VerificationCode: Decodable {
        var phone: String
        var code: String
        var purpose: String
        var expiresAt: Date?
    }

    static func chinaTime(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "Asia/Shanghai")
        f.dateFormat = "yyyy-MM-dd HH:mm"
        return f.string(from: date)
    }

    static func yuan(_ fen: Int64) -> String {
        let sign = fen < 0 ? "-" : ""
        let v = abs(fen)
        return "\(sign)\(v / 100).\(String(format: "%02d", Int(v % 100)))"
    }

    /// Applies one event from `source` (the consumer's, one of `--sources`); events of other types are ignored.
    public static func apply(_ db: Database, source: String, event: Envelope<JSONValue>, settings: NotificationsSettings,
                             now: Date) throws {
        guard let body = event.body else { return }
        let sourceKey = "event:\(event.id)"
        switch event.type {
        case "identity.verification_code.requested":
            let request = try body.decode(as: VerificationCode.self, at: ["body"])
            let template = settings.smsTemplates.code(for: request.purpose)
            // Verification codes go by SMS only, to the phone on record that identity put in the event,
            // in the slot the per-recipient limits allow (scheduled, never refused).
            let slot = try settings.codeLimits.slot(db, phone: request.phone, now: now)
            try DeliveryQueue.enqueue(db, NewDelivery(
                dedupKey: "\(event.id)|sms|\(request.phone)|\(template)", channel: .sms, recipient: request.phone,
                templateKey: TemplateCatalog.code, templateCode: template, params: ["code": request.code],
                sourceKey: sourceKey, expiresAt: request.expiresAt, nextAttemptAt: slot, scheduledAt: slot), now: now)
        case PaymentsEvent.orderRefunded:
            let b = try body.decode(as: OrderRefundedEvent.self, at: ["body"])
            guard let template = TemplateCatalog.template(event.type) else { return }
            try MemberMessages.enqueue(db, memberId: b.payerMemberId, template: template, params: [
                "months": b.months.joined(separator: "、"), "amount": yuan(b.amountFen), "reason": b.reason,
            ], sourceKey: sourceKey, now: now)
        case PaymentsEvent.debitFailed:
            let b = try body.decode(as: DebitFailedEvent.self, at: ["body"])
            guard let template = TemplateCatalog.template(event.type) else { return }
            try MemberMessages.enqueue(db, memberId: b.payerMemberId, template: template, params: [
                "months": b.months.joined(separator: "、"), "amount": yuan(b.amountFen), "card": b.cardLast4, "reason": b.reason,
            ], sourceKey: sourceKey, now: now)
        case PaymentsEvent.refundRejected:
            let b = try body.decode(as: RefundApplicationView.self, at: ["body"])
            guard let template = TemplateCatalog.template(event.type) else { return }
            try MemberMessages.enqueue(db, memberId: b.memberId, template: template, params: [
                "amount": yuan(b.amountFen), "comment": b.reviewComment ?? "",
            ], sourceKey: sourceKey, now: now)
        case "identity.org.created", "identity.org.updated", "identity.org.dissolved":
            try ContactBook.upsertOrg(db, try body.decode(as: OrganizationEvent.self, at: ["body"]))
        case "identity.org.moved":
            try ContactBook.moveOrg(db, try body.decode(as: OrganizationMovedEvent.self, at: ["body"]))
        case "identity.member.created", "identity.member.moved", "identity.member.removed":
            try ContactBook.upsertMember(db, try body.decode(as: MemberEvent.self, at: ["body"]), forgetPhone: false, now: now)
        case "identity.member.updated":
            try ContactBook.upsertMember(db, try body.decode(as: MemberEvent.self, at: ["body"]), forgetPhone: true, now: now)
        case "identity.wechat.bound":
            let b = try body.decode(as: WeChatBindingEvent.self, at: ["body"])
            try ContactBook.bindWeChat(db, memberId: b.memberId, openid: b.openid, now: now)
        case "identity.wechat.unbound":
            let b = try body.decode(as: WeChatBindingEvent.self, at: ["body"])
            try ContactBook.unbindWeChat(db, memberId: b.memberId, openid: b.openid, now: now)
        case "identity.password.changed":
            let b = try body.decode(as: PasswordChangedEvent.self, at: ["body"])
            // The first change (forced at first login) is the member's own doing: no alert.
            guard let memberId = b.memberId, b.reason != PasswordChangedEvent.reasonFirstLogin,
                  let template = TemplateCatalog.template(event.type) else { return }
            try MemberMessages.enqueue(db, memberId: memberId, template: template, params: ["time": chinaTime(event.sentAt)],
                                       sourceKey: sourceKey, now: now)
        case IdentityEvent.adminChanged:
            try ContactBook.upsertAdmin(db, try body.decode(as: AdminEvent.self, at: ["body"]), now: now)
        case IdentityEvent.profileSubmitted:
            // The branch secretary reviews it (never their own change: then the branch's administrators).
            let b = try body.decode(as: ProfileChangeSubmittedEvent.self, at: ["body"])
            guard let template = TemplateCatalog.template(event.type) else { return }
            let fields = b.fields.map { ProfileFieldNames.chinese[$0] ?? $0 }.joined(separator: "、")
            try tellBranchReviewer(db, orgCode: b.orgCode, exceptMemberId: b.memberId, template: template,
                                   params: ["name": b.memberName, "fields": fields], sourceKey: sourceKey, now: now)
        case DuesEvent.proposalSubmitted:
            let b = try body.decode(as: ProposalView.self, at: ["body"])
            guard b.status == .pending, let template = TemplateCatalog.template(event.type) else { return }
            try tellBranchReviewer(db, orgCode: b.orgCode, exceptMemberId: b.memberId, template: template,
                                   params: ["name": b.memberName, "amount": yuan(b.amountFen)], sourceKey: sourceKey, now: now)
        case DuesEvent.proxyChanged:
            // Only a request waiting for the proxy's confirmation is news to the proxy.
            let b = try body.decode(as: ProxyEvent.self, at: ["body"])
            guard b.proxy.status == .pending, let template = TemplateCatalog.template(event.type) else { return }
            try MemberMessages.enqueue(db, memberId: b.proxy.proxyMemberId, template: template,
                                       params: ["name": b.proxy.memberName], sourceKey: sourceKey, now: now)
        case DuesEvent.memberFlagged:
            let b = try body.decode(as: MemberFlaggedEvent.self, at: ["body"])
            guard let template = TemplateCatalog.template(event.type) else { return }
            let params = ["name": b.memberName, "count": String(b.consecutiveMonths),
                          "from": b.months.first ?? "", "to": b.months.last ?? ""]
            let admins = try ContactBook.admins(db, orgCode: b.orgCode)
            for accountId in admins {
                try AdminMessages.enqueue(db, accountId: accountId, template: template, params: params, sourceKey: sourceKey, now: now)
            }
            // A branch with no active administrator known: its secretary, so the flag is not lost.
            if admins.isEmpty, let secretary = try ContactBook.secretary(db, orgCode: b.orgCode), secretary != b.memberId {
                try MemberMessages.enqueue(db, memberId: secretary, template: template, params: params, sourceKey: sourceKey, now: now)
            }
        case "dues.standards.submitted":
            // The body is dues' own contract type (Schema), so the two services cannot drift apart.
            let b = try body.decode(as: StandardsSubmittedEvent.self, at: ["body"])
            guard let template = TemplateCatalog.template(event.type) else { return }
            for member in b.members where member.amountFen > 0 {
                try MemberMessages.enqueue(db, memberId: member.memberId, template: template,
                                           params: ["month": b.month, "amount": yuan(member.amountFen)], sourceKey: sourceKey, now: now)
            }
        case TransfersEvent.changed:
            try TransferMessages.changed(db, try body.decode(as: TransferChangedEvent.self, at: ["body"]), sourceKey: sourceKey, now: now)
        case TransfersEvent.receiptOverdue:
            try TransferMessages.receiptOverdue(db, try body.decode(as: ReceiptOverdueEvent.self, at: ["body"]), sourceKey: sourceKey, now: now)
        case MeetingsEvent.careChanged:
            try MeetingMessages.care(db, try body.decode(as: CareRequestView.self, at: ["body"]), sourceKey: sourceKey, now: now)
        case MeetingsEvent.published, MeetingsEvent.reminded:
            try MeetingMessages.invite(db, try body.decode(as: MeetingInvitationEvent.self, at: ["body"]), type: event.type,
                                       sourceKey: sourceKey, now: now)
        default:
            return
        }
    }

    /// Something for an organization's administrators (inbox and SMS); with no active administrator
    /// known, its secretary (a member: inbox and WeChat or SMS), so the message is not lost.
    static func tellAdministrators(_ db: Database, orgCode: String, template: MessageTemplate, params: [String: String],
                                   sourceKey: String, now: Date) throws {
        let admins = try ContactBook.admins(db, orgCode: orgCode)
        for accountId in admins {
            try AdminMessages.enqueue(db, accountId: accountId, template: template, params: params, sourceKey: sourceKey, now: now)
        }
        if admins.isEmpty, let secretary = try ContactBook.secretary(db, orgCode: orgCode) {
            try MemberMessages.enqueue(db, memberId: secretary, template: template, params: params, sourceKey: sourceKey, now: now)
        }
    }

    /// A change waiting for the branch: its secretary is told; with no secretary known (or the
    /// secretary's own change), the branch's active administrators are.
    static func tellBranchReviewer(_ db: Database, orgCode: String, exceptMemberId: String, template: MessageTemplate,
                                   params: [String: String], sourceKey: String, now: Date) throws {
        if let secretary = try ContactBook.secretary(db, orgCode: orgCode), secretary != exceptMemberId {
            try MemberMessages.enqueue(db, memberId: secretary, template: template, params: params, sourceKey: sourceKey, now: now)
            return
        }
        for accountId in try ContactBook.admins(db, orgCode: orgCode) {
            try AdminMessages.enqueue(db, accountId: accountId, template: template, params: params, sourceKey: sourceKey, now: now)
        }
    }
}

/// Profile field names (ProfileFields) as the secretary reads them.
enum ProfileFieldNames {
    static let chinese: [String: String] = [
        "phone": "手机号码", "ethnicity": "民族", "unit": "工作单位", "name": "姓名", "idNumber": "身份证号",
        "memberType": "党员类别", "joinDate": "入党日期", "post": "党内职务", "sex": "性别", "birthDate": "出生日期",
    ]
}
