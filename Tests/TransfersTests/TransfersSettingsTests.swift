import Foundation
import Transfers
import XCTest

final class TransfersSettingsTests: XCTestCase {
    func testDefaultsAndAFileThatNamesOnlyWhatItChanges() throws {
        let d = TransfersSettings()
        XCTAssertEqual(d.letterValidDays, 30)
        XCTAssertEqual(d.receiptDueDays, 30)
        XCTAssertTrue(d.approval.generalBranch)
        XCTAssertFalse(d.approval.topLevel)
        let s = try JSONDecoder().decode(TransfersSettings.self, from: Data(#"{"letterValidDays": 60, "approval": {"topLevel": true}}"#.utf8))
        XCTAssertEqual(s.letterValidDays, 60)
        XCTAssertTrue(s.approval.topLevel)
        XCTAssertTrue(s.approval.generalBranch, "absent keys keep their defaults")
        XCTAssertEqual(s.receiptMaxBytes, d.receiptMaxBytes)
    }

    func testOutOfRangeValuesAreRefused() {
        XCTAssertThrowsError(try JSONDecoder().decode(TransfersSettings.self, from: Data(#"{"letterValidDays": 0}"#.utf8)))
        XCTAssertThrowsError(try JSONDecoder().decode(TransfersSettings.self, from: Data(#"{"receiptMaxBytes": 10}"#.utf8)))
    }
}
