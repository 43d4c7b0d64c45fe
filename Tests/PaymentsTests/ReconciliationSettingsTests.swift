import Foundation
import Payments
import XCTest

/// The daily schedule's settings: Beijing time of day, defaults, a malformed time refused at start.
final class ReconciliationSettingsTests: XCTestCase {
    func decode(_ json: String) throws -> PaymentsSettings {
        try JSONDecoder().decode(PaymentsSettings.self, from: Data(json.utf8))
    }

    func testDefaultsAndTheNextRunInBeijingTime() throws {
        let defaults = try decode("{}").reconciliation
        XCTAssertTrue(defaults.enabled)
        XCTAssertEqual(defaults.time, "10:00")
        // 2026-11-27 09:59:59 Beijing = 01:59:59 UTC → the same day's 10:00; at 10:00 itself → the next day's.
        let before = Date(timeIntervalSince1970: 1_795_744_799)
        XCTAssertEqual(defaults.next(after: before), Date(timeIntervalSince1970: 1_795_744_800))
        XCTAssertEqual(defaults.next(after: Date(timeIntervalSince1970: 1_795_744_800)), Date(timeIntervalSince1970: 1_795_831_200))
        let custom = try decode(#"{"reconciliation": {"enabled": false, "time": "06:30"}}"#).reconciliation
        XCTAssertFalse(custom.enabled)
        XCTAssertEqual(custom.minuteOfDay, 390)
    }

    func testAMalformedTimeIsRefused() {
        for bad in ["24:00", "9:00", "10-00", "ten"] {
            XCTAssertThrowsError(try decode(#"{"reconciliation": {"time": "\#(bad)"}}"#), bad)
        }
    }
}
