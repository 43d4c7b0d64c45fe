import Authority
import Documents
import Foundation
import GRDB
import Schema

/// 工作台账 (seed 003: what is recorded on the platform becomes the electronic ledger): one
/// organization's meetings held in a year, each with its attendance, minutes and decisions, as a PDF
/// (Noto Sans CJK embedded) or an XLSX sheet.
public enum Ledger {
    struct Entry {
        var meeting: MeetingRecord
        var counts: MeetingCounts
        var present: [String]
        var onLeave: [String]
        var minutes: MeetingMinutesView?
    }

    public static func export(_ db: Database, _ q: LedgerQuery, by actor: Actor) throws -> ExportReply {
        guard let scope = try Access.administeredPath(db, actor) else { throw Access.forbidden("query.orgCode") }
        guard let code = q.orgCode ?? actor.orgCode, let org = try OrgRow.fetch(db, code), Authority.isWithin(org.path, scope: scope) else {
            throw ErrorBody.make(ErrorCode.meetingsOrgInvalid, details: ["field": "query.orgCode"])
        }
        guard (2000...2100).contains(q.year) else { throw ErrorBody.make(ErrorCode.meetingsQueryInvalid, details: ["field": "query.year"]) }
        let entries = try self.entries(db, orgCode: org.code, year: q.year)
        let name = "\(org.name)\(q.year)年组织生活工作台账"
        switch q.format {
        case .pdf:
            return ExportReply(fileName: name + ".pdf", contentType: "application/pdf",
                               contentBase64: try pdf(title: name, entries).base64EncodedString(), rows: entries.count)
        case .xlsx:
            return ExportReply(fileName: name + ".xlsx", contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                               contentBase64: try xlsx(title: name, entries).base64EncodedString(), rows: entries.count)
        }
    }

    static func entries(_ db: Database, orgCode: String, year: Int) throws -> [Entry] {
        let (start, end) = BeijingYear.bounds(year)
        let meetings = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT * FROM meeting WHERE orgCode = ? AND held = 1 AND startsAt >= ? AND startsAt < ? ORDER BY startsAt, id
            """), arguments: [orgCode, start.timeIntervalSince1970, end.timeIntervalSince1970]).map(MeetingRecord.init)
        return try meetings.map { m in
            let invitees = try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM invitee WHERE meetingId = ? ORDER BY name, memberId"), arguments: [m.id])
                .map(InviteeRow.init)
            return Entry(meeting: m, counts: try Views.counts(db, m.id),
                         present: invitees.filter { $0.checkInMethod != nil }.map(\.name),
                         onLeave: invitees.filter { $0.checkInMethod == nil && $0.answer == .leave }
                            .map { "\($0.name)（\($0.leaveReason ?? "请假")）" },
                         minutes: try Records.view(db, meetingId: m.id))
        }
    }

    static func day(_ date: Date) -> String {
        let c = BeijingYear.calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d", c.year!, c.month!, c.day!, c.hour!, c.minute!)
    }

    static func pdf(title: String, _ entries: [Entry]) throws -> Data {
        let pdf = try PDFWriter(metadata: .init(title: title, subject: "组织生活工作台账"))
        pdf.title(title, size: 18)
        pdf.paragraph("共 \(entries.count) 次会议", alignment: .center)
        pdf.table(columns: [.init("序号", share: 0.5, alignment: .center), .init("时间", share: 1.6), .init("类型", share: 1.2),
                            .init("会议名称", share: 2.4), .init("应到", share: 0.6, alignment: .right), .init("实到", share: 0.6, alignment: .right)],
                  rows: entries.enumerated().map { i, e in
                      ["\(i + 1)", day(e.meeting.startsAt), e.meeting.kindName, e.meeting.name, "\(e.counts.invited)", "\(e.counts.checkedIn)"]
                  })
        for (i, e) in entries.enumerated() {
            pdf.space(10)
            pdf.rule()
            pdf.paragraph("\(i + 1). \(e.meeting.kindName)：\(e.meeting.name)", size: 12, bold: true)
            pdf.row("时间", "\(day(e.meeting.startsAt)) 至 \(day(e.meeting.endsAt))")
            pdf.row("地点", e.meeting.mode == .online ? "线上" : (e.meeting.place ?? ""))
            pdf.row("主题", e.meeting.topic)
            pdf.row("应到 / 实到 / 请假", "\(e.counts.invited) / \(e.counts.checkedIn) / \(e.counts.onLeave)")
            pdf.row("出席人员", e.present.joined(separator: "、"))
            if !e.onLeave.isEmpty { pdf.row("请假人员", e.onLeave.joined(separator: "、")) }
            if let minutes = e.minutes?.minutes { pdf.row("会议记录", minutes) }
            if let decisions = e.minutes?.decisions { pdf.row("决议", decisions) }
            if let photos = e.minutes?.photos, !photos.isEmpty { pdf.row("照片", "\(photos.count) 张（存于平台）") }
        }
        return try pdf.finish()
    }

    static func xlsx(title: String, _ entries: [Entry]) throws -> Data {
        let header = ["时间", "会议类型", "会议名称", "地点", "主题", "应到", "实到", "请假", "出席人员", "请假人员", "会议记录", "决议", "照片"]
        let rows = entries.map { e in
            [day(e.meeting.startsAt), e.meeting.kindName, e.meeting.name, e.meeting.mode == .online ? "线上" : (e.meeting.place ?? ""),
             e.meeting.topic, "\(e.counts.invited)", "\(e.counts.checkedIn)", "\(e.counts.onLeave)", e.present.joined(separator: "、"),
             e.onLeave.joined(separator: "、"), e.minutes?.minutes ?? "", e.minutes?.decisions ?? "", "\(e.minutes?.photos.count ?? 0)"]
        }
        return try XLSXSheet.write(sheetName: "工作台账", rows: [[title], header] + rows)
    }
}
