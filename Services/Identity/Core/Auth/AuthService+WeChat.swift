import Foundation
import GRDB
import Schema
import Store

extension AuthService {
    /// `identity.wechat.bind`: links the openid of WeChat's OAuth `code` to the member identified by
    /// ID number + password (counted like a login: wrong passwords lock the account). One openid per
    /// member: binding again replaces the old one; an openid bound to another member is refused.
    public func bindWeChat(_ request: WeChatBindRequest, call: AuthCall = AuthCall()) async throws -> WeChatBinding {
        let found = try await store.read { db -> AccountRecord? in
            let account = try AccountRecord.find(db, identifier: request.idNumber)
            return account?.isMember == true ? account : nil
        }
        let account = try await authenticate(found, password: request.password, call: call)
        guard let memberId = account.memberId else { throw ErrorBody.make(ErrorCode.identityLoginFailed) }
        let user: WeChatUser
        do {
            user = try await environment.wechat.exchange(code: request.wechatCode)
        } catch .rejected {
            throw ErrorBody.make(ErrorCode.identityWeChatCodeInvalid, details: ["field": "body.wechatCode"])
        } catch {
            throw ErrorBody.make(ErrorCode.identityProviderUnavailable, details: ["provider": "wechat"])
        }
        return try await store.write { db in
            let now = self.now()
            if let holder = try String.fetchOne(db, sql: "SELECT memberId FROM auth_wechat WHERE openid = ?", arguments: [user.openid]),
               holder != memberId {
                throw ErrorBody.make(ErrorCode.identityWeChatTaken)
            }
            try db.execute(sql: """
                INSERT INTO auth_wechat (memberId, openid, boundAt) VALUES (?, ?, ?)
                ON CONFLICT (memberId) DO UPDATE SET openid = excluded.openid, boundAt = excluded.boundAt
                """, arguments: [memberId, user.openid, now.seconds])
            try self.emit(db, IdentityEvent.wechatBound, WeChatBindingEvent(memberId: memberId, openid: user.openid), call)
            return WeChatBinding(memberId: memberId, openid: user.openid, boundAt: now)
        }
    }

    /// `identity.wechat.unbind` (member actor): removes the member's binding.
    public func unbindWeChat(_ db: Database, call: AuthCall) throws -> Empty {
        guard let actor = call.actor, actor.kind == .member else { throw Self.forbidden() }
        guard let openid = try String.fetchOne(db, sql: "SELECT openid FROM auth_wechat WHERE memberId = ?", arguments: [actor.id])
        else { throw ErrorBody.make(ErrorCode.identityWeChatNotBound) }
        try db.execute(sql: "DELETE FROM auth_wechat WHERE memberId = ?", arguments: [actor.id])
        try emit(db, IdentityEvent.wechatUnbound, WeChatBindingEvent(memberId: actor.id, openid: openid), call)
        return Empty()
    }

    public func unbindWeChat(call: AuthCall) async throws -> Empty {
        try await store.write { db in try self.unbindWeChat(db, call: call) }
    }
}
