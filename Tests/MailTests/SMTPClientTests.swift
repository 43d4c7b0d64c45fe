import Foundation
import Mail
import ProviderSimulatorCore
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// The SMTP client over real TCP against the provider simulator's sink (a separate implementation
/// of the server side), and against relays that refuse, stall or are absent.
final class SMTPClientTests: XCTestCase {
    var sink: SMTPSink!
    var relay: SMTPRelay!

    override func setUp() async throws {
        sink = SMTPSink(bind: "127.0.0.1", port: 0)
        let port = try sink.start()
        relay = SMTPRelay(host: "127.0.0.1", port: Int(port), heloName: "payments.test", timeoutSeconds: 2)
    }

    override func tearDown() async throws { sink.stop() }

    func testMessageArrivesByteForByteWithDotsUnstuffed() async throws {
        let data = Data("Subject: x\r\n\r\n.one dot\r\n..two dots\r\n.\r\nend\r\n".utf8)
        let answer = try await SMTPClient(relay: relay).send(from: "noreply@example.org", to: ["a@example.com", "b@example.com"], data: data)
        XCTAssertTrue(answer.contains("queued"), answer)
        let messages = sink.messages
        XCTAssertEqual(messages.count, 1)
        XCTAssertEqual(messages[0].from, "noreply@example.org")
        XCTAssertEqual(messages[0].to, ["a@example.com", "b@example.com"])
        XCTAssertEqual(messages[0].raw, data)
        XCTAssertEqual(messages[0].helo, "payments.test")
        XCTAssertNil(messages[0].authUser)
    }

    func testBuiltMessageAndAuthPlain() async throws {
        relay.username = "relayuser"
        relay.password = "secret"
        let message = MailMessage(from: "noreply@example.org", to: ["m@example.com"], subject: "党费电子缴费凭证", body: "附件",
                                  attachments: [MailAttachment(fileName: "凭证.pdf", mediaType: "application/pdf", data: Data(count: 5000))])
        let id = try await SMTPClient(relay: relay).send(message)
        XCTAssertTrue(id.hasSuffix("@example.org"))
        let stored = try XCTUnwrap(sink.messages.first)
        XCTAssertEqual(stored.authUser, "relayuser")
        XCTAssertTrue(String(decoding: stored.raw, as: UTF8.self).contains("Message-ID: <\(id)>"))
    }

    func testBadRecipientIsAClearPermanentError() async throws {
        do {
            try await SMTPClient(relay: relay).send(from: "noreply@example.org", to: ["reject-me@example.com"], data: Data("x\r\n".utf8))
            XCTFail("sent")
        } catch let error as SMTPError {
            guard case .rejected(let stage, let code, let text) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(code, 550)
            XCTAssertTrue(stage.hasPrefix("RCPT TO"), stage)
            XCTAssertTrue(text.contains("User unknown"), text)
            XCTAssertTrue(error.isPermanent)
        }
        XCTAssertEqual(sink.messages.count, 0)
    }

    func testTemporaryRefusalIsNotPermanent() async throws {
        do {
            try await SMTPClient(relay: relay).send(from: "noreply@example.org", to: ["busy@example.com"], data: Data("x\r\n".utf8))
            XCTFail("sent")
        } catch let error as SMTPError {
            guard case .rejected(_, 451, _) = error else { return XCTFail("\(error)") }
            XCTAssertFalse(error.isPermanent)
        }
    }

    func testNoRelayListening() async throws {
        sink.stop()
        do {
            try await SMTPClient(relay: relay).send(from: "noreply@example.org", to: ["a@example.com"], data: Data("x\r\n".utf8))
            XCTFail("sent")
        } catch let error as SMTPError {
            guard case .unreachable = error else { return XCTFail("\(error)") }
        }
    }

    /// A relay that takes the connection and never greets: the read deadline ends the wait.
    func testSilentRelayTimesOut() async throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { _ = Glibc.close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        XCTAssertEqual(listen(fd, 4), 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        let silent = SMTPRelay(host: "127.0.0.1", port: Int(UInt16(bigEndian: address.sin_port)), timeoutSeconds: 0.5)
        let started = Date()
        do {
            try await SMTPClient(relay: silent).send(from: "noreply@example.org", to: ["a@example.com"], data: Data("x\r\n".utf8))
            XCTFail("sent")
        } catch let error as SMTPError {
            guard case .connectionLost(let stage, let why) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(stage, "greeting")
            XCTAssertTrue(why.contains("no reply"), why)
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 5)
    }

    func testAddressWithLineBreakIsRefusedBeforeConnecting() async throws {
        do {
            try await SMTPClient(relay: relay).send(from: "noreply@example.org", to: ["a@example.com>\r\nRCPT TO:<b@example.com"],
                                                     data: Data("x\r\n".utf8))
            XCTFail("sent")
        } catch let error as SMTPError {
            guard case .badAddress = error else { return XCTFail("\(error)") }
        }
        XCTAssertEqual(sink.messages.count, 0)
    }
}
