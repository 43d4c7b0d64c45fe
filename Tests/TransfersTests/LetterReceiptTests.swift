import Foundation
import GRDB
import Schema
import Transfers
import XCTest

/// Outbound: the letter made at completion, printed once, voided and reissued; the 回执.
final class LetterReceiptTests: XCTestCase {
    typealias F = Fixture

    func completedOutbound(_ f: Fixture, dues: FakeDues = FakeDues()) async throws -> String {
        let id = try f.approvedOutbound()
        let done = await f.completion(FakeIdentity(), dues: dues).run(id)
        XCTAssertTrue(done)
        return id
    }

    func print(_ f: Fixture, _ id: String, by actor: Actor) throws -> ExportReply {
        try f.store.writeSync { db in
            try LetterStore.print(db, TransferRef(transferId: id), by: actor, now: Date(), requestId: nil, render: LetterPDF.render)
        }
    }

    func void(_ f: Fixture, _ id: String, _ number: String, by actor: Actor) throws -> TransferView {
        try f.store.writeSync { db in
            try LetterStore.void(db, VoidLetterRequest(transferId: id, letterNumber: number, reason: "打印机卡纸"), by: actor, now: Date(),
                                 requestId: nil)
        }
    }

    func upload(_ f: Fixture, _ id: String, _ bytes: [UInt8], by actor: Actor = Fixture.member("m1")) throws -> TransferView {
        let settings = f.settings, dir = f.receipts
        return try f.store.writeSync { db in
            try ReceiptStore.upload(db, ReceiptUploadRequest(transferId: id, fileName: "回执.png", contentBase64: Data(bytes).base64EncodedString()),
                                    by: actor, settings: settings, directory: dir, now: Date(), requestId: nil)
        }
    }

    func testOutboundCompletesWithALetterPrintedOnceThenVoidedAndReissued() async throws {
        let f = try Fixture()
        let id = try f.approvedOutbound()
        // Dues not answering: retried later, nothing applied, no letter.
        let dues = FakeDues()
        dues.fail.withLock { $0 = true }
        let identity = FakeIdentity()
        let failed = await f.completion(identity, dues: dues).run(id)
        XCTAssertFalse(failed)
        XCTAssertTrue(identity.applied.isEmpty)
        XCTAssertEqual(try f.get(id).status, .approved)
        dues.fail.withLock { $0 = false }
        let done = await f.completion(identity, dues: dues).run(id)
        XCTAssertTrue(done)
        XCTAssertEqual(identity.applied, ["transfer-\(id)-complete-1": "status m1 transferred_out"])

        let year = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "Asia/Shanghai")!, from: Date()).year!
        let view = try f.get(id)
        XCTAssertEqual(view.status, .completed)
        let letter = try XCTUnwrap(view.letter)
        XCTAssertEqual(letter.number, "\(year)000001")
        XCTAssertEqual(letter.state, .issued)
        XCTAssertEqual(letter.duesPaidThrough, "2026-10")
        XCTAssertEqual(letter.validDays, 30)
        XCTAssertEqual(letter.idNumber, "1101**********002X", "views mask the ID number")
        XCTAssertEqual(letter.issuerName, "甲党委")
        XCTAssertEqual(letter.toOrgTitle, "中共某省某市委组织部")
        XCTAssertEqual(view.receipt?.state, .awaiting)

        // Printed once: a PDF; the second print is refused.
        let pdf = try print(f, id, by: F.member("m1"))
        XCTAssertEqual(pdf.contentType, "application/pdf")
        XCTAssertTrue(Data(base64Encoded: pdf.contentBase64)!.starts(with: Array("%PDF-".utf8)))
        XCTAssertRefused(ErrorCode.transfersLetterPrinted) { try print(f, id, by: F.member("m1")) }
        XCTAssertRefused(ErrorCode.transfersForbidden) { try print(f, id, by: F.member("m9")) }

        // Voiding: a branch may not; the committee voids and a new number is issued; voiding twice is refused.
        XCTAssertRefused(ErrorCode.transfersNotACommittee) { try void(f, id, letter.number, by: F.admin(F.a1)) }
        XCTAssertRefused(ErrorCode.transfersLetterNotFound, field: "body.letterNumber") { try void(f, id, "\(year)999999", by: F.admin(F.aCommittee)) }
        let reissued = try void(f, id, letter.number, by: F.admin(F.aCommittee))
        XCTAssertEqual(reissued.letter?.number, "\(year)000002")
        XCTAssertEqual(reissued.letter?.state, .issued)
        XCTAssertEqual(reissued.voidedLetters.map(\.number), [letter.number])
        XCTAssertEqual(reissued.voidedLetters.first?.voidReason, "打印机卡纸")
        XCTAssertRefused(ErrorCode.transfersLetterVoided) { try void(f, id, letter.number, by: F.admin(F.aCommittee)) }
        XCTAssertNoThrow(try print(f, id, by: F.admin(F.a1)))
        XCTAssertEqual(try f.get(id).letter?.state, .printed)

        // Numbers are unique per year and never reused.
        let numbers = try f.store.readSync { db in try String.fetchAll(db, sql: "SELECT number FROM letter ORDER BY seq") }
        XCTAssertEqual(numbers, ["\(year)000001", "\(year)000002"])
    }

    func testReceiptsByTypeAndSizeStoredByHashAndRemindedOnce() async throws {
        let f = try Fixture()
        f.settings.receiptMaxBytes = 64 << 10
        let id = try await completedOutbound(f)
        // Not an image or PDF (a GIF), then too large.
        XCTAssertRefused(ErrorCode.transfersReceiptTypeInvalid, field: "body.contentBase64") { try upload(f, id, Array("GIF89a....".utf8)) }
        XCTAssertRefused(ErrorCode.transfersReceiptTypeInvalid) {
            try f.store.writeSync { db in
                try ReceiptStore.upload(db, ReceiptUploadRequest(transferId: id, fileName: "x", contentBase64: "not base64!!"), by: F.member("m1"),
                                        settings: f.settings, directory: f.receipts, now: Date(), requestId: nil)
            }
        }
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        XCTAssertRefused(ErrorCode.transfersReceiptTooLarge) { try upload(f, id, png + Array(repeating: 0, count: 64 << 10)) }
        XCTAssertRefused(ErrorCode.transfersReceiptNotFound) {
            try f.store.readSync { db in try ReceiptStore.get(db, TransferRef(transferId: id), by: F.member("m1"), directory: f.receipts) }
        }
        let content = png + Array("a receipt photo".utf8)
        let uploaded = try upload(f, id, content)
        XCTAssertEqual(uploaded.receipt?.state, .uploaded)
        XCTAssertEqual(uploaded.receipt?.contentType, "image/png")
        // sha256 of the bytes, computed by the system's sha256sum.
        let sha = try shell("printf '\\211PNG\\r\\n\\032\\na receipt photo' | sha256sum | cut -d' ' -f1")
        XCTAssertEqual(uploaded.receipt?.sha256, sha)
        XCTAssertTrue(FileManager.default.fileExists(atPath: f.receipts.appendingPathComponent("\(sha).png").path))
        let back = try f.store.readSync { db in try ReceiptStore.get(db, TransferRef(transferId: id), by: F.admin(F.aCommittee), directory: f.receipts) }
        XCTAssertEqual(Data(base64Encoded: back.contentBase64), Data(content))
        XCTAssertRefused(ErrorCode.transfersReceiptDone) { try upload(f, id, content) }
        XCTAssertRefused(ErrorCode.transfersReceiptDone) {
            try f.store.writeSync { db in try ReceiptStore.posted(db, TransferDecision(transferId: id), by: F.admin(F.a1), now: Date(), requestId: nil) }
        }
    }

    func testPostedAndOverdueReminderOnce() async throws {
        let f = try Fixture()
        let id = try await completedOutbound(f)
        let later = Date().addingTimeInterval(31 * 86400)
        XCTAssertEqual(try f.store.writeSync { db in try ReceiptStore.remindOverdue(db, now: Date()) }, 0)
        XCTAssertEqual(try f.store.writeSync { db in try ReceiptStore.remindOverdue(db, now: later) }, 1)
        XCTAssertEqual(try f.store.writeSync { db in try ReceiptStore.remindOverdue(db, now: later) }, 0)
        XCTAssertEqual(try f.events(TransfersEvent.receiptOverdue), 1)
        // A revoked transfer's letter is not chased.
        let other = try f.apply(ApplyTransferRequest(kind: .outbound, memberId: "m3", toOrgTitle: "某省委组织部", toOrgName: "某支部", toUnit: "某局",
                                                     reason: "调往外省"), by: F.admin(F.bCommittee))
        for org in [F.b1, F.bCommittee] { _ = try f.approve(other.transferId, by: F.admin(org)) }
        let completed = await f.completion(FakeIdentity()).run(other.transferId)
        XCTAssertTrue(completed)
        XCTAssertEqual(try f.revoke(other.transferId, by: F.admin(F.bCommittee)).status, .revoked)
        XCTAssertEqual(try f.store.writeSync { db in try ReceiptStore.remindOverdue(db, now: later.addingTimeInterval(86400)) }, 0)
        let posted = try f.store.writeSync { db in
            try ReceiptStore.posted(db, TransferDecision(transferId: id, comment: "挂号信"), by: F.admin(F.a1), now: Date(), requestId: nil)
        }
        XCTAssertEqual(posted.receipt?.state, .posted)
        // No letter: nothing to upload a receipt for.
        let inside = try f.approvedWithinCity()
        XCTAssertRefused(ErrorCode.transfersLetterNotFound) { try upload(f, inside, [0xFF, 0xD8, 0xFF, 0xE0], by: F.admin(F.a1)) }
        XCTAssertRefused(ErrorCode.transfersLetterNotFound) { try print(f, inside, by: F.admin(F.a1)) }
    }

    func testLetterhead() throws {
        let f = try Fixture()
        f.settings.defaultLetterhead.address = "某市某路1号"
        let settings = f.settings
        XCTAssertEqual(try f.store.readSync { db in try LetterStore.letterheadGet(db, LetterheadRef(), by: F.admin(F.aCommittee), settings: settings) }.address,
                       "某市某路1号")
        XCTAssertRefused(ErrorCode.transfersNotACommittee) {
            try f.store.writeSync { db in try LetterStore.letterheadSet(db, Letterhead(orgCode: F.a1, address: "", phone: "", fax: "", postcode: ""), by: F.admin(F.a1)) }
        }
        XCTAssertRefused(ErrorCode.transfersLetterheadInvalid, field: "body.postcode") {
            try f.store.writeSync { db in
                try LetterStore.letterheadSet(db, Letterhead(orgCode: F.aCommittee, address: "甲路", phone: "", fax: "", postcode: "12"), by: F.admin(F.aCommittee))
            }
        }
        XCTAssertRefused(ErrorCode.transfersForbidden) {
            try f.store.writeSync { db in
                try LetterStore.letterheadSet(db, Letterhead(orgCode: F.bCommittee, address: "乙路", phone: "", fax: "", postcode: ""), by: F.admin(F.aCommittee))
            }
        }
        _ = try f.store.writeSync { db in
            try LetterStore.letterheadSet(db, Letterhead(orgCode: F.aCommittee, address: "甲路2号", phone: "010-1", fax: "", postcode: "100000"),
                                          by: F.admin(F.aCommittee))
        }
        XCTAssertEqual(try f.store.readSync { db in try LetterStore.letterheadGet(db, LetterheadRef(), by: F.admin(F.aCommittee), settings: settings) }.postcode,
                       "100000")
    }
}

func shell(_ command: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", command]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    process.waitUntilExit()
    return String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
}
