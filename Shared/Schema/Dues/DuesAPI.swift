/// The dues service's contract (党费): every operation, declared once. Bodies: DuesMessages.swift;
/// errors: DuesErrors.swift. Months are "yyyy-MM"; money is integer fen (分) everywhere.
/// `dues.payment.reserve/confirm/release` are for the payments service only: no HTTP face.
public enum DuesAPI: ServiceContract {
    public static let service = "dues"
    typealias E = ErrorCode
    static let branchMonth = "/api/v1/dues/branches/{orgCode}/months/{month}"
    static let exportTypes = ["text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"]
    static let scope = [E.duesForbidden, E.duesOrgNotFound]

    // MARK: Standards (党费标准：只有党支部设置)
    /// Carry the previous standards forward into a new month (a branch its own; a committee
    /// administrator or a service every branch below it).
    public static let monthOpen = BusOperation<OpenMonthRequest, OpenMonthReply>(
        "dues.month.open", .command, callers: .admin,
        http: .post("/api/v1/dues/months/open", "开启月份（沿用上月标准生成本月草稿）", tag: "dues"),
        errors: scope + [E.duesMonthInvalid])
    /// The branch's standards screen (党费标准录入).
    public static let standardsGet = BusOperation<BranchMonthRef, BranchStandardsView>(
        "dues.standards.get", .query, callers: .people,
        http: .get(branchMonth + "/standards", "支部某月党费标准", tag: "dues"),
        errors: scope + [E.duesNotABranch, E.duesMonthInvalid, E.duesMonthNotOpen])
    /// Save drafts (保存草稿). Into a submitted month a change is a new submission: it applies at once and
    /// the changed members are told (`dues.standards.submitted` naming them), except a reduction or
    /// exemption, which waits for the next committee (`dues.exemption.review`) while the current standard stays.
    public static let standardsSave = BusOperation<SaveStandardsRequest, BranchStandardsView>(
        "dues.standards.save", .command, callers: .people,
        http: .post(branchMonth + "/standards", "保存党费标准草稿", tag: "dues"),
        errors: scope + [E.duesNotABranch, E.duesMonthInvalid, E.duesMonthNotOpen, E.duesMemberNotFound,
                         E.duesMemberNotInBranch, E.duesAmountInvalid, E.duesBaseRequired, E.duesAlreadySubmitted,
                         E.duesAlreadyPaid])
    /// What standards would come to, nothing saved (试算: 标准录入 shows the amount as a base is typed).
    public static let standardsPreview = BusOperation<PreviewStandardsRequest, PreviewStandardsReply>(
        "dues.standards.preview", .query, callers: .people,
        http: .post("/api/v1/dues/standards/preview", "试算党费标准（不保存）", tag: "dues"),
        errors: [E.duesAmountInvalid, E.duesBaseRequired])
    /// 提交并通知交纳.
    public static let standardsSubmit = BusOperation<BranchMonthRef, BranchStandardsView>(
        "dues.standards.submit", .command, callers: .people,
        http: .post(branchMonth + "/standards/submit", "提交并通知交纳", tag: "dues"),
        errors: scope + [E.duesNotABranch, E.duesMonthInvalid, E.duesMonthNotOpen, E.duesStandardMissing,
                         E.duesApprovalPending, E.duesAlreadySubmitted])
    /// Reduced/exempt standards waiting for the committee's approval.
    public static let exemptionPending = BusOperation<ExemptionQuery, ExemptionList>(
        "dues.exemption.pending", .query, callers: .admin,
        http: .get("/api/v1/dues/exemptions/pending", "待审批的减免党费", tag: "dues"),
        errors: scope)
    /// By the branch's nearest committee administrator.
    public static let exemptionReview = BusOperation<ReviewExemptionRequest, StandardView>(
        "dues.exemption.review", .command, callers: .admin,
        http: .post("/api/v1/dues/exemptions/review", "审批减免党费（上级党委）", tag: "dues"),
        errors: scope + [E.duesMemberNotFound, E.duesMonthInvalid, E.duesNotPending, E.duesAlreadyPaid, E.duesLocked])

    // MARK: Member proposals (党员自报金额)
    /// Emits `dues.proposal.submitted` (the branch secretary is told).
    public static let proposalSubmit = BusOperation<ProposeAmountRequest, ProposalView>(
        "dues.proposal.submit", .command, callers: .member,
        http: .post("/api/v1/dues/proposals", "党员申报月交金额", tag: "dues"),
        errors: scope + [E.duesMemberNotFound, E.duesAmountInvalid, E.identityRealNameRequired])
    /// The branch approves; an amount below the member's bracket then waits for the next committee
    /// (still `pending`), which approves it with the same operation before it applies.
    public static let proposalReview = BusOperation<ReviewProposalRequest, ProposalView>(
        "dues.proposal.review", .command, callers: .people,
        http: .post("/api/v1/dues/proposals/{proposalId}/review", "审核党员申报的金额", tag: "dues"),
        errors: scope + [E.duesProposalNotFound, E.duesNotPending])
    public static let proposalList = BusOperation<ProposalQuery, ProposalList>(
        "dues.proposal.list", .query, callers: .people,
        http: .get("/api/v1/dues/proposals", "党费申报列表（支部待审或本人）", tag: "dues"),
        errors: scope)

    // MARK: A member's dues
    /// Open month, each month's state (待交, paid…), arrears.
    public static let memberMonths = BusOperation<MemberMonthsQuery, MemberMonthsView>(
        "dues.member.months", .query, callers: .people,
        http: .get("/api/v1/dues/months", "党员逐月党费（已交、应交、补交、待交）", tag: "dues",
                   notes: ["memberId": "缺省为本人", "months": "向前月数，缺省 12"]),
        errors: scope + [E.duesMemberNotFound])
    /// What paying now includes, oldest first, and the total (Shaoxing: start → end).
    public static let quote = BusOperation<QuoteRequest, QuoteReply>(
        "dues.quote", .query, callers: .people,
        http: .post("/api/v1/dues/quote", "交纳试算（起始月份 → 截止月份 → 合计）", tag: "dues"),
        errors: scope + [E.duesMemberNotFound, E.duesMonthInvalid, E.duesMonthsInvalid, E.duesWindowNotOpen,
                         E.duesBackpayTooOld, E.duesStandardsNotSubmitted, E.duesNothingDue, E.duesNotAuthorisedProxy])

    // MARK: Proxy payment (代交)
    /// A member authorises another (pending until confirmed), or an administrator authorises one or
    /// many (active at once).
    public static let proxyGrant = BusOperation<GrantProxyRequest, ProxyList>(
        "dues.proxy.grant", .command, callers: .people,
        http: .post("/api/v1/dues/proxies", "委托他人代交党费", tag: "dues"),
        errors: scope + [E.duesMemberNotFound, E.duesProxyInvalid, E.identityRealNameRequired])
    public static let proxyConfirm = BusOperation<ProxyRef, ProxyView>(
        "dues.proxy.confirm", .command, callers: .member,
        http: .post("/api/v1/dues/proxies/{proxyId}/confirm", "代交人确认委托", tag: "dues"),
        errors: scope + [E.duesProxyNotFound, E.duesNotPending, E.identityRealNameRequired])
    public static let proxyRevoke = BusOperation<ProxyRef, ProxyView>(
        "dues.proxy.revoke", .command, callers: .people,
        http: .post("/api/v1/dues/proxies/{proxyId}/revoke", "撤销代交委托", tag: "dues"),
        errors: scope + [E.duesProxyNotFound, E.identityRealNameRequired])
    public static let proxyList = BusOperation<ProxyQuery, ProxyList>(
        "dues.proxy.list", .query, callers: .people,
        http: .get("/api/v1/dues/proxies", "代交委托列表", tag: "dues",
                   notes: ["orgCode": "管理员：组织；党员缺省为本人相关的委托"]),
        errors: scope)
    /// Whom the proxy may pay for, and who can be chosen now.
    public static let proxyCandidates = BusOperation<Empty, ProxyCandidates>(
        "dues.proxy.candidates", .query, callers: .member,
        http: .get("/api/v1/dues/proxies/candidates", "可代交的党员", tag: "dues"),
        errors: scope + [E.duesMemberNotFound])

    // MARK: Paying
    /// Offline cash (线下交纳), recorded by an administrator.
    public static let cashRecord = BusOperation<CashRecordRequest, PaymentView>(
        "dues.cash.record", .command, callers: .admin,
        http: .post("/api/v1/dues/cash-records", "登记线下现金交纳", tag: "dues"),
        errors: scope + [E.duesMemberNotFound, E.duesMonthInvalid, E.duesMonthsInvalid, E.duesWindowNotOpen,
                         E.duesBackpayTooOld, E.duesStandardsNotSubmitted, E.duesAmountMismatch, E.duesAlreadyPaid,
                         E.duesLocked, E.duesNothingDue])
    /// May these be paid now? Lock them (payments calls it).
    public static let paymentReserve = BusOperation<ReservePaymentRequest, PaymentView>(
        "dues.payment.reserve", .command, callers: .service,
        errors: scope + [E.duesMemberNotFound, E.duesMonthInvalid, E.duesMonthsInvalid, E.duesWindowNotOpen,
                         E.duesBackpayTooOld, E.duesStandardsNotSubmitted, E.duesAmountMismatch, E.duesAlreadyPaid,
                         E.duesLocked, E.duesPaymentConflict, E.duesNotAuthorisedProxy, E.identityRealNameRequired])
    /// Once the money moved (payments calls it). Emits dues.paid.
    public static let paymentConfirm = BusOperation<PaymentRef, PaymentView>(
        "dues.payment.confirm", .command, callers: .service,
        errors: scope + [E.duesPaymentNotFound, E.duesPaymentClosed, E.duesReservationExpired])
    /// An approved refund (退费申请): the online payment's months become unpaid again. Idempotent.
    public static let paymentReverse = BusOperation<PaymentRef, PaymentView>(
        "dues.payment.reverse", .command, callers: .service,
        errors: scope + [E.duesPaymentNotFound, E.duesPaymentClosed])
    /// Unlock without paying.
    public static let paymentRelease = BusOperation<PaymentRef, PaymentView>(
        "dues.payment.release", .command, callers: .service,
        errors: scope + [E.duesPaymentNotFound, E.duesPaymentClosed])

    // MARK: Queries and exports
    /// Unpaid members of an organization's subtree in a month.
    public static let unpaidList = BusOperation<UnpaidQuery, DuesRecordPage>(
        "dues.unpaid.list", .query, callers: .admin,
        http: .get("/api/v1/dues/unpaid", "未交党费党员名单", tag: "dues"),
        errors: scope + [E.duesMonthInvalid])
    /// 党费交纳记录查询 with filters organization, month, paid.
    public static let recordList = BusOperation<RecordQuery, DuesRecordPage>(
        "dues.record.list", .query, callers: .admin,
        http: .get("/api/v1/dues/records", "党费交纳记录查询（组织、月份、是否已交、姓名）", tag: "dues",
                   notes: ["memberName": "姓名前缀"]),
        errors: scope + [E.duesMonthInvalid])
    /// One member's record (month, amount, time, way, who paid).
    public static let memberHistory = BusOperation<MemberHistoryQuery, DuesRecordPage>(
        "dues.member.history", .query, callers: .people,
        http: .get("/api/v1/dues/history", "党员党费交纳记录", tag: "dues", notes: ["memberId": "缺省为本人"]),
        errors: scope + [E.duesMemberNotFound])
    /// Members unpaid for six (`flagAfterMonths`) consecutive months, flagged to the branch: for the
    /// branch's secretary and administrators of the branch or above.
    public static let flaggedList = BusOperation<FlaggedQuery, FlaggedList>(
        "dues.flagged.list", .query, callers: .people,
        http: .get("/api/v1/dues/flagged", "连续六个月未交党费的党员", tag: "dues",
                   notes: ["orgCode": "缺省为管理员所在组织（支部书记：本支部）", "month": "缺省为当前交纳月份"]),
        errors: scope + [E.duesMonthInvalid])
    /// Rolled up the tree.
    public static let collectionRate = BusOperation<CollectionRateQuery, CollectionRateReply>(
        "dues.collection.rate", .query, callers: .admin,
        http: .get("/api/v1/dues/collection-rate", "党费收缴率（逐级汇总）", tag: "dues"),
        errors: scope + [E.duesMonthInvalid])
    /// A branch's month for public posting.
    public static let exportBranchMonth = BusOperation<ExportBranchMonthRequest, ExportReply>(
        "dues.export.branch_month", .query, callers: .people,
        http: .get("/api/v1/dues/exports/branch-month", "导出支部某月党费交纳情况（公示）", tag: "dues",
                   response: .file(mediaTypes: exportTypes)),
        errors: scope + [E.duesNotABranch, E.duesMonthInvalid, E.duesMonthNotOpen])
    /// An organization's whole unpaid list for a month.
    public static let exportUnpaid = BusOperation<ExportUnpaidRequest, ExportReply>(
        "dues.export.unpaid", .query, callers: .admin,
        http: .get("/api/v1/dues/exports/unpaid", "导出未交党费党员名单", tag: "dues", response: .file(mediaTypes: exportTypes)),
        errors: scope + [E.duesMonthInvalid])
    /// A member's history (in place of a dues book).
    public static let exportMemberHistory = BusOperation<ExportMemberHistoryRequest, ExportReply>(
        "dues.export.member_history", .query, callers: .people,
        http: .get("/api/v1/dues/exports/member-history", "导出党员党费交纳记录", tag: "dues",
                   response: .file(mediaTypes: exportTypes), notes: ["memberId": "缺省为本人"]),
        errors: scope + [E.duesMemberNotFound])

    public static let operations: [OperationDescriptor] = ([
        monthOpen, standardsGet, standardsSave, standardsPreview, standardsSubmit, exemptionPending, exemptionReview,
        proposalSubmit, proposalReview, proposalList, memberMonths, quote,
        proxyGrant, proxyConfirm, proxyRevoke, proxyList, proxyCandidates,
        cashRecord, paymentReserve, paymentConfirm, paymentReverse, paymentRelease,
        unpaidList, flaggedList, recordList, memberHistory, collectionRate, exportBranchMonth, exportUnpaid, exportMemberHistory,
        paymentPaid,
        memberPaidThrough,
    ] as [any DeclaredOperation]).map(\.descriptor)

    /// 对账 (payments' reconciliation only): per online payment, the fen of months dues records as paid
    /// by it — those dues confirmed on a Beijing day, and/or the payment ids asked. No HTTP face.
    public static let paymentPaid = BusOperation<PaidPaymentsQuery, PaidPayments>(
        "dues.payment.paid", .query, callers: .service,
        errors: scope + [E.duesDayInvalid])
}
