import Foundation
import Logging
import ServiceKit
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// Runs `body` with file descriptor 2 redirected into a pipe, restores it, and returns what was written.
/// Writes must stay under the pipe's buffer (64 KiB): nobody reads until `body` returns.
func captureStandardError(_ body: () throws -> Void) throws -> String {
    var fds: [Int32] = [0, 0]
    guard pipe(&fds) == 0 else { throw POSIXError(.EIO) }
    let saved = dup(2)
    guard saved >= 0, dup2(fds[1], 2) >= 0 else { throw POSIXError(.EIO) }
    close(fds[1])
    var restored = false
    func restore() {
        guard !restored else { return }
        restored = true
        dup2(saved, 2)
        close(saved)
    }
    defer { restore(); close(fds[0]) }
    try body()
    restore()  // closes the pipe's last write end, so the read below ends
    var output: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
        let n = read(fds[0], &buffer, buffer.count)
        if n <= 0 { break }
        output += buffer[0..<n]
    }
    return String(decoding: output, as: UTF8.self)
}

final class LogHandlerTests: XCTestCase {
    /// The lines this test's logger wrote (other threads may log to stderr meanwhile).
    func jsonLines(_ output: String, label: String) throws -> [[String: Any]] {
        try output.split(separator: "\n").filter { $0.contains(label) }.map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
            return try XCTUnwrap(object as? [String: Any], "not a JSON object: \(line)")
        }
    }

    func testJSONLinesCarryTheStandardFieldsAndMetadata() throws {
        let label = "test.json-\(UUID().uuidString)"
        var logger = Logger(label: label) { JSONLinesLogHandler(label: $0, service: "counter", instance: "counter-7") }
        logger[metadataKey: "component"] = "relay"

        let output = try captureStandardError {
            logger.info("first line", metadata: ["requestId": "r-1", "count": "3"])
            logger.warning("second \"quoted\" line\nwith a newline")
            logger.debug("below the handler's level")
        }

        let lines = try jsonLines(output, label: label)
        XCTAssertEqual(lines.count, 2, "one line per event at or above info: \(output)")
        guard lines.count == 2 else { return }
        let first = lines[0]
        XCTAssertEqual(first["level"] as? String, "info")
        XCTAssertEqual(first["service"] as? String, "counter")
        XCTAssertEqual(first["instance"] as? String, "counter-7")
        XCTAssertEqual(first["label"] as? String, label)
        XCTAssertEqual(first["msg"] as? String, "first line")
        XCTAssertEqual(first["requestId"] as? String, "r-1")
        XCTAssertEqual(first["count"] as? String, "3")
        XCTAssertEqual(first["component"] as? String, "relay", "the logger's own metadata too")
        let ts = try XCTUnwrap(first["ts"] as? String)
        // Date and time to the millisecond, in UTC. (The zone designator is checked separately: see the report.)
        XCTAssertNotNil(ts.range(of: #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}"#, options: .regularExpression), ts)
        let parser = DateFormatter()
        parser.locale = Locale(identifier: "en_US_POSIX")
        parser.timeZone = TimeZone(secondsFromGMT: 0)
        parser.dateFormat = "yyyy-MM-dd'T'HH:mm:ss.SSS"
        let date = try XCTUnwrap(parser.date(from: String(ts.prefix(23))), ts)
        XCTAssertLessThan(abs(date.timeIntervalSinceNow), 60, "ts is the current UTC time: \(ts)")

        XCTAssertEqual(lines[1]["level"] as? String, "warning")
        XCTAssertEqual(lines[1]["msg"] as? String, "second \"quoted\" line\nwith a newline", "escaped, still one line")
    }

    func testPersonalDataAppearsOnlyMasked() throws {
        let label = "test.pii-\(UUID().uuidString)"
        let logger = Logger(label: label) { JSONLinesLogHandler(label: $0, service: "member", instance: "m-1") }

        let output = try captureStandardError {
            logger.info("党员身份证110105199001011234，手机13812345678",
                        metadata: ["idNumber": "11010519900101123X", "phone": "13912345678", "note": "手机：15000000000"])
        }

        for raw in ["110105199001011234", "13812345678", "11010519900101123X", "13912345678", "15000000000"] {
            XCTAssertFalse(output.contains(raw), "\(raw) leaked into the log: \(output)")
        }
        let line = try XCTUnwrap(try jsonLines(output, label: label).first)
        XCTAssertEqual(line["msg"] as? String, "党员身份证1101**********1234，手机138****5678")
        XCTAssertEqual(line["idNumber"] as? String, "1101**********123X")
        XCTAssertEqual(line["phone"] as? String, "139****5678")
        XCTAssertEqual(line["note"] as? String, "手机：150****0000")
    }

    func testTextHandlerScrubsToo() throws {
        let label = "test.text-\(UUID().uuidString)"
        let logger = Logger(label: label) { ScrubbingTextLogHandler(label: $0, service: "member") }

        let output = try captureStandardError {
            logger.info("手机13812345678", metadata: ["id": "110105199001011234"])
        }

        let line = try XCTUnwrap(output.split(separator: "\n").first { $0.contains(label) })
        XCTAssertTrue(line.contains("手机138****5678"), String(line))
        XCTAssertTrue(line.contains("id=1101**********1234"), String(line))
        XCTAssertFalse(line.contains("13812345678"))
        XCTAssertFalse(line.contains("110105199001011234"))
    }

    func testTimestampIsRFC3339WithZone() throws {
        let label = "test.ts-\(UUID().uuidString)"
        let logger = Logger(label: label) { JSONLinesLogHandler(label: $0, service: "counter", instance: "c-1") }
        let output = try captureStandardError { logger.info("tick") }
        let line = try XCTUnwrap(try jsonLines(output, label: label).first)
        let ts = try XCTUnwrap(line["ts"] as? String)
        let parser = ISO8601DateFormatter()
        parser.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        XCTAssertNotNil(parser.date(from: ts), "ts must carry a zone designator: \(ts)")
    }
}
