import Schema
import ServiceKit
import XCTest

final class PersonalDataTests: XCTestCase {
    func testMaskIDKeepsFirstAndLastFour() {
        XCTAssertEqual(PersonalData.maskID("110105199001011234"), "1101**********1234")
        XCTAssertEqual(PersonalData.maskID("11010519900101123X"), "1101**********123X")
        XCTAssertEqual(PersonalData.maskID("1234"), "****", "too short to show anything")
    }

    func testMaskPhoneKeepsFirstThreeAndLastFour() {
        XCTAssertEqual(PersonalData.maskPhone("13812345678"), "138****5678")
        XCTAssertEqual(PersonalData.maskPhone("1381234"), "*******", "too short to show anything")
    }

    func testScrubMasksIDNumbersInsideText() {
        XCTAssertEqual(PersonalData.scrub("id=110105199001011234;"), "id=1101**********1234;")
        XCTAssertEqual(PersonalData.scrub("11010519900101123X"), "1101**********123X")
        XCTAssertEqual(PersonalData.scrub("a 11010519900101123x b"), "a 1101**********123x b")
    }

    func testScrubMasksMobileNumbersInsideText() {
        XCTAssertEqual(PersonalData.scrub("call 13812345678 now"), "call 138****5678 now")
        XCTAssertEqual(PersonalData.scrub("13812345678"), "138****5678")
        XCTAssertEqual(PersonalData.scrub("tel:19912345678,15000000000"), "tel:199****5678,150****0000")
    }

    func testScrubHandlesChineseTextAroundNumbers() {
        XCTAssertEqual(
            PersonalData.scrub("党员张三，身份证号110105199001011234，手机13812345678。"),
            "党员张三，身份证号1101**********1234，手机138****5678。")
        XCTAssertEqual(PersonalData.scrub("手机13812345678"), "手机138****5678")
        XCTAssertEqual(PersonalData.scrub("证件11010519900101123X号"), "证件1101**********123X号")
    }

    func testScrubLeavesOtherNumbersAlone() {
        let untouched = [
            "order 1234567890 paid",          // 10 digits
            "ref 123456789012 ok",            // 12 digits
            "card 6222021234567890123",       // 19 digits
            "phone 23812345678",              // 11 digits not starting with 1
            "seq 1381234567 and 138123456789", // 10 and 12 digits starting with 1
            "缴费金额5000分，月份2026-11",
            "12345678901234567Y",             // 17 digits and not X
            "1101051990010112345X",           // 19 digits then X
        ]
        for text in untouched {
            XCTAssertEqual(PersonalData.scrub(text), text, text)
        }
    }

    func testScrubReturnsTheSameStringWhenNothingMatched() {
        let text = "没有任何号码 nothing to see 42"
        XCTAssertEqual(PersonalData.scrub(text), text)
        XCTAssertEqual(PersonalData.scrub(""), "")
    }

    func testScrubDoesNotJoinNumbersAcrossSeparators() {
        // 11 digits split by a dash is not one run.
        XCTAssertEqual(PersonalData.scrub("138-12345678"), "138-12345678")
        // An ID followed by a phone, separated by a space: both masked independently.
        XCTAssertEqual(PersonalData.scrub("110105199001011234 13812345678"), "1101**********1234 138****5678")
    }

    func testScrubMasksAPhoneWrittenWithTheCountryCode() {
        XCTAssertEqual(PersonalData.scrub("电话 +8613812345678"), "电话 +86138****5678")
        XCTAssertEqual(PersonalData.scrub("订单 8692345678901"), "订单 8692345678901", "86 not followed by a mobile prefix 1 stays")
    }

    func testNamesKeepTheSurnameAndALastCharacterOfLongNames() {
        XCTAssertEqual(PersonalData.maskName("张三"), "张*")
        XCTAssertEqual(PersonalData.maskName("李小明"), "李*明")
        XCTAssertEqual(PersonalData.maskName("欧阳明华"), "欧**华")
        XCTAssertEqual(PersonalData.maskName("王"), "*")
        XCTAssertEqual(PersonalData.maskName(""), "")
    }
}
