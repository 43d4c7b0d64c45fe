import Documents
import Foundation
import GRDB
import Meetings
import Schema
import XCTest

/// 会后补录: minutes, decisions and photos (JPEG or PNG by their bytes, limited in size and number,
/// stored once by content hash); recording makes the meeting count as held.
final class RecordsTests: XCTestCase {
    func testAMeetingHeldIsRecordedWithMinutesAndPhotosStoredByContentHash() throws {
        let f = try Fixture()
        f.settings.photoMaxBytes = 64 << 10
        f.settings.maxPhotos = 2
        let members = try f.addMembers(3)
        let start = Date().addingTimeInterval(-86_400)
        let id = try f.publish(.themeDay, invitees: members, startsAt: start).meetingId
        let photos = f.dir.appendingPathComponent("photos")
        let settings = f.settings
        let record = { (minutes: String, now: Date) in
            try f.store.writeSync { db in
                try Records.record(db, RecordMeetingRequest(meetingId: id, minutes: minutes, decisions: "通过"), by: Fixture.admin(Fixture.branch),
                                   now: now)
            }
        }
        let add = { (data: Data, name: String?) in
            try f.store.writeSync { db in
                try Records.addPhoto(db, PhotoUploadRequest(meetingId: id, fileName: name, contentBase64: data.base64EncodedString()),
                                     by: Fixture.admin(Fixture.branch), settings: settings, directory: photos, now: Date())
            }
        }
        assertRefused(ErrorCode.meetingsNotStarted) { try record("会议记录", start.addingTimeInterval(-60)) }
        assertRefused(ErrorCode.meetingsMinutesInvalid, field: "body.minutes") { try record(" ", Date()) }
        assertRefused(ErrorCode.meetingsForbidden) {
            try f.store.writeSync { db in
                try Records.record(db, RecordMeetingRequest(meetingId: id, minutes: "越级补录"), by: Fixture.admin(Fixture.committee), now: Date())
            }
        }
        XCTAssertNil(try f.get(id).record)
        let recorded = try record("一、学习全会精神；二、重温入党誓词。", Date())
        XCTAssertEqual(recorded.record?.minutes, "一、学习全会精神；二、重温入党誓词。")
        XCTAssertEqual(recorded.record?.recordedByName, "甲一支部管理员")

        let png = try QRCode.png(for: "会议照片")
        let view = try add(png, "合影.png")
        let photo = try XCTUnwrap(view.record?.photos.first)
        XCTAssertEqual(photo.contentType, "image/png")
        XCTAssertEqual(photo.sha256, ContentFiles.sha256(png))
        XCTAssertEqual(FileManager.default.contents(atPath: photos.appendingPathComponent("\(photo.sha256).png").path), png)
        // The same photo twice is one photo.
        XCTAssertEqual(try add(png, "合影.png").record?.photos.count, 1)

        assertRefused(ErrorCode.meetingsPhotoTypeInvalid, field: "body.contentBase64") { try add(Data("%PDF-1.7 记录".utf8), "记录.pdf") }
        assertRefused(ErrorCode.meetingsPhotoTypeInvalid, field: "body.contentBase64") { try add(Data("GIF89a......".utf8), "x.png") }
        assertRefused(ErrorCode.meetingsPhotoTooLarge) { try add(Data([0xFF, 0xD8, 0xFF]) + Data(count: 70_000), "大图.jpg") }
        _ = try add(Data([0xFF, 0xD8, 0xFF, 0xE0]) + Data(count: 100), nil)
        assertRefused(ErrorCode.meetingsTooManyPhotos) { try add(Data([0xFF, 0xD8, 0xFF, 0xE1]) + Data(count: 100), nil) }
        XCTAssertEqual(try f.get(id).record?.photos.map(\.contentType), ["image/png", "image/jpeg"])

        // Members of the branch see the photo; another branch's do not.
        let reply = try f.store.readSync { db in
            try Records.photo(db, PhotoRef(meetingId: id, sha256: photo.sha256), by: Fixture.member(members[0]), directory: photos)
        }
        XCTAssertEqual(Data(base64Encoded: reply.contentBase64), png)
        assertRefused(ErrorCode.meetingsForbidden) {
            try f.store.readSync { db in
                try Records.photo(db, PhotoRef(meetingId: id, sha256: photo.sha256), by: Fixture.member("b2-1"), directory: photos)
            }
        }
    }
}
