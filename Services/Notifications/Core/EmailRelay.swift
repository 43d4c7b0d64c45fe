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
    /// A message the relay did not take (down, 4xx) is tried again after 30 s, 60 s, … (at most an
    /// hour apart) until this many attempts, then failed.
    public var maxAttempts = 12
    public var retryBaseSeconds: Double = 30
    public var retryMaxSeconds: Double = 3600
    /// A message left `sending` this long by an instance that died is sent again.
    public var orphanAgeSeconds: Double = 300

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
        maxAttempts = max(1, try c.decodeIfPresent(Int.self, forKey: .maxAttempts) ?? d.maxAttempts)
        retryBaseSeconds = max(1, try c.decodeIfPresent(Double.self, forKey: .retryBaseSeconds) ?? d.retryBaseSeconds)
        retryMaxSeconds = max(retryBaseSeconds, try c.decodeIfPresent(Double.self, forKey: .retryMaxSeconds) ?? d.retryMaxSeconds)
        orphanAgeSeconds = max(60, try c.decodeIfPresent(Double.self, forKey: .orphanAgeSeconds) ?? d.orphanAgeSeconds)
    }

    public var isConfigured: Bool { !host.isEmpty && !from.isEmpty }

    var relay: SMTPRelay {
        SMTPRelay(host: host, port: port, heloName: heloName, username: username, password: password, timeoutSeconds: timeoutSeconds)
    }
}

/// Checks and renders a message, and hands rendered messages to the relay. `EmailOutbox` keeps
/// them, so a relay that is down is tried again.
public struct EmailRelay: Sendable {
    let settings: SmtpSettings

    public init(settings: SmtpSettings) { self.settings = settings }

    public var isConfigured: Bool { settings.isConfigured }

    /// The message as it will go (its Message-ID fixed here, so a resend is recognisably the same
    /// message), or the field at fault.
    public func prepare(_ request: EmailSendRequest, now: Date = Date()) throws(ErrorBody) -> (data: Data, messageId: String) {
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
        return message.rendered()
    }

    /// What the relay answered, or why not.
    public func transmit(_ data: Data, to recipient: String) async -> SendOutcome {
        do {
            return .accepted(messageId: try await SMTPClient(relay: settings.relay).send(from: settings.from, to: [recipient], data: data))
        } catch let error as SMTPError {
            return error.isPermanent ? .permanent(String(error.description.prefix(300))) : .transient(String(error.description.prefix(300)))
        } catch {
            return .transient(String(String(describing: error).prefix(300)))
        }
    }

    /// Prepared and sent at once, nothing kept (tests; the service goes through `EmailOutbox`).
    public func send(_ request: EmailSendRequest, now: Date = Date()) async throws(ErrorBody) -> EmailSent {
        let (data, id) = try prepare(request, now: now)
        switch await transmit(data, to: request.to) {
        case .accepted(let answer): return EmailSent(messageId: id, relayReply: answer)
        case .permanent(let why): throw ErrorBody.make(ErrorCode.notificationsEmailRejected, details: ["field": "body.to", "relay": why])
        case .transient(let why), .unknown(let why): throw ErrorBody.make(ErrorCode.notificationsEmailFailed, details: ["relay": why])
        }
    }
}
