import Foundation
import Mail
import XCTest

/// The MIME builder against the RFCs: fixed encoded-words computed independently (Python's
/// base64 / email.header), and whole messages decoded by Python's `email` package.
final class MIMETests: XCTestCase {
    func testEncodedWordsAreRFC2047B() {
        // python3: base64.b64encode('党费'.encode()) == b'5YWa6LS5'
        XCTAssertEqual(MIMEEncoding.encodedWords("党费"), ["=?UTF-8?B?5YWa6LS5?="])
        // python3: email.header.Header('党费电子缴费凭证（订单 P123）', 'utf-8').encode()
        XCTAssertEqual(MIMEEncoding.header("Subject", "党费电子缴费凭证（订单 P123）"),
                       "Subject: =?UTF-8?B?5YWa6LS555S15a2Q57y06LS55Yet6K+B77yI6K6i5Y2VIFAxMjPvvIk=?=")
        XCTAssertEqual(MIMEEncoding.header("Subject", "Hello"), "Subject: Hello")
    }

    func testLongTextSplitsIntoWordsOfAtMost75Characters() {
        let text = String(repeating: "党费缴纳证明", count: 10)
        let words = MIMEEncoding.encodedWords(text)
        XCTAssertGreaterThan(words.count, 1)
        for word in words { XCTAssertLessThanOrEqual(word.count, 75, word) }
        let decoded = words.map { word -> String in
            let b64 = word.dropFirst("=?UTF-8?B?".count).dropLast(2)
            return String(decoding: Data(base64Encoded: String(b64))!, as: UTF8.self)
        }.joined()
        XCTAssertEqual(decoded, text)  // no character cut between two words
    }

    func testBase64LinesOf76() {
        let data = Data((0..<1000).map { UInt8($0 % 251) })
        let lines = MIMEEncoding.base64Lines(data).components(separatedBy: "\r\n")
        XCTAssertTrue(lines.dropLast().allSatisfy { $0.count == 76 })
        XCTAssertLessThanOrEqual(lines.last!.count, 76)
        XCTAssertEqual(Data(base64Encoded: lines.joined()), data)
    }

    func testRFC2231FilenameIsPercentEncodedUTF8() {
        // python3: urllib.parse.quote('凭证 1.pdf', safe='') == '%E5%87%AD%E8%AF%81%201.pdf'
        XCTAssertEqual(MIMEEncoding.rfc2231("filename", "凭证 1.pdf"), ["filename*=UTF-8''%E5%87%AD%E8%AF%81%201.pdf"])
        let long = MIMEEncoding.rfc2231("filename", "党费电子缴费凭证-P20261128ABCDEF.pdf")
        XCTAssertEqual(long.first?.hasPrefix("filename*0*=UTF-8''"), true)
        XCTAssertTrue(long.enumerated().allSatisfy { $0.element.hasPrefix("filename*\($0.offset)*=") })
    }

    func testDateIsRFC5322InBeijingTime() {
        // 2026-11-28T05:00:05Z is 13:00:05 in Beijing, a Saturday.
        XCTAssertEqual(MIMEEncoding.rfc5322Date(Date(timeIntervalSince1970: 1_795_842_005)), "Sat, 28 Nov 2026 13:00:05 +0800")
    }

    func testDotStuffing() {
        let stuffed = SMTPClient.dotStuffed(Data("a\n.b\r\n..c\r\n".utf8))
        XCTAssertEqual(String(decoding: stuffed, as: UTF8.self), "a\r\n..b\r\n...c\r\n.\r\n")
    }

    /// The whole message, parsed by Python's `email` package (policy.default decodes RFC 2047 and 2231).
    func testPythonEmailDecodesTheMessage() throws {
        let pdf = Data("%PDF-1.4\n".utf8) + Data((0..<3000).map { UInt8($0 % 256) })
        let message = MailMessage(from: "dangjian@example.org", fromName: "智慧党建", to: ["member@example.com"],
                                  subject: "2026年度党费缴纳证明（张三）", body: "您好：\n附件为您的党费缴纳证明。\n.以点开头的行",
                                  attachments: [MailAttachment(fileName: "党费缴纳证明-2026.pdf", mediaType: "application/pdf", data: pdf)],
                                  date: Date(timeIntervalSince1970: 1_795_842_005), messageId: "abc@example.org")
        let (raw, id) = message.rendered()
        XCTAssertEqual(id, "abc@example.org")
        let text = String(decoding: raw, as: UTF8.self)
        XCTAssertTrue(raw.allSatisfy { $0 < 0x80 }, "7-bit only")
        for line in text.components(separatedBy: "\r\n") { XCTAssertLessThanOrEqual(line.count, 78, line) }
        XCTAssertFalse(text.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "bare LF")

        let decoded = try python(raw, script: """
            import email, email.policy, hashlib, json, sys
            m = email.message_from_bytes(sys.stdin.buffer.read(), policy=email.policy.default)
            parts = list(m.iter_parts())
            att = parts[1]
            print(json.dumps({"subject": str(m["subject"]), "from": str(m["from"]), "to": str(m["to"]),
                "date": str(m["date"]), "id": str(m["message-id"]), "type": m.get_content_type(),
                "body": parts[0].get_content(), "bodyType": parts[0].get_content_type(),
                "filename": att.get_filename(), "attType": att.get_content_type(),
                "sha256": hashlib.sha256(att.get_payload(decode=True)).hexdigest(),
                "defects": sum(len(p.defects) for p in m.walk())}, ensure_ascii=False))
            """)
        XCTAssertEqual(decoded["subject"] as? String, "2026年度党费缴纳证明（张三）")
        XCTAssertEqual(decoded["from"] as? String, "智慧党建 <dangjian@example.org>")
        XCTAssertEqual(decoded["to"] as? String, "member@example.com")
        XCTAssertEqual(decoded["date"] as? String, "Sat, 28 Nov 2026 13:00:05 +0800")
        XCTAssertEqual(decoded["id"] as? String, "<abc@example.org>")
        XCTAssertEqual(decoded["type"] as? String, "multipart/mixed")
        XCTAssertEqual(decoded["bodyType"] as? String, "text/plain")
        XCTAssertEqual(decoded["body"] as? String, "您好：\r\n附件为您的党费缴纳证明。\r\n.以点开头的行")
        XCTAssertEqual(decoded["filename"] as? String, "党费缴纳证明-2026.pdf")
        XCTAssertEqual(decoded["attType"] as? String, "application/pdf")
        XCTAssertEqual(decoded["sha256"] as? String, try sha256(pdf))
        XCTAssertEqual(decoded["defects"] as? Int, 0)
    }

    func python(_ input: Data, script: String) throws -> [String: Any] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        stdin.fileHandleForWriting.write(input)
        try stdin.fileHandleForWriting.close()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        return try JSONSerialization.jsonObject(with: out) as? [String: Any] ?? [:]
    }

    /// sha256 by coreutils, not by our code.
    func sha256(_ data: Data) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("mail-\(UUID().uuidString)")
        try data.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sha256sum", file.path]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return String(text.prefix(64))
    }
}
