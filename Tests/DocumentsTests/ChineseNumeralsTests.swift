import Documents
import XCTest

final class ChineseNumeralsTests: XCTestCase {
    func testCapitalDates() {
        XCTAssertEqual(ChineseNumerals.year(2026), "贰零贰陆年")
        XCTAssertEqual(ChineseNumerals.month(11), "拾壹月")
        XCTAssertEqual(ChineseNumerals.day(28), "贰拾捌日")
        XCTAssertEqual(ChineseNumerals.date(year: 2026, month: 11, day: 28), "贰零贰陆年拾壹月贰拾捌日")
        XCTAssertEqual(ChineseNumerals.date(year: 2030, month: 1, day: 1), "贰零叁零年壹月壹日")
    }

    func testMonthsAndDays() {
        let months = (1...12).map { ChineseNumerals.month($0) }
        XCTAssertEqual(months, ["壹月", "贰月", "叁月", "肆月", "伍月", "陆月", "柒月", "捌月", "玖月", "拾月", "拾壹月", "拾贰月"])
        XCTAssertEqual(ChineseNumerals.day(10), "拾日")
        XCTAssertEqual(ChineseNumerals.day(19), "拾玖日")
        XCTAssertEqual(ChineseNumerals.day(20), "贰拾日")
        XCTAssertEqual(ChineseNumerals.day(30), "叁拾日")
        XCTAssertEqual(ChineseNumerals.day(31), "叁拾壹日")
    }

    func testLowercaseDates() {
        XCTAssertEqual(ChineseNumerals.date(year: 2026, month: 11, day: 28, style: .lowercase), "二〇二六年十一月二十八日")
        XCTAssertEqual(ChineseNumerals.date(year: 2000, month: 10, day: 1, style: .lowercase), "二〇〇〇年十月一日")
        XCTAssertEqual(ChineseNumerals.date(year: 2027, month: 2, day: 20, style: .lowercase), "二〇二七年二月二十日")
    }

    func testNumbers() {
        XCTAssertEqual(ChineseNumerals.number(0), "零")
        XCTAssertEqual(ChineseNumerals.number(7), "柒")
        XCTAssertEqual(ChineseNumerals.number(99), "玖拾玖")
        XCTAssertEqual(ChineseNumerals.number(15, style: .lowercase), "十五")
        XCTAssertEqual(ChineseNumerals.digits(1949), "壹玖肆玖")
        XCTAssertEqual(ChineseNumerals.digits(1949, style: .lowercase), "一九四九")
    }

    func testCountedCapitalsAsTheLetterWritesThem() {
        XCTAssertEqual(ChineseNumerals.counted(0), "零")
        XCTAssertEqual(ChineseNumerals.counted(7), "柒")
        XCTAssertEqual(ChineseNumerals.counted(10), "壹拾")
        XCTAssertEqual(ChineseNumerals.counted(11), "壹拾壹")
        XCTAssertEqual(ChineseNumerals.counted(30), "叁拾")
        XCTAssertEqual(ChineseNumerals.counted(90), "玖拾")
        XCTAssertEqual(ChineseNumerals.counted(100), "壹佰")
        XCTAssertEqual(ChineseNumerals.counted(105), "壹佰零伍")
        XCTAssertEqual(ChineseNumerals.counted(120), "壹佰贰拾")
        XCTAssertEqual(ChineseNumerals.formDate(year: 2026, month: 11, day: 28), "贰零贰陆年壹拾壹月贰拾捌日")
        XCTAssertEqual(ChineseNumerals.formDate(year: 2026, month: 10, day: 1), "贰零贰陆年壹拾月壹日")
        XCTAssertEqual(ChineseNumerals.formDate(year: 2027, month: 2), "贰零贰柒年贰月")
    }
}
