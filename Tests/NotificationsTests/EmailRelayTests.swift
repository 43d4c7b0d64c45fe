import Foundation
import Notifications
import ProviderSimulatorCore
import Schema
import XCTest

/// notifications.email.send through a real relay (the simulator's SMTP sink over TCP): what it
/// answers, and each refusal as its code.
final class EmailRelayTests: XCTestCase {
    var sink: SMTPSink!
    var settings = SmtpSettings()

    override func setUp() async throws {
        sink = SMTPSink(bind: "127.0.0.1", port: 0)
        settings.host = "127.0.0.1"
        settings.port = Int(try sink.start())
        settings.from = "noreply@dangjian.test"
        settings.timeoutSeconds = 2
    }

    override func tearDown() async throws { sink.stop() }

    func request(to: String = "member@example.com") -> EmailSendRequest {
        EmailSendRequest(to: to, subject: "党费电子缴费凭证", body: "附件为电子凭证。",
                         attachments: [EmailAttachment(fileName: "凭证.pdf", mediaType: "application/pdf",
                                                       contentBase64: Data("%PDF-1.4 test".utf8).base64EncodedString())])
    }

    func refusal(_ relay: EmailRelay, _ request: EmailSendRequest) async -> ErrorBody? {
        do { _ = try await relay.send(request); return nil } catch { return error }
    }

    func testSentThroughTheRelay() async throws {
        let sent = try await EmailRelay(settings: settings).send(request())
        XCTAssertTrue(sent.relayReply.contains("queued"), sent.relayReply)
        let message = try XCTUnwrap(sink.messages.first)
        XCTAssertEqual(message.from, "noreply@dangjian.test")
        XCTAssertEqual(message.to, ["member@example.com"])
        let raw = String(decoding: message.raw, as: UTF8.self)
        XCTAssertTrue(raw.contains("Message-ID: <\(sent.messageId)>"))
        XCTAssertTrue(raw.contains("Content-Type: application/pdf"))
    }

    func testOffWithoutAHost() async {
        let error = await refusal(EmailRelay(settings: SmtpSettings()), request())
        XCTAssertEqual(error?.code, ErrorCode.notificationsEmailUnavailable)
    }

    func testBadRequestsAreRefusedBeforeTheRelay() async {
        let relay = EmailRelay(settings: settings)
        let badAddress = await refusal(relay, request(to: "a@b.com\r\nRCPT TO:<c@d.com>"))
        XCTAssertEqual(badAddress?.code, ErrorCode.notificationsEmailInvalid)
        XCTAssertEqual(badAddress?.details["field"], "body.to")
        var noSubject = request()
        noSubject.subject = "  "
        let subject = await refusal(relay, noSubject)
        XCTAssertEqual(subject?.details["field"], "body.subject")
        var badFile = request()
        badFile.attachments[0].contentBase64 = "not base64!"
        let file = await refusal(relay, badFile)
        XCTAssertEqual(file?.details["field"], "body.attachments[0]")
        XCTAssertEqual(sink.messages.count, 0)
    }

    func testRelayRefusalsKeepTheirMeaning() async {
        let relay = EmailRelay(settings: settings)
        let unknown = await refusal(relay, request(to: "reject.me@example.com"))
        XCTAssertEqual(unknown?.code, ErrorCode.notificationsEmailRejected)
        XCTAssertTrue(unknown?.details["relay"]?.contains("550") ?? false)
        let busy = await refusal(relay, request(to: "busy@example.com"))
        XCTAssertEqual(busy?.code, ErrorCode.notificationsEmailFailed)
        sink.stop()
        let down = await refusal(relay, request())
        XCTAssertEqual(down?.code, ErrorCode.notificationsEmailFailed)
    }
}
