import Foundation

/// `application/x-www-form-urlencoded`, the shape of Alipay's notifications and gateway requests.
public enum FormEncoding {
    /// Fields of a form body; nil for a malformed one (bad percent escape, repeated name), which is
    /// refused whole rather than guessed at.
    public static func decode(_ body: String) -> [String: String]? {
        var fields: [String: String] = [:]
        for pair in body.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = unescape(parts[0]), let value = unescape(parts.count == 2 ? parts[1] : ""),
                  !name.isEmpty, fields[name] == nil else { return nil }
            fields[name] = value
        }
        return fields
    }

    public static func encode(_ fields: [String: String]) -> String {
        fields.sorted { $0.key < $1.key }.map { "\(escape($0.key))=\(escape($0.value))" }.joined(separator: "&")
    }

    static func unescape(_ text: Substring) -> String? {
        if text.isEmpty { return "" }
        return String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }

    static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._*")

    static func escape(_ text: String) -> String {
        (text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text).replacingOccurrences(of: "%20", with: "+")
    }
}
