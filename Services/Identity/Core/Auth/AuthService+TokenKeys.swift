import Crypto
import Foundation
import GRDB
import Schema

extension AuthService {
    /// `identity.token.keys`: the HMAC keys access tokens are signed with, so that a trusted service
    /// (the gateway) verifies tokens itself instead of asking on every request. Service actors only:
    /// anyone else gets `identity.forbidden`. Creates the signing key if no token was issued yet.
    public func tokenKeys(_ db: Database, call: AuthCall) throws -> TokenKeysReply {
        guard call.actor?.kind == .service else {
            throw ErrorBody.make(ErrorCode.identityForbidden, details: ["reason": "service_only"])
        }
        guard let key = try key(db, Self.jwtKeyName) else { throw ErrorBody.make(ErrorCode.internal) }
        let secret = key.withUnsafeBytes { Array($0) }
        let keyId = String(SHA256.hash(data: secret).map { String(format: "%02x", $0) }.joined().prefix(16))
        return TokenKeysReply(currentKeyId: keyId,
                              keys: [TokenKey(keyId: keyId, algorithm: "HS256", secret: AuthCrypto.base64URL(secret))])
    }

    public func tokenKeys(call: AuthCall) async throws -> TokenKeysReply {
        guard call.actor?.kind == .service else {
            throw ErrorBody.make(ErrorCode.identityForbidden, details: ["reason": "service_only"])
        }
        return try await store.write { db in try self.tokenKeys(db, call: call) }
    }
}
