import XCTest
@testable import Dues

final class MonthTests: XCTestCase {
    /// "yyyy-MM", zero-padded, and read back as itself.
    func testDescriptionIsZeroPaddedAndReadsBack() {
        XCTAssertEqual(Month(year: 2026, month: 1).description, "2026-01")
        XCTAssertEqual(Month(year: 2026, month: 12).description, "2026-12")
        XCTAssertEqual(Month(year: 2026, month: 13).description, "2027-01")
        XCTAssertEqual(Month(year: 999, month: 3).description, "0999-03")
        for key in [190_001, 202_611, 202_612, 999_912] {
            let month = Month(key: key)
            XCTAssertEqual(Month(month.description), month)
        }
    }
}
