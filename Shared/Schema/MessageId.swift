import Synchronization

/// A fresh id for a bus message (a request without an idempotency key, a reply, an event envelope):
/// unique without a system call. `UUID()` reads /dev/urandom each time (an open, a read and a close
/// per reply in identity's profile). A random per-process half and a counter, written as 8-4-4-4-12
/// hex digits: unique across processes by the random half, within one by the counter. Not for
/// secrets (session ids, codes): those keep `UUID()`.
public enum MessageId {
    private static let processHalf = UInt64.random(in: .min ... .max)
    private static let counter = Atomic<UInt64>(0)

    public static func next() -> String {
        let count = counter.add(1, ordering: .relaxed).newValue
        // Written byte by byte: string concatenation showed in the gateway's profile.
        return String(unsafeUninitializedCapacity: 36) { buffer in
            let digits: StaticString = "0123456789abcdef"
            var position = 0
            for nibble in 0..<32 {
                if nibble == 8 || nibble == 12 || nibble == 16 || nibble == 20 {
                    buffer[position] = 0x2D
                    position += 1
                }
                let value = nibble < 16 ? processHalf : count
                buffer[position] = digits.utf8Start[Int((value >> UInt64(60 - 4 * (nibble % 16))) & 0xF)]
                position += 1
            }
            return position
        }
    }
}
