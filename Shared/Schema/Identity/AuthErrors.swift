extension ErrorCode {
    public static let identityLoginFailed = define("identity.login_failed", "账号或密码错误", status: 401)
    public static let identityAccountLocked = define("identity.account_locked", "登录失败次数过多，账号已暂时锁定，请稍后再试", status: 423)
    public static let identityAccountInactive = define("identity.account_inactive", "该账号已停用", status: 403)
    public static let identityPasswordWeak = define("identity.password_weak", "密码强度不足")
    public static let identityPasswordWrong = define("identity.password_wrong", "原密码错误")
    public static let identityUsernameInvalid = define("identity.username_invalid", "用户名只能由字母和数字组成")
    public static let identityUsernameTaken = define("identity.username_taken", "该用户名已被使用")
    public static let identityAdminLimit = define("identity.admin_limit", "该组织的管理员账号已达上限", status: 409)
    public static let identityTicketInvalid = define("identity.ticket_invalid", "登录已失效，请重新登录", status: 401)
    public static let identityCodeInvalid = define("identity.code_invalid", "验证码错误")
    public static let identityCodeExpired = define("identity.code_expired", "验证码已过期，请重新获取")
    public static let identityCodeAttemptsExceeded = define("identity.code_attempts_exceeded", "验证码错误次数过多，请重新获取")
    public static let identityPhoneMissing = define("identity.phone_missing", "未登记手机号码，无法发送验证码，请联系党组织管理员")
    public static let identityCodeRateLimited = define("identity.code_rate_limited", "验证码发送过于频繁，请稍后再试")
    public static let identityTokenInvalid = define("identity.token_invalid", "登录凭证无效，请重新登录")
    public static let identityTokenExpired = define("identity.token_expired", "登录已过期，请重新登录")
    public static let identitySessionRevoked = define("identity.session_revoked", "登录已失效，请重新登录", status: 401)
    public static let identityWeChatTaken = define("identity.wechat_taken", "该微信已绑定其他党员")
    public static let identityWeChatCodeInvalid = define("identity.wechat_code_invalid", "微信授权已失效，请重新授权")
    public static let identityWeChatNotBound = define("identity.wechat_not_bound", "尚未绑定微信")
    public static let identityRealNameMismatch = define("identity.realname_mismatch", "实名核验未通过：姓名与身份证号不一致")
    public static let identityProviderUnavailable = define("identity.provider_unavailable", "外部服务暂不可用，请稍后重试", status: 503)

    // Administrator accounts (issue 10). `details.field` names the field at fault.
    public static let identityAdminNotFound = define("identity.admin_not_found", "管理员账号不存在")
    public static let identityAdminFieldRequired = define("identity.admin_field_required", "请填写管理员的姓名、职务和移动电话")
    public static let identityAdminNameInvalid = define("identity.admin_name_invalid", "管理员姓名应为1至50个字")
    public static let identityAdminPostInvalid = define("identity.admin_post_invalid", "职务应为1至20个字，如书记、副书记、组织委员、操作员")
    public static let identityOfficePhoneInvalid = define("identity.office_phone_invalid", "办公电话无效：应为数字，可含区号、分机号和“-”，共7至20位")
    public static let identityAdminSelf = define(
        "identity.admin_self", "不能对本人的管理员账号执行此操作，请由本组织另一名管理员或上级党组织办理", status: 403)
    /// A login that needs the SMS step, by an administrator account with no mobile on record
    /// (when `adminLoginWithoutMobile` is off).
    public static let identityAdminMobileMissing = define(
        "identity.admin_mobile_missing", "该管理员账号未登记移动电话，无法接收登录验证码，请联系上级党组织或本组织另一名管理员登记移动电话", status: 403)
    /// WeChat binding while the account still has its initial password (Xiamen).
    public static let identityWeChatInitialPassword = define(
        "identity.wechat_initial_password", "请先登录网页版修改初始密码，再用新密码绑定微信", status: 403)
}
