import Foundation
import GRDB
import Schema
import Store

extension AuthService {
    /// `identity.wechat.bind`: links the openid of WeChat's OAuth `code` (or of identity.login.wechat's ticket) to the member identified by
    /// ID number + password (counted like a login: wrong passwords lock the account). One openid per
    /// member: binding again replaces the old one; an openid bound to another member is refused.
    public func bindWeChat(_ request: WeChatBindRequest, call: AuthCall = AuthCall()) async throws -> WeChatBinding {
        let found = try await store.read { db -> AccountRecord? in
            let account = try AccountRecord.find(db, identifier: request.idNumber)
            return account?.isMember == true ? account : nil
        }
        let account = try await authenticate(found, password: request.password, call: call)
        guard let memberId = account.memberId else { throw ErrorBody.make(ErrorCode.identityLoginFailed) }
        // Xiamen: bind with the new password, after the initial one has been changed; the initial
        // password (e.g. the last six digits of the ID number) is too easy to know.
        try Self.requireInitialPasswordChanged(account)
        let user: WeChatUser
        if let ticket = request.wechatTicket, !ticket.isEmpty {
            // The openid identity.login.wechat saw unbound, sealed in its ticket.
            guard let openid = try await openWeChatTicket(ticket) else {
                throw ErrorBody.make(ErrorCode.identityWeChatCodeInvalid, details: ["field": "body.wechatTicket"])
            }
            user = WeChatUser(openid: openid)
        } else {
            user = try await exchangeWeChat(code: request.wechatCode)
        }
        return try await store.write { db in
            let now = self.now()
            guard let current = try AccountRecord.fetch(db, id: account.id), current.passwordHash == account.passwordHash
            else { throw ErrorBody.make(ErrorCode.identityLoginFailed) }   // the password changed meanwhile
            try Self.requireInitialPasswordChanged(current)
            if let holder = try String.fetchOne(db.cachedStatement(sql: "SELECT memberId FROM auth_wechat WHERE openid = ?"), arguments: [user.openid]),
               holder != memberId {
                throw ErrorBody.make(ErrorCode.identityWeChatTaken)
            }
            try db.cachedStatement(sql: """
                INSERT INTO auth_wechat (memberId, openid, boundAt) VALUES (?, ?, ?)
                ON CONFLICT (memberId) DO UPDATE SET openid = excluded.openid, boundAt = excluded.boundAt
                """).execute(arguments: [memberId, user.openid, now.seconds])
            try self.emit(db, IdentityEvent.wechatBound, WeChatBindingEvent(memberId: memberId, openid: user.openid), call)
            return WeChatBinding(memberId: memberId, openid: user.openid, boundAt: now)
        }
    }

    /// `identity.wechat_initial_password` naming `body.password` while the account must still
    /// change its initial password.
    static func requireInitialPasswordChanged(_ account: AccountRecord) throws(ErrorBody) {
        if account.mustChangePassword || account.passwordHash == DirectoryAccounts.initialPasswordMarker {
            throw ErrorBody.make(ErrorCode.identityWeChatInitialPassword, details: ["field": "body.password"])
        }
    }

    /// `identity.wechat.unbind` (member actor): removes the member's binding.
    public func unbindWeChat(_ db: Database, call: AuthCall) throws -> Empty {
        guard let actor = call.actor, actor.kind == .member else { throw Self.forbidden() }
        guard let openid = try String.fetchOne(db.cachedStatement(sql: "SELECT openid FROM auth_wechat WHERE memberId = ?"), arguments: [actor.id])
        else { throw ErrorBody.make(ErrorCode.identityWeChatNotBound) }
        try db.cachedStatement(sql: "DELETE FROM auth_wechat WHERE memberId = ?").execute(arguments: [actor.id])
        try emit(db, IdentityEvent.wechatUnbound, WeChatBindingEvent(memberId: actor.id, openid: openid), call)
        return Empty()
    }

    public func unbindWeChat(call: AuthCall) async throws -> Empty {
        try await store.write { db in try self.unbindWeChat(db, call: call) }
    }
}
