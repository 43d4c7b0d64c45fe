import Documents
import XCTest

final class ChineseAmountTests: XCTestCase {
    func testTheIssuesExamples() {
        XCTAssertEqual(ChineseAmount.capital(fen: 12345), "壹佰贰拾叁元肆角伍分")
        XCTAssertEqual(ChineseAmount.capital(fen: 100), "壹元整")
        XCTAssertEqual(ChineseAmount.capital(fen: 0), "零元整")
        XCTAssertEqual(ChineseAmount.capital(fen: 1_000_100), "壹万零壹元整")
    }

    /// The examples printed in the rules for filling in bills (where the rules allow two forms, the
    /// first one they give).
    func testTheRulesOwnExamples() {
        XCTAssertEqual(ChineseAmount.capital(fen: 140_950), "壹仟肆佰零玖元伍角")
        XCTAssertEqual(ChineseAmount.capital(fen: 600_714), "陆仟零柒元壹角肆分")
        XCTAssertEqual(ChineseAmount.capital(fen: 168_032), "壹仟陆佰捌拾元零叁角贰分")
        XCTAssertEqual(ChineseAmount.capital(fen: 10_700_053), "壹拾万柒仟元零伍角叁分")
        XCTAssertEqual(ChineseAmount.capital(fen: 1_640_902), "壹万陆仟肆佰零玖元零贰分")
        XCTAssertEqual(ChineseAmount.capital(fen: 32_504), "叁佰贰拾伍元零肆分")
    }

    func testJiaoAndFen() {
        XCTAssertEqual(ChineseAmount.capital(fen: 1), "壹分")
        XCTAssertEqual(ChineseAmount.capital(fen: 10), "壹角")
        XCTAssertEqual(ChineseAmount.capital(fen: 11), "壹角壹分")
        XCTAssertEqual(ChineseAmount.capital(fen: 105), "壹元零伍分")
        XCTAssertEqual(ChineseAmount.capital(fen: 150), "壹元伍角")
        XCTAssertEqual(ChineseAmount.capital(fen: 1_050), "壹拾元零伍角")
        XCTAssertEqual(ChineseAmount.capital(fen: 1_005), "壹拾元零伍分")
        XCTAssertEqual(ChineseAmount.capital(fen: 3_000), "叁拾元整")
    }

    func testTheOneBeforeTenIsKept() {
        XCTAssertEqual(ChineseAmount.capital(fen: 1_000), "壹拾元整")
        XCTAssertEqual(ChineseAmount.capital(fen: 1_500), "壹拾伍元整")
        XCTAssertEqual(ChineseAmount.capital(fen: 10_000_000), "壹拾万元整")
        XCTAssertEqual(ChineseAmount.capital(fen: 11_000_000), "壹拾壹万元整")
        XCTAssertEqual(ChineseAmount.capital(fen: 101_000), "壹仟零壹拾元整")
    }

    func testZerosInsideAndBetweenSections() {
        XCTAssertEqual(ChineseAmount.capital(fen: 100_100), "壹仟零壹元整")
        XCTAssertEqual(ChineseAmount.capital(fen: 1_000_000), "壹万元整")
        XCTAssertEqual(ChineseAmount.capital(fen: 1_100_000), "壹万壹仟元整")
        XCTAssertEqual(ChineseAmount.capital(fen: 1_001_000), "壹万零壹拾元整")
        XCTAssertEqual(ChineseAmount.capital(fen: 10_010_000), "壹拾万零壹佰元整")
        XCTAssertEqual(ChineseAmount.capital(fen: 100_000_000), "壹佰万元整")
        XCTAssertEqual(ChineseAmount.capital(fen: 1_000_000_000), "壹仟万元整")
        XCTAssertEqual(ChineseAmount.capital(fen: 1_020_304_050), "壹仟零贰拾万叁仟零肆拾元零伍角")
    }

    func testYi() {
        XCTAssertEqual(ChineseAmount.capital(fen: 10_000_000_000), "壹亿元整")
        XCTAssertEqual(ChineseAmount.capital(fen: 10_000_000_100), "壹亿零壹元整")
        XCTAssertEqual(ChineseAmount.capital(fen: 10_001_000_000), "壹亿零壹万元整")
        XCTAssertEqual(ChineseAmount.capital(fen: 10_000_100_000), "壹亿零壹仟元整")
        XCTAssertEqual(ChineseAmount.capital(fen: 11_000_000_000), "壹亿壹仟万元整")
        XCTAssertEqual(ChineseAmount.capital(fen: 1_000_000_000_000), "壹佰亿元整")
        XCTAssertEqual(ChineseAmount.capital(fen: 100_000_000_000_000), "壹万亿元整")
        XCTAssertEqual(ChineseAmount.capital(fen: 9_999_999_999), "玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分")
    }

    func testNegativeAndExtremes() {
        XCTAssertEqual(ChineseAmount.capital(fen: -12345), "负壹佰贰拾叁元肆角伍分")
        XCTAssertTrue(ChineseAmount.capital(fen: .max).hasSuffix("元零柒分"))
        XCTAssertTrue(ChineseAmount.capital(fen: .min).hasPrefix("负"))
    }

    /// What holds for every amount: one 零 at a time, none at the end, 整 exactly when there is no
    /// 角 or 分, only the twelve allowed characters.
    func testRulesHoldForManyAmounts() {
        var generator = SystemRandomNumberGenerator()
        let allowed = Set("零壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分整")
        for _ in 0..<5_000 {
            let fen = Int64.random(in: 1...999_999_999_999, using: &generator)
            let text = ChineseAmount.capital(fen: fen)
            XCTAssertFalse(text.contains("零零"), "\(fen): \(text)")
            XCTAssertFalse(text.hasPrefix("零"), "\(fen): \(text)")
            XCTAssertFalse(text.hasSuffix("零"), "\(fen): \(text)")
            XCTAssertEqual(text.hasSuffix("整"), fen % 100 == 0, "\(fen): \(text)")
            XCTAssertEqual(text.contains("元"), fen >= 100, "\(fen): \(text)")
            XCTAssertTrue(text.allSatisfy { allowed.contains($0) }, "\(fen): \(text)")
            XCTAssertEqual(Self.parse(text), fen, text)
        }
    }

    /// Reads a capital amount back to fen, independently of how it was written.
    static func parse(_ text: String) -> Int64 {
        let parts = text.split(separator: "元", omittingEmptySubsequences: false)
        let integer = parts.count == 2 ? parseInteger(parts[0]) : 0
        var fraction: Int64 = 0, digit: Int64 = 0
        for character in parts.last! {
            if let value = digits[character] { digit = value }
            if character == "角" { fraction += digit * 10 }
            if character == "分" { fraction += digit }
        }
        return integer * 100 + fraction
    }

    static let digits: [Character: Int64] = ["零": 0, "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5, "陆": 6, "柒": 7, "捌": 8, "玖": 9]

    static func parseInteger(_ text: Substring) -> Int64 {
        for (mark, scale) in [("亿", Int64(100_000_000)), ("万", Int64(10_000))] {
            if let index = text.lastIndex(of: Character(mark)) {
                return parseInteger(text[..<index]) * scale + parseInteger(text[text.index(after: index)...])
            }
        }
        let units: [Character: Int64] = ["拾": 10, "佰": 100, "仟": 1000]
        var value: Int64 = 0, digit: Int64 = 0
        for character in text {
            if let unit = units[character] { value += digit * unit; digit = 0 } else { digit = digits[character] ?? 0 }
        }
        return value + digit
    }
}
