/// Error codes of the payments service. `details["field"]` names the request field at fault.
extension ErrorCode {
    public static let paymentsForbidden = define("payments.forbidden", "无权查看或操作该支付订单")
    public static let paymentsOrderNotFound = define("payments.order_not_found", "订单不存在")
    public static let paymentsIdempotencyKeyInvalid = define(
        "payments.idempotency_key_invalid", "幂等键无效：须为 1–255 个可见 ASCII 字符")
    /// Stripe semantics: the key was first used with other parameters.
    public static let paymentsIdempotencyMismatch = define(
        "payments.idempotency_mismatch", "该幂等键已用于内容不同的交纳请求", status: 422)
    /// The first request with this key is still running.
    public static let paymentsRequestInProgress = define(
        "payments.request_in_progress", "相同的交纳请求正在处理中，请稍后查看结果", status: 409)
    public static let paymentsChannelUnavailable = define("payments.channel_unavailable", "该支付方式暂不可用")
    public static let paymentsRemarkInvalid = define("payments.remark_invalid", "备注过长（最多 200 字）")
    public static let paymentsMembersInvalid = define("payments.members_invalid", "代交党员名单无效（不能为空或重复）")
    public static let paymentsNothingDue = define("payments.nothing_due", "没有需要交纳的党费")
}

extension ErrorCode {
    /// A provider notification failed verification (signature, order, amount, app or seller): it is
    /// recorded and never applied; the provider is not answered `success`, so it tries again.
    public static let paymentsNotificationRefused = define(
        "payments.notification_refused", "支付通知校验未通过，已记录，未入账", status: 400)
}

extension ErrorCode {
    /// Paid, expired or refunded: nothing more to confirm or pay.
    public static let paymentsOrderClosed = define("payments.order_closed", "订单已支付或已关闭", status: 409)
    /// A voucher exists once the months are in the books.
    public static let paymentsNotPaid = define("payments.not_paid", "订单尚未交纳成功，暂无电子凭证", status: 409)
    public static let paymentsYearInvalid = define("payments.year_invalid", "年份无效")
    public static let paymentsRefundReasonInvalid = define("payments.refund_reason_invalid", "请填写退费原因（2–200 字）")
    public static let paymentsRefundPending = define("payments.refund_pending", "该订单已有待审核的退费申请", status: 409)
    public static let paymentsRefundNotFound = define("payments.refund_not_found", "退费申请不存在")
    public static let paymentsRefundReviewed = define("payments.refund_reviewed", "该退费申请已审核", status: 409)
    public static let paymentsRefundCommentRequired = define("payments.refund_comment_required", "驳回时请填写理由")
    public static let paymentsReceiptNotFound = define("payments.receipt_not_found", "回执不存在或已失效", status: 404)
    public static let paymentsWeChatNotBound = define("payments.wechat_not_bound", "请先在个人中心绑定微信，再在微信中支付")
    public static let paymentsWalletNotRegistered = define("payments.wallet_not_registered", "尚未开通市民卡党费钱包")
    public static let paymentsWalletInsufficient = define("payments.wallet_insufficient", "市民卡余额不足，请先充值", status: 409)
    public static let paymentsTopUpInvalid = define("payments.topup_invalid", "充值金额须在 1 元至 5000 元之间，支付方式须为支付宝或微信支付")
    public static let paymentsPasswordNotSet = define("payments.password_not_set", "请先设置交易密码（我的党费 › 交易密码）")
    public static let paymentsPasswordInvalid = define("payments.password_invalid", "交易密码须为 6 位数字，且不能过于简单")
    public static let paymentsPasswordWrong = define("payments.password_wrong", "交易密码错误")
    public static let paymentsPasswordLocked = define("payments.password_locked", "交易密码错误次数过多，已暂时锁定，请稍后再试", status: 423)
    public static let paymentsCodeRequired = define("payments.code_required", "请输入短信验证码")
    /// The provider did not take the order (network, refusal); the order stays open and can be tried again.
    public static let paymentsProviderFailed = define("payments.provider_failed", "支付机构暂时无法受理，请稍后重试", status: 502)
    public static let paymentsCardInvalid = define("payments.card_invalid", "请输入本人 16 至 19 位银行卡号")
    public static let paymentsAgreementRefused = define("payments.agreement_refused", "银行未通过签约（须为本人名下的借记卡）", status: 422)
    public static let paymentsAgreementNotFound = define("payments.agreement_not_found", "缴费协议不存在或已解约", status: 404)
}
