import Foundation
import Schema

/// The id of one HTTP request: the client's `X-Request-Id` when it is sane (1–128 characters of
/// letters, digits, `-`, `_`, `.`), a new `MessageId` (UUID-shaped) otherwise. It is echoed on the response and put on
/// every log line of the request.
public enum RequestId {
    public static let header = "X-Request-Id"

    public static func isSane(_ value: String) -> Bool {
        guard (1...128).contains(value.utf8.count) else { return false }
        return value.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x2D || byte == 0x5F || byte == 0x2E
        }
    }

    public static func resolve(_ fromClient: String?) -> String {
        if let fromClient, isSane(fromClient) { return fromClient }
        return MessageId.next()
    }
}
