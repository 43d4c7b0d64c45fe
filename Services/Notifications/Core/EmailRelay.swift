import Foundation
import Mail
import Schema

/// The installation's SMTP relay (notifications' `smtp` settings). Empty host: email is off.
public struct SmtpSettings: Codable, Sendable, Equatable {
    public var host = ""
    public var port = 25
    /// The envelope and header sender, e.g. noreply@dangjian.example.gov.cn.
    public var from = ""
    public var fromName = "智慧党建"
    /// AUTH PLAIN/LOGIN when both are set (plaintext to the relay: an internal relay, no STARTTLS).
    public var username: String?
    public var password: String?
    public var heloName = "dangjian-notifications"
    public var timeoutSeconds: Double = 15
    /// Larger attachments (decoded, all together) are refused before the relay is called.
    public var maxAttachmentBytes = 10 * 1024 * 1024

    public init() {}

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = SmtpSettings()
        host = try c.decodeIfPresent(String.self, forKey: .host) ?? d.host
        port = try c.decodeIfPresent(Int.self, forKey: .port) ?? d.port
        from = try c.decodeIfPresent(String.self, forKey: .from) ?? d.from
        fromName = try c.decodeIfPresent(String.self, forKey: .fromName) ?? d.fromName
        username = try c.decodeIfPresent(String.self, forKey: .username)
        password = try c.decodeIfPresent(String.self, forKey: .password)
        heloName = try c.decodeIfPresent(String.self, forKey: .heloName) ?? d.heloName
        timeoutSeconds = max(1, try c.decodeIfPresent(Double.self, forKey: .timeoutSeconds) ?? d.timeoutSeconds)
        maxAttachmentBytes = try c.decodeIfPresent(Int.self, forKey: .maxAttachmentBytes) ?? d.maxAttachmentBytes
    }

    public var isConfigured: Bool { !host.isEmpty && !from.isEmpty }

    var relay: SMTPRelay {
        SMTPRelay(host: host, port: port, heloName: heloName, username: username, password: password, timeoutSeconds: timeoutSeconds)
    }
}

/// `notifications.email.send`: one message to one address, sent while the caller waits (the relay
/// queues it onwards), so the member sees at once whether it went. Not a delivery job: a relay that
/// is down answers `notifications.email_failed` and the member sends again; nothing is retried
/// behind their back, so nothing is sent twice.
public struct EmailRelay: Sendable {
    let settings: SmtpSettings

    public init(settings: SmtpSettings) { self.settings = settings }

    public func send(_ request: EmailSendRequest, now: Date = Date()) async throws(ErrorBody) -> EmailSent {
        guard settings.isConfigured else { throw ErrorBody.make(ErrorCode.notificationsEmailUnavailable) }
        guard EmailAddress.isValid(request.to) else {
            throw ErrorBody.make(ErrorCode.notificationsEmailInvalid, details: ["field": "body.to"])
        }
        let subject = request.subject.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !subject.isEmpty, subject.count <= 200 else {
            throw ErrorBody.make(ErrorCode.notificationsEmailInvalid, details: ["field": "body.subject"])
        }
        var files: [MailAttachment] = []
        var total = 0
        for (i, file) in request.attachments.enumerated() {
            guard let data = Data(base64Encoded: file.contentBase64), !file.fileName.isEmpty,
                  file.mediaType.range(of: #"^[a-z]+/[a-z0-9.+-]+$"#, options: .regularExpression) != nil else {
                throw ErrorBody.make(ErrorCode.notificationsEmailInvalid, details: ["field": "body.attachments[\(i)]"])
            }
            total += data.count
            files.append(MailAttachment(fileName: file.fileName, mediaType: file.mediaType, data: data))
        }
        guard total <= settings.maxAttachmentBytes else {
            throw ErrorBody.make(ErrorCode.notificationsEmailInvalid, details: ["field": "body.attachments", "reason": "too_large"])
        }
        let message = MailMessage(from: settings.from, fromName: settings.fromName, to: [request.to], subject: subject,
                                  body: request.body, attachments: files, date: now)
        let (data, id) = message.rendered()
        do {
            let answer = try await SMTPClient(relay: settings.relay).send(from: settings.from, to: [request.to], data: data)
            return EmailSent(messageId: id, relayReply: answer)
        } catch let error as SMTPError {
            // The relay's words go in details (for the log); the member reads the catalog's message.
            throw ErrorBody.make(error.isPermanent ? ErrorCode.notificationsEmailRejected : ErrorCode.notificationsEmailFailed,
                                 details: ["field": "body.to", "relay": String(error.description.prefix(300))])
        } catch {
            throw ErrorBody.make(ErrorCode.notificationsEmailFailed, details: ["relay": String(describing: error).prefix(300).description])
        }
    }
}
