import Foundation
import XCTest
@testable import Schema

/// Whatever arrives on the socket, decoding throws schema.invalid or succeeds; it never traps.
final class FuzzTests: XCTestCase {
    func assertNoCrash(_ bytes: [UInt8]) {
        for attempt in [
            { _ = try Wire.decodeHeader(bytes) },
            { _ = try Wire.decode(DuesSubmit.self, from: bytes) },
            { _ = try Wire.decode(JSONValue.self, from: bytes) },
        ] as [() throws -> Void] {
            do { try attempt() } catch {
                XCTAssertEqual((error as? ErrorBody)?.code, "schema.invalid")
            }
        }
    }

    func testRandomBytes() {
        var rng = SplitMix64(state: 1)
        for _ in 0..<1_000 {
            let n = Int.random(in: 0...64, using: &rng)
            assertNoCrash((0..<n).map { _ in UInt8.random(in: 0...255, using: &rng) })
        }
    }

    func testMutatedValidEnvelopes() throws {
        let body = DuesSubmit(memberId: "m", amount: 5, note: "党费", items: [.init(code: "a", amount: 5)])
        let valid = try Wire.encode(Envelope(type: "t", actor: .service("s"), body: body))
        let alphabet = Array(#"{}[]":,0123456789.-eE truefalsnul\"#.utf8)
        var rng = SplitMix64(state: 2)
        for _ in 0..<1_000 {
            var b = valid
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                let i = Int.random(in: 0..<b.count, using: &rng)
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: b[i] = alphabet.randomElement(using: &rng)!
                case 1: b.remove(at: i)
                default: b.insert(alphabet.randomElement(using: &rng)!, at: i)
                }
                if b.isEmpty { break }
            }
            assertNoCrash(b)
        }
    }

    func testDeepNesting() {
        assertNoCrash(Array(String(repeating: "[", count: 100_000).utf8))
        assertNoCrash(Array((String(repeating: "{\"a\":", count: 10_000) + "1" + String(repeating: "}", count: 10_000)).utf8))
    }
}
