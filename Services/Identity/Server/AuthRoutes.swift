import Identity
import Schema
import ServiceKit

/// Registers identity's authentication requests on the host's router.
///
/// Flows that hash or verify a password, or call a provider, are `query` routes (async): the
/// library reads, does the slow work off the database, then writes in its own transaction,
/// committing counted failures before it answers with the error. Pure database decisions are
/// `command` routes: one write transaction with request-id de-duplication.
func registerAuthRoutes(_ host: ServiceHost, auth: AuthEnvironment) {
    let service = AuthService(store: host.store, environment: auth)
    let router = host.router
    @Sendable func call(_ ctx: RequestContext) -> AuthCall { AuthCall(actor: ctx.actor, requestId: ctx.requestId) }

    router.query(AuthMessage.login, LoginRequest.self) { req, ctx in
        try await service.login(req, call: call(ctx))
    }
    router.query(AuthMessage.loginChangePassword, LoginChangePasswordRequest.self) { req, ctx in
        try await service.loginChangePassword(req, call: call(ctx))
    }
    router.query(AuthMessage.loginVerifyCode, LoginVerifyCodeRequest.self) { req, ctx in
        try await service.loginVerifyCode(req, call: call(ctx))
    }
    router.query(AuthMessage.loginResendCode, LoginResendCodeRequest.self) { req, ctx in
        try await service.loginResendCode(req, call: call(ctx))
    }
    router.query(AuthMessage.tokenRefresh, RefreshRequest.self) { req, ctx in
        try await service.refresh(req, call: call(ctx))
    }
    router.query(AuthMessage.tokenVerify, TokenVerifyRequest.self) { req, _ in
        try await service.verifyToken(req)
    }
    router.query(AuthMessage.tokenKeys, Empty.self) { _, ctx in
        try await service.tokenKeys(call: call(ctx))
    }
    router.query(AuthMessage.sessionsRevoked, RevokedSessionsRequest.self) { req, ctx in
        try await service.revokedSessions(req, call: call(ctx))
    }
    router.command(AuthMessage.logout, LogoutRequest.self, store: host.store) { req, _, db in
        try service.logout(db, req)
    }
    router.query(AuthMessage.passwordChange, PasswordChangeRequest.self) { req, ctx in
        try await service.changePassword(req, call: call(ctx))
    }
    router.query(AuthMessage.passwordForgot, ForgotPasswordRequest.self) { req, ctx in
        try await service.forgotPassword(req, call: call(ctx))
    }
    router.query(AuthMessage.passwordReset, ResetPasswordRequest.self) { req, ctx in
        try await service.resetPassword(req, call: call(ctx))
    }
    router.query(AuthMessage.adminCreate, AdminCreateRequest.self) { req, ctx in
        try await service.createAdmin(req, call: call(ctx))
    }
    router.query(AuthMessage.accountResetPassword, AccountResetPasswordRequest.self) { req, ctx in
        try await service.resetAccountPassword(req, call: call(ctx))
    }
    router.query(AuthMessage.wechatBind, WeChatBindRequest.self) { req, ctx in
        try await service.bindWeChat(req, call: call(ctx))
    }
    router.command(AuthMessage.wechatUnbind, Empty.self, store: host.store) { _, ctx, db in
        try service.unbindWeChat(db, call: call(ctx))
    }
    router.query(AuthMessage.realNameVerify, Empty.self) { _, ctx in
        try await service.verifyRealName(call: call(ctx))
    }
    router.query(AuthMessage.realNameStatus, RealNameStatusRequest.self) { req, ctx in
        try await service.realNameStatus(req, call: call(ctx))
    }
}
