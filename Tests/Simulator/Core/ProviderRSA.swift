import CryptoExtras
import Foundation
import Synchronization

/// Every SHA256withRSA (PKCS#1 v1.5, base64) signature the simulated providers make or check goes
/// through here, so `/_sim/stats` counts exactly the RSA operations done. paybench reads the counts to
/// show what signing alone costs a payment: the providers' protocols sign requests, replies and
/// notifications with 2048-bit RSA, and on one machine the simulator's signing shares its cores.
final class ProviderRSA: Sendable {
    private let signed = Atomic<Int>(0)
    private let verified = Atomic<Int>(0)

    /// The base64 signature of `data`, or "" when the provider has no key configured.
    func sign(_ data: Data, with key: _RSA.Signing.PrivateKey?) -> String {
        guard let key else { return "" }
        signed.add(1, ordering: .relaxed)
        guard let signature = try? key.signature(for: data, padding: .insecurePKCS1v1_5) else { return "" }
        return signature.rawRepresentation.base64EncodedString()
    }

    /// Whether `base64` is the signature of `data` by `key`; false when either is missing or malformed.
    func isValid(_ base64: String?, of data: Data, by key: _RSA.Signing.PublicKey?) -> Bool {
        guard let key, let base64, let raw = Data(base64Encoded: base64) else { return false }
        verified.add(1, ordering: .relaxed)
        return key.isValidSignature(_RSA.Signing.RSASignature(rawRepresentation: raw), for: data, padding: .insecurePKCS1v1_5)
    }

    var json: [String: Any] {
        ["signed": signed.load(ordering: .relaxed), "verified": verified.load(ordering: .relaxed)]
    }
}
