import ArgumentParser
import AsyncHTTPClient
import CryptoExtras
import Foundation

/// The part of a payment's CPU no code of ours can remove: the providers' protocols sign every
/// merchant request, every reply and every notification with SHA256withRSA (2048-bit keys), and the
/// simulator signs on the same cores as the platform. Counted by the simulator during the peak (the
/// merchant signatures it checked are the ones payments made), and one signature timed here with
/// the run's own keys, with nothing else running.
struct SigningFloor {
    var merchantPerPayment: Double
    var providerPerPayment: Double
    var microsPerSignature: Double

    /// The simulator's counts so far: (signed by the providers, merchant signatures checked).
    static func counts(simulator: String) async throws -> (signed: Int, verified: Int) {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: simulator + "/_sim/stats"), timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 1 << 20)
        guard let stats = try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any],
              let rsa = stats["rsa"] as? [String: Any],
              let signed = (rsa["signed"] as? NSNumber)?.intValue, let verified = (rsa["verified"] as? NSNumber)?.intValue else {
            throw ValidationError("the simulator's /_sim/stats has no rsa counts")
        }
        return (signed, verified)
    }

    static func measure(keys: URL, before: (signed: Int, verified: Int), after: (signed: Int, verified: Int),
                        payments: Int) throws -> SigningFloor {
        let pem = try String(contentsOf: keys.appendingPathComponent("merchant-private.pem"), encoding: .utf8)
        let key = try _RSA.Signing.PrivateKey(pemRepresentation: pem)
        // A notification's signed text is about this long.
        let text = Data(String(repeating: "out_trade_no=0123456789abcdef&", count: 12).utf8)
        _ = try key.signature(for: text, padding: .insecurePKCS1v1_5)
        let count = 200
        let clock = ContinuousClock()
        let elapsed = try clock.measure {
            for _ in 0..<count { _ = try key.signature(for: text, padding: .insecurePKCS1v1_5) }
        }
        return SigningFloor(merchantPerPayment: Double(after.verified - before.verified) / Double(payments),
                            providerPerPayment: Double(after.signed - before.signed) / Double(payments),
                            microsPerSignature: seconds(elapsed) * 1e6 / Double(count))
    }

    func report(cores: Int) -> String {
        let perPayment = (merchantPerPayment + providerPerPayment) * microsPerSignature
        return String(format: "RSA-2048 signatures per payment: payments %.2f, the simulated providers %.2f; one takes %.0f µs here "
                      + "(200 timed on one core, nothing else running) → %.0f µs of CPU per payment for signing alone, "
                      + "a ceiling of %.0f payments/s on %d cores before anything else is done",
                      merchantPerPayment, providerPerPayment, microsPerSignature, perPayment,
                      Double(cores) * 1e6 / perPayment, cores)
    }
}
