import Dues
import Schema
import XCTest

/// 试算: the amounts saving would store, by the same rule, and its errors on the same fields.
final class StandardsPreviewTests: XCTestCase {
    let settings = DuesSettings()

    func testAPreviewComesToWhatTheRulesGive() throws {
        let reply = try Standards.preview(PreviewStandardsRequest(items: [
            StandardInput(memberId: "a", kind: .employed, baseFen: 500_001),
            StandardInput(memberId: "b", kind: .retired, baseFen: 500_000),
            StandardInput(memberId: "c", kind: .student),
            StandardInput(memberId: "d", kind: .manual, baseFen: 800_000, amountFen: 1_000),
            StandardInput(memberId: "e", kind: .exempt, note: "长期病休"),
        ]), settings: settings)
        XCTAssertEqual(reply.items.map(\.memberId), ["a", "b", "c", "d", "e"])
        XCTAssertEqual(reply.items.map(\.amountFen), [7_500, 2_500, settings.minimumFen, 1_000, 0])
        XCTAssertEqual(reply.items.map(\.rateBasisPoints), [150, 50, nil, nil, nil])
        XCTAssertEqual(reply.items.map(\.needsApproval), [false, false, false, true, true], "below the bracket, or exempt: approval")
        for item in [StandardInput(memberId: "a", kind: .employed, baseFen: 500_001), StandardInput(memberId: "b", kind: .retired, baseFen: 500_000)] {
            let computed = try Brackets.compute(item, settings: settings, field: "x")
            XCTAssertEqual(try Standards.preview(PreviewStandardsRequest(items: [item]), settings: settings).items.first?.amountFen, computed.amountFen)
        }
    }

    func testAPreviewNamesTheFieldAtFault() {
        XCTAssertThrowsError(try Standards.preview(PreviewStandardsRequest(items: [
            StandardInput(memberId: "a", kind: .employed, baseFen: 100_000),
            StandardInput(memberId: "b", kind: .employed),
        ]), settings: settings)) { error in
            let body = error as? ErrorBody
            XCTAssertEqual(body?.code, ErrorCode.duesBaseRequired)
            XCTAssertEqual(body?.details["field"], "body.items.1.baseFen")
        }
        XCTAssertThrowsError(try Standards.preview(PreviewStandardsRequest(items: [
            StandardInput(memberId: "f", kind: .farmer, amountFen: 500),
        ]), settings: settings)) { error in
            XCTAssertEqual((error as? ErrorBody)?.details["field"], "body.items.0.amountFen")
        }
    }
}
