import Dues
import Schema
import XCTest

/// The 2008 rates at and around every bound, fixed amounts, manual, exempt, and rounding.
final class BracketTests: XCTestCase {
    let settings = DuesSettings()

    func compute(_ input: StandardInput, _ settings: DuesSettings? = nil) throws -> Brackets.Computed {
        try Brackets.compute(input, settings: settings ?? self.settings, field: "body.items.0")
    }

    func testEmployedBracketsAtAndAroundEveryBound() throws {
        // (base in fen, rate in basis points, amount in fen)
        let table: [(Int64, Int, Int64)] = [
            (0, 50, 0),
            (100_000, 50, 500),            // ¥1000.00 × 0.5% = ¥5.00
            (300_000, 50, 1_500),          // ¥3000.00: the upper bound belongs to 0.5%
            (300_001, 100, 3_000),         // ¥3000.01 × 1% = 3000.01 fen → 3000
            (500_000, 100, 5_000),         // ¥5000.00: still 1%
            (500_001, 150, 7_500),         // ¥5000.01 × 1.5% = 7500.015 fen → 7500
            (1_000_000, 150, 15_000),      // ¥10000.00: still 1.5%
            (1_000_001, 200, 20_000),      // ¥10000.01 × 2% = 20000.02 fen → 20000
            (2_345_678, 200, 46_914),      // 46913.56 → 46914
        ]
        for (base, rate, amount) in table {
            let c = try compute(StandardInput(memberId: "m", kind: .employed, baseFen: base))
            XCTAssertEqual(c.rateBasisPoints, rate, "rate for base \(base)")
            XCTAssertEqual(c.amountFen, amount, "amount for base \(base)")
            XCTAssertFalse(c.needsApproval)
        }
    }

    func testRetiredBracketsAtAndAroundTheBound() throws {
        let table: [(Int64, Int, Int64)] = [
            (300_000, 50, 1_500),
            (500_000, 50, 2_500),          // ¥5000.00: the upper bound belongs to 0.5%
            (500_001, 100, 5_000),         // ¥5000.01 × 1% = 5000.01 fen → 5000
            (800_000, 100, 8_000),
        ]
        for (base, rate, amount) in table {
            let c = try compute(StandardInput(memberId: "m", kind: .retired, baseFen: base))
            XCTAssertEqual(c.rateBasisPoints, rate, "rate for base \(base)")
            XCTAssertEqual(c.amountFen, amount, "amount for base \(base)")
        }
    }

    func testRoundingModesAtExactlyHalfAFen() {
        // (base, rate, halfUp, halfEven, down, up)
        let table: [(Int64, Int, Int64, Int64, Int64, Int64)] = [
            (100, 50, 1, 0, 0, 1),         // 0.5 fen
            (300, 50, 2, 2, 1, 2),         // 1.5 fen
            (500, 50, 3, 2, 2, 3),         // 2.5 fen
            (99, 50, 0, 0, 0, 1),          // 0.495 fen
            (101, 50, 1, 1, 0, 1),         // 0.505 fen
            (300_050, 100, 3_001, 3_000, 3_000, 3_001), // 3000.5 fen
            (300_000, 50, 1_500, 1_500, 1_500, 1_500),  // exact
        ]
        for (base, rate, halfUp, halfEven, down, up) in table {
            XCTAssertEqual(Brackets.amount(baseFen: base, rateBasisPoints: rate, rounding: .halfUp), halfUp, "half-up \(base)")
            XCTAssertEqual(Brackets.amount(baseFen: base, rateBasisPoints: rate, rounding: .halfEven), halfEven, "half-even \(base)")
            XCTAssertEqual(Brackets.amount(baseFen: base, rateBasisPoints: rate, rounding: .down), down, "down \(base)")
            XCTAssertEqual(Brackets.amount(baseFen: base, rateBasisPoints: rate, rounding: .up), up, "up \(base)")
        }
    }

    func testTheRoundingSettingIsUsed() throws {
        var s = DuesSettings()
        s.rounding = .down
        XCTAssertEqual(try compute(StandardInput(memberId: "m", kind: .employed, baseFen: 300_050), s).amountFen, 3_000)
        XCTAssertEqual(try compute(StandardInput(memberId: "m", kind: .employed, baseFen: 300_050)).amountFen, 3_001)
    }

    func testFixedAmounts() throws {
        for fen: Int64 in [20, 55, 100] {
            XCTAssertEqual(try compute(StandardInput(memberId: "m", kind: .farmer, amountFen: fen)).amountFen, fen)
        }
        for fen: Int64? in [19, 101, nil] {
            XCTAssertThrowsCode(ErrorCode.duesAmountInvalid, try self.compute(StandardInput(memberId: "m", kind: .farmer, amountFen: fen)))
        }
        for kind in [StandardKind.student, .unemployed, .minimumAllowance] {
            // ¥0.20 whatever is typed.
            XCTAssertEqual(try compute(StandardInput(memberId: "m", kind: kind, amountFen: 500)).amountFen, 20, "\(kind)")
            XCTAssertFalse(try compute(StandardInput(memberId: "m", kind: kind)).needsApproval)
        }
    }

    func testManualAndExempt() throws {
        let typed = try compute(StandardInput(memberId: "m", kind: .manual, amountFen: 1_234))
        XCTAssertEqual(typed.amountFen, 1_234)
        XCTAssertFalse(typed.needsApproval, "an amount typed directly needs no approval")
        let reduced = try compute(StandardInput(memberId: "m", kind: .manual, baseFen: 500_000, amountFen: 3_000))
        XCTAssertEqual(reduced.amountFen, 3_000)
        XCTAssertTrue(reduced.needsApproval, "below the base's bracket amount (5000) is a reduction")
        XCTAssertFalse(try compute(StandardInput(memberId: "m", kind: .manual, baseFen: 500_000, amountFen: 5_000)).needsApproval)
        let exempt = try compute(StandardInput(memberId: "m", kind: .exempt, baseFen: 900_000, amountFen: 700))
        XCTAssertEqual(exempt.amountFen, 0)
        XCTAssertTrue(exempt.needsApproval)
        XCTAssertThrowsCode(ErrorCode.duesBaseRequired, try self.compute(StandardInput(memberId: "m", kind: .employed)))
        XCTAssertThrowsCode(ErrorCode.duesAmountInvalid, try self.compute(StandardInput(memberId: "m", kind: .employed, baseFen: -1)))
        XCTAssertThrowsCode(ErrorCode.duesAmountInvalid, try self.compute(StandardInput(memberId: "m", kind: .manual, amountFen: -5)))
    }

    func testYuanFormatting() {
        XCTAssertEqual(Exports.yuan(3_001), "30.01")
        XCTAssertEqual(Exports.yuan(20), "0.20")
        XCTAssertEqual(Exports.yuan(0), "0.00")
        XCTAssertEqual(Exports.yuan(1_234_567), "12345.67")
    }

    func testSettingsFileKeepsDefaultsForAbsentKeys() throws {
        let s = try JSONDecoder().decode(DuesSettings.self, from: Data(#"{"backpayMonths": 3, "rounding": "down"}"#.utf8))
        XCTAssertEqual(s.backpayMonths, 3)
        XCTAssertEqual(s.rounding, .down)
        XCTAssertEqual(s.windowStartDay, 16)
        XCTAssertEqual(s.windowEndDay, 15)
        XCTAssertTrue(s.noPayingAhead)
        XCTAssertEqual(s.flagAfterMonths, 6)
        XCTAssertEqual(s.timeZone, "Asia/Shanghai")
    }
}
