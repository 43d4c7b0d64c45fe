import Crypto
import CryptoExtras
import Foundation

/// scrypt password hashes in a self-describing string:
///
///     scrypt$<log2N>$<r>$<p>$<salt base64>$<hash base64>
///
/// `verify` reads the cost from the string, so raising the settings later leaves old hashes
/// valid; `needsRehash` says when a stored hash is below today's cost (rehash at the next login).
///
/// Cost: N = 2^14 = 16384, r = 8, p = 1 (the settings' defaults) needs 128·r·N = 16 MiB of memory
/// per hash and takes some tens of milliseconds on one core of a current server: slow and
/// memory-hard enough that a stolen table is costly to attack with GPUs, cheap enough that a
/// login burst on a few cores stays well under a second. The salt is 16 random bytes, the key 32.
///
/// The work runs on a `HashingThreadPool` (one dedicated thread per core), never on the Swift
/// cooperative pool, which would stall every other task of the process during a login burst.
public final class PasswordHasher: Sendable {
    public let log2N: Int
    public let r: Int
    public let p: Int
    public let pool: HashingThreadPool
    /// Test hook, called on the thread that computes each hash just before it does.
    let onCompute: (@Sendable () -> Void)?

    static let saltBytes = 16
    static let keyBytes = 32
    /// A stored string asking for more than this is refused (a corrupted row must not cost a GiB).
    static let maxLog2N = 20

    public init(log2N: Int = 14, r: Int = 8, p: Int = 1, pool: HashingThreadPool = HashingThreadPool(),
                onCompute: (@Sendable () -> Void)? = nil) {
        self.log2N = log2N
        self.r = r
        self.p = p
        self.pool = pool
        self.onCompute = onCompute
    }

    /// A new hash of `password` with a fresh random salt, at this hasher's cost.
    public func hash(_ password: String) async -> String {
        let (log2N, r, p) = (self.log2N, self.r, self.p)
        let hook = onCompute
        return await pool.run {
            hook?()
            var salt = [UInt8](repeating: 0, count: Self.saltBytes)
            var rng = SystemRandomNumberGenerator()
            for i in salt.indices { salt[i] = rng.next() }
            // Only fails for parameters out of range, which settings must not hold.
            let key = try! Self.derive(password, salt: salt, log2N: log2N, r: r, p: p)
            return "scrypt$\(log2N)$\(r)$\(p)$\(Data(salt).base64EncodedString())$\(Data(key).base64EncodedString())"
        }
    }

    /// Whether `password` matches `stored` (constant-time comparison of the derived keys).
    /// A malformed string never matches.
    public func verify(_ password: String, against stored: String) async -> Bool {
        guard let parsed = Self.parse(stored) else { return false }
        let hook = onCompute
        return await pool.run {
            hook?()
            guard let key = try? Self.derive(password, salt: parsed.salt, log2N: parsed.log2N, r: parsed.r, p: parsed.p)
            else { return false }
            return Self.constantTimeEquals(key, parsed.hash)
        }
    }

    /// True when `stored` is not a hash at this hasher's cost (or not a hash at all).
    public func needsRehash(_ stored: String) -> Bool {
        guard let parsed = Self.parse(stored) else { return true }
        return parsed.log2N != log2N || parsed.r != r || parsed.p != p
    }

    struct Parsed: Sendable {
        var log2N: Int, r: Int, p: Int
        var salt: [UInt8], hash: [UInt8]
    }

    static func parse(_ stored: String) -> Parsed? {
        let parts = stored.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "scrypt",
              let log2N = Int(parts[1]), let r = Int(parts[2]), let p = Int(parts[3]),
              (1...maxLog2N).contains(log2N), (1...32).contains(r), (1...16).contains(p),
              let salt = Data(base64Encoded: String(parts[4])), let hash = Data(base64Encoded: String(parts[5])),
              !salt.isEmpty, hash.count == keyBytes
        else { return nil }
        return Parsed(log2N: log2N, r: r, p: p, salt: Array(salt), hash: Array(hash))
    }

    static func derive(_ password: String, salt: [UInt8], log2N: Int, r: Int, p: Int) throws -> [UInt8] {
        let n = 1 << log2N
        let key = try KDF.Scrypt.deriveKey(
            from: Array(password.utf8), salt: salt, outputByteCount: keyBytes,
            rounds: n, blockSize: r, parallelism: p,
            maxMemory: 128 * r * (n + p + 2) + (1 << 20))
        return key.withUnsafeBytes { Array($0) }
    }

    /// No early exit on the first differing byte: the time does not tell how much of a guess was right.
    public static func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var diff: UInt8 = 0
        for i in a.indices { diff |= a[i] ^ b[i] }
        return diff == 0
    }
}
