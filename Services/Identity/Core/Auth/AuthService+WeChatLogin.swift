import Crypto
import Foundation
import GRDB
import Schema
import Store

extension AuthService {
    /// How long the ticket of an unbound openid lets the member bind it after a password login.
    static let wechatTicketSeconds: TimeInterval = 600
    static let wechatTicketKey = "wechat-ticket"

    /// The openid of a WeChat OAuth `code`, WeChat's failures as identity's errors. The one place
    /// identity exchanges codes (binding and the 公众号 entry both come here).
    func exchangeWeChat(code: String) async throws -> WeChatUser {
        do {
            return try await environment.wechat.exchange(code: code)
        } catch .rejected {
            throw ErrorBody.make(ErrorCode.identityWeChatCodeInvalid, details: ["field": "body.wechatCode"])
        } catch {
            throw ErrorBody.make(ErrorCode.identityProviderUnavailable, details: ["provider": "wechat"])
        }
    }

    /// `identity.login.wechat`: the 公众号 menu's snsapi_base `code` logs in the member bound to its
    /// openid, through the same next steps as a password login (forced change, SMS code on a new
    /// device). An unbound openid is answered `identity.wechat_not_bound` with `details.wechatTicket`,
    /// which `identity.wechat.bind` takes instead of a code for the next ten minutes.
    public func loginWeChat(_ request: WeChatLoginRequest, call: AuthCall = AuthCall()) async throws -> LoginReply {
        let user = try await exchangeWeChat(code: request.wechatCode)
        let deviceHash = Self.deviceHash(request.deviceId)
        enum Outcome: Sendable { case reply(LoginReply), unbound(ticket: String) }
        let outcome = try await store.write { db -> Outcome in
            guard let memberId = try String.fetchOne(db.cachedStatement(sql: "SELECT memberId FROM auth_wechat WHERE openid = ?"), arguments: [user.openid]),
                  let account = try AccountRecord.fetch(db, memberId: memberId)
            else { return .unbound(ticket: try self.sealWeChatTicket(db, openid: user.openid)) }   // committed with its key
            try self.checkNotLocked(account)
            guard account.isActive else { throw ErrorBody.make(ErrorCode.identityAccountInactive) }
            return .reply(try self.nextStep(db, account: account, deviceHash: deviceHash, mustChange: account.mustChangePassword,
                                            weakPassword: false, call: call))
        }
        switch outcome {
        case .reply(let reply): return reply
        case .unbound(let ticket): throw ErrorBody.make(ErrorCode.identityWeChatNotBound, details: ["wechatTicket": ticket])
        }
    }

    /// `identity.wechat.status` (member actor): whether the member has WeChat bound; the openid stays here.
    public func wechatStatus(_ db: Database, call: AuthCall) throws -> WeChatStatus {
        guard let actor = call.actor, actor.kind == .member else { throw Self.forbidden() }
        let boundAt = try Double.fetchOne(db.cachedStatement(sql: "SELECT boundAt FROM auth_wechat WHERE memberId = ?"), arguments: [actor.id])
        return WeChatStatus(bound: boundAt != nil, boundAt: boundAt.map { Date(timeIntervalSince1970: $0) })
    }

    /// The openid sealed with identity's own key, with its expiry: nothing readable leaves identity.
    func sealWeChatTicket(_ db: Database, openid: String) throws -> String {
        guard let key = try key(db, Self.wechatTicketKey) else { throw ErrorBody.make(ErrorCode.identityWeChatCodeInvalid) }
        let expires = Int(now().timeIntervalSince1970 + Self.wechatTicketSeconds)
        guard let sealed = try? AES.GCM.seal(Data("\(expires)|\(openid)".utf8), using: key).combined
        else { throw ErrorBody.make(ErrorCode.identityProviderUnavailable, details: ["provider": "wechat"]) }
        return AuthCrypto.base64URL(sealed)
    }

    /// The openid of a ticket still valid, else nil.
    func openWeChatTicket(_ ticket: String) async throws -> String? {
        guard let key = try await store.read({ db in try self.key(db, Self.wechatTicketKey, create: false) }),
              let data = AuthCrypto.base64URLDecode(Substring(ticket)),
              let box = try? AES.GCM.SealedBox(combined: data), let plain = try? AES.GCM.open(box, using: key),
              let text = String(data: plain, encoding: .utf8), let bar = text.firstIndex(of: "|"),
              let expires = Double(text[..<bar]), expires > now().timeIntervalSince1970
        else { return nil }
        return String(text[text.index(after: bar)...])
    }
}
