import Crypto
import Foundation
import GRDB
import Schema
import Store

/// The claims of an access token (JWT, HS256).
public struct AccessClaims: Codable, Sendable, Equatable {
    /// Account id.
    public var sub: String
    /// "member" | "admin"
    public var kind: String
    /// Member id (members).
    public var mid: String?
    /// Organization code: the member's branch or the administrator's organization.
    public var org: String?
    public var roles: [String]
    /// Session id.
    public var sid: String
    public var iat: Int
    public var exp: Int

    /// The actor the gateway puts on requests: id = member id for members, account id for admins.
    public var actor: Schema.Actor {
        Schema.Actor(kind: kind == "member" ? .member : .admin, id: mid ?? sub, orgCode: org, roles: roles)
    }
}

extension AuthService {
    static let jwtKeyName = "jwt"
    static let jwtHeader = AuthCrypto.base64URL(Array(#"{"alg":"HS256","typ":"JWT"}"#.utf8))

    // MARK: Issuing

    /// Roles of an account as tokens carry them: its stored roles, "secretary" for a member whose
    /// post is secretary, "city" for an administrator of the root organization.
    func roles(_ db: Database, of account: AccountRecord) throws -> [String] {
        var roles = account.roles
        if account.isMember, account.post == "secretary", !roles.contains("secretary") { roles.append("secretary") }
        if !account.isMember, let org = account.accountOrgCode,
           try Bool.fetchOne(db.cachedStatement(sql: "SELECT parentCode IS NULL FROM organization WHERE code = ?"), arguments: [org]) == true,
           !roles.contains("city") {
            roles.append("city")
        }
        return roles
    }

    func accessToken(_ db: Database, account: AccountRecord, sessionId: String, now: Date) throws -> (String, Date) {
        let exp = now.addingTimeInterval(TimeInterval(settings.accessTokenMinutes * 60))
        let claims = AccessClaims(
            sub: account.id, kind: account.kind, mid: account.memberId, org: account.orgCode,
            roles: try roles(db, of: account), sid: sessionId,
            iat: Int(now.timeIntervalSince1970), exp: Int(exp.timeIntervalSince1970))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let payload = AuthCrypto.base64URL(try encoder.encode(claims))
        let signingInput = Self.jwtHeader + "." + payload
        let mac = HMAC<SHA256>.authenticationCode(for: Array(signingInput.utf8), using: try key(db, Self.jwtKeyName)!)
        return (signingInput + "." + AuthCrypto.base64URL(Array(mac)), Date(timeIntervalSince1970: TimeInterval(claims.exp)))
    }

    /// A new refresh token for `sessionId`, stored as SHA-256 only.
    func newRefreshToken(_ db: Database, sessionId: String, now: Date) throws -> (String, Date) {
        let token = AuthCrypto.randomToken(32)
        let expires = now.addingTimeInterval(TimeInterval(settings.refreshTokenDays * 86_400))
        try db.cachedStatement(sql: "INSERT INTO auth_refresh (tokenHash, sessionId, createdAt, expiresAt) VALUES (?, ?, ?, ?)").execute(arguments: [AuthCrypto.sha256Hex(token), sessionId, now.seconds, expires.seconds])
        try db.cachedStatement(sql: "UPDATE auth_session SET expiresAt = ? WHERE id = ?").execute(arguments: [expires.seconds, sessionId])
        return (token, expires)
    }

    /// Opens a session for the account on the device and returns its first tokens.
    func openSession(_ db: Database, account: AccountRecord, deviceHash: String) throws -> TokenPair {
        let now = now()
        let sessionId = UUID().uuidString.lowercased()
        try db.cachedStatement(sql: """
            INSERT INTO auth_session (id, accountId, deviceHash, createdAt, expiresAt) VALUES (?, ?, ?, ?, ?)
            """).execute(arguments: [sessionId, account.id, deviceHash, now.seconds, now.seconds])
        let (refresh, refreshExpires) = try newRefreshToken(db, sessionId: sessionId, now: now)
        let (access, accessExpires) = try accessToken(db, account: account, sessionId: sessionId, now: now)
        return TokenPair(accessToken: access, accessTokenExpiresAt: accessExpires, refreshToken: refresh,
                         refreshTokenExpiresAt: refreshExpires, sessionId: sessionId)
    }

    // MARK: Verifying

    /// The claims of a correctly signed token, expired or not; `identity.token_invalid` otherwise.
    func signedClaims(_ db: Database, _ token: String) throws -> AccessClaims {
        let invalid = ErrorBody.make(ErrorCode.identityTokenInvalid)
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == Self.jwtHeader,
              let signature = AuthCrypto.base64URLDecode(parts[2]),
              let key = try key(db, Self.jwtKeyName, create: false)
        else { throw invalid }
        let signingInput = Array("\(parts[0]).\(parts[1])".utf8)
        guard HMAC<SHA256>.isValidAuthenticationCode(signature, authenticating: signingInput, using: key),
              let payload = AuthCrypto.base64URLDecode(parts[1]),
              let claims = try? JSONDecoder().decode(AccessClaims.self, from: payload)
        else { throw invalid }
        return claims
    }

    /// `identity.token.verify`: the actor of a valid access token of a live session;
    /// `identity.token_invalid`, `identity.token_expired` or `identity.session_revoked` otherwise.
    public func verifyToken(_ db: Database, _ request: TokenVerifyRequest) throws -> Schema.Actor {
        let claims = try signedClaims(db, request.accessToken)
        guard Double(claims.exp) > now().seconds else { throw ErrorBody.make(ErrorCode.identityTokenExpired) }
        let revoked = try Row.fetchOne(db.cachedStatement(sql: "SELECT revokedAt FROM auth_session WHERE id = ? AND accountId = ?"),
                                       arguments: [claims.sid, claims.sub])
        guard let revoked, (revoked["revokedAt"] as Double?) == nil else {
            throw ErrorBody.make(ErrorCode.identitySessionRevoked)
        }
        return claims.actor
    }

    public func verifyToken(_ request: TokenVerifyRequest) async throws -> Schema.Actor {
        try await store.read { db in try self.verifyToken(db, request) }
    }

    // MARK: Refresh

    /// `identity.token.refresh`: rotates the refresh token. Presenting an already rotated token
    /// revokes the whole session (someone else holds a copy) and fails `identity.token_invalid`.
    public func refresh(_ request: RefreshRequest, call: AuthCall = AuthCall()) async throws -> TokenPair {
        let outcome: Result<TokenPair, ErrorBody> = try await store.write { db in
            let now = self.now()
            guard let row = try Row.fetchOne(db.cachedStatement(sql: """
                SELECT r.sessionId, r.expiresAt, r.rotatedAt, s.accountId, s.revokedAt
                FROM auth_refresh r JOIN auth_session s ON s.id = r.sessionId WHERE r.tokenHash = ?
                """), arguments: [AuthCrypto.sha256Hex(request.refreshToken)])
            else { return .failure(ErrorBody.make(ErrorCode.identityTokenInvalid)) }
            let sessionId: String = row["sessionId"]
            if (row["revokedAt"] as Double?) != nil { return .failure(ErrorBody.make(ErrorCode.identitySessionRevoked)) }
            if (row["rotatedAt"] as Double?) != nil {
                try db.cachedStatement(sql: "UPDATE auth_session SET revokedAt = ?, revokedReason = 'refresh_reuse' WHERE id = ?").execute(arguments: [now.seconds, sessionId])
                return .failure(ErrorBody.make(ErrorCode.identityTokenInvalid, details: ["reason": "reused"]))
            }
            if (row["expiresAt"] as Double) <= now.seconds { return .failure(ErrorBody.make(ErrorCode.identityTokenExpired)) }
            guard let account = try AccountRecord.fetch(db, id: row["accountId"]), account.isActive else {
                try db.cachedStatement(sql: "UPDATE auth_session SET revokedAt = ?, revokedReason = 'inactive' WHERE id = ?").execute(arguments: [now.seconds, sessionId])
                return .failure(ErrorBody.make(ErrorCode.identityAccountInactive))
            }
            try db.cachedStatement(sql: "UPDATE auth_refresh SET rotatedAt = ? WHERE tokenHash = ?").execute(arguments: [now.seconds, AuthCrypto.sha256Hex(request.refreshToken)])
            let (refresh, refreshExpires) = try self.newRefreshToken(db, sessionId: sessionId, now: now)
            let (access, accessExpires) = try self.accessToken(db, account: account, sessionId: sessionId, now: now)
            return .success(TokenPair(accessToken: access, accessTokenExpiresAt: accessExpires, refreshToken: refresh,
                                      refreshTokenExpiresAt: refreshExpires, sessionId: sessionId))
        }
        return try outcome.get()
    }

    // MARK: Logout

    /// `identity.logout`: revokes the session named by either token (an expired access token will do).
    public func logout(_ db: Database, _ request: LogoutRequest) throws -> Empty {
        var sessionId: String?
        if let access = request.accessToken {
            sessionId = try signedClaims(db, access).sid
        } else if let refresh = request.refreshToken {
            sessionId = try String.fetchOne(db.cachedStatement(sql: "SELECT sessionId FROM auth_refresh WHERE tokenHash = ?"),
                                            arguments: [AuthCrypto.sha256Hex(refresh)])
        }
        guard let sessionId else { throw ErrorBody.make(ErrorCode.identityTokenInvalid) }
        try db.cachedStatement(sql: "UPDATE auth_session SET revokedAt = ?, revokedReason = 'logout' WHERE id = ? AND revokedAt IS NULL").execute(arguments: [now().seconds, sessionId])
        return Empty()
    }

    public func logout(_ request: LogoutRequest) async throws -> Empty {
        try await store.write { db in try self.logout(db, request) }
    }
}
