import Dues
import Schema
import XCTest

/// Paying windows across month and year ends, in Asia/Shanghai.
final class WindowTests: XCTestCase {
    let calendar = PayingCalendar(settings: DuesSettings())
    func at(_ y: Int, _ m: Int, _ d: Int, _ h: Int = 10, _ min: Int = 0) -> Date { DuesFixture.at(y, m, d, h, min) }

    func testOpenMonthAcrossMonthAndYearEnds() {
        let table: [(Date, String)] = [
            (at(2026, 11, 15, 23, 59), "2026-10"),
            (at(2026, 11, 16, 0, 0), "2026-11"),
            (at(2026, 11, 30, 23, 59), "2026-11"),
            (at(2026, 12, 1, 0, 0), "2026-11"),
            (at(2026, 12, 16, 0, 0), "2026-12"),
            (at(2027, 1, 1, 0, 0), "2026-12"),      // Dec is open into January
            (at(2027, 1, 15, 23, 59), "2026-12"),
            (at(2027, 1, 16, 0, 0), "2027-01"),
            (at(2027, 3, 1, 12, 0), "2027-02"),
        ]
        for (date, month) in table {
            XCTAssertEqual(calendar.openMonth(at: date).description, month, "\(date)")
        }
    }

    func testTheWindowIsInShanghaiTimeNotUTC() {
        // 2026-11-15T16:00Z is 00:00 on the 16th in Shanghai.
        let utc = RFC3339.parse("2026-11-15T16:00:00Z")!
        XCTAssertEqual(utc, at(2026, 11, 16, 0, 0))
        XCTAssertEqual(calendar.openMonth(at: utc).description, "2026-11")
        XCTAssertEqual(calendar.openMonth(at: utc.addingTimeInterval(-1)).description, "2026-10")
    }

    func testStatesAroundDecemberToJanuary() {
        let dec = Month("2026-12")!
        XCTAssertEqual(calendar.unpaidState(dec, at: at(2026, 12, 15, 23, 59)), .pending, "before the 16th: 待交")
        XCTAssertEqual(calendar.unpaidState(dec, at: at(2026, 12, 16, 0, 0)), .due)
        XCTAssertEqual(calendar.unpaidState(dec, at: at(2027, 1, 15, 23, 59)), .due, "the 15th of M+1 is inside")
        XCTAssertEqual(calendar.unpaidState(dec, at: at(2027, 1, 16, 0, 0)), .overdue)
        XCTAssertFalse(calendar.mayPay(Month("2027-01")!, at: at(2027, 1, 10)), "no paying ahead")
        XCTAssertTrue(calendar.mayPay(Month("2027-01")!, at: at(2027, 1, 16)))
        var s = DuesSettings()
        s.noPayingAhead = false
        XCTAssertTrue(PayingCalendar(settings: s).mayPay(Month("2027-06")!, at: at(2027, 1, 10)))
    }

    func testMonthArithmeticAndParsing() {
        XCTAssertEqual(Month("2026-12")!.next.description, "2027-01")
        XCTAssertEqual(Month("2027-01")!.previous.description, "2026-12")
        XCTAssertEqual(Month("2027-01")!.adding(-13).description, "2025-12")
        XCTAssertEqual(Month.distance(Month("2026-11")!, Month("2027-02")!), 3)
        XCTAssertNil(Month("2026-13"))
        XCTAssertNil(Month("2026-1"))
        XCTAssertNil(Month("202611"))
        XCTAssertEqual(Month(key: 202_701), Month("2027-01"))
    }

    func testOtherWindowSettings() {
        var s = DuesSettings()
        s.windowStartDay = 1
        s.windowEndDay = 31
        let c = PayingCalendar(settings: s)
        XCTAssertEqual(c.openMonth(at: at(2026, 2, 1, 0, 0)).description, "2026-02")
        XCTAssertEqual(c.unpaidState(Month("2026-01")!, at: at(2026, 2, 28)), .due)
    }
}
