import Synchronization

/// The catalog of error codes: each with its default Chinese message and the HTTP status it
/// becomes at the gateway.
///
/// Codes are plain strings so that `error.code == ErrorCode.busTimeout` reads
/// naturally. A service adds its own codes in its own file, message and status beside code:
///
///     extension ErrorCode {
///         public static let duesLocked = define("dues.locked", "该月党费正在支付中，请稍后再试", status: 409)
///     }
///
/// Without `status`, the family rule (`defaultStatus`) decides. `define` records the entry when the
/// constant is first used; an operation's declaration lists its codes, so building the contracts
/// records every code a service can answer.
public enum ErrorCode {
    public static let schemaInvalid = define("schema.invalid", "请求格式不正确", status: 400)
    public static let busTimeout = define("bus.timeout", "服务响应超时，请稍后重试", status: 504)
    public static let busServiceUnavailable = define("bus.service_unavailable", "服务暂不可用，请稍后重试", status: 503)
    public static let busUnknownType = define("bus.unknown_type", "不支持的请求类型", status: 501)
    public static let busShuttingDown = define("bus.shutting_down", "服务正在停止，请稍后重试", status: 503)
    public static let `internal` = define("internal", "系统内部错误，请稍后重试", status: 500)
    public static let authForbidden = define("auth.forbidden", "无权进行此操作", status: 403)
    public static let authUnauthenticated = define("auth.unauthenticated", "请先登录", status: 401)
    public static let notFound = define("not_found", "记录不存在", status: 404)
    /// The same Idempotency-Key was used for a different request.
    public static let requestIdempotencyMismatch = define(
        "request.idempotency_mismatch", "该幂等键已用于内容不同的请求", status: 422)
    /// The same Idempotency-Key while its first request is still running.
    public static let requestInProgress = define("request.in_progress", "相同的请求正在处理中，请稍后查看结果", status: 409)

    /// Shown for a code nobody defined; says nothing wrong, only that it failed.
    public static let fallbackMessage = "操作失败，请稍后重试"

    private struct Entry { var message: String; var status: Int }
    private static let entries = Mutex<[String: Entry]>([:])

    /// Records `message` and `status` for `code` and returns `code`.
    @discardableResult
    public static func define(_ code: String, _ message: String, status: Int? = nil) -> String {
        entries.withLock { $0[code] = Entry(message: message, status: status ?? defaultStatus(code)) }
        return code
    }

    public static func defaultMessage(for code: String) -> String {
        _ = builtinsLoaded
        return entries.withLock { $0[code]?.message } ?? fallbackMessage
    }

    /// The HTTP status of `code`: its catalog entry, or the family rule for a code never defined.
    public static func status(for code: String) -> Int {
        _ = builtinsLoaded
        return entries.withLock { $0[code]?.status } ?? defaultStatus(code)
    }

    /// Every defined code with its message and status (for the document and tests).
    public static var catalog: [(code: String, message: String, status: Int)] {
        _ = builtinsLoaded
        return entries.withLock { $0.map { ($0.key, $0.value.message, $0.value.status) } }.sorted { $0.code < $1.code }
    }

    /// The family rule: a service's refusal (bad value, rule not met) is 422 — the request was
    /// understood; `*_not_found` 404, `*_taken`/`*_conflict` 409, `*_rate_limited` 429, `*.forbidden`
    /// 403, `auth.*` and `*.token_*` 401.
    public static func defaultStatus(_ code: String) -> Int {
        if code.hasPrefix("auth.") { return 401 }
        if code.contains(".token_") { return 401 }
        if code.hasSuffix("_not_found") { return 404 }
        if code.hasSuffix("_taken") || code.hasSuffix("_conflict") { return 409 }
        if code.hasSuffix("_rate_limited") { return 429 }
        if code.hasSuffix(".forbidden") { return 403 }
        if let service = code.split(separator: ".").first, code.contains("."),
           !["bus", "http", "schema"].contains(String(service)) {
            return 422
        }
        return 500
    }

    // Touching the built-ins once means `make("bus.timeout")` written with a
    // literal still finds its message.
    private static let builtinsLoaded: Void = {
        _ = [schemaInvalid, busTimeout, busServiceUnavailable, busUnknownType,
             busShuttingDown, `internal`, authForbidden, authUnauthenticated, notFound,
             requestIdempotencyMismatch, requestInProgress]
    }()
}
