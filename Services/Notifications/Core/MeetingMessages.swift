import Foundation
import GRDB
import Schema

/// Meetings' invitations and reminders: each member named, by WeChat template message when bound,
/// else SMS, and always the inbox. A committee-wide 党课 names thousands: the text is worked out once.
enum MeetingMessages {
    static func invite(_ db: Database, _ e: MeetingInvitationEvent, type: String, sourceKey: String, now: Date) throws {
        guard let template = TemplateCatalog.template(type) else { return }
        let params = ["title": "\(e.orgName)\(e.kindName)「\(e.name)」", "time": EventIntake.chinaTime(e.startsAt),
                      "place": e.mode == .online ? "线上" : (e.place ?? "另行通知")]
        let prepared = try MemberMessages.Prepared(template: template, params: params)
        for memberId in e.memberIds {
            try MemberMessages.enqueue(db, memberId: memberId, template: template, params: params, sourceKey: sourceKey,
                                       prepared: prepared, now: now)
        }
    }

    /// A care request: filed → the organization that approves it; decided or handled → the member.
    static func care(_ db: Database, _ e: CareRequestView, sourceKey: String, now: Date) throws {
        switch e.status {
        case .pending:
            guard let template = TemplateCatalog.template("meetings.care.pending") else { return }
            try EventIntake.tellAdministrators(db, orgCode: e.handlerOrgCode, template: template,
                                               params: ["org": e.orgName, "name": e.memberName, "kind": e.kind.chineseName],
                                               sourceKey: sourceKey, now: now)
        case .approved, .rejected, .handled:
            guard let template = TemplateCatalog.template("meetings.care.step") else { return }
            let step = switch e.status {
            case .approved: "\(e.handlerOrgName)已批准，正在办理"
            case .rejected: "\(e.handlerOrgName)未批准" + (e.comment.map { "（\($0)）" } ?? "")
            default: "已办理：" + (e.handling ?? "")
            }
            try MemberMessages.enqueue(db, memberId: e.memberId, template: template, params: ["kind": e.kind.chineseName, "step": step],
                                       sourceKey: sourceKey, now: now)
        }
    }
}
