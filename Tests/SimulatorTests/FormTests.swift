@testable import ProviderSimulatorCore
import XCTest

/// The simulator reads form bodies and query strings as Aliyun's servers do.
final class FormTests: XCTestCase {
    func testDecodesPercentEscapesPlusAndUTF8() {
        let pairs = Form.parse("SignName=%E5%85%9A%E5%BB%BA&Text=a+b%2Bc&Empty=&Flag")
        XCTAssertEqual(pairs.map(\.0), ["SignName", "Text", "Empty", "Flag"])
        XCTAssertEqual(pairs.map(\.1), ["党建", "a b+c", "", ""])
    }

    func testMalformedEscapesAreKeptAsTheyAre() {
        XCTAssertEqual(Form.parse("a=100%&b=%zz&c=%4").map(\.1), ["100%", "%zz", "%4"])
    }

    func testRoundTripsWhatTheSignerEncodes() {
        let value = "{\"title\":\"全体党员 请注意*~/\"}"
        XCTAssertEqual(Form.parse("v=" + AliyunSignature.percentEncode(value)).first?.1, value)
    }
}
