import Foundation

/// What one kind of message looks like on each channel. `text` renders the inbox body and is the
/// content behind the provider templates: `{name}` is replaced by the parameter `name`.
public struct MessageTemplate: Sendable, Equatable {
    /// The event type (or "notice", "code") this template is for.
    public var key: String
    /// Inbox title, and the WeChat template's first line.
    public var title: String
    /// The WeChat official-account template (template_id registered with WeChat).
    public var wechatTemplateId: String
    /// The SMS template registered with Aliyun.
    public var smsTemplateCode: String
    /// Parameter names the templates use, in order (WeChat `data` keys; SMS TemplateParam keys).
    public var fields: [String]
    public var text: String
    /// Verification codes: SMS only, no inbox.
    public var smsOnly: Bool

    public func render(_ params: [String: String]) -> String {
        var out = text
        for (name, value) in params { out = out.replacingOccurrences(of: "{\(name)}", with: value) }
        return out
    }
}

/// The one table of messages: event type → template code, title and fields.
///
/// Expected event bodies (notifications reads only these fields):
/// - `dues.standards.submitted` (`StandardsSubmittedEvent` in Schema/Dues): each member with an amount
///   above zero is told the month and their amount.
/// - `meetings.meeting.published` (`MeetingInvitationEvent` in Schema/Meetings): each invited member is told
///   the meeting, its time and place; `meetings.meeting.reminded` (the same body): each member who has not
///   answered is asked to 报名 or 请假. `meetings.care.changed` (`CareRequestView`): pending → the handling organization's
///   administrators (template `meetings.care.pending`); approved, rejected, handled → the member (`meetings.care.step`).
/// - `transfers.transfer.changed` (`TransferChangedEvent` in Schema/Transfers): pending → the waiting
///   organization's administrators (template `transfers.transfer.pending`; with none known, its secretary);
///   approved, returned, completed, revoked → the member, when known (template `transfers.transfer.step`).
/// - `transfers.receipt.overdue` (`ReceiptOverdueEvent`): the sending branch's administrators (with none known, its secretary).
/// - `identity.password.changed` (`PasswordChangedEvent`): the member (if `memberId`) is told.
/// - `identity.profile.submitted` (`ProfileChangeSubmittedEvent`), `dues.proposal.submitted` (`ProposalView`,
///   pending): the branch secretary (`OrganizationEvent.secretaryMemberId`) is told; with none known, or for the
///   secretary's own change, the branch's administrators (SMS).
/// - `dues.proxy.changed` (`ProxyEvent`, status pending): the named proxy is told to confirm.
/// - `dues.member.flagged` (`MemberFlaggedEvent`): the branch's administrators are told (SMS; no WeChat for them); with
///   none known, its secretary.
/// - `identity.verification_code.requested` (`VerificationCodeRequestedEvent`): SMS only, to `phone`.
public enum TemplateCatalog {
    public static let code = "code"
    public static let notice = "notice"

    public static let all: [String: MessageTemplate] = Dictionary(uniqueKeysWithValues: [
        MessageTemplate(key: notice, title: "通知公告", wechatTemplateId: "TPL_DJ_NOTICE", smsTemplateCode: "SMS_DJ_NOTICE",
                        fields: ["title", "publisher"], text: "您有一条新的通知公告：{title}", smsOnly: false),
        MessageTemplate(key: "dues.standards.submitted", title: "党费缴纳提醒", wechatTemplateId: "TPL_DJ_DUES_OPEN",
                        smsTemplateCode: "SMS_DJ_DUES_OPEN", fields: ["month", "amount"],
                        text: "{month} 党费已开始缴纳，您本月应缴 {amount} 元。", smsOnly: false),
        MessageTemplate(key: "meetings.meeting.published", title: "会议通知", wechatTemplateId: "TPL_DJ_MEETING",
                        smsTemplateCode: "SMS_DJ_MEETING", fields: ["title", "time", "place"],
                        text: "请参加会议：{title}，时间 {time}，地点 {place}。请登录平台报名或请假。", smsOnly: false),
        MessageTemplate(key: "meetings.meeting.reminded", title: "会议报名提醒", wechatTemplateId: "TPL_DJ_MEETING",
                        smsTemplateCode: "SMS_DJ_MEETING_REMIND", fields: ["title", "time", "place"],
                        text: "您尚未确认是否参加会议：{title}（{time}，{place}），请登录平台报名或请假。", smsOnly: false),
        MessageTemplate(key: "meetings.care.pending", title: "党员关爱申请待审批", wechatTemplateId: "TPL_DJ_REVIEW",
                        smsTemplateCode: "SMS_DJ_CARE_PENDING", fields: ["org", "name", "kind"],
                        text: "{org}提交了党员{name}的关爱申请（{kind}），请登录平台审批。", smsOnly: false),
        MessageTemplate(key: "meetings.care.step", title: "党员关爱", wechatTemplateId: "TPL_DJ_CARE",
                        smsTemplateCode: "SMS_DJ_CARE", fields: ["kind", "step"],
                        text: "关于您的关爱申请（{kind}）：{step}。", smsOnly: false),
        MessageTemplate(key: "transfers.transfer.step", title: "组织关系转接进度", wechatTemplateId: "TPL_DJ_TRANSFER",
                        smsTemplateCode: "SMS_DJ_TRANSFER", fields: ["step"],
                        text: "您的组织关系转接：{step}。", smsOnly: false),
        MessageTemplate(key: "transfers.transfer.pending", title: "组织关系转接待办理", wechatTemplateId: "TPL_DJ_REVIEW",
                        smsTemplateCode: "SMS_DJ_TRANSFER_PENDING", fields: ["name", "kind", "action"],
                        text: "党员{name}的组织关系转接（{kind}）待您{action}，请登录平台办理。", smsOnly: false),
        MessageTemplate(key: "transfers.receipt.overdue", title: "介绍信回执未返回", wechatTemplateId: "TPL_DJ_REVIEW",
                        smsTemplateCode: "SMS_DJ_TRANSFER_RECEIPT", fields: ["name", "number", "date"],
                        text: "党员{name}的组织关系介绍信（字第{number}号，{date}开具）回执尚未返回，请联系接收地党组织并上传回执。", smsOnly: false),
        MessageTemplate(key: "identity.password.changed", title: "账号安全提醒", wechatTemplateId: "TPL_DJ_SECURITY",
                        smsTemplateCode: "SMS_DJ_PASSWORD_CHANGED", fields: ["time"],
                        text: "您的登录密码已于 {time} 修改。如非本人操作，请联系党组织管理员。", smsOnly: false),
        MessageTemplate(key: "identity.profile.submitted", title: "党员信息变更待审核", wechatTemplateId: "TPL_DJ_REVIEW",
                        smsTemplateCode: "SMS_DJ_PROFILE_REVIEW", fields: ["name", "fields"],
                        text: "党员{name}提交了个人信息修改（{fields}），请登录平台审核。", smsOnly: false),
        MessageTemplate(key: "dues.proposal.submitted", title: "党费自报待审核", wechatTemplateId: "TPL_DJ_REVIEW",
                        smsTemplateCode: "SMS_DJ_DUES_PROPOSAL", fields: ["name", "amount"],
                        text: "党员{name}申报每月交纳党费 {amount} 元，请登录平台审核。", smsOnly: false),
        MessageTemplate(key: "dues.proxy.changed", title: "代交党费委托待确认", wechatTemplateId: "TPL_DJ_PROXY",
                        smsTemplateCode: "SMS_DJ_DUES_PROXY", fields: ["name"],
                        text: "党员{name}委托您代交党费，请登录网页端确认。", smsOnly: false),
        MessageTemplate(key: "dues.member.flagged", title: "党员连续未交党费提醒", wechatTemplateId: "TPL_DJ_DUES_FLAGGED",
                        smsTemplateCode: "SMS_DJ_DUES_FLAGGED", fields: ["name", "count", "from", "to"],
                        text: "党员{name}已连续 {count} 个月（{from} 至 {to}）未交纳党费，请及时了解情况。", smsOnly: false),
        MessageTemplate(key: "payments.order.refunded", title: "党费退款通知", wechatTemplateId: "TPL_DJ_REFUND",
                        smsTemplateCode: "SMS_DJ_DUES_REFUND", fields: ["months", "amount", "reason"],
                        text: "您交纳的党费（{months}）{amount} 元已原路退回。原因：{reason}。", smsOnly: false),
        MessageTemplate(key: "payments.refund.rejected", title: "退费申请未通过", wechatTemplateId: "TPL_DJ_REVIEW",
                        smsTemplateCode: "SMS_DJ_REFUND_REJECTED", fields: ["amount", "comment"],
                        text: "您的党费退费申请（{amount} 元）未通过。理由：{comment}", smsOnly: false),
        MessageTemplate(key: "payments.debit.failed", title: "党费代扣未成功", wechatTemplateId: "TPL_DJ_DEBIT_FAILED",
                        smsTemplateCode: "SMS_DJ_DEBIT_FAILED", fields: ["months", "amount", "card", "reason"],
                        text: "您的银行缴费协议（尾号{card}）代扣党费（{months}）{amount} 元未成功。原因：{reason}。请在线交纳或向支部交纳现金。", smsOnly: false),
        MessageTemplate(key: code, title: "验证码", wechatTemplateId: "", smsTemplateCode: "SMS_DJ_LOGIN_CODE",
                        fields: ["code"], text: "验证码 {code}，5分钟内有效。", smsOnly: true),
    ].map { ($0.key, $0) })

    public static func template(_ key: String) -> MessageTemplate? { all[key] }
}

/// Which approved SMS template each verification code uses (templates are registered with the provider).
public struct SmsTemplates: Codable, Sendable, Equatable {
    public var loginCode = "SMS_DJ_LOGIN_CODE"
    public var resetPasswordCode = "SMS_DJ_RESET_CODE"
    public var bindCode = "SMS_DJ_BIND_CODE"
    /// A payment's confirmation (the SMS factor).
    public var paymentCode = "SMS_DJ_PAY_CODE"

    public init() {}

    public init(from decoder: any Decoder) throws {
        // A settings file names only the templates it changes.
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = SmsTemplates()
        loginCode = try c.decodeIfPresent(String.self, forKey: .loginCode) ?? d.loginCode
        resetPasswordCode = try c.decodeIfPresent(String.self, forKey: .resetPasswordCode) ?? d.resetPasswordCode
        bindCode = try c.decodeIfPresent(String.self, forKey: .bindCode) ?? d.bindCode
        paymentCode = try c.decodeIfPresent(String.self, forKey: .paymentCode) ?? d.paymentCode
    }

    func code(for purpose: String) -> String {
        switch purpose {
        case "reset_password": resetPasswordCode
        case "bind": bindCode
        case "payment": paymentCode
        default: loginCode
        }
    }
}
