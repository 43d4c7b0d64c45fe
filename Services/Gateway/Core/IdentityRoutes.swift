import Schema

/// The HTTP face of identity. One line per operation; a later service adds its own list the same
/// way and `GatewayRoutes.all` concatenates them.
public enum IdentityRoutes {
    public typealias R = GatewayRoute
    typealias P = GatewayRoute.Parameter
    static let S = Schemas.self

    public static let all: [GatewayRoute] = [
        // MARK: Login and tokens (no token needed)
        R.post("/api/v1/auth/login", AuthMessage.login, "登录（身份证号/手机号/用户名 + 密码）", tag: "auth", auth: .none,
               body: S.loginRequest, response: S.loginReply, rateLimit: .login, accountField: "identifier"),
        R.post("/api/v1/auth/login/change-password", AuthMessage.loginChangePassword, "首次登录修改初始密码", tag: "auth",
               auth: .none, body: S.loginChangePassword, response: S.loginReply, rateLimit: .login, accountField: "ticket"),
        R.post("/api/v1/auth/login/verify-code", AuthMessage.loginVerifyCode, "登录短信验证码校验", tag: "auth", auth: .none,
               body: S.loginVerifyCode, response: S.loginReply, rateLimit: .login, accountField: "ticket"),
        R.post("/api/v1/auth/login/resend-code", AuthMessage.loginResendCode, "重新发送登录短信验证码", tag: "auth",
               auth: .none, body: S.loginResendCode, response: S.loginReply, rateLimit: .sms, accountField: "ticket"),
        R.post("/api/v1/auth/refresh", AuthMessage.tokenRefresh, "刷新令牌", tag: "auth", auth: .none,
               body: S.refresh, response: S.tokenPair, rateLimit: .login),
        R.post("/api/v1/auth/logout", AuthMessage.logout, "退出登录（携带的访问令牌或请求体中的任一令牌）", tag: "auth",
               auth: .none, body: S.logout, response: S.empty, bearerField: "accessToken"),
        R.post("/api/v1/auth/password/forgot", AuthMessage.passwordForgot, "忘记密码：向预留手机发送验证码", tag: "auth",
               auth: .none, body: S.forgot, response: S.forgotReply, rateLimit: .sms, accountField: "identifier"),
        R.post("/api/v1/auth/password/reset", AuthMessage.passwordReset, "凭短信验证码重置密码", tag: "auth", auth: .none,
               body: S.reset, response: S.empty, rateLimit: .login, accountField: "identifier"),
        R.post("/api/v1/auth/password/change", AuthMessage.passwordChange, "修改密码（保留当前会话）", tag: "auth",
               body: S.passwordChange, response: S.empty, bearerField: "accessToken"),

        // MARK: The current user
        R(method: "GET", path: "/api/v1/me", summary: "当前登录者", tag: "me",
          target: .local("me", uses: [IdentityType.memberGet, IdentityType.orgGet]), auth: .bearer, response: S.me),

        // MARK: Organizations
        R.get("/api/v1/orgs/subtree", IdentityType.orgSubtree, "组织树（本组织及下级，分页）", tag: "orgs",
              query: [P("code", .string), P("offset", S.offset), P("limit", .integer(minimum: 1, maximum: 500))],
              response: S.organizationPage),
        R.get("/api/v1/orgs/search", IdentityType.orgSearch, "组织名称模糊查询（联想）", tag: "orgs",
              query: [P("query", .string, required: true), P("limit", .integer(minimum: 1, maximum: 50))],
              response: S.suggestions),
        R.get("/api/v1/orgs/{code}", IdentityType.orgGet, "组织详情", tag: "orgs", response: S.organization),
        R.get("/api/v1/orgs/{code}/children", IdentityType.orgChildren, "下级组织", tag: "orgs", response: S.organizationList),
        R.get("/api/v1/orgs/{code}/ancestors", IdentityType.orgAncestors, "上级组织（自根而下）", tag: "orgs",
              response: S.organizationList),

        // MARK: Members
        R.post("/api/v1/members/search", IdentityType.memberSearch, "党员查询（权限范围内，号码脱敏）", tag: "members",
               body: S.memberSearch, response: S.memberPage),
        R.get("/api/v1/members/{memberId}", IdentityType.memberGet, "党员档案", tag: "members", response: S.member),
        R.patch("/api/v1/members/{memberId}", IdentityType.memberUpdate, "管理员修改党员档案", tag: "members",
                body: S.memberUpdate, response: S.member),
        R.post("/api/v1/profile-changes", IdentityType.profileSubmit, "党员提交信息修改（待书记审核）", tag: "members",
               body: S.profileSubmit, response: S.profileChange),
        R.get("/api/v1/profile-changes/pending", IdentityType.profilePending, "待审核的信息修改", tag: "members",
              query: [P("orgCode", .string)], response: S.profileChangeList),
        R.get("/api/v1/profile-changes/mine", IdentityType.profileMine, "本人的信息修改记录", tag: "members",
              query: [P("memberId", .string)], response: S.profileChangeList),
        R.post("/api/v1/profile-changes/{changeId}/review", IdentityType.profileReview, "审核信息修改", tag: "members",
               body: S.profileReview, response: S.profileChange),

        // MARK: Administrator accounts
        R.post("/api/v1/admins", AuthMessage.adminCreate, "创建下级组织管理员账号", tag: "admins",
               body: S.adminCreate, response: S.adminAccount),
        R.post("/api/v1/accounts/{accountId}/reset-password", AuthMessage.accountResetPassword, "重置账号密码为初始密码",
               tag: "admins", response: S.empty),

        // MARK: WeChat
        R.post("/api/v1/wechat/bind", AuthMessage.wechatBind, "绑定微信（身份证号 + 密码）", tag: "wechat", auth: .none,
               body: S.wechatBind, response: S.wechatBinding, rateLimit: .login, accountField: "idNumber"),
        R.delete("/api/v1/wechat/binding", AuthMessage.wechatUnbind, "解除微信绑定", tag: "wechat", response: S.empty),

        // MARK: Real name
        R.post("/api/v1/realname/verify", AuthMessage.realNameVerify, "实名核验", tag: "realname", response: S.realNameStatus),
        R.get("/api/v1/realname/status", AuthMessage.realNameStatus, "实名核验状态", tag: "realname",
              query: [P("memberId", .string)], response: S.realNameStatus),
    ]
}

/// The gateway's own operations.
public enum GatewayRoutes {
    public static let system: [GatewayRoute] = [
        GatewayRoute(method: "GET", path: "/healthz", summary: "进程存活", tag: "system", target: .local("healthz"),
                     auth: .none, response: Schemas.health),
        GatewayRoute(method: "GET", path: "/readyz", summary: "就绪（消息代理与身份服务可达）", tag: "system",
                     target: .local("readyz"), auth: .none, response: Schemas.ready),
        GatewayRoute(method: "GET", path: "/openapi.json", summary: "本接口文档（OpenAPI 3.1）", tag: "system",
                     target: .local("openapi"), auth: .none, response: Schemas.openAPI),
    ]

    /// Every route the gateway serves. Later services append their lists here.
    public static let all = RouteTable(system + IdentityRoutes.all + DuesRoutes.all + NotificationRoutes.all)
}

extension GatewayRoute {
    public static func get(_ path: String, _ busType: String, _ summary: String, tag: String, auth: Auth = .bearer,
                           query: [Parameter] = [], response: JSONSchema) -> GatewayRoute {
        GatewayRoute(method: "GET", path: path, summary: summary, tag: tag, target: .bus(busType), auth: auth,
                     query: query, response: response)
    }

    public static func post(_ path: String, _ busType: String, _ summary: String, tag: String, auth: Auth = .bearer,
                            body: JSONSchema? = nil, response: JSONSchema, rateLimit: RateLimit? = nil,
                            accountField: String? = nil, bearerField: String? = nil) -> GatewayRoute {
        GatewayRoute(method: "POST", path: path, summary: summary, tag: tag, target: .bus(busType), auth: auth,
                     body: body, response: response, rateLimit: rateLimit, accountField: accountField,
                     bearerField: bearerField)
    }

    public static func patch(_ path: String, _ busType: String, _ summary: String, tag: String, auth: Auth = .bearer,
                             body: JSONSchema, response: JSONSchema) -> GatewayRoute {
        GatewayRoute(method: "PATCH", path: path, summary: summary, tag: tag, target: .bus(busType), auth: auth,
                     body: body, response: response)
    }

    public static func delete(_ path: String, _ busType: String, _ summary: String, tag: String, auth: Auth = .bearer,
                              response: JSONSchema) -> GatewayRoute {
        GatewayRoute(method: "DELETE", path: path, summary: summary, tag: tag, target: .bus(busType), auth: auth,
                     response: response)
    }
}
