import Synchronization

/// Every SHA256withRSA signature one simulator's payment providers made, and every merchant
/// signature they checked (each one a signature payments made), for `/_sim/stats`. paybench reads
/// them to show what signing alone costs a payment: the providers' protocols sign requests, replies
/// and notifications with 2048-bit RSA, and on one machine the simulator's signing shares its cores.
final class RSACount: Sendable {
    private let signed = Atomic<Int>(0)
    private let verified = Atomic<Int>(0)

    func sign() { signed.add(1, ordering: .relaxed) }
    func verify() { verified.add(1, ordering: .relaxed) }
    var json: [String: Any] {
        ["signed": signed.load(ordering: .relaxed), "verified": verified.load(ordering: .relaxed)]
    }
}
