import Payments
import XCTest

final class YuanTests: XCTestCase {
    func testFenToYuanString() {
        XCTAssertEqual(Yuan.string(fen: 0), "0.00")
        XCTAssertEqual(Yuan.string(fen: 5), "0.05")
        XCTAssertEqual(Yuan.string(fen: 50), "0.50")
        XCTAssertEqual(Yuan.string(fen: 3000), "30.00")
        XCTAssertEqual(Yuan.string(fen: 123_456_789), "1234567.89")
    }

    func testYuanStringToFen() {
        XCTAssertEqual(Yuan.fen("30.00"), 3000)
        XCTAssertEqual(Yuan.fen("30.0"), 3000)
        XCTAssertEqual(Yuan.fen("30"), 3000)
        XCTAssertEqual(Yuan.fen("0.01"), 1)
        XCTAssertEqual(Yuan.fen("0.1"), 10)
    }

    func testOddAmountsAreRefusedNotRounded() {
        for text in ["", ".5", "30.", "30.001", "-1.00", "+1.00", "1e3", " 1.00", "1,00", "1.0.0", "１.00"] {
            XCTAssertNil(Yuan.fen(text), text)
        }
    }

    func testRoundTrip() {
        for fen: Int64 in [0, 1, 9, 10, 99, 100, 101, 2_000, 99_999_999] {
            XCTAssertEqual(Yuan.fen(Yuan.string(fen: fen)), fen)
        }
    }
}
