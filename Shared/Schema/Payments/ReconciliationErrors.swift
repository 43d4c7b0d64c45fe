/// Error codes of 对账 (payments' daily reconciliation).
extension ErrorCode {
    public static let paymentsReconciliationDayInvalid = define(
        "payments.reconciliation_day_invalid", "对账日期无效（格式 yyyy-MM-dd，且须早于或等于今天）")
    public static let paymentsReconciliationNotFound = define("payments.reconciliation_not_found", "该日尚未对账")
    /// A statement could not be downloaded, verified or read: nothing is stored for the run.
    public static let paymentsReconciliationStatementFailed = define(
        "payments.reconciliation_statement_failed", "渠道对账单下载或解析失败，本次对账未保存，请稍后重试", status: 502)
}
