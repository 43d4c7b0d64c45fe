/// Event type strings dues emits. Bodies: DuesMessages.swift ("Events").
public enum DuesEvent {
    /// MonthOpenedEvent: standards carried forward into a month (drafts; members cannot pay yet).
    public static let monthOpened = "dues.month.opened"
    /// StandardsSubmittedEvent: 提交并通知交纳 — members, month and amount each, for notifications. Also
    /// emitted for a change to a submitted month (a branch's edit, an approved reduction or exemption, an
    /// approved member proposal), naming only the members whose standard changed.
    public static let standardsSubmitted = "dues.standards.submitted"
    /// PaidEvent: months paid (online, by proxy, or cash recorded by an administrator).
    public static let paid = "dues.paid"
    /// MemberFlaggedEvent: a member unpaid for `flagAfterMonths` consecutive months, flagged to the branch.
    public static let memberFlagged = "dues.member.flagged"
    /// PaymentView: an online payment refunded on an approved 退费申请; its months are unpaid again.
    public static let paymentReversed = "dues.payment.reversed"
    /// ProxyEvent: an authorisation asked, confirmed or revoked (so the proxy can be told to confirm).
    public static let proxyChanged = "dues.proxy.changed"
    /// ProposalView: a member proposed their own amount; it waits for the branch secretary (and, below
    /// the bracket, the committee).
    public static let proposalSubmitted = "dues.proposal.submitted"
}
