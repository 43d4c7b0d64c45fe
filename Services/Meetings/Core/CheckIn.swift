import Documents
import Foundation
import GRDB
import Schema

/// 签到: by the meeting's QR code (offline), by 参加 (online), or by hand (the administrator, for
/// members without WeChat, seed 003).
public enum CheckIn {
    /// The code the publisher prints: valid from when check-in opens until it closes.
    public static func code(_ db: Database, _ r: MeetingRef, by actor: Actor, settings: MeetingsSettings) throws -> CheckInCode {
        let m = try Access.require(db, actor, r.meetingId)
        guard try Access.showsCode(db, actor, m) else { throw Access.forbidden() }
        guard m.mode == .offline else { throw ErrorBody.make(ErrorCode.meetingsModeMismatch, details: ["field": "body.meetingId"]) }
        let (opens, closes) = settings.checkInWindow(startsAt: m.startsAt, endsAt: m.endsAt)
        let token = CheckInToken.make(meetingId: m.id, expires: closes, key: try CheckInToken.key(db))
        let url = url(settings, meetingId: m.id, token: token)
        return CheckInCode(meetingId: m.id, url: url, token: token, validFrom: opens, expiresAt: closes,
                           pngBase64: try QRCode.png(for: url).base64EncodedString(), svg: try QRCode.svg(for: url))
    }

    /// The check-in page a scan opens (the portal's; the token names the meeting too, and must agree).
    static func url(_ settings: MeetingsSettings, meetingId: String, token: String) -> String {
        var base = settings.portalURL
        while base.hasSuffix("/") { base.removeLast() }
        return base + "/meetings/" + meetingId + "/checkin?t=" + token
    }

    /// A scan: the token must be genuine, this meeting's and unexpired; the member invited and not yet
    /// checked in; the time inside the window.
    public static func scan(_ db: Database, _ r: CheckInRequest, by actor: Actor, settings: MeetingsSettings, now: Date) throws -> MeetingView {
        let m = try Access.require(db, actor, r.meetingId)
        guard let token = CheckInToken.verify(r.token, key: try CheckInToken.key(db)), token.meetingId == m.id else {
            throw ErrorBody.make(ErrorCode.meetingsTokenInvalid, details: ["field": "body.token"])
        }
        guard now < token.expires else { throw ErrorBody.make(ErrorCode.meetingsTokenExpired, details: ["field": "body.token"]) }
        guard m.mode == .offline else { throw ErrorBody.make(ErrorCode.meetingsModeMismatch, details: ["field": "body.meetingId"]) }
        try record(db, m, actor: actor, method: .qr, settings: settings, now: now)
        return try Views.meeting(db, m, for: actor)
    }

    /// 参加 in an online meeting is its check-in (seed 003).
    public static func attend(_ db: Database, _ r: MeetingRef, by actor: Actor, settings: MeetingsSettings, now: Date) throws -> MeetingView {
        let m = try Access.require(db, actor, r.meetingId)
        guard m.mode == .online else { throw ErrorBody.make(ErrorCode.meetingsModeMismatch, details: ["field": "body.meetingId"]) }
        try record(db, m, actor: actor, method: .online, settings: settings, now: now)
        return try Views.meeting(db, m, for: actor)
    }

    private static func record(_ db: Database, _ m: MeetingRecord, actor: Actor, method: CheckInMethod, settings: MeetingsSettings,
                               now: Date) throws {
        let invitation = try Access.invitation(db, actor, m)
        let (opens, closes) = settings.checkInWindow(startsAt: m.startsAt, endsAt: m.endsAt)
        guard now >= opens, now < closes else {
            throw ErrorBody.make(ErrorCode.meetingsCheckInClosed, details: ["field": "body.meetingId"])
        }
        guard invitation.checkInMethod == nil else {
            throw ErrorBody.make(ErrorCode.meetingsAlreadyCheckedIn, details: ["field": "body.meetingId"])
        }
        try mark(db, meetingId: m.id, memberId: actor.id, method: method, now: now)
    }

    /// By hand: any time (also when recording the meeting afterwards), each member invited.
    public static func manual(_ db: Database, _ r: ManualCheckInRequest, by actor: Actor, now: Date) throws -> ManualCheckInReply {
        let m = try Access.requireManager(db, actor, r.meetingId)
        guard !r.memberIds.isEmpty else { throw ErrorBody.make(ErrorCode.meetingsInviteesInvalid, details: ["field": "body.memberIds"]) }
        var done: [String] = [], already: [String] = [], seen = Set<String>()
        for (i, id) in r.memberIds.enumerated() where seen.insert(id).inserted {
            guard let invitation = try InviteeRow.fetch(db, meetingId: m.id, memberId: id) else {
                throw ErrorBody.make(ErrorCode.meetingsNotInvited, details: ["field": "body.memberIds[\(i)]"])
            }
            if invitation.checkInMethod != nil { already.append(id); continue }
            try mark(db, meetingId: m.id, memberId: id, method: .manual, now: now)
            done.append(id)
        }
        return ManualCheckInReply(checkedIn: done, already: already, meeting: try Views.meeting(db, m, for: actor))
    }

    private static func mark(_ db: Database, meetingId: String, memberId: String, method: CheckInMethod, now: Date) throws {
        try db.cachedStatement(sql: """
            UPDATE invitee SET checkInMethod = ?, checkedInAt = ? WHERE meetingId = ? AND memberId = ? AND checkInMethod IS NULL
            """).execute(arguments: [method.rawValue, now.timeIntervalSince1970, meetingId, memberId])
        try Compliance.markHeld(db, meetingId: meetingId)
    }
}
