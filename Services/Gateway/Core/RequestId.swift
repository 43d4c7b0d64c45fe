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

    /// Also the id of a bus request that has no idempotency key: unique without reading /dev/urandom
    /// (`UUID()` does, three system calls per request in the gateway's profile).
    public static func next() -> String {
        let count = counter.add(1, ordering: .relaxed).newValue
        // 8-4-4-4-12 hex digits from the two halves, written byte by byte (string concatenation showed
        // in the gateway's profile).
        return String(unsafeUninitializedCapacity: 36) { buffer in
            let digits: StaticString = "0123456789abcdef"
            var position = 0
            for (half, value) in [processHalf, count].enumerated() {
                for nibble in 0..<16 {
                    let index = half * 16 + nibble
                    if index == 8 || index == 12 || index == 16 || index == 20 {
                        buffer[position] = 0x2D
                        position += 1
                    }
                    buffer[position] = digits.utf8Start[Int((value >> UInt64(60 - 4 * nibble)) & 0xF)]
                    position += 1
                }
            }
            return position
        }
    }
}
