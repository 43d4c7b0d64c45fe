import Foundation
import GRDB
import Schema

/// Turns other services' events into delivery jobs, inside the consumer's transaction (so each
/// event yields its jobs exactly once).
public enum EventIntake {
    /// The sources whose events notifications consumes today.
    public static let sources = ["identity"]

    /// `identity.verification_code.requested`: the body fields notifications relies on.
    struct VerificationCode: Decodable {
        var phone: String
        var code: String
        var purpose: String
        var expiresAt: Date?
    }

    public static func apply(_ db: Database, source: String, event: Envelope<JSONValue>, templates: SmsTemplates, now: Date) throws {
        switch event.type {
        case "identity.verification_code.requested":
            guard let body = event.body else { return }
            let request = try body.decode(as: VerificationCode.self, at: ["body"])
            let template = templates.code(for: request.purpose)
            // Verification codes go by SMS only, to the phone on record that identity put in the event.
            try DeliveryQueue.enqueue(
                db, dedupKey: "\(event.id)|sms|\(request.phone)|\(template)", channel: "sms", recipient: request.phone,
                templateCode: template, params: ["code": request.code], expiresAt: request.expiresAt, now: now)
        default:
            return
        }
    }
}

/// Which approved SMS template each message uses (templates are registered with the provider).
public struct SmsTemplates: Codable, Sendable, Equatable {
    public var loginCode = "SMS_DJ_LOGIN_CODE"
    public var resetPasswordCode = "SMS_DJ_RESET_CODE"
    public var bindCode = "SMS_DJ_BIND_CODE"

    public init() {}

    func code(for purpose: String) -> String {
        switch purpose {
        case "reset_password": resetPasswordCode
        case "bind": bindCode
        default: loginCode
        }
    }
}
