import Foundation
import Notifications
import Schema
import XCTest

/// WeChat's server-URL check (GET on the account's server address): notifications owns the token
/// and answers `echostr` only with the right signature. Moved here from the gateway, which only
/// forwards it now.
final class WeChatServerCheckTests: XCTestCase {
    func testEchostrOnlyWithTheRightSignature() {
        // The expected signature is computed with an independent SHA-1 (below).
        let token = "simtoken", timestamp = "1700000000", nonce = "48213"
        let good = WeChatSignature.sign(token: token, timestamp: timestamp, nonce: nonce)
        XCTAssertEqual(good, Self.sha1Hex([nonce, timestamp, token].sorted().joined()))
        func answer(_ token: String, _ signature: String, _ timestamp: String, _ nonce: String, _ echostr: String) throws -> String {
            try Reports.checkWeChatServer(WeChatServerCheck(signature: signature, timestamp: timestamp, nonce: nonce, echostr: echostr),
                                          token: token)
        }
        XCTAssertEqual(try? answer(token, good, timestamp, nonce, "e-123"), "e-123")
        XCTAssertEqual(try? answer(token, good.uppercased(), timestamp, nonce, "e"), "e", "hex case does not matter")
        let bad: [(String, String, String, String)] = [
            (token, String(good.dropLast()) + (good.last == "0" ? "1" : "0"), timestamp, nonce),  // one digit off
            (token, good, "1700000001", nonce),  // another timestamp
            (token, good, timestamp, "48214"),
            ("othertoken", good, timestamp, nonce),
            ("", WeChatSignature.sign(token: "", timestamp: timestamp, nonce: nonce), timestamp, nonce),  // no token: never
            (token, "", timestamp, nonce),
        ]
        for (t, signature, ts, n) in bad {
            XCTAssertThrowsError(try answer(t, signature, ts, n, "e"), "accepted \(signature) \(ts) \(n)") { error in
                XCTAssertEqual((error as? ErrorBody)?.code, ErrorCode.notificationsSignatureInvalid)
            }
        }
        XCTAssertEqual(ErrorCode.status(for: ErrorCode.notificationsSignatureInvalid), 403, "a forged check is refused, not 422")
    }

    /// SHA-1 written out (FIPS 180-4), so the test does not use the code it checks.
    static func sha1Hex(_ text: String) -> String {
        var message = Array(text.utf8)
        let bitLength = UInt64(message.count) * 8
        message.append(0x80)
        while message.count % 64 != 56 { message.append(0) }
        for shift in stride(from: 56, through: 0, by: -8) { message.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift))) }
        var h: [UInt32] = [0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0]
        for chunk in stride(from: 0, to: message.count, by: 64) {
            var w = [UInt32](repeating: 0, count: 80)
            for i in 0..<16 {
                w[i] = message[chunk + 4 * i ..< chunk + 4 * i + 4].reduce(0) { $0 << 8 | UInt32($1) }
            }
            for i in 16..<80 { let x = w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16]; w[i] = x << 1 | x >> 31 }
            var (a, b, c, d, e) = (h[0], h[1], h[2], h[3], h[4])
            for i in 0..<80 {
                let (f, k): (UInt32, UInt32) = switch i {
                case 0..<20: ((b & c) | (~b & d), 0x5A827999)
                case 20..<40: (b ^ c ^ d, 0x6ED9EBA1)
                case 40..<60: ((b & c) | (b & d) | (c & d), 0x8F1BBCDC)
                default: (b ^ c ^ d, 0xCA62C1D6)
                }
                let t = (a << 5 | a >> 27) &+ f &+ e &+ k &+ w[i]
                (e, d, c, b, a) = (d, c, b << 30 | b >> 2, a, t)
            }
            h[0] &+= a; h[1] &+= b; h[2] &+= c; h[3] &+= d; h[4] &+= e
        }
        return h.map { String(format: "%08x", $0) }.joined()
    }
}
