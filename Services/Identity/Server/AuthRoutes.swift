import Identity
import Schema
import Metrics
import ServiceKit

/// Registers identity's authentication requests on the host's router.
///
/// Flows that hash or verify a password, or call a provider, run async: the library reads, does the
/// slow work off the database, then writes in its own transaction, committing counted failures
/// before it answers with the error; their replies are recorded by request id (`recordingIn`) —
/// except logins and refreshes, whose replies hold tokens that must not sit in a table (a retried
/// login is simply a new login). Pure database decisions run in one write transaction with
/// request-id de-duplication.
func registerAuthRoutes(_ host: ServiceHost, auth: AuthEnvironment) {
    let service = AuthService(store: host.store, environment: auth)
    let router = host.router
    @Sendable func call(_ ctx: RequestContext) -> AuthCall { AuthCall(actor: ctx.actor, requestId: ctx.requestId) }

    router.query(IdentityAPI.logIn) { req, ctx in
        do {
            let reply = try await service.login(req, call: call(ctx))
            LoginMetrics.count("ok")
            return reply
        } catch let error as ErrorBody where error.code == ErrorCode.identityAccountLocked {
            LoginMetrics.count("locked")
            throw error
        } catch let error as ErrorBody where error.code == ErrorCode.identityLoginFailed {
            LoginMetrics.count("refused")
            throw error
        }
    }
    router.query(IdentityAPI.loginChangePassword) { req, ctx in
        try await service.loginChangePassword(req, call: call(ctx))
    }
    router.query(IdentityAPI.loginVerifyCode) { req, ctx in
        try await service.loginVerifyCode(req, call: call(ctx))
    }
    router.query(IdentityAPI.loginResendCode) { req, ctx in
        try await service.loginResendCode(req, call: call(ctx))
    }
    router.query(IdentityAPI.tokenRefresh) { req, ctx in
        try await service.refresh(req, call: call(ctx))
    }
    router.query(IdentityAPI.tokenVerify) { req, _ in
        try await service.verifyToken(req)
    }
    router.query(IdentityAPI.tokenKeys) { _, ctx in
        try await service.tokenKeys(call: call(ctx))
    }
    router.query(IdentityAPI.sessionsRevoked) { req, ctx in
        try await service.revokedSessions(req, call: call(ctx))
    }
    router.command(IdentityAPI.logout, store: host.store) { req, _, db in
        try service.logout(db, req)
    }
    router.command(IdentityAPI.passwordChange, recordingIn: host.store) { req, ctx in
        try await service.changePassword(req, call: call(ctx))
    }
    router.command(IdentityAPI.passwordForgot, recordingIn: host.store) { req, ctx in
        try await service.forgotPassword(req, call: call(ctx))
    }
    router.command(IdentityAPI.passwordReset, recordingIn: host.store) { req, ctx in
        try await service.resetPassword(req, call: call(ctx))
    }
    router.command(IdentityAPI.adminCreate, recordingIn: host.store) { req, ctx in
        try await service.createAdmin(req, call: call(ctx))
    }
    router.command(IdentityAPI.accountResetPassword, recordingIn: host.store) { req, ctx in
        try await service.resetAccountPassword(req, call: call(ctx))
    }
    router.query(IdentityAPI.adminList) { req, ctx in
        try await host.store.read { db in try service.listAdmins(db, req, call: call(ctx)) }
    }
    router.query(IdentityAPI.adminGet) { req, ctx in
        try await host.store.read { db in try service.getAdmin(db, req, call: call(ctx)) }
    }
    router.command(IdentityAPI.adminUpdate, store: host.store) { req, ctx, db in
        try service.updateAdmin(db, req, call: call(ctx))
    }
    router.command(IdentityAPI.adminDisable, store: host.store) { req, ctx, db in
        try service.setAdminActive(db, req, active: false, call: call(ctx))
    }
    router.command(IdentityAPI.adminEnable, store: host.store) { req, ctx, db in
        try service.setAdminActive(db, req, active: true, call: call(ctx))
    }
    router.command(IdentityAPI.memberResetPassword, store: host.store) { req, ctx, db in
        try service.resetMemberPassword(db, req, call: call(ctx))
    }
    router.command(IdentityAPI.codeSend, store: host.store) { req, ctx, db in
        try service.sendCode(db, req, call: call(ctx))
    }
    // A wrong code counts its attempt: the count commits, then the error is answered.
    router.query(IdentityAPI.codeCheck) { req, _ in
        if let failure = try await host.store.write({ db in try service.checkServiceCode(db, req) }) { throw failure }
        return Empty()
    }
    router.command(IdentityAPI.wechatBind, recordingIn: host.store) { req, ctx in
        try await service.bindWeChat(req, call: call(ctx))
    }
    router.query(IdentityAPI.loginWeChat) { req, ctx in
        try await service.loginWeChat(req, call: call(ctx))
    }
    router.query(IdentityAPI.wechatStatus) { _, ctx in
        try await host.store.read { db in try service.wechatStatus(db, call: call(ctx)) }
    }
    router.command(IdentityAPI.wechatUnbind, store: host.store) { _, ctx, db in
        try service.unbindWeChat(db, call: call(ctx))
    }
    router.command(IdentityAPI.realNameVerify, recordingIn: host.store) { _, ctx in
        try await service.verifyRealName(call: call(ctx))
    }
    router.query(IdentityAPI.realNameStatus) { req, ctx in
        try await service.realNameStatus(req, call: call(ctx))
    }
}

/// `identity_logins_total{outcome}`: ok, refused (wrong account or password), locked (too many failures).
enum LoginMetrics {
    static func count(_ outcome: String) {
        Counter(label: "identity_logins_total", dimensions: [("outcome", outcome)]).increment()
    }
}
