import Foundation
import Meetings
import Schema
import XCTest

/// 工作台账: the meetings an organization held in a year, as a PDF with the CJK font embedded
/// (read back with pdftotext and pdffonts) and as XLSX.
final class LedgerTests: XCTestCase {
    func run(_ tool: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/" + tool)
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, tool)
        return text
    }

    func testTheYearsLedgerListsTheMeetingsHeldWithAttendanceAndMinutes() throws {
        let f = try Fixture()
        let members = ["张三", "李四", "王五"]
        for (i, name) in members.enumerated() { try f.addMember("k\(i)", name: name) }
        let held = try f.publish(.assembly, invitees: ["k0", "k1", "k2"], startsAt: ComplianceTests.beijing(2025, 4)).meetingId
        _ = try f.publish(.lecture, invitees: ["k0"], startsAt: ComplianceTests.beijing(2025, 6))  // never held
        _ = try f.store.writeSync { db in
            _ = try CheckIn.manual(db, ManualCheckInRequest(meetingId: held, memberIds: ["k0", "k1"]), by: Fixture.admin(Fixture.branch), now: Date())
            return try Records.record(db, RecordMeetingRequest(meetingId: held, minutes: "讨论接收预备党员事宜", decisions: "同意接收赵六为预备党员"),
                                      by: Fixture.admin(Fixture.branch), now: Date())
        }
        let export = { (format: LedgerFormat, actor: Actor) in
            try f.store.readSync { db in try Ledger.export(db, LedgerQuery(orgCode: Fixture.branch, year: 2025, format: format), by: actor) }
        }
        let pdf = try export(.pdf, Fixture.admin(Fixture.committee))
        XCTAssertEqual(pdf.rows, 1)
        XCTAssertEqual(pdf.fileName, "甲一支部2025年组织生活工作台账.pdf")
        let file = f.dir.appendingPathComponent("ledger.pdf")
        try XCTUnwrap(Data(base64Encoded: pdf.contentBase64)).write(to: file)
        let text = try run("pdftotext", [file.path, "-"])
        for expected in ["甲一支部2025年组织生活工作台账", "第四季度支部党员大会", "讨论接收预备党员事宜", "同意接收赵六为预备党员", "张三、李四", "2025-04-15 15:00"] {
            XCTAssertTrue(text.contains(expected), "the PDF lacks \(expected)")
        }
        XCTAssertFalse(text.contains("第四季度党课"), "a meeting never held is not in the ledger")
        XCTAssertTrue(try run("pdffonts", [file.path]).contains("NotoSansCJK"), "the CJK font is embedded")

        let xlsx = try export(.xlsx, Fixture.admin(Fixture.branch))
        let sheet = f.dir.appendingPathComponent("ledger.xlsx")
        try XCTUnwrap(Data(base64Encoded: xlsx.contentBase64)).write(to: sheet)
        let strings = try run("unzip", ["-p", sheet.path, "xl/sharedStrings.xml"])
        XCTAssertTrue(strings.contains("第四季度支部党员大会"))
        XCTAssertTrue(strings.contains("同意接收赵六为预备党员"))

        assertRefused(ErrorCode.meetingsOrgInvalid, field: "query.orgCode") { try export(.pdf, Fixture.admin(Fixture.branch2)) }
    }
}
