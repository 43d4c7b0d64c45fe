import Foundation

/// The `error` of a reply: a stable English `code` for programs and a
/// Simplified Chinese `message` for people.
public struct ErrorBody: Codable, Sendable, Error, Equatable {
    /// Stable English, e.g. `dues.window_not_open`.
    public var code: String
    /// Simplified Chinese, shown to end users.
    public var message: String
    /// E.g. `["field": "body.amount"]`. Always encoded, possibly as `{}`,
    /// so clients never need to test for its presence.
    public var details: [String: String]

    public init(code: String, message: String, details: [String: String] = [:]) {
        self.code = code
        self.message = message
        self.details = details
    }

    /// An error whose message comes from the `ErrorCode` catalog,
    /// unless `message` overrides it.
    public static func make(
        _ code: String, details: [String: String] = [:], message: String? = nil
    ) -> ErrorBody {
        ErrorBody(code: code, message: message ?? ErrorCode.defaultMessage(for: code), details: details)
    }

    private enum CodingKeys: String, CodingKey { case code, message, details }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        code = try c.decode(String.self, forKey: .code)
        message = try c.decode(String.self, forKey: .message)
        details = try c.decodeIfPresent([String: String].self, forKey: .details) ?? [:]
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(code, forKey: .code)
        try c.encode(message, forKey: .message)
        try c.encode(details, forKey: .details)
    }
}

extension ErrorBody: CustomStringConvertible {
    public var description: String {
        details.isEmpty ? "\(code): \(message)" : "\(code): \(message) \(details.sorted { $0.key < $1.key })"
    }
}
