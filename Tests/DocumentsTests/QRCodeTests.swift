import Documents
import Foundation
import XCTest

final class QRCodeTests: XCTestCase {
    /// Version 1 (21×21) holds up to 14 bytes at level M in 8-bit mode, version 2 (25×25) 26, version 3 (29×29) 42.
    func testSizeFollowsTheVersionTable() throws {
        XCTAssertEqual(try QRCode.matrix(for: "HELLO").count, 21)
        XCTAssertTrue(try QRCode.matrix(for: "HELLO").allSatisfy { $0.count == 21 })
        XCTAssertEqual(try QRCode.matrix(for: String(repeating: "a", count: 14)).count, 21)
        XCTAssertEqual(try QRCode.matrix(for: String(repeating: "a", count: 15)).count, 25)
        XCTAssertEqual(try QRCode.matrix(for: String(repeating: "a", count: 26)).count, 25)
        XCTAssertEqual(try QRCode.matrix(for: String(repeating: "a", count: 27)).count, 29)
        // Chinese text is its UTF-8 bytes: 4 characters, 12 bytes, still version 1.
        XCTAssertEqual(try QRCode.matrix(for: "党费缴纳").count, 21)
    }

    func testFinderPatternsAtThreeCorners() throws {
        let modules = try QRCode.matrix(for: "HELLO")
        let n = modules.count
        func isFinder(top: Int, left: Int) -> Bool {
            (0..<7).allSatisfy { r in
                (0..<7).allSatisfy { c in
                    let dark = r == 0 || r == 6 || c == 0 || c == 6 || ((2...4).contains(r) && (2...4).contains(c))
                    return modules[top + r][left + c] == dark
                }
            }
        }
        XCTAssertTrue(isFinder(top: 0, left: 0))
        XCTAssertTrue(isFinder(top: 0, left: n - 7))
        XCTAssertTrue(isFinder(top: n - 7, left: 0))
        XCTAssertFalse(isFinder(top: n - 7, left: n - 7))
        // The light separators beside the top-left pattern and the timing patterns between them.
        XCTAssertTrue((0..<8).allSatisfy { !modules[7][$0] && !modules[$0][7] })
        XCTAssertTrue((8..<(n - 8)).allSatisfy { modules[6][$0] == ($0 % 2 == 0) && modules[$0][6] == ($0 % 2 == 0) })
        // The dark module every code has beside the bottom-left pattern.
        XCTAssertTrue(modules[n - 8][8])
    }

    func testTooLongTextThrows() {
        // Version 40-M holds 2331 bytes.
        XCTAssertThrowsError(try QRCode.matrix(for: String(repeating: "x", count: 3_000)))
        XCTAssertNoThrow(try QRCode.matrix(for: String(repeating: "x", count: 2_331)))
        XCTAssertThrowsError(try QRCode.matrix(for: String(repeating: "x", count: 2_332)))
        XCTAssertThrowsError(try QRCode.matrix(for: ""))
    }

    func testSVGHasOnePathThatRedrawsTheMatrix() throws {
        let text = "https://dangjian.example/pay/ORDER-123"
        let svg = try QRCode.svg(for: text, moduleSize: 4)
        let modules = try QRCode.matrix(for: text)
        let side = modules.count + 8
        XCTAssertTrue(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(side) \(side)\""), svg)
        XCTAssertTrue(svg.contains("width=\"\(side * 4)\" height=\"\(side * 4)\""))
        XCTAssertEqual(svg.components(separatedBy: "<path").count - 1, 1)
        XCTAssertFalse(svg.contains("style"))
        XCTAssertTrue(svg.hasSuffix("</svg>"))

        // Redraw the path's runs ("Mx yhNv1h-Nz") and compare with the matrix.
        let d = try XCTUnwrap(svg.range(of: " d=\"").map { svg[$0.upperBound...].prefix { $0 != "\"" } })
        var drawn = Array(repeating: Array(repeating: false, count: modules.count), count: modules.count)
        for run in d.split(separator: "z") {
            let numbers = run.split(whereSeparator: { "Mhv -".contains($0) }).compactMap { Int($0) }
            XCTAssertEqual(numbers.count, 5, String(run))
            let (x, y, length) = (numbers[0] - 4, numbers[1] - 4, numbers[2])
            for column in x..<(x + length) {
                XCTAssertFalse(drawn[y][column], "drawn twice")
                drawn[y][column] = true
            }
        }
        XCTAssertEqual(drawn, modules)
    }

    func testPNGIsAPNGOfTheRightSize() throws {
        let png = try QRCode.png(for: "HELLO", scale: 5)
        XCTAssertEqual(Array(png.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        // IHDR's width and height, big-endian, after the signature and the chunk's length and type.
        let width = png[16..<20].reduce(0) { $0 << 8 | Int($1) }
        let height = png[20..<24].reduce(0) { $0 << 8 | Int($1) }
        XCTAssertEqual(width, (21 + 8) * 5)
        XCTAssertEqual(height, (21 + 8) * 5)
    }
}
