import Foundation
import Schema
import Transfers
import XCTest

final class LetterPDFTests: XCTestCase {
    static func letter(state: LetterState = .issued, duesPaidThrough: String? = "2026-11", validDays: Int = 30) -> IntroductionLetter {
        IntroductionLetter(
            number: "2026000123", state: state, memberName: "李卫国", sex: "男", age: 42, ethnicity: "汉",
            memberType: "正式", idNumber: "33010219840312457X", fromOrgName: "中共某市机关第三党支部",
            toOrgTitle: "中共杭州市西湖区委组织部", toOrgName: "中共杭州市西湖区北山街道委员会", toUnit: "北山街道办事处",
            duesPaidThrough: duesPaidThrough, validDays: validDays, issuerName: "中共某市直属机关工作委员会",
            issuerAddress: "某市人民路1号", issuerPhone: "0571-87000000", issuerFax: "0571-87000001", issuerPostcode: "310000",
            // 2026-11-28 01:30 Beijing = 2026-11-27 17:30 UTC: the date is Beijing's.
            issuedAt: Date(timeIntervalSince1970: 1_795_800_600))
    }

    func testTheThreePartsCarryTheFieldsInCapitals() throws {
        let pdf = try LetterPDF.render(Self.letter())
        // To look at it: DJ_LETTER_PDF=/tmp/letter.pdf swift test --skip-build --filter LetterPDFTests
        if let out = ProcessInfo.processInfo.environment["DJ_LETTER_PDF"] { try pdf.write(to: URL(fileURLWithPath: out)) }
        let text = try Poppler.compactText(pdf)
        XCTAssertTrue(text.contains("中国共产党党员组织关系介绍信（存根）"), text)
        XCTAssertTrue(text.contains("中国共产党党员组织关系介绍信回执联"))
        XCTAssertEqual(text.components(separatedBy: "字第2026000123号").count - 1, 3, "the number on each of the three parts")
        XCTAssertTrue(text.contains("李卫国同志（男），42岁，汉族，系中共正式党员"))
        XCTAssertTrue(text.contains("身份证号码33010219840312457X"), "the whole ID number on the letter")
        XCTAssertTrue(text.contains("中共杭州市西湖区委组织部："))
        XCTAssertTrue(text.contains("由中共某市机关第三党支部去中共杭州市西湖区北山街道委员会（北山街道办事处），请接转组织关系"))
        XCTAssertTrue(text.contains("党费已交到贰零贰陆年壹拾壹月"))
        XCTAssertTrue(text.contains("有效期叁拾天"))
        XCTAssertTrue(text.contains("贰零贰陆年壹拾壹月贰拾捌日"), "issued on Beijing's date")
        XCTAssertTrue(text.contains("李卫国同志的党员组织关系已转达我处，特此回执。"))
        XCTAssertTrue(text.contains("某市人民路1号") && text.contains("0571-87000001") && text.contains("310000"))
        XCTAssertFalse(text.contains("已作废"))
    }

    func testTheCJKFontIsEmbeddedAndItFitsOnePage() throws {
        let pdf = try LetterPDF.render(Self.letter())
        let fonts = try Poppler.fonts(pdf)
        XCTAssertFalse(fonts.isEmpty)
        XCTAssertTrue(fonts.allSatisfy { $0.embedded && $0.name.contains("NotoSansCJK") }, "\(fonts)")
        XCTAssertEqual(try Poppler.info(pdf)["Pages"], "1")
    }

    func testNoDuesAndOtherValidityAndVoided() throws {
        let text = try Poppler.compactText(LetterPDF.render(Self.letter(state: .voided, duesPaidThrough: nil, validDays: 90)))
        XCTAssertTrue(text.contains("尚无党费交纳记录"))
        XCTAssertFalse(text.contains("党费已交到"))
        XCTAssertTrue(text.contains("有效期玖拾天"))
        XCTAssertTrue(text.contains("已作废"))
    }

    func testItRendersInWellUnderASecond() throws {
        _ = try LetterPDF.render(Self.letter())
        let started = Date()
        for _ in 0..<5 { _ = try LetterPDF.render(Self.letter()) }
        let each = Date().timeIntervalSince(started) / 5
        XCTAssertLessThan(each, 0.3, "one letter took \(each) s")
    }
}

/// poppler-utils, as a reader of the file sees it (deploy/local/install-deps.sh --test installs them).
enum Poppler {
    static func run(_ tool: String, _ pdf: Data, _ arguments: [String] = []) throws -> String {
        let executable = "/usr/bin/\(tool)"
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw NSError(domain: "\(tool) missing: install poppler-utils", code: 1)
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("letter-\(UUID().uuidString).pdf")
        try pdf.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments + [file.path] + (tool == "pdftotext" ? ["-"] : [])
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CocoaError(.fileReadCorruptFile) }
        return String(decoding: data, as: UTF8.self)
    }

    static func compactText(_ pdf: Data) throws -> String {
        try run("pdftotext", pdf, ["-enc", "UTF-8"]).filter { !$0.isWhitespace }
    }

    static func fonts(_ pdf: Data) throws -> [(name: String, embedded: Bool)] {
        try run("pdffonts", pdf).split(separator: "\n").dropFirst(2).map { line in
            let fields = line.split(separator: " ")
            return (String(fields[0]), fields.count >= 5 && fields[fields.count - 5] == "yes")
        }
    }

    static func info(_ pdf: Data) throws -> [String: String] {
        var info: [String: String] = [:]
        for line in try run("pdfinfo", pdf).split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            info[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return info
    }
}
