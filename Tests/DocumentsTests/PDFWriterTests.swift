import Documents
import Foundation
import XCTest

final class PDFWriterTests: XCTestCase {
    func testChineseTextIsExtractableAndTheFontEmbedded() throws {
        let writer = try PDFWriter(metadata: .init(title: "测试文档"))
        writer.title("测试文档")
        writer.row("姓名", "张三丰")
        writer.row("金额", "123.45", valueAlignment: .right)
        writer.table(columns: [.init("月份"), .init("金额（元）", alignment: .right)], rows: [["2026年11月", "30.00"]],
                     footer: [["合计", "30.00"]])
        writer.paragraph("兹证明张三丰同志已按规定交纳党费。", indentFirstLine: true)
        writer.seal(ring: "中共某某市某某区委员会", center: "党费收缴专用")
        let pdf = try writer.finish()
        XCTAssertTrue(pdf.starts(with: Array("%PDF-".utf8)))

        let text = try PDFTools.compactText(pdf)
        for expected in ["测试文档", "姓名", "张三丰", "123.45", "2026年11月", "金额（元）", "合计30.00", "兹证明张三丰同志已按规定交纳党费。"] {
            XCTAssertTrue(text.contains(expected), "\(expected) not in \(text)")
        }
        // The seal is drawn as outlines: a picture, not text mixed into the lines.
        XCTAssertFalse(text.contains("某某区"), text)

        let fonts = try PDFTools.fonts(pdf)
        XCTAssertFalse(fonts.isEmpty)
        XCTAssertTrue(fonts.contains { $0.name.contains("NotoSansCJK") && $0.embedded }, "\(fonts)")
        XCTAssertTrue(fonts.allSatisfy { $0.embedded }, "\(fonts)")
        // Bold and regular are both used, and both are the CJK family.
        XCTAssertTrue(fonts.contains { $0.name.contains("Bold") }, "\(fonts)")

        let info = try PDFTools.info(pdf)
        XCTAssertEqual(info["Title"], "测试文档")
        XCTAssertEqual(info["Creator"], "党建平台")
        XCTAssertEqual(info["Pages"], "1")
        XCTAssertEqual(info["Page size"]?.hasPrefix("595.276 x 841.89"), true, info["Page size"] ?? "")
    }

    func testALongTableRunsOntoMorePagesWithItsHeader() throws {
        let writer = try PDFWriter(metadata: .init(title: "长表"))
        writer.title("长表")
        let rows = (1...120).map { ["第\($0)行", "\($0).00"] }
        writer.table(columns: [.init("行"), .init("金额", alignment: .right)], rows: rows)
        let pages = writer.pageCount
        let pdf = try writer.finish()
        XCTAssertGreaterThan(pages, 2)
        XCTAssertEqual(try PDFTools.info(pdf)["Pages"], "\(pages)")
        let text = try PDFTools.run("pdftotext", on: pdf)
        XCTAssertEqual(text.components(separatedBy: "金额").count - 1, pages, "the header once a page")
        XCTAssertTrue(text.contains("第120行"))
        XCTAssertTrue(text.contains("120.00"))
    }

    /// Debian's cairo embeds 如 blank (BlankGlyphs.swift): the page must show it all the same, as
    /// much ink as a character of like weight, and the text still extract.
    func testCharactersCairoEmbedsBlankAreStillDrawn() throws {
        func ink(_ text: String) throws -> Int {
            let writer = try PDFWriter(metadata: .init(title: text))
            writer.paragraph(text, size: 60)
            writer.paragraph("前" + text + "后", size: 60, alignment: .right)
            let pdf = try writer.finish()
            XCTAssertTrue(try PDFTools.compactText(pdf).contains("前" + text + "后"))
            return try PDFTools.darkPixels(pdf)
        }
        let blank = try ink(""), control = try ink("好"), repaired = try ink("如")
        XCTAssertGreaterThan(control - blank, 300)
        XCTAssertGreaterThan(Double(repaired - blank), Double(control - blank) * 0.6, "如 is missing from the page")
        XCTAssertLessThan(Double(repaired - blank), Double(control - blank) * 1.6, "如 is drawn twice over")
    }

    /// Services render from many tasks at once: each writer is its own surface and Pango context.
    func testWritersRunConcurrently() async throws {
        let texts = try await withThrowingTaskGroup(of: String.self) { group in
            for index in 0..<8 {
                group.addTask {
                    let writer = try PDFWriter(metadata: .init(title: "并发\(index)"))
                    writer.title("并发文档\(index)")
                    writer.table(columns: [.init("序号"), .init("金额", alignment: .right)],
                                 rows: (1...40).map { ["第\($0)行", "\(index).\($0)"] })
                    return try PDFTools.compactText(writer.finish())
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        XCTAssertEqual(texts.count, 8)
        for index in 0..<8 {
            XCTAssertEqual(texts.filter { $0.contains("并发文档\(index)") }.count, 1)
        }
    }

    func testTheCJKFontIsInstalled() throws {
        XCTAssertNoThrow(try PDFWriter.checkFont())
    }
}
