import Schema

/// The gateway's own error codes (HTTP-level failures that never reach a service).
extension ErrorCode {
    public static let httpNotFound = define("http.not_found", "请求的地址不存在")
    public static let httpMethodNotAllowed = define("http.method_not_allowed", "该地址不支持此请求方法")
    public static let httpPayloadTooLarge = define("http.payload_too_large", "请求内容过大")
    public static let httpRateLimited = define("http.rate_limited", "请求过于频繁，请稍后再试")
    public static let httpUnauthorized = define("auth.unauthenticated", "请先登录")
    public static let httpNotReady = define("http.not_ready", "服务尚未就绪，请稍后重试")
}

/// Which HTTP status a bus error code becomes. The whole mapping lives here: exact codes first,
/// then families by prefix or suffix, then the service's own validation errors.
public enum ErrorStatus {
    /// Codes whose status is not given by a family rule below.
    public static let exact: [String: Int] = [
        "schema.invalid": 400,
        "http.not_found": 404,
        "http.method_not_allowed": 405,
        "http.payload_too_large": 413,
        "http.rate_limited": 429,
        "http.not_ready": 503,
        "auth.forbidden": 403,
        // A provider callback whose signature does not match (the gateway's check, notifications' check).
        "http.signature_invalid": 403,
        "notifications.signature_invalid": 403,
        "not_found": 404,
        "internal": 500,
        "bus.timeout": 504,
        "bus.service_unavailable": 503,
        "bus.shutting_down": 503,
        "bus.unknown_type": 501,
        "identity.login_failed": 401,
        "identity.ticket_invalid": 401,
        "identity.session_revoked": 401,
        "identity.forbidden": 403,
        "identity.account_inactive": 403,
        "identity.account_locked": 423,
        "identity.provider_unavailable": 503,
        // Conflicts with the current state of a record.
        "identity.admin_limit": 409,
        "identity.org_not_empty": 409,
        "identity.profile_change_closed": 409,
        // Dues: the request conflicts with the state of a record that another action (a submission, a
        // payment in progress, an approval, a review) set or will change — 409. Everything else dues
        // refuses stays 422 by the family rule below: the request breaks a rule whatever the state,
        // e.g. paying ahead of the window (dues.window_not_open, 党章: no paying ahead), months not
        // starting at the oldest unpaid one, beyond the backpay depth, a wrong amount, incomplete
        // standards (dues.standard_missing), a month string that is not yyyy-MM.
        "dues.already_submitted": 409,
        "dues.already_paid": 409,
        "dues.not_pending": 409,
        "dues.locked": 409,
        "dues.approval_pending": 409,
        "dues.standards_not_submitted": 409,
        "dues.month_not_open": 409,
        "dues.payment_closed": 409,
        "dues.reservation_expired": 409,
    ]

    public static func status(for code: String) -> Int {
        if let status = exact[code] { return status }
        if code.hasPrefix("auth.") { return 401 }
        if code.hasPrefix("identity.token_") { return 401 }
        if code.hasSuffix("_not_found") { return 404 }
        if code.hasSuffix("_taken") || code.hasSuffix("_conflict") { return 409 }
        if code.hasSuffix("_rate_limited") { return 429 }
        if code.hasSuffix(".forbidden") { return 403 }
        // A business service's own refusal (bad value, rule not met): the request was understood.
        if let service = code.split(separator: ".").first, code.contains("."),
           !["bus", "http", "schema"].contains(String(service)) {
            return 422
        }
        return 500
    }

    /// The reason phrase for the statuses the gateway answers.
    public static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 409: "Conflict"
        case 413: "Content Too Large"
        case 422: "Unprocessable Content"
        case 423: "Locked"
        case 429: "Too Many Requests"
        case 501: "Not Implemented"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: "Internal Server Error"
        }
    }
}
