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
}
