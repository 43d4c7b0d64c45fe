import Foundation
import Synchronization

/// Token buckets in memory, one per key (a client address, an account identifier). Each bucket
/// holds up to `capacity` tokens and gains `capacity` tokens per `period`; a request takes one.
/// Buckets that are full again are forgotten, so memory stays bounded by the active keys.
public final class RateLimiter: Sendable {
    public struct Decision: Sendable, Equatable {
        public var allowed: Bool
        /// Whole seconds until a token is available (0 when allowed).
        public var retryAfter: Int
    }

    public let capacity: Double
    public let period: TimeInterval
    private struct Bucket { var tokens: Double; var updated: TimeInterval }
    private let buckets = Mutex<[String: Bucket]>([:])
    private let lastSweep = Mutex<TimeInterval>(0)

    /// - Parameters: capacity: burst size and tokens per period; period: seconds.
    public init(capacity: Int, period: TimeInterval = 60) {
        self.capacity = Double(max(1, capacity))
        self.period = max(0.001, period)
    }

    var refillPerSecond: Double { capacity / period }

    public func take(_ key: String, now: TimeInterval = Date().timeIntervalSince1970) -> Decision {
        sweep(now: now)
        return buckets.withLock { buckets in
            var bucket = buckets[key] ?? Bucket(tokens: capacity, updated: now)
            bucket.tokens = min(capacity, bucket.tokens + max(0, now - bucket.updated) * refillPerSecond)
            bucket.updated = now
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                buckets[key] = bucket
                return Decision(allowed: true, retryAfter: 0)
            }
            buckets[key] = bucket
            return Decision(allowed: false, retryAfter: Int(((1 - bucket.tokens) / refillPerSecond).rounded(.up)))
        }
    }

    /// Keys currently tracked (for tests and metrics).
    public var trackedKeys: Int { buckets.withLock { $0.count } }

    private func sweep(now: TimeInterval) {
        let due = lastSweep.withLock { last in
            guard now - last >= period else { return false }
            last = now
            return true
        }
        guard due else { return }
        buckets.withLock { buckets in
            buckets = buckets.filter { _, b in b.tokens + (now - b.updated) * refillPerSecond < capacity }
        }
    }
}
