import Foundation
import GRDB
import Schema

/// A meeting as stored.
struct MeetingRecord: Sendable, Equatable {
    var id: String
    var orgCode: String
    var orgPath: String
    var orgName: String
    var kind: MeetingKind
    var kindName: String
    var name: String
    var startsAt: Date
    var endsAt: Date
    var place: String?
    var topic: String
    var mode: MeetingMode
    var publisherOrgCode: String
    var publishedByName: String
    var publishedAt: Date

    init(row: Row) {
        id = row["id"]; orgCode = row["orgCode"]; orgPath = row["orgPath"]; orgName = row["orgName"]
        kind = MeetingKind(rawValue: row["kind"]) ?? .other; kindName = row["kindName"]; name = row["name"]
        startsAt = Date(timeIntervalSince1970: row["startsAt"]); endsAt = Date(timeIntervalSince1970: row["endsAt"])
        place = row["place"]; topic = row["topic"]; mode = MeetingMode(rawValue: row["mode"]) ?? .offline
        publisherOrgCode = row["publisherOrgCode"]; publishedByName = row["publishedByName"]
        publishedAt = Date(timeIntervalSince1970: row["publishedAt"])
    }

    init(id: String, org: OrgRow, kind: MeetingKind, kindName: String, name: String, startsAt: Date, endsAt: Date, place: String?,
         topic: String, mode: MeetingMode, publisherOrgCode: String, publishedByName: String, publishedAt: Date) {
        self.id = id; orgCode = org.code; orgPath = org.path; orgName = org.name; self.kind = kind; self.kindName = kindName
        self.name = name; self.startsAt = startsAt; self.endsAt = endsAt; self.place = place; self.topic = topic; self.mode = mode
        self.publisherOrgCode = publisherOrgCode; self.publishedByName = publishedByName; self.publishedAt = publishedAt
    }

    static func fetch(_ db: Database, _ id: String) throws -> MeetingRecord? {
        try Row.fetchOne(try db.cachedStatement(sql: "SELECT * FROM meeting WHERE id = ?"), arguments: [id]).map(MeetingRecord.init)
    }

    func insert(_ db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT INTO meeting (id, orgCode, orgPath, orgName, kind, kindName, name, startsAt, endsAt, place, topic, mode,
                publisherOrgCode, publishedByName, publishedAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [id, orgCode, orgPath, orgName, kind.rawValue, kindName, name, startsAt.timeIntervalSince1970,
                             endsAt.timeIntervalSince1970, place, topic, mode.rawValue, publisherOrgCode, publishedByName,
                             publishedAt.timeIntervalSince1970])
    }
}

/// One invitation as stored.
struct InviteeRow: Sendable, Equatable {
    var memberId: String
    var name: String
    var answer: MeetingAnswer?
    var leaveReason: String?
    var checkInMethod: CheckInMethod?
    var checkedInAt: Date?

    init(row: Row) {
        memberId = row["memberId"]; name = row["name"]
        answer = (row["answer"] as String?).flatMap(MeetingAnswer.init(rawValue:)); leaveReason = row["leaveReason"]
        checkInMethod = (row["checkInMethod"] as String?).flatMap(CheckInMethod.init(rawValue:))
        checkedInAt = (row["checkedInAt"] as Double?).map(Date.init(timeIntervalSince1970:))
    }

    static func fetch(_ db: Database, meetingId: String, memberId: String) throws -> InviteeRow? {
        try Row.fetchOne(try db.cachedStatement(sql: "SELECT * FROM invitee WHERE meetingId = ? AND memberId = ?"),
                         arguments: [meetingId, memberId]).map(InviteeRow.init)
    }

    func view(memberType: MemberType?) -> AttendeeView {
        AttendeeView(memberId: memberId, name: name, memberType: (memberType ?? .full).chineseName, answer: answer,
                     leaveReason: leaveReason, checkedIn: checkInMethod != nil, checkInMethod: checkInMethod, checkedInAt: checkedInAt)
    }
}

/// Identifiers: a prefix and 16 random base-32 characters (80 bits), never guessable from another.
public enum Ids {
    private static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")

    public static func make(_ prefix: String) -> String {
        var generator = SystemRandomNumberGenerator()
        return prefix + String((0..<16).map { _ in alphabet[Int(generator.next(upperBound: UInt32(alphabet.count)))] })
    }
}

/// Small shared checks.
enum Checks {
    /// Trimmed text of `range` characters, or `code` naming `field`.
    static func text(_ text: String?, _ range: ClosedRange<Int>, _ code: String, field: String) throws -> String {
        let trimmed = (text ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard range.contains(trimmed.count) else { throw ErrorBody.make(code, details: ["field": field]) }
        return trimmed
    }

    static func nonEmpty(_ text: String?) -> String? {
        let trimmed = (text ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }
}
