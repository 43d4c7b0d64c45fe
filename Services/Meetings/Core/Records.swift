import Documents
import Foundation
import GRDB
import Schema

/// 会后补录: the minutes, decisions and photos of a meeting once it has started, by the organization
/// that manages it. Recording makes the meeting count as held (the electronic ledger, compliance).
public enum Records {
    public static func record(_ db: Database, _ r: RecordMeetingRequest, by actor: Actor, now: Date) throws -> MeetingView {
        let m = try Access.requireManager(db, actor, r.meetingId)
        guard now >= m.startsAt else { throw ErrorBody.make(ErrorCode.meetingsNotStarted, details: ["field": "body.meetingId"]) }
        let minutes = try Checks.text(r.minutes, 2...10_000, ErrorCode.meetingsMinutesInvalid, field: "body.minutes")
        try db.cachedStatement(sql: """
            INSERT INTO meeting_minutes (meetingId, minutes, decisions, recordedByName, recordedAt) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT(meetingId) DO UPDATE SET minutes = excluded.minutes, decisions = excluded.decisions,
                recordedByName = excluded.recordedByName, recordedAt = excluded.recordedAt
            """).execute(arguments: [m.id, minutes, Checks.nonEmpty(r.decisions), try Access.actorName(db, actor), now.timeIntervalSince1970])
        try Compliance.markHeld(db, meetingId: m.id)
        return try Views.meeting(db, m, for: actor, now: now)
    }

    /// A photo: JPEG or PNG by its first bytes, at most `photoMaxBytes`, at most `maxPhotos` a
    /// meeting; the file is written (by content hash) before the row.
    public static func addPhoto(_ db: Database, _ r: PhotoUploadRequest, by actor: Actor, settings: MeetingsSettings, directory: URL,
                                now: Date) throws -> MeetingView {
        let m = try Access.requireManager(db, actor, r.meetingId)
        guard now >= m.startsAt else { throw ErrorBody.make(ErrorCode.meetingsNotStarted, details: ["field": "body.meetingId"]) }
        let tooLarge = ErrorBody.make(ErrorCode.meetingsPhotoTooLarge, details: ["field": "body.contentBase64", "max": "\(settings.photoMaxBytes)"])
        guard r.contentBase64.count <= ContentFiles.base64Limit(settings.photoMaxBytes) else { throw tooLarge }
        guard let data = Data(base64Encoded: r.contentBase64, options: .ignoreUnknownCharacters), !data.isEmpty,
              let (type, ext) = ContentFiles.sniff(data), type.hasPrefix("image/")
        else { throw ErrorBody.make(ErrorCode.meetingsPhotoTypeInvalid, details: ["field": "body.contentBase64"]) }
        guard data.count <= settings.photoMaxBytes else { throw tooLarge }
        let count = try Int.fetchOne(db.cachedStatement(sql: "SELECT COUNT(*) FROM meeting_photo WHERE meetingId = ?"), arguments: [m.id]) ?? 0
        guard count < settings.maxPhotos else {
            throw ErrorBody.make(ErrorCode.meetingsTooManyPhotos, details: ["field": "body.contentBase64", "max": "\(settings.maxPhotos)"])
        }
        let sha = try ContentFiles.store(data, ext: ext, in: directory)
        let fileName = String((Checks.nonEmpty(r.fileName) ?? "会议照片.\(ext)").prefix(100))
        try db.cachedStatement(sql: """
            INSERT INTO meeting_photo (meetingId, sha256, ext, contentType, bytes, fileName, addedAt) VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(meetingId, sha256) DO NOTHING
            """).execute(arguments: [m.id, sha, ext, type, data.count, fileName, now.timeIntervalSince1970])
        try Compliance.markHeld(db, meetingId: m.id)
        return try Views.meeting(db, m, for: actor, now: now)
    }

    public static func photo(_ db: Database, _ r: PhotoRef, by actor: Actor, directory: URL) throws -> ExportReply {
        let m = try Access.require(db, actor, r.meetingId)
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM meeting_photo WHERE meetingId = ? AND sha256 = ?"), arguments: [m.id, r.sha256]),
              let data = FileManager.default.contents(atPath: ContentFiles.url(directory, sha256: r.sha256, ext: row["ext"]).path)
        else { throw ErrorBody.make(ErrorCode.meetingsPhotoNotFound, details: ["field": "body.sha256"]) }
        return ExportReply(fileName: row["fileName"], contentType: row["contentType"], contentBase64: data.base64EncodedString(), rows: 1)
    }

    static func view(_ db: Database, meetingId: String) throws -> MeetingMinutesView? {
        let minutes = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM meeting_minutes WHERE meetingId = ?"), arguments: [meetingId])
        let photos = try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM meeting_photo WHERE meetingId = ? ORDER BY addedAt, sha256"), arguments: [meetingId])
            .map { PhotoView(sha256: $0["sha256"], fileName: $0["fileName"], contentType: $0["contentType"], bytes: $0["bytes"]) }
        guard minutes != nil || !photos.isEmpty else { return nil }
        return MeetingMinutesView(minutes: minutes?["minutes"], decisions: minutes?["decisions"], recordedByName: minutes?["recordedByName"],
                                  recordedAt: (minutes?["recordedAt"] as Double?).map(Date.init(timeIntervalSince1970:)), photos: photos)
    }
}
