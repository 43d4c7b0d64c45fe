import Crypto
import Foundation
import GatewayCore

/// Synchronizer tokens without server-side state: a token is an HMAC, under the portal's secret, of
/// what identifies the visitor: the session id once logged in, the device cookie before. Neither is
/// readable by another site (HttpOnly cookies), so neither is the token.
struct CSRF: Sendable {
    static let field = "_csrf"
    private let key: SymmetricKey

    init(secret: [UInt8]) { key = SymmetricKey(data: secret) }

    func token(session sessionId: String) -> String { token("session:" + sessionId) }
    func token(device deviceId: String) -> String { token("device:" + deviceId) }

    private func token(_ binding: String) -> String {
        TokenVerifier.base64URL(Array(HMAC<SHA256>.authenticationCode(for: Array(binding.utf8), using: key)))
    }

    /// The token sent matches one the visitor was given: the session's, or the device's (a login
    /// form shown before the session cookie arrived).
    func accepts(_ sent: String?, visit: Visit) -> Bool {
        guard let sent, !sent.isEmpty else { return false }
        var expected = [token(device: visit.deviceId)]
        if let session = visit.session { expected.append(token(session: session.claims.sid)) }
        return expected.contains { Self.constantTimeEqual($0, sent) }
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
