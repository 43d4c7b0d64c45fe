import Foundation
import Synchronization

/// The id of one HTTP request: the client's `X-Request-Id` when it is sane (1–128 characters of
/// letters, digits, `-`, `_`, `.`), a new UUID otherwise. It is echoed on the response and put on
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
        return next()
    }

    // A fresh id per request without a system call: a random per-process half and a counter, written
    // as a UUID (unique across processes by the random half, within one by the counter).
    private static let processHalf = UInt64.random(in: .min ... .max)
    private static let counter = Atomic<UInt64>(0)

    static func next() -> String {
        let count = counter.add(1, ordering: .relaxed).newValue
        let hex = Array(hex16(processHalf) + hex16(count))
        return String(hex[0..<8]) + "-" + String(hex[8..<12]) + "-" + String(hex[12..<16]) + "-" + String(hex[16..<20])
            + "-" + String(hex[20..<32])
    }

    private static func hex16(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
