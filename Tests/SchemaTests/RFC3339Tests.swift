import Foundation
import XCTest
@testable import Schema

final class RFC3339Tests: XCTestCase {
    func testFormatsUTCWithMilliseconds() {
        XCTAssertEqual(RFC3339.format(sampleDate), "2026-11-22T09:30:00.123Z")
        XCTAssertEqual(RFC3339.format(Date(timeIntervalSince1970: 0)), "1970-01-01T00:00:00.000Z")
        XCTAssertEqual(RFC3339.format(Date(timeIntervalSince1970: -0.001)), "1969-12-31T23:59:59.999Z")
        XCTAssertEqual(RFC3339.format(Date(timeIntervalSince1970: 951_782_400)), "2000-02-29T00:00:00.000Z")
    }

    func testParsesWithAndWithoutFraction() {
        XCTAssertEqual(RFC3339.parse("2026-11-22T09:30:00.123Z"), sampleDate)
        XCTAssertEqual(RFC3339.parse("2026-11-22T09:30:00Z"), Date(timeIntervalSince1970: 1_795_339_800))
        XCTAssertEqual(RFC3339.parse("2026-11-22T17:30:00.5+08:00"), Date(timeIntervalSince1970: 1_795_339_800.5))
        XCTAssertEqual(RFC3339.parse("2026-11-22t09:30:00.123456z"), Date(timeIntervalSince1970: 1_795_339_800.123456))
    }

    func testRejectsWhatIsNotADate() {
        for s in ["", "2026-11-22", "2026-11-22T09:30:00", "2026-02-30T00:00:00Z", "2026-11-22T24:00:00Z",
                  "2026-11-22T09:30:00.Z", "2026-11-22T09:30:00Zjunk", "２０２６-11-22T09:30:00Z", "2026-13-01T00:00:00Z"] {
            XCTAssertNil(RFC3339.parse(s), s)
        }
    }

    func testEveryMillisecondRoundTrips() {
        var rng = SplitMix64(state: 7)
        for _ in 0..<10_000 {
            let ms = Int64.random(in: -2_000_000_000_000...4_000_000_000_000, using: &rng)
            let date = Date(timeIntervalSince1970: Double(ms) / 1000)
            XCTAssertEqual(RFC3339.parse(RFC3339.format(date)), date, "\(ms)")
        }
    }

    func testNonsenseDatesDoNotTrap() {
        _ = RFC3339.format(Date(timeIntervalSince1970: .infinity))
        _ = RFC3339.format(Date(timeIntervalSince1970: .nan))
        _ = RFC3339.format(.distantPast)
    }
}
