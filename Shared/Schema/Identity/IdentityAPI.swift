/// Identity's contract: organizations, members, profile changes, accounts, logins and tokens, WeChat
/// and real name — every operation, declared once. Bodies: AuthTypes.swift, DirectoryMessages.swift,
/// ContactMessages.swift; errors: AuthErrors.swift, DirectoryErrors.swift.
public enum IdentityAPI: ServiceContract {
    public static let service = "identity"
    typealias E = ErrorCode
    static let scope = [E.identityForbidden]
    static let login = [E.identityLoginFailed, E.identityAccountLocked, E.identityAccountInactive, E.identityTicketInvalid,
                        E.identityCodeInvalid, E.identityCodeExpired, E.identityCodeAttemptsExceeded,
                        E.identityCodeRateLimited, E.identityPasswordWeak, E.identityAdminMobileMissing]

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
    static let adminFields = [E.identityAdminNameInvalid, E.identityAdminPostInvalid, E.identityPhoneInvalid,
                              E.identityOfficePhoneInvalid]
    /// Name, post and mobile are required from an administrator; at most `maxAdminsPerOrganization`
    /// active accounts per organization.
    public static let adminCreate = BusOperation<AdminCreateRequest, AdminAccount>(
        "identity.admin.create", .command, callers: .admin,
        http: .post("/api/v1/admins", "创建本组织或下级组织的管理员账号（姓名、职务、移动电话必填）", tag: "admins"),
        errors: scope + adminFields + [E.identityOrgNotFound, E.identityUsernameInvalid, E.identityUsernameTaken,
                                       E.identityAdminLimit, E.identityAdminFieldRequired])
    /// The administrator accounts of an organization and everything below it; phones masked.
    public static let adminList = BusOperation<AdminListRequest, AdminPage>(
        "identity.admin.list", .query, callers: .admin,
        http: .get("/api/v1/admins", "管理员账号列表（本组织及下级，号码脱敏）", tag: "admins"),
        errors: scope + [E.identityOrgNotFound])
    /// Full phones, for an administrator in scope.
    public static let adminGet = BusOperation<AdminRef, AdminView>(
        "identity.admin.get", .query, callers: .admin,
        http: .get("/api/v1/admins/{accountId}", "管理员账号详情", tag: "admins"),
        errors: scope + [E.identityAdminNotFound])
    /// Name, post, phones. One's own mobile only by the other administrator or a higher organization.
    public static let adminUpdate = BusOperation<AdminUpdateRequest, AdminView>(
        "identity.admin.update", .command, callers: .admin,
        http: .patch("/api/v1/admins/{accountId}", "修改管理员姓名、职务、电话", tag: "admins"),
        errors: scope + adminFields + [E.identityAdminNotFound, E.identityAdminSelf])
    /// The account can no longer log in; its sessions end.
    public static let adminDisable = BusOperation<AdminRef, AdminView>(
        "identity.admin.disable", .command, callers: .admin,
        http: .post("/api/v1/admins/{accountId}/disable", "停用管理员账号（其会话随即失效）", tag: "admins", endsSession: true),
        errors: scope + [E.identityAdminNotFound, E.identityAdminSelf])
    public static let adminEnable = BusOperation<AdminRef, AdminView>(
        "identity.admin.enable", .command, callers: .admin,
        http: .post("/api/v1/admins/{accountId}/enable", "启用管理员账号", tag: "admins"),
        errors: scope + [E.identityAdminNotFound, E.identityAdminSelf, E.identityAdminLimit])
    /// Back to the initial password, which must be changed.
    /// Not one's own account (that is a password change).
    public static let accountResetPassword = BusOperation<AccountResetPasswordRequest, Empty>(
        "identity.account.reset_password", .command, callers: .admin,
        http: .post("/api/v1/accounts/{accountId}/reset-password", "重置账号密码为初始密码（该账号的会话随即失效）", tag: "admins",
                    endsSession: true),
        errors: scope + [E.notFound, E.identityAdminSelf])
    /// From the member's record: back to the initial password, to be changed at the next login.
    public static let memberResetPassword = BusOperation<MemberResetPasswordRequest, Empty>(
        "identity.member.reset_password", .command, callers: .admin,
        http: .post("/api/v1/members/{memberId}/reset-password", "重置党员密码为初始密码（该党员的会话随即失效）", tag: "members",
                    endsSession: true),
        errors: scope + [E.identityMemberNotFound])

    // MARK: WeChat
    public static let wechatBind = BusOperation<WeChatBindRequest, WeChatBinding>(
        "identity.wechat.bind", .command, callers: .anyone,
        http: .post("/api/v1/wechat/bind", "绑定微信（身份证号 + 密码）", tag: "wechat", open: true,
                    rateLimit: .login, accountField: "idNumber"),
        errors: [E.identityLoginFailed, E.identityAccountLocked, E.identityWeChatTaken, E.identityWeChatCodeInvalid,
                 E.identityProviderUnavailable, E.identityWeChatInitialPassword])
    /// The 公众号 menu entry: the snsapi_base `code` logs in the member bound to its openid, with the
    /// login's next steps; an unbound openid: `identity.wechat_not_bound` with `details.wechatTicket`
    /// (ten minutes), which `identity.wechat.bind` takes instead of a code after a password login.
    public static let loginWeChat = BusOperation<WeChatLoginRequest, LoginReply>(
        "identity.login.wechat", .command, callers: .anyone,
        http: .post("/api/v1/auth/login/wechat", "微信公众号菜单登录（网页授权 code）", tag: "auth", open: true, rateLimit: .login),
        errors: login + [E.identityWeChatNotBound, E.identityWeChatCodeInvalid, E.identityProviderUnavailable])
    /// 微信绑定: whether the acting member has WeChat bound.
    public static let wechatStatus = BusOperation<Empty, WeChatStatus>(
        "identity.wechat.status", .query, callers: .member,
        http: .get("/api/v1/wechat/binding", "微信绑定状态", tag: "wechat"))
    public static let wechatUnbind = BusOperation<Empty, Empty>(
        "identity.wechat.unbind", .command, callers: .member,
        http: .delete("/api/v1/wechat/binding", "解除微信绑定", tag: "wechat"),
        errors: [E.identityWeChatNotBound])

    // MARK: Codes for other services (a payment's SMS confirmation factor)
    /// A 6-digit code to the member's phone on record, for `purpose` (e.g. `payment`); the code never
    /// leaves identity except in the SMS. Resend limits apply.
    public static let codeSend = BusOperation<CodeSendRequest, CodeSent>(
        "identity.code.send", .command, callers: .service,
        errors: [E.identityMemberNotFound, E.identityPhoneMissing, E.identityCodeRateLimited])
    /// Checks (and consumes) a code `identity.code.send` made for this member.
    public static let codeCheck = BusOperation<CodeCheckRequest, Empty>(
        "identity.code.check", .command, callers: .service,
        errors: [E.identityCodeInvalid, E.identityCodeExpired, E.identityCodeAttemptsExceeded])

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
        http: .post("/api/v1/orgs", "新建下级党组织", tag: "orgs"),
        errors: scope + [E.identityOrgNotFound, E.identityOrgCodeInvalid, E.identityOrgCodeTaken, E.identityOrgTypeInvalid,
                         E.identityNameInvalid, E.identitySecretaryInvalid])
    public static let orgUpdate = BusOperation<UpdateOrganization, OrganizationView>(
        "identity.org.update", .command, callers: .admin,
        http: .patch("/api/v1/orgs/{code}", "修改党组织（名称、单位、书记）", tag: "orgs"),
        errors: scope + [E.identityOrgNotFound, E.identityNameInvalid, E.identitySecretaryInvalid, E.identityOrgTypeInvalid])
    public static let orgMove = BusOperation<MoveOrganization, OrganizationView>(
        "identity.org.move", .command, callers: .admin,
        http: .post("/api/v1/orgs/{code}/move", "调整党组织隶属关系（连同下级）", tag: "orgs"),
        errors: scope + [E.identityOrgNotFound, E.identityOrgMoveInvalid, E.identityOrgTypeInvalid])
    /// Only when it has no members and no sub-organizations left. The reply is the dissolved organization.
    public static let orgDissolve = BusOperation<OrganizationRef, OrganizationView>(
        "identity.org.dissolve", .command, callers: .admin,
        http: .delete("/api/v1/orgs/{code}", "撤销党组织（须无党员、无下级组织）", tag: "orgs"),
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
        http: .get("/api/v1/orgs/search", "组织名称模糊查询（联想；党员及 anywhere=true 时查全市，仅公开字段）", tag: "orgs"),
        errors: scope + [E.identitySearchInvalid])

    // MARK: Members
    public static let memberCreate = BusOperation<CreateMember, MemberView>(
        "identity.member.create", .command, callers: .admin,
        http: .post("/api/v1/members", "新增党员", tag: "members"),
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
    /// deceased: any administrator in scope; transferred_out and removed (删除党员, with a reason) and
    /// back to active: committee administrators.
    /// A member's fellow members of their own branch by name (naming a proxy). Public fields only.
    public static let memberFellows = BusOperation<FellowMemberSearch, FellowMembers>(
        "identity.member.fellows", .query, callers: .member,
        http: .get("/api/v1/members/fellows", "查找本支部党员（指定代交人）", tag: "members"),
        errors: [E.identitySearchInvalid, E.identityMemberNotFound])
    /// 我的支部: the acting member's branch and its leaders with their phones.
    public static let branchMine = BusOperation<Empty, MyBranch>(
        "identity.branch.mine", .query, callers: .member,
        http: .get("/api/v1/me/branch", "我的支部（支部信息与书记联系方式）", tag: "members"),
        errors: [E.identityMemberNotFound])
    public static let memberStatus = BusOperation<ChangeMemberStatus, MemberView>(
        "identity.member.status", .command, callers: .admin,
        http: .post("/api/v1/members/{memberId}/status", "变更党员状态（已转出、去世、删除须填写原因）", tag: "members"),
        errors: scope + [E.identityMemberNotFound, E.identityStatusInvalid, E.identityRemoveNotAllowed,
                         E.identityReasonRequired])
    /// 划拨, committee administrators.
    public static let memberReassign = BusOperation<ReassignMember, MemberView>(
        "identity.member.reassign", .command, callers: .admin,
        http: .post("/api/v1/members/{memberId}/reassign", "划拨党员到其他支部（党委、党工委）", tag: "members"),
        errors: scope + [E.identityMemberNotFound, E.identityOrgNotFound, E.identityNotABranch,
                         E.identityReassignNotAllowed, E.identityStatusInvalid])
    public static let memberHistory = BusOperation<MemberRef, MemberHistory>(
        "identity.member.history", .query, callers: .people,
        http: .get("/api/v1/members/{memberId}/history", "党员状态变更与划拨记录", tag: "members"),
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

    // MARK: Import over HTTP (a background job)
    public static let importStart = BusOperation<ImportStartRequest, ImportJobView>(
        "identity.import.start", .command, callers: .admin,
        http: .post("/api/v1/imports", "上传党统导出文件导入（GBK 或 UTF-8；后台执行，全部成功或全部不导入）", tag: "imports"),
        errors: scope + [E.identityImportFileInvalid])
    /// While running, `rowsDone` of `rowsTotal`.
    public static let importJob = BusOperation<ImportJobRef, ImportJobView>(
        "identity.import.job", .query, callers: .admin,
        http: .get("/api/v1/imports/{jobId}", "导入任务进度与结果", tag: "imports"),
        errors: scope + [E.identityImportJobNotFound])
    public static let importErrors = BusOperation<ImportJobRef, ImportErrorReport>(
        "identity.import.errors", .query, callers: .admin,
        http: .get("/api/v1/imports/{jobId}/errors", "下载导入错误报告（按行、列）", tag: "imports",
                   response: .file(mediaTypes: ["text/csv"])),
        errors: scope + [E.identityImportJobNotFound])

    public static let operations: [OperationDescriptor] = ([
        logIn, loginChangePassword, loginVerifyCode, loginResendCode, tokenRefresh, tokenVerify, tokenKeys,
        sessionsRevoked, logout, passwordChange, passwordForgot, passwordReset, adminCreate, accountResetPassword,
        adminList, adminGet, adminUpdate, adminDisable, adminEnable, memberResetPassword,
        wechatBind, wechatUnbind, loginWeChat, wechatStatus, codeSend, codeCheck, realNameVerify, realNameStatus,
        orgCreate, orgUpdate, orgMove, orgDissolve, orgGet, orgSubtree, orgAncestors, orgChildren, orgSearch,
        memberCreate, memberUpdate, memberGet, memberSearch, memberFellows, branchMine, memberStatus, memberReassign, memberHistory, memberContacts,
        profileSubmit, profileReview, profilePending, profileMine, authorize, importCSV, importStart, importJob, importErrors,
    ] as [any DeclaredOperation]).map(\.descriptor)
}
