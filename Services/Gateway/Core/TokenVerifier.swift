import Crypto
import Foundation
import Schema
import Synchronization

/// The claims of an identity access token (JWT, HS256), as identity writes them.
public struct TokenClaims: Codable, Sendable, Equatable {
    /// Account id.
    public var sub: String
    /// "member" | "admin"
    public var kind: String
    /// Member id (members).
    public var mid: String?
    public var org: String?
    public var roles: [String]
    /// Session id.
    public var sid: String
    public var iat: Int
    public var exp: Int

    public init(sub: String, kind: String, mid: String?, org: String?, roles: [String], sid: String, iat: Int, exp: Int) {
        self.sub = sub
        self.kind = kind
        self.mid = mid
        self.org = org
        self.roles = roles
        self.sid = sid
        self.iat = iat
        self.exp = exp
    }

    /// The actor put on bus requests: the member id for members, the account id for administrators.
    public var actor: Actor {
        Actor(kind: kind == "member" ? .member : .admin, id: mid ?? sub, orgCode: org, roles: roles)
    }
}

/// Verifies access tokens locally with the HMAC keys identity hands to services
/// (`identity.token.keys`), so an authenticated request costs no round trip to identity.
///
/// Sessions ended inside identity (password changes, resets, logouts elsewhere, refresh-token reuse)
/// are learnt from `identity.sessions.revoked`, polled every few seconds; logouts that pass through
/// this gateway at once. Each is remembered until its tokens would have expired anyway.
public final class TokenVerifier: Sendable {
    private let keys = Mutex<[String: SymmetricKey]>([:])
    private let revokedSessions = Mutex<[String: Int]>([:])
    /// Tokens whose signature was checked, with their claims (bounded; emptied when the keys change).
    private let verified = Mutex<[String: TokenClaims]>([:])

    public init(keys: [String: [UInt8]] = [:]) {
        setKeys(keys)
    }

    /// Replaces the known keys (key id → secret).
    public func setKeys(_ secrets: [String: [UInt8]]) {
        keys.withLock { $0 = secrets.mapValues { SymmetricKey(data: $0) } }
        verified.withLock { $0.removeAll() }
    }

    /// From identity's reply; returns false when it held no usable key.
    @discardableResult
    public func setKeys(_ reply: TokenKeysReply) -> Bool {
        var secrets: [String: [UInt8]] = [:]
        for key in reply.keys where key.algorithm == "HS256" {
            if let secret = Self.base64URLDecode(Substring(key.secret)) { secrets[key.keyId] = Array(secret) }
        }
        guard !secrets.isEmpty else { return false }
        setKeys(secrets)
        return true
    }

    public var hasKeys: Bool { keys.withLock { !$0.isEmpty } }

    /// The claims of a token signed by a known key and not expired at `now`; otherwise
    /// `identity.token_invalid` or `identity.token_expired`.
    public func verify(_ token: String, now: Date = Date()) throws(ErrorBody) -> TokenClaims {
        // A token seen before was verified against the same keys: only its expiry and session are
        // checked again (the HMAC and JSON decoding are most of an authenticated read's cost).
        let claims = try verifiedClaims(token)
        let seconds = Int(now.timeIntervalSince1970)
        guard claims.exp > seconds else { throw ErrorBody.make(ErrorCode.identityTokenExpired) }
        if revokedSessions.withLock({ $0[claims.sid] != nil }) { throw ErrorBody.make(ErrorCode.identitySessionRevoked) }
        return claims
    }

    private func verifiedClaims(_ token: String) throws(ErrorBody) -> TokenClaims {
        if let hit = verified.withLock({ $0[token] }) { return hit }
        let claims = try checkSignature(token)
        verified.withLock { cache in
            if cache.count >= 10_000 { cache.removeAll(keepingCapacity: true) }
            cache[token] = claims
        }
        return claims
    }

    private func checkSignature(_ token: String) throws(ErrorBody) -> TokenClaims {
        let invalid = ErrorBody.make(ErrorCode.identityTokenInvalid)
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, token.utf8.count < 8192,
              let headerBytes = Self.base64URLDecode(parts[0]),
              let header = try? JSONDecoder().decode([String: String].self, from: headerBytes),
              header["alg"] == "HS256",
              let signature = Self.base64URLDecode(parts[2])
        else { throw invalid }
        let signingInput = Array("\(parts[0]).\(parts[1])".utf8)
        let known = keys.withLock { Array($0.values) }
        guard known.contains(where: { HMAC<SHA256>.isValidAuthenticationCode(signature, authenticating: signingInput, using: $0) }),
              let payload = Self.base64URLDecode(parts[1]),
              let claims = try? JSONDecoder().decode(TokenClaims.self, from: payload)
        else { throw invalid }
        return claims
    }

    /// Remembers a session ended through this gateway until `expiresAt` (seconds since 1970).
    public func revoke(sessionId: String, until expiresAt: Int, now: Date = Date()) {
        revoke([RevokedSession(sessionId: sessionId, until: expiresAt)], now: now)
    }

    /// Remembers sessions identity reports revoked, each until its `until`; forgets those past it.
    public func revoke(_ sessions: [RevokedSession], now: Date = Date()) {
        let seconds = Int(now.timeIntervalSince1970)
        revokedSessions.withLock { revoked in
            revoked = revoked.filter { $0.value > seconds }
            for session in sessions where session.until > seconds {
                revoked[session.sessionId] = max(revoked[session.sessionId] ?? 0, session.until)
            }
        }
    }

    static func base64URLDecode(_ string: Substring) -> Data? {
        var text = string.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        guard !text.contains("=") else { return nil }
        while text.count % 4 != 0 { text += "=" }
        return Data(base64Encoded: text)
    }

    public static func base64URL<D: DataProtocol>(_ bytes: D) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// Signs claims as identity does (for tests and tools).
    public static func sign(_ claims: TokenClaims, secret: [UInt8]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let header = base64URL(Array(#"{"alg":"HS256","typ":"JWT"}"#.utf8))
        let payload = base64URL((try? encoder.encode(claims)) ?? Data())
        let input = header + "." + payload
        let mac = HMAC<SHA256>.authenticationCode(for: Array(input.utf8), using: SymmetricKey(data: secret))
        return input + "." + base64URL(Array(mac))
    }
}
