/// The payments service's contract (党费在线支付): every operation, declared once. Bodies:
/// PaymentsMessages.swift; errors: PaymentsErrors.swift. Money is integer fen.
public enum PaymentsAPI: ServiceContract {
    public static let service = "payments"
    typealias E = ErrorCode
    /// What dues may refuse when the order reserves its months.
    static let duesRefusals = [E.duesMemberNotFound, E.duesWindowNotOpen, E.duesBackpayTooOld, E.duesStandardsNotSubmitted,
                               E.duesLocked, E.duesNotAuthorisedProxy, E.duesNothingDue, E.identityRealNameRequired]

    /// Quote the months in dues and reserve them for the order's life. The `Idempotency-Key` header
    /// (per payer, kept ≥ 24 h) makes a retry return the same order.
    public static let orderCreate = BusOperation<CreateOrderRequest, OrderView>(
        "payments.order.create", .command, callers: .member,
        http: .post("/api/v1/payments/orders", "创建党费支付订单（本人或代交）", tag: "payments",
                    notes: ["memberIds": "缺省为本人；代交时列出委托本人的党员", "remark": "备注（补交原因等）"]),
        errors: duesRefusals + [E.paymentsIdempotencyKeyInvalid, E.paymentsIdempotencyMismatch, E.paymentsRequestInProgress, E.paymentsChannelUnavailable,
                                E.paymentsRemarkInvalid, E.paymentsMembersInvalid, E.paymentsNothingDue, E.paymentsWeChatNotBound, E.paymentsPasswordNotSet, E.identityCodeRateLimited,
                                E.identityPhoneMissing])
    /// The confirmation factor (SMS code), then the order goes to the provider: the reply holds what to
    /// pay with (`qrCode`). Again after a provider failure, the factor is not asked twice.
    public static let orderConfirm = BusOperation<ConfirmOrderRequest, OrderView>(
        "payments.order.confirm", .command, callers: .member,
        http: .post("/api/v1/payments/orders/{orderId}/confirm", "确认支付（短信验证码），向支付机构下单", tag: "payments"),
        errors: [E.paymentsOrderNotFound, E.paymentsForbidden, E.paymentsOrderClosed, E.paymentsCodeRequired,
                 E.paymentsWalletNotRegistered, E.paymentsWalletInsufficient, E.paymentsPasswordWrong, E.paymentsPasswordLocked,
                 E.paymentsPasswordNotSet,
                 E.paymentsChannelUnavailable, E.paymentsProviderFailed, E.paymentsWeChatNotBound, E.identityCodeInvalid, E.identityCodeExpired,
                 E.identityCodeAttemptsExceeded])
    /// A new SMS code for the order (resend limits apply).
    public static let orderResendCode = BusOperation<OrderRef, OrderView>(
        "payments.order.resend_code", .command, callers: .member,
        http: .post("/api/v1/payments/orders/{orderId}/resend-code", "重新发送支付短信验证码", tag: "payments"),
        errors: [E.paymentsOrderNotFound, E.paymentsForbidden, E.paymentsOrderClosed, E.identityCodeRateLimited,
                 E.identityPhoneMissing])
    /// 缴费记录, newest first: what the member paid (also for others) and what others paid for them.
    public static let orderList = BusOperation<OrderListQuery, OrderList>(
        "payments.order.list", .query, callers: .member,
        http: .get("/api/v1/payments/orders", "我的缴费记录（含代交）", tag: "payments"))
    /// The channels switched on here, each with its confirmation factor.
    public static let channels = BusOperation<Empty, ChannelList>(
        "payments.channels", .query, callers: .people,
        http: .get("/api/v1/payments/channels", "可用的支付方式", tag: "payments"))
    /// 电子凭证: a PDF for a paid order (the payer, or a member whose months it paid).
    public static let orderVoucher = BusOperation<OrderRef, ExportReply>(
        "payments.order.voucher", .query, callers: .member,
        http: .get("/api/v1/payments/orders/{orderId}/voucher", "党费电子缴费凭证（PDF）", tag: "payments",
                   response: .file(mediaTypes: ["application/pdf"])),
        errors: [E.paymentsOrderNotFound, E.paymentsForbidden, E.paymentsNotPaid])
    /// 缴费证明: the member's own months paid in a year, as dues records them (online and cash).
    public static let certificate = BusOperation<CertificateRequest, ExportReply>(
        "payments.certificate", .query, callers: .member,
        http: .get("/api/v1/payments/certificate", "年度党费缴纳证明（PDF）", tag: "payments",
                   response: .file(mediaTypes: ["application/pdf"])),
        errors: [E.paymentsYearInvalid, E.paymentsNothingDue])
    /// 退费申请: the payer of a paid order asks for the money back, with a reason.
    public static let refundApply = BusOperation<RefundApplyRequest, RefundApplicationView>(
        "payments.refund.apply", .command, callers: .member,
        http: .post("/api/v1/payments/orders/{orderId}/refund-application", "申请退费（须说明原因）", tag: "payments"),
        errors: [E.paymentsOrderNotFound, E.paymentsForbidden, E.paymentsNotPaid, E.paymentsRefundReasonInvalid,
                 E.paymentsRefundPending])
    /// A member's own applications; an administrator's: those of members in their organizations.
    public static let refundList = BusOperation<RefundApplicationQuery, RefundApplicationList>(
        "payments.refund.list", .query, callers: .people,
        http: .get("/api/v1/payments/refund-applications", "退费申请列表（党员本人；管理员：本组织及下级）", tag: "payments"))
    /// The branch decides: approved, the months become unpaid in dues and the money goes back through
    /// its channel; rejected, the member reads why.
    public static let refundReview = BusOperation<RefundReviewRequest, RefundApplicationView>(
        "payments.refund.review", .command, callers: .admin,
        http: .post("/api/v1/payments/refund-applications/{applicationId}/review", "审核退费申请（批准或驳回）", tag: "payments"),
        errors: [E.paymentsRefundNotFound, E.paymentsForbidden, E.paymentsRefundReviewed, E.paymentsRefundCommentRequired,
                 E.duesPaymentClosed])
    /// 回执: the shareable receipt of a confirmed order (no login; a masked name only).
    public static let receipt = BusOperation<ReceiptRef, ReceiptView>(
        "payments.receipt.get", .query, callers: .anyone,
        http: .get("/api/v1/payments/receipts/{token}", "党费交纳回执（分享链接，姓名脱敏）", tag: "payments", open: true),
        errors: [E.paymentsReceiptNotFound])
    /// 市民卡: the balance (the sum of its movements) and the newest movements.
    public static let walletGet = BusOperation<Empty, WalletView>(
        "payments.wallet.get", .query, callers: .member,
        http: .get("/api/v1/payments/wallet", "市民卡党费钱包（余额与明细）", tag: "payments"))
    /// Opening the wallet: first an SMS code to the phone on record, then the code.
    public static let walletRegister = BusOperation<WalletRegisterRequest, WalletView>(
        "payments.wallet.register", .command, callers: .member,
        http: .post("/api/v1/payments/wallet", "开通市民卡党费钱包（短信验证码）", tag: "payments"),
        errors: [E.paymentsChannelUnavailable, E.identityCodeInvalid, E.identityCodeExpired, E.identityCodeAttemptsExceeded,
                 E.identityCodeRateLimited, E.identityPhoneMissing])
    /// A top-up through Alipay or WeChat Pay: an order whose money lands in the wallet. Idempotency-Key as for orders.
    public static let walletTopUp = BusOperation<TopUpRequest, OrderView>(
        "payments.wallet.topup", .command, callers: .member,
        http: .post("/api/v1/payments/wallet/topups", "市民卡充值（支付宝或微信支付）", tag: "payments"),
        errors: [E.paymentsWalletNotRegistered, E.paymentsTopUpInvalid, E.paymentsChannelUnavailable, E.paymentsProviderFailed,
                 E.paymentsIdempotencyMismatch, E.paymentsRequestInProgress])
    /// 在线支付订单 (administrators): orders and refunds of members in an organization and below it,
    /// newest first. Scope is identity's (the organization's subtree as the administrator may see it).
    public static let orderSearch = BusOperation<OrderSearchQuery, AdminOrderList>(
        "payments.order.search", .query, callers: .admin,
        http: .get("/api/v1/payments/admin/orders", "本组织及下级的在线支付订单与退款（管理员）", tag: "payments"),
        errors: [E.identityForbidden, E.identityOrgNotFound])
    /// 交易密码: whether it is set (and locked).
    public static let passwordStatus = BusOperation<Empty, TransactionPasswordStatus>(
        "payments.password.status", .query, callers: .member,
        http: .get("/api/v1/payments/password", "交易密码状态", tag: "payments"))
    /// Setting (or changing) it: first an SMS code, then the code with the new six digits.
    public static let passwordSet = BusOperation<TransactionPasswordRequest, TransactionPasswordStatus>(
        "payments.password.set", .command, callers: .member,
        http: .post("/api/v1/payments/password", "设置交易密码（短信验证码 + 6 位数字）", tag: "payments"),
        errors: [E.paymentsPasswordInvalid, E.identityCodeInvalid, E.identityCodeExpired, E.identityCodeAttemptsExceeded,
                 E.identityCodeRateLimited, E.identityPhoneMissing])
    public static let orderGet = BusOperation<OrderRef, OrderView>(
        "payments.order.get", .query, callers: .member,
        http: .get("/api/v1/payments/orders/{orderId}", "支付订单详情", tag: "payments"),
        errors: [E.paymentsOrderNotFound, E.paymentsForbidden])

    // MARK: Provider callbacks (no token: the provider's signature, checked here)
    /// Alipay's asynchronous notification (a form POST signed RSA2), answered with the plain text
    /// `success` once verified and recorded; anything else makes Alipay send it again.
    public static let callbackAlipay = BusOperation<AlipayNotify, NotifyAck>(
        "payments.callback.alipay", .command, callers: .anyone,
        http: HTTPBinding(.POST, "/api/v1/callbacks/alipay", "支付宝异步通知（表单，RSA2 签名，由支付服务验签）", tag: "callbacks",
                          open: true, rateLimit: .callback,
                          request: .text(field: "form", mediaTypes: ["application/x-www-form-urlencoded"]),
                          response: .fixed("success", mediaType: "text/plain")),
        errors: [E.paymentsNotificationRefused, E.paymentsChannelUnavailable])

    /// WeChat Pay's notification (JSON, its `resource` AEAD_AES_256_GCM-encrypted, signed in the
    /// Wechatpay-* headers), answered 200 with no body once verified and recorded.
    public static let callbackWeChatPay = BusOperation<WeChatPayNotify, NotifyAck>(
        "payments.callback.wechatpay", .command, callers: .anyone,
        http: HTTPBinding(.POST, "/api/v1/callbacks/wechatpay", "微信支付异步通知（JSON，APIv3 签名与加密，由支付服务验签解密）", tag: "callbacks",
                          open: true, rateLimit: .callback,
                          request: .text(field: "json", mediaTypes: ["application/json"]),
                          response: .fixed("", mediaType: "text/plain"),
                          headers: ["Wechatpay-Signature": "signature", "Wechatpay-Timestamp": "timestamp",
                                    "Wechatpay-Nonce": "nonce", "Wechatpay-Serial": "serial"]),
        errors: [E.paymentsNotificationRefused, E.paymentsChannelUnavailable])

    /// UnionPay's back notification (form, signMethod 01), answered `ok` once verified and recorded. A
    /// credit card's payment is recorded and sent back (no credit cards for dues).
    public static let callbackUnionPay = BusOperation<UnionPayNotify, NotifyAck>(
        "payments.callback.unionpay", .command, callers: .anyone,
        http: HTTPBinding(.POST, "/api/v1/callbacks/unionpay", "银联全渠道后台通知（表单，RSA 签名，由支付服务验签）", tag: "callbacks",
                          open: true, rateLimit: .callback,
                          request: .text(field: "form", mediaTypes: ["application/x-www-form-urlencoded"]),
                          response: .fixed("ok", mediaType: "text/plain")),
        errors: [E.paymentsNotificationRefused, E.paymentsChannelUnavailable])

    /// What notifications may answer when it sends a document by email.
    static let emailRefusals = [E.paymentsEmailInvalid, E.paymentsEmailRateLimited, E.notificationsEmailUnavailable,
                                E.notificationsEmailRejected, E.notificationsEmailFailed]
    /// 电子凭证 by email (same scope as the download), through notifications' SMTP relay.
    public static let orderVoucherEmail = BusOperation<VoucherEmailRequest, DocumentEmailed>(
        "payments.order.voucher.email", .command, callers: .member,
        http: .post("/api/v1/payments/orders/{orderId}/voucher/email", "将党费电子缴费凭证（PDF）发送到邮箱", tag: "payments"),
        errors: [E.paymentsOrderNotFound, E.paymentsForbidden, E.paymentsNotPaid] + emailRefusals)
    /// 缴费证明 by email: one's own only.
    public static let certificateEmail = BusOperation<CertificateEmailRequest, DocumentEmailed>(
        "payments.certificate.email", .command, callers: .member,
        http: .post("/api/v1/payments/certificate/email", "将年度党费缴纳证明（PDF）发送到邮箱", tag: "payments"),
        errors: [E.paymentsForbidden, E.paymentsYearInvalid, E.paymentsNothingDue] + emailRefusals)

    /// 银行缴费协议 (UnionPay 代收): the member's agreements and their debits.
    public static let agreementList = BusOperation<Empty, AgreementList>(
        "payments.agreement.list", .query, callers: .member,
        http: .get("/api/v1/payments/agreements", "我的银行缴费协议与代扣记录", tag: "payments"))
    /// First without a code (an SMS code goes to the phone on record), then with it: signed at UnionPay
    /// with the member's own name and ID number from identity, so only their own card passes.
    public static let agreementSign = BusOperation<AgreementSignRequest, AgreementSignReply>(
        "payments.agreement.sign", .command, callers: .member,
        http: .post("/api/v1/payments/agreements", "签订银行缴费协议（本人银行卡 + 短信验证码）", tag: "payments"),
        errors: [E.paymentsCardInvalid, E.paymentsAgreementRefused, E.paymentsChannelUnavailable, E.paymentsProviderFailed,
                 E.identityCodeInvalid, E.identityCodeExpired, E.identityCodeAttemptsExceeded, E.identityCodeRateLimited,
                 E.identityPhoneMissing])
    /// 解约.
    public static let agreementCancel = BusOperation<AgreementRef, AgreementView>(
        "payments.agreement.cancel", .command, callers: .member,
        http: .post("/api/v1/payments/agreements/{agreementId}/cancel", "解除银行缴费协议", tag: "payments"),
        errors: [E.paymentsAgreementNotFound])

    public static let operations: [OperationDescriptor] = ([orderCreate, orderConfirm, orderResendCode, orderList, channels, orderVoucher, certificate, refundApply, refundList, refundReview, receipt, walletGet, walletRegister, walletTopUp, orderSearch, passwordStatus, passwordSet, orderGet, callbackAlipay, callbackWeChatPay, callbackUnionPay,
        reconciliationRun, reconciliationList, reconciliationGet, reconciliationExport, orderVoucherEmail, certificateEmail,
        agreementList, agreementSign, agreementCancel] as [any DeclaredOperation])
        .map(\.descriptor)

    // MARK: 对账 (installation-wide: only administrators of the root organization, role city)
    static let reconciliationScope = [E.paymentsForbidden]
    /// Reconcile a Beijing day now (default yesterday): download each enabled channel's statement,
    /// match it with our orders and dues, store the report as the day's newest run.
    public static let reconciliationRun = BusOperation<ReconciliationRunRequest, ReconciliationSummary>(
        "payments.reconciliation.run", .command, callers: .admin,
        http: .post("/api/v1/payments/reconciliation/runs", "对账：立即对某日（默认昨日）对账（市级管理员）", tag: "payments"),
        errors: reconciliationScope + [E.paymentsReconciliationDayInvalid, E.paymentsReconciliationStatementFailed])
    public static let reconciliationList = BusOperation<ReconciliationListQuery, ReconciliationList>(
        "payments.reconciliation.list", .query, callers: .admin,
        http: .get("/api/v1/payments/reconciliation", "对账报告：近日各日结果与差异笔数（市级管理员）", tag: "payments"),
        errors: reconciliationScope)
    public static let reconciliationGet = BusOperation<ReconciliationDayRef, ReconciliationView>(
        "payments.reconciliation.get", .query, callers: .admin,
        http: .get("/api/v1/payments/reconciliation/{day}", "某日对账报告（全部差异）（市级管理员）", tag: "payments"),
        errors: reconciliationScope + [E.paymentsReconciliationDayInvalid, E.paymentsReconciliationNotFound])
    public static let reconciliationExport = BusOperation<ReconciliationDayRef, ExportReply>(
        "payments.reconciliation.export", .query, callers: .admin,
        http: .get("/api/v1/payments/reconciliation/{day}/export", "导出某日对账报告（CSV）（市级管理员）", tag: "payments",
                   response: .file(mediaTypes: ["text/csv"])),
        errors: reconciliationScope + [E.paymentsReconciliationDayInvalid, E.paymentsReconciliationNotFound])
}
