/// Message type strings of the dues service (党费). Bodies: DuesMessages.swift; errors: DuesErrors.swift.
///
/// Months are "yyyy-MM" strings; money is integer fen (分) everywhere.
public enum DuesType {
    // MARK: Standards (only a branch sets them)
    /// OpenMonthRequest → OpenMonthReply (command): carry the previous standards forward into a new month
    /// (a branch its own; a committee administrator or a service every branch below it).
    public static let monthOpen = "dues.month.open"
    /// BranchMonthRef → BranchStandardsView (query): the branch's standards screen (党费标准录入).
    public static let standardsGet = "dues.standards.get"
    /// SaveStandardsRequest → BranchStandardsView (command, branch): save drafts (保存草稿).
    public static let standardsSave = "dues.standards.save"
    /// BranchMonthRef → BranchStandardsView (command, branch): 提交并通知交纳.
    public static let standardsSubmit = "dues.standards.submit"
    /// ExemptionQuery → ExemptionList (query, committee administrators): reduced/exempt waiting for approval.
    public static let exemptionPending = "dues.exemption.pending"
    /// ReviewExemptionRequest → StandardView (command, the branch's nearest committee administrator).
    public static let exemptionReview = "dues.exemption.review"

    // MARK: Member proposals (Shenzhen)
    /// ProposeAmountRequest → ProposalView (command, the member).
    public static let proposalSubmit = "dues.proposal.submit"
    /// ReviewProposalRequest → ProposalView (command, branch secretary or branch administrator).
    public static let proposalReview = "dues.proposal.review"
    /// ProposalQuery → ProposalList (query).
    public static let proposalList = "dues.proposal.list"

    // MARK: A member's dues
    /// MemberMonthsQuery → MemberMonthsView (query): open month, each month's state (待交, paid…), arrears.
    public static let memberMonths = "dues.member.months"
    /// QuoteRequest → QuoteReply (query): what paying now includes, oldest first, and the total (Shaoxing: start → end).
    public static let quote = "dues.quote"

    // MARK: Proxy payment (代交)
    /// GrantProxyRequest → ProxyList (command): a member authorises another (pending until confirmed),
    /// or an administrator authorises one or many (active at once).
    public static let proxyGrant = "dues.proxy.grant"
    /// ProxyRef → ProxyView (command, the proxy member).
    public static let proxyConfirm = "dues.proxy.confirm"
    /// ProxyRef → ProxyView (command, grantor, proxy or administrator in scope).
    public static let proxyRevoke = "dues.proxy.revoke"
    /// ProxyQuery → ProxyList (query).
    public static let proxyList = "dues.proxy.list"
    /// Empty → ProxyCandidates (query, the proxy member): whom they may pay for, and who can be chosen now.
    public static let proxyCandidates = "dues.proxy.candidates"

    // MARK: Paying
    /// CashRecordRequest → PaymentView (command, administrator): offline cash (线下交纳).
    public static let cashRecord = "dues.cash.record"
    /// ReservePaymentRequest → PaymentView (command; payments calls it): may these be paid now? lock them.
    public static let paymentReserve = "dues.payment.reserve"
    /// PaymentRef → PaymentView (command; payments calls it once the money moved). Emits dues.paid.
    public static let paymentConfirm = "dues.payment.confirm"
    /// PaymentRef → PaymentView (command): unlock without paying.
    public static let paymentRelease = "dues.payment.release"

    // MARK: Queries and exports
    /// UnpaidQuery → DuesRecordPage (query): unpaid members of an organization's subtree in a month.
    public static let unpaidList = "dues.unpaid.list"
    /// RecordQuery → DuesRecordPage (query): 党费交纳记录查询 with filters organization, month, paid.
    public static let recordList = "dues.record.list"
    /// MemberHistoryQuery → DuesRecordPage (query): one member's record (month, amount, time, way, who paid).
    public static let memberHistory = "dues.member.history"
    /// CollectionRateQuery → CollectionRateReply (query): rolled up the tree.
    public static let collectionRate = "dues.collection.rate"
    /// ExportBranchMonthRequest → ExportReply (query): a branch's month for public posting.
    public static let exportBranchMonth = "dues.export.branch_month"
    /// ExportUnpaidRequest → ExportReply (query): an organization's whole unpaid list for a month.
    public static let exportUnpaid = "dues.export.unpaid"
    /// ExportMemberHistoryRequest → ExportReply (query): a member's history (in place of a dues book).
    public static let exportMemberHistory = "dues.export.member_history"
}

/// Event type strings dues emits. Bodies: DuesMessages.swift ("Events").
public enum DuesEvent {
    /// MonthOpenedEvent: standards carried forward into a month (drafts; members cannot pay yet).
    public static let monthOpened = "dues.month.opened"
    /// StandardsSubmittedEvent: 提交并通知交纳 — members, month and amount each, for notifications.
    public static let standardsSubmitted = "dues.standards.submitted"
    /// PaidEvent: months paid (online, by proxy, or cash recorded by an administrator).
    public static let paid = "dues.paid"
    /// MemberFlaggedEvent: a member unpaid for `flagAfterMonths` consecutive months, flagged to the branch.
    public static let memberFlagged = "dues.member.flagged"
    /// ProxyEvent: an authorisation asked, confirmed or revoked (so the proxy can be told to confirm).
    public static let proxyChanged = "dues.proxy.changed"
}
