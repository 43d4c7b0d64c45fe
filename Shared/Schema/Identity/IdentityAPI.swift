/// Identity's contract: organizations, members, profile changes, accounts, logins and tokens, WeChat
/// and real name — every operation, declared once. Bodies: AuthTypes.swift, DirectoryMessages.swift,
/// ContactMessages.swift; errors: AuthErrors.swift, DirectoryErrors.swift.
public enum IdentityAPI: ServiceContract {
    public static let service = "identity"
    typealias E = ErrorCode
    static let scope = [E.identityForbidden]
    static let login = [E.identityLoginFailed, E.identityAccountLocked, E.identityAccountInactive, E.identityTicketInvalid,
                        E.identityCodeInvalid, E.identityCodeExpired, E.identityCodeAttemptsExceeded,
                        E.identityCodeRateLimited, E.identityPasswordWeak]

    // MARK: Login and tokens (no token needed)
    public static let logIn = BusOperation<LoginRequest, LoginReply>(
        "identity.login", .command, callers: .anyone,
        http: .post("/api/v1/auth/login", "登录（身份证号/手机号/用户名 + 密码）", tag: "auth", open: true,
                    rateLimit: .login, accountField: "identifier"),
        errors: login)
    /// First login: the forced change continues the login.
    public static let loginChangePassword = BusOperation<LoginChangePasswordRequest, LoginReply>(
        "identity.login.change_password", .command, callers: .anyone,
        http: .post("/api/v1/auth/login/change-password", "首次登录修改初始密码", tag: "auth", open: true,
                    rateLimit: .login, accountField: "ticket"),
        errors: login)
    /// The SMS step.
    public static let loginVerifyCode = BusOperation<LoginVerifyCodeRequest, LoginReply>(
        "identity.login.verify_code", .command, callers: .anyone,
        http: .post("/api/v1/auth/login/verify-code", "登录短信验证码校验", tag: "auth", open: true,
                    rateLimit: .login, accountField: "ticket"),
        errors: login)
    /// `smsCode` again, a new code; resend limits apply.
    public static let loginResendCode = BusOperation<LoginResendCodeRequest, LoginReply>(
        "identity.login.resend_code", .command, callers: .anyone,
        http: .post("/api/v1/auth/login/resend-code", "重新发送登录短信验证码", tag: "auth", open: true,
                    rateLimit: .sms, accountField: "ticket"),
        errors: login)
    public static let tokenRefresh = BusOperation<RefreshRequest, TokenPair>(
        "identity.token.refresh", .command, callers: .anyone,
        http: .post("/api/v1/auth/refresh", "刷新令牌", tag: "auth", open: true, rateLimit: .login),
        errors: [E.identityTokenInvalid, E.identityTokenExpired, E.identitySessionRevoked, E.identityAccountInactive])
    public static let tokenVerify = BusOperation<TokenVerifyRequest, Actor>(
        "identity.token.verify", .query, callers: .service,
        errors: [E.identityTokenInvalid, E.identityTokenExpired, E.identitySessionRevoked])
    /// The HMAC keys that sign access tokens, so the gateway verifies tokens locally.
    public static let tokenKeys = BusOperation<Empty, TokenKeysReply>("identity.token.keys", .query, callers: .service)
    /// Sessions revoked since a cursor, so the gateway refuses their access tokens at once.
    public static let sessionsRevoked = BusOperation<RevokedSessionsRequest, RevokedSessionsReply>(
        "identity.sessions.revoked", .query, callers: .service)
    /// The access token sent with it, or either token in the body.
    public static let logout = BusOperation<LogoutRequest, Empty>(
        "identity.logout", .command, callers: .anyone,
        http: .post("/api/v1/auth/logout", "退出登录（携带的访问令牌或请求体中的任一令牌）", tag: "auth", open: true,
                    bearerField: "accessToken", endsSession: true))
    /// Keeps the current session, ends the others.
    public static let passwordChange = BusOperation<PasswordChangeRequest, Empty>(
        "identity.password.change", .command, callers: .people,
        http: .post("/api/v1/auth/password/change", "修改密码（保留当前会话）", tag: "auth", bearerField: "accessToken",
                    endsSession: true),
        errors: [E.identityPasswordWrong, E.identityPasswordWeak, E.identityTokenInvalid, E.identitySessionRevoked])
    /// The same reply whether or not the account exists.
    public static let passwordForgot = BusOperation<ForgotPasswordRequest, ForgotPasswordReply>(
        "identity.password.forgot", .command, callers: .anyone,
        http: .post("/api/v1/auth/password/forgot", "忘记密码：向预留手机发送验证码", tag: "auth", open: true,
                    rateLimit: .sms, accountField: "identifier"),
        errors: [E.identityCodeRateLimited])
    public static let passwordReset = BusOperation<ResetPasswordRequest, Empty>(
        "identity.password.reset", .command, callers: .anyone,
        http: .post("/api/v1/auth/password/reset", "凭短信验证码重置密码", tag: "auth", open: true,
                    rateLimit: .login, accountField: "identifier", endsSession: true),
        errors: [E.identityCodeInvalid, E.identityCodeExpired, E.identityCodeAttemptsExceeded, E.identityPasswordWeak])

    // MARK: Administrator accounts
    public static let adminCreate = BusOperation<AdminCreateRequest, AdminAccount>(
        "identity.admin.create", .command, callers: .admin,
        http: .post("/api/v1/admins", "创建下级组织管理员账号", tag: "admins"),
        errors: scope + [E.identityOrgNotFound, E.identityUsernameInvalid, E.identityUsernameTaken, E.identityAdminLimit])
    /// Back to the initial password, which must be changed.
    public static let accountResetPassword = BusOperation<AccountResetPasswordRequest, Empty>(
        "identity.account.reset_password", .command, callers: .admin,
        http: .post("/api/v1/accounts/{accountId}/reset-password", "重置账号密码为初始密码（该账号的会话随即失效）", tag: "admins",
                    endsSession: true),
        errors: scope + [E.notFound])

    // MARK: WeChat
    public static let wechatBind = BusOperation<WeChatBindRequest, WeChatBinding>(
        "identity.wechat.bind", .command, callers: .anyone,
        http: .post("/api/v1/wechat/bind", "绑定微信（身份证号 + 密码）", tag: "wechat", open: true,
                    rateLimit: .login, accountField: "idNumber"),
        errors: [E.identityLoginFailed, E.identityAccountLocked, E.identityWeChatTaken, E.identityWeChatCodeInvalid,
                 E.identityProviderUnavailable])
    public static let wechatUnbind = BusOperation<Empty, Empty>(
        "identity.wechat.unbind", .command, callers: .member,
        http: .delete("/api/v1/wechat/binding", "解除微信绑定", tag: "wechat"),
        errors: [E.identityWeChatNotBound])

    // MARK: Real name
    public static let realNameVerify = BusOperation<Empty, RealNameStatus>(
        "identity.realname.verify", .command, callers: .member,
        http: .post("/api/v1/realname/verify", "实名核验", tag: "realname"),
        errors: [E.identityRealNameMismatch, E.identityProviderUnavailable, E.identityMemberNotFound])
    /// A member their own; a service or an administrator in scope naming `memberId`.
    public static let realNameStatus = BusOperation<RealNameStatusRequest, RealNameStatus>(
        "identity.realname.status", .query, callers: [.member, .admin, .service],
        http: .get("/api/v1/realname/status", "实名核验状态", tag: "realname"),
        errors: scope + [E.identityMemberNotFound])

    // MARK: Organizations
    public static let orgCreate = BusOperation<CreateOrganization, OrganizationView>(
        "identity.org.create", .command, callers: .admin,
        errors: scope + [E.identityOrgNotFound, E.identityOrgCodeInvalid, E.identityOrgCodeTaken, E.identityOrgTypeInvalid,
                         E.identityNameInvalid, E.identitySecretaryInvalid])
    public static let orgUpdate = BusOperation<UpdateOrganization, OrganizationView>(
        "identity.org.update", .command, callers: .admin,
        errors: scope + [E.identityOrgNotFound, E.identityNameInvalid, E.identitySecretaryInvalid, E.identityOrgTypeInvalid])
    public static let orgMove = BusOperation<MoveOrganization, OrganizationView>(
        "identity.org.move", .command, callers: .admin,
        errors: scope + [E.identityOrgNotFound, E.identityOrgMoveInvalid, E.identityOrgTypeInvalid])
    /// The reply is the dissolved organization.
    public static let orgDissolve = BusOperation<OrganizationRef, OrganizationView>(
        "identity.org.dissolve", .command, callers: .admin,
        errors: scope + [E.identityOrgNotFound, E.identityOrgNotEmpty])
    public static let orgGet = BusOperation<OrganizationRef, OrganizationView>(
        "identity.org.get", .query, callers: .people,
        http: .get("/api/v1/orgs/{code}", "组织详情", tag: "orgs"),
        errors: scope + [E.identityOrgNotFound])
    public static let orgSubtree = BusOperation<SubtreeQuery, OrganizationPage>(
        "identity.org.subtree", .query, callers: .people,
        http: .get("/api/v1/orgs/subtree", "组织树（本组织及下级，分页）", tag: "orgs"),
        errors: scope + [E.identityOrgNotFound])
    /// Root first.
    public static let orgAncestors = BusOperation<OrganizationRef, OrganizationList>(
        "identity.org.ancestors", .query, callers: .people,
        http: .get("/api/v1/orgs/{code}/ancestors", "上级组织（自根而下）", tag: "orgs"),
        errors: scope + [E.identityOrgNotFound])
    public static let orgChildren = BusOperation<OrganizationRef, OrganizationList>(
        "identity.org.children", .query, callers: .people,
        http: .get("/api/v1/orgs/{code}/children", "下级组织", tag: "orgs"),
        errors: scope + [E.identityOrgNotFound])
    public static let orgSearch = BusOperation<OrganizationSearch, OrganizationSuggestions>(
        "identity.org.search", .query, callers: .people,
        http: .get("/api/v1/orgs/search", "组织名称模糊查询（联想）", tag: "orgs"),
        errors: scope + [E.identitySearchInvalid])

    // MARK: Members
    public static let memberCreate = BusOperation<CreateMember, MemberView>(
        "identity.member.create", .command, callers: .admin,
        errors: scope + [E.identityOrgNotFound, E.identityNotABranch, E.identityIdNumberInvalid, E.identityIdNumberTaken,
                         E.identityPhoneInvalid, E.identityPhoneTaken, E.identityDateInvalid, E.identityNameInvalid])
    public static let memberUpdate = BusOperation<UpdateMember, MemberView>(
        "identity.member.update", .command, callers: .admin,
        http: .patch("/api/v1/members/{memberId}", "管理员修改党员档案", tag: "members"),
        errors: scope + [E.identityMemberNotFound, E.identityIdNumberInvalid, E.identityIdNumberTaken,
                         E.identityPhoneInvalid, E.identityPhoneTaken, E.identityDateInvalid, E.identityNameInvalid])
    /// The full ID number and phone only for an administrator in scope or the member.
    public static let memberGet = BusOperation<MemberRef, MemberView>(
        "identity.member.get", .query, callers: .people,
        http: .get("/api/v1/members/{memberId}", "党员档案", tag: "members"),
        errors: scope + [E.identityMemberNotFound])
    /// Masked.
    public static let memberSearch = BusOperation<MemberSearch, MemberPage>(
        "identity.member.search", .query, callers: .people,
        http: .post("/api/v1/members/search", "党员查询（权限范围内，号码脱敏）", tag: "members"),
        errors: scope + [E.identityOrgNotFound, E.identitySearchInvalid])
    public static let memberStatus = BusOperation<ChangeMemberStatus, MemberView>(
        "identity.member.status", .command, callers: .admin,
        errors: scope + [E.identityMemberNotFound, E.identityStatusInvalid, E.identityRemoveNotAllowed,
                         E.identityReasonRequired])
    /// 划拨, committee administrators.
    public static let memberReassign = BusOperation<ReassignMember, MemberView>(
        "identity.member.reassign", .command, callers: .admin,
        errors: scope + [E.identityMemberNotFound, E.identityOrgNotFound, E.identityNotABranch,
                         E.identityReassignNotAllowed, E.identityStatusInvalid])
    public static let memberHistory = BusOperation<MemberRef, MemberHistory>(
        "identity.member.history", .query, callers: .people,
        errors: scope + [E.identityMemberNotFound])
    /// How notifications reaches members (phones are personal data: never logged).
    public static let memberContacts = BusOperation<MemberContactsRequest, MemberContacts>(
        "identity.member.contacts", .query, callers: .service)

    // MARK: Profile changes (Shenzhen)
    public static let profileSubmit = BusOperation<SubmitProfileChange, ProfileChangeView>(
        "identity.profile.submit", .command, callers: .people,
        http: .post("/api/v1/profile-changes", "党员提交信息修改（待书记审核）", tag: "members"),
        errors: scope + [E.identityMemberNotFound, E.identityFieldLocked, E.identityNothingToChange,
                         E.identityIdNumberInvalid, E.identityPhoneInvalid, E.identityPhoneTaken, E.identityDateInvalid])
    /// Branch secretary or administrator.
    public static let profileReview = BusOperation<ReviewProfileChange, ProfileChangeView>(
        "identity.profile.review", .command, callers: .people,
        http: .post("/api/v1/profile-changes/{changeId}/review", "审核信息修改", tag: "members"),
        errors: scope + [E.identityProfileChangeNotFound, E.identityProfileChangeClosed, E.identityReasonRequired])
    public static let profilePending = BusOperation<PendingProfileChanges, ProfileChangeList>(
        "identity.profile.pending", .query, callers: .people,
        http: .get("/api/v1/profile-changes/pending", "待审核的信息修改", tag: "members"),
        errors: scope + [E.identityOrgNotFound])
    /// A member's own changes.
    public static let profileMine = BusOperation<MemberProfileChanges, ProfileChangeList>(
        "identity.profile.mine", .query, callers: .people,
        http: .get("/api/v1/profile-changes/mine", "本人的信息修改记录", tag: "members"),
        errors: scope + [E.identityMemberNotFound])

    // MARK: Other services and operators
    public static let authorize = BusOperation<AuthorizeRequest, AuthorizeReply>(
        "identity.authorize", .query, callers: .service)
    /// Errors: identity.import_invalid, by line and column.
    public static let importCSV = BusOperation<ImportRequest, ImportReply>(
        "identity.import", .command, callers: .admin,
        errors: scope + [E.identityImportInvalid])

    public static let operations: [OperationDescriptor] = ([
        logIn, loginChangePassword, loginVerifyCode, loginResendCode, tokenRefresh, tokenVerify, tokenKeys,
        sessionsRevoked, logout, passwordChange, passwordForgot, passwordReset, adminCreate, accountResetPassword,
        wechatBind, wechatUnbind, realNameVerify, realNameStatus,
        orgCreate, orgUpdate, orgMove, orgDissolve, orgGet, orgSubtree, orgAncestors, orgChildren, orgSearch,
        memberCreate, memberUpdate, memberGet, memberSearch, memberStatus, memberReassign, memberHistory, memberContacts,
        profileSubmit, profileReview, profilePending, profileMine, authorize, importCSV,
    ] as [any DeclaredOperation]).map(\.descriptor)
}
