import Foundation
import XCTest
@testable import Payments

/// The byte-level form coding must give what Foundation's percent coding gives (the implementation
/// it replaced) and refuse what Foundation refuses, with one deliberate difference: escapes that decode
/// to bytes that are not UTF-8 are refused, where Foundation substitutes U+FFFD (a signed field changed
/// that way would fail its signature anyway; refusing says why).
final class FormEncodingTests: XCTestCase {
    /// Foundation's unescape: "+" to space, then removingPercentEncoding.
    func foundationUnescape(_ text: String) -> String? {
        text.isEmpty ? "" : text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }

    func foundationEscape(_ text: String) -> String {
        let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._*")
        return (text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text).replacingOccurrences(of: "%20", with: "+")
    }

    func testKnownForms() {
        XCTAssertEqual(FormEncoding.decode("a=1&b=x+y%2B%E5%85%9A&c=&d"), ["a": "1", "b": "x y+党", "c": "", "d": ""])
        XCTAssertEqual(FormEncoding.encode(["total_amount": "88.88", "subject": "党费 2026-11", "sign": "a+b/c="]),
                       "sign=a%2Bb%2Fc%3D&subject=%E5%85%9A%E8%B4%B9+2026-11&total_amount=88.88")
        // Malformed: a bad escape, a truncated one, bytes that are not UTF-8, a name given twice, an empty name.
        for body in ["a=%G1", "a=%4", "a=%", "a=%FF", "a=1&a=2", "=1"] {
            XCTAssertNil(FormEncoding.decode(body), body)
        }
    }

    /// Deterministic, so a failure can be replayed.
    struct LCG: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state ^ (state >> 29)
        }
    }

    func testRandomTextMatchesFoundation() {
        var rng = LCG(state: 2026)
        let alphabet = Array("aZ09-._*~ +%&=/?#党费😀\u{1}%e5%85%9a%a9%FF%4".unicodeScalars)
        for _ in 0..<5000 {
            let text = String(String.UnicodeScalarView((0..<Int.random(in: 0...12, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }))
            let foundation = foundationUnescape(text)
            if let foundation, foundation.unicodeScalars.contains("\u{FFFD}") {
                XCTAssertNil(FormEncoding.unescape(text.utf8), text)
            } else {
                XCTAssertEqual(FormEncoding.unescape(text.utf8), foundation, text)
            }
            var out: [UInt8] = []
            FormEncoding.escape(text, into: &out)
            XCTAssertEqual(String(decoding: out, as: UTF8.self), foundationEscape(text), text)
            XCTAssertEqual(FormEncoding.unescape(out), text)
        }
    }
}
