import Foundation
import GRDB
import Schema

extension AuthService {
    /// `identity.sessions.revoked`: sessions revoked (logout, password change or reset, refresh-token
    /// reuse, inactivity) after `request.after`, oldest first, with how long their access tokens could
    /// still pass a signature check. The gateway polls it so that a session ended inside identity is
    /// refused within seconds, not when its access token expires. Service actors only.
    public func revokedSessions(_ db: Database, _ request: RevokedSessionsRequest, call: AuthCall) throws -> RevokedSessionsReply {
        guard call.actor?.kind == .service else {
            throw ErrorBody.make(ErrorCode.identityForbidden, details: ["reason": "service_only"])
        }
        let lifetime = Double(settings.accessTokenMinutes * 60)
        let limit = min(max(request.limit ?? 500, 1), 1000)
        let after = request.after ?? RevokedSessionsCursor(revokedAt: now().timeIntervalSince1970 - lifetime, sessionId: "")
        let rows = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT id, revokedAt FROM auth_session
            WHERE revokedAt IS NOT NULL AND (revokedAt > ?1 OR (revokedAt = ?1 AND id > ?2))
            ORDER BY revokedAt, id LIMIT ?3
            """), arguments: [after.revokedAt, after.sessionId, limit])
        let sessions = rows.map { row -> RevokedSession in
            let revokedAt: Double = row["revokedAt"]
            return RevokedSession(sessionId: row["id"], until: Int((revokedAt + lifetime).rounded(.up)))
        }
        let next = rows.last.map { RevokedSessionsCursor(revokedAt: $0["revokedAt"], sessionId: $0["id"]) } ?? after
        return RevokedSessionsReply(sessions: sessions, next: next)
    }

    public func revokedSessions(_ request: RevokedSessionsRequest, call: AuthCall) async throws -> RevokedSessionsReply {
        try await store.read { db in try self.revokedSessions(db, request, call: call) }
    }
}
