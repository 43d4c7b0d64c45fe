import Foundation
import Identity
import Schema
import XCTest

final class DirectoryIDNumberTests: XCTestCase {
    let now = Date(timeIntervalSince1970: 1_750_000_000) // 2025-06-15

    func testKnownValidNumberDerivesBirthDateAndSex() throws {
        let id = try IDNumber.parse("11010519491231002X", now: now).get()
        XCTAssertEqual(id.value, "11010519491231002X")
        XCTAssertEqual(id.birthDate, "1949-12-31")
        XCTAssertEqual(id.sex, .female) // 17th digit 2: even
    }

    func testLowerCaseXAcceptedAndStoredUpperCase() throws {
        let id = try IDNumber.parse(" 11010519491231002x ", now: now).get()
        XCTAssertEqual(id.value, "11010519491231002X")
    }

    func testOddSeventeenthDigitIsMale() throws {
        let number = IDNumber.complete("11010519800101001")
        let id = try IDNumber.parse(number, now: now).get()
        XCTAssertEqual(id.sex, .male)
        XCTAssertEqual(id.birthDate, "1980-01-01")
    }

    func testChecksumComputedWithGB11643Weights() {
        // 1*7+1*9+0+1*5+0+5*4+1*2+9*1+4*6+9*3+1*7+2*9+3*10+1*5+0+0+2*2 = 167; 167 % 11 = 2 → "X"
        XCTAssertEqual(IDNumber.checkCharacter([1, 1, 0, 1, 0, 5, 1, 9, 4, 9, 1, 2, 3, 1, 0, 0, 2]), "X")
    }

    func testWrongChecksumRejected() {
        XCTAssertEqual(IDNumber.parse("110105194912310021", now: now).failure, .checksum)
        XCTAssertEqual(IDNumber.parse("110105194912310020", now: now).failure, .checksum)
    }

    func testImpossibleBirthDatesRejected() {
        for date in ["19490231", "19491301", "19490001", "19490100", "19000229", "18991231"] {
            let number = IDNumber.complete("110105" + date + "002")
            XCTAssertEqual(IDNumber.parse(number, now: now).failure, .birthDate, date)
        }
        // 2000-02-29 is real (leap year divisible by 400).
        XCTAssertNotNil(try? IDNumber.parse(IDNumber.complete("11010520000229002"), now: now).get())
    }

    func testFutureBirthDateRejected() {
        XCTAssertEqual(IDNumber.parse(IDNumber.complete("11010520250616001"), now: now).failure, .birthDate)
        XCTAssertNotNil(try? IDNumber.parse(IDNumber.complete("11010520250615001"), now: now).get())
    }

    func testBadFormatsRejected() {
        for text in ["", "11010519491231002", "11010519491231002XX", "1101051949123100AX", "01010519491231002X",
                     "X10105194912310021", "１１０１０５１９４９１２３１００２X"] {
            XCTAssertEqual(IDNumber.parse(text, now: now).failure, .format, text)
        }
    }

    func testPhoneNumbers() {
        XCTAssertTrue(PhoneNumber.isValid("13912345678"))
        XCTAssertTrue(PhoneNumber.isValid("19912345678"))
        for bad in ["12912345678", "1391234567", "139123456789", "23912345678", "1391234567a", ""] {
            XCTAssertFalse(PhoneNumber.isValid(bad), bad)
        }
    }
}

extension Result {
    var failure: Failure? {
        if case .failure(let f) = self { return f }
        return nil
    }
}

final class DirectoryCSVTests: XCTestCase {
    func testQuotesCommasCRLFAndBOM() throws {
        let text = "\u{FEFF}a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",3\r\n\r\n\"multi\r\nline\",,\"\"\r\nlast,row,end"
        let records = try CSV.parse(text)
        XCTAssertEqual(records.map(\.fields), [
            ["a", "b", "c"],
            ["x, y", "say \"hi\"", "3"],
            ["multi\r\nline", "", ""],
            ["last", "row", "end"],
        ])
        // Physical lines: the blank line 3 is skipped, the quoted line break moves "last" to line 6.
        XCTAssertEqual(records.map(\.line), [1, 2, 4, 6])
    }

    func testLoneLFAndCR() throws {
        XCTAssertEqual(try CSV.parse("a,b\nc,d\re,f\n").map(\.fields), [["a", "b"], ["c", "d"], ["e", "f"]])
    }

    func testUnterminatedQuoteReportsItsLine() {
        XCTAssertThrowsError(try CSV.parse("a,b\nc,\"open\nmore")) { error in
            XCTAssertEqual((error as? CSV.ParseError)?.line, 2)
        }
    }

    func testQuoteRoundTrip() throws {
        let fields = ["plain", "with,comma", "with \"quote\"", "line\nbreak"]
        let line = fields.map(CSV.quote).joined(separator: ",")
        XCTAssertEqual(try CSV.parse(line).first?.fields, fields)
    }
}
