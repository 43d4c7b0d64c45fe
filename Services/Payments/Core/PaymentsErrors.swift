import Schema

/// Error codes of the payments service. They move to Shared/Schema/Payments with the bus contract
/// (next step: adding it rebuilds every module that imports Schema).
extension ErrorCode {
    public static let paymentsIdempotencyKeyInvalid = define(
        "payments.idempotency_key_invalid", "幂等键无效：须为 1–255 个可见 ASCII 字符")
    public static let paymentsIdempotencyMismatch = define(
        "payments.idempotency_mismatch", "该幂等键已用于内容不同的交纳请求", status: 422)
    public static let paymentsRequestInProgress = define(
        "payments.request_in_progress", "相同的交纳请求正在处理中，请稍后查看结果", status: 409)
    public static let paymentsOrderNotFound = define("payments.order_not_found", "订单不存在")
}
