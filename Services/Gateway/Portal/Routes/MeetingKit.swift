import Foundation
import GatewayApp
import Schema

/// What the meeting pages share: a meeting as a template's data (facts, counts, quorum, the asker's
/// own invitation, topics, the record), the kinds to choose from, and Beijing times in forms.
enum MeetingKit {
    /// A meeting out of the asker's scope is the "no permission" page; every other refusal (an expired
    /// code, a branch that is not a village) is shown on the page that was asked for.
    static func rethrowIfOutOfScope(_ error: ErrorBody) throws(ErrorBody) {
        if error.code == ErrorCode.meetingsForbidden { throw error }
    }

    static func when(_ date: Date?) -> Any { date.map { Format.dateTime($0) as Any } ?? false }

    static func summary(_ s: MeetingSummary, base: String) -> [String: Any] {
        ["meetingId": s.meetingId, "href": base + OrgAdminKit.escape(s.meetingId), "kindName": s.kindName, "name": s.name,
         "orgName": s.orgName, "startsAt": Format.dateTime(s.startsAt), "endsAt": Format.dateTime(s.endsAt),
         "mode": s.mode.chineseName, "invited": s.counts.invited, "registered": s.counts.registered, "onLeave": s.counts.onLeave,
         "unconfirmed": s.counts.unconfirmed, "checkedIn": s.counts.checkedIn,
         "myState": s.mine.map { state($0) as Any } ?? false]
    }

    /// A member's state in one word: 未确认 / 已报名 / 已请假, and 已签到 once checked in.
    static func state(_ a: AttendeeView) -> String {
        if a.checkedIn { return "已签到" }
        switch a.answer {
        case .register?: return "已报名"
        case .leave?: return "已请假"
        case nil: return "未确认"
        }
    }

    static func attendee(_ a: AttendeeView) -> [String: Any] {
        ["memberId": a.memberId, "name": a.name, "memberType": a.memberType, "state": state(a),
         "answer": a.answer?.chineseName ?? "未确认", "unconfirmed": a.answer == nil,
         "leaveReason": OrgAdminKit.some(a.leaveReason), "checkedIn": a.checkedIn,
         "method": a.checkInMethod?.chineseName ?? "", "checkedInAt": when(a.checkedInAt)]
    }

    static func data(_ m: MeetingView, now: Date = Date()) -> [String: Any] {
        var data: [String: Any] = [
            "meetingId": m.meetingId, "kindName": m.kindName, "name": m.name, "orgName": m.orgName,
            "startsAt": Format.dateTime(m.startsAt), "endsAt": Format.dateTime(m.endsAt), "place": OrgAdminKit.some(m.place),
            "topic": m.topic, "mode": m.mode.chineseName, "online": m.mode == .online, "publishedBy": m.publishedByName,
            "publishedAt": Format.dateTime(m.publishedAt), "counts": [
                "invited": m.counts.invited, "registered": m.counts.registered, "onLeave": m.counts.onLeave,
                "unconfirmed": m.counts.unconfirmed, "checkedIn": m.counts.checkedIn,
            ] as [String: Any],
            "canShowCode": m.canShowCode && m.mode == .offline, "upcoming": now < m.startsAt, "begun": now >= m.startsAt,
            "ended": now >= m.endsAt,
        ]
        if let q = m.quorum {
            data["quorum"] = ["entitled": q.entitled, "presentEntitled": q.presentEntitled, "presentProbationary": q.presentProbationary,
                              "needed": q.needed, "quorate": q.quorate, "hasProbationary": q.presentProbationary > 0] as [String: Any]
        } else {
            data["quorum"] = false
        }
        if let mine = m.mine {
            var me = attendee(mine)
            me["canReply"] = now < m.startsAt
            me["registered"] = mine.answer == .register
            me["onLeave"] = mine.answer == .leave
            me["canAttend"] = m.mode == .online && !mine.checkedIn && now < m.endsAt
            data["mine"] = me
        } else {
            data["mine"] = false
        }
        let attendees = m.attendees ?? []
        data["attendees"] = attendees.map(attendee)
        data["hasAttendees"] = !attendees.isEmpty
        data["unconfirmedList"] = attendees.filter { $0.answer == nil }.map(attendee)
        // Who has not answered matters while answers are still taken.
        data["hasUnconfirmed"] = now < m.startsAt && attendees.contains { $0.answer == nil }
        data["notCheckedIn"] = attendees.filter { !$0.checkedIn }.map(attendee)
        data["hasNotCheckedIn"] = attendees.contains { !$0.checkedIn }
        data["topics"] = m.topics.map { topic($0, meetingId: m.meetingId) }
        data["hasTopics"] = !m.topics.isEmpty
        if let r = m.record {
            data["record"] = ["minutes": OrgAdminKit.some(r.minutes), "decisions": OrgAdminKit.some(r.decisions),
                              "recordedBy": OrgAdminKit.some(r.recordedByName), "recordedAt": when(r.recordedAt)] as [String: Any]
            data["photos"] = r.photos.map { ["sha256": $0.sha256, "fileName": $0.fileName, "kb": max(1, $0.bytes / 1024)] as [String: Any] }
            data["hasPhotos"] = !r.photos.isEmpty
        } else {
            data["record"] = false
            data["photos"] = [] as [Any]
            data["hasPhotos"] = false
        }
        return data
    }

    static func topic(_ t: TopicView, meetingId: String) -> [String: Any] {
        var data: [String: Any] = [
            "topicId": t.topicId, "title": t.title, "description": OrgAdminKit.some(t.description), "open": t.status == .open,
            "voted": t.voted, "iVoted": t.iVoted, "canVote": t.status == .open && t.iMayVote && !t.iVoted,
            "choices": VoteChoice.allCases.map { ["value": $0.rawValue, "label": $0.chineseName, "id": "v-\(t.topicId)-\($0.rawValue)"] },
            "comments": t.comments.map { ["name": $0.name, "text": $0.text, "at": Format.dateTime($0.at)] },
            "hasComments": !t.comments.isEmpty,
        ]
        if let r = t.results {
            data["results"] = ["agree": r.agree, "disagree": r.disagree, "abstain": r.abstain, "entitled": r.entitled,
                               "outcome": r.outcome.chineseName, "passed": r.outcome == .passed] as [String: Any]
        } else {
            data["results"] = false
        }
        return data
    }

    static let kinds = MeetingKind.allCases.map { ($0.rawValue, $0.chineseName) }

    /// `yyyy-MM-ddTHH:mm` (an `<input type="datetime-local">`) as Beijing time.
    static func parse(local text: String) -> Date? {
        let parts = text.split(whereSeparator: { $0 == "-" || $0 == "T" || $0 == ":" || $0 == " " }).compactMap { Int($0) }
        guard parts.count >= 5 else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = Format.shanghai
        return calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2], hour: parts[3], minute: parts[4]))
    }

    /// The value an `<input type="datetime-local">` shows for `date` (Beijing).
    static func local(_ date: Date) -> String { Format.dateTime(date).replacingOccurrences(of: " ", with: "T") }

    /// The current year in Beijing.
    static func year(_ date: Date = Date()) -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = Format.shanghai
        return calendar.component(.year, from: date)
    }

    /// Uploaded photos as the service takes them (base64), the empty file inputs left out.
    static func photos(_ form: MultipartForm, names: [String]) -> [(fileName: String, base64: String)] {
        names.compactMap { form.files[$0] }.filter { !$0.bytes.isEmpty }.map { ($0.fileName, Data($0.bytes).base64EncodedString()) }
    }
}
