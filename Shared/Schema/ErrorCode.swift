import Synchronization

/// The catalog of error codes and their default Chinese messages.
///
/// Codes are plain strings so that `error.code == ErrorCode.busTimeout` reads
/// naturally. A service adds its own codes in its own file, message beside code:
///
///     extension ErrorCode {
///         public static let duesWindowNotOpen = define("dues.window_not_open", "当前不在缴费时间内")
///     }
///
/// `define` records the message when the constant is first used, which is
/// always before `ErrorBody.make(ErrorCode.duesWindowNotOpen)` looks it up.
public enum ErrorCode {
    public static let schemaInvalid = define("schema.invalid", "请求格式不正确")
    public static let busTimeout = define("bus.timeout", "服务响应超时，请稍后重试")
    public static let busServiceUnavailable = define("bus.service_unavailable", "服务暂不可用，请稍后重试")
    public static let busUnknownType = define("bus.unknown_type", "不支持的请求类型")
    public static let busShuttingDown = define("bus.shutting_down", "服务正在停止，请稍后重试")
    public static let `internal` = define("internal", "系统内部错误，请稍后重试")
    public static let authForbidden = define("auth.forbidden", "无权进行此操作")
    public static let notFound = define("not_found", "记录不存在")

    /// Shown for a code nobody defined; says nothing wrong, only that it failed.
    public static let fallbackMessage = "操作失败，请稍后重试"

    private static let messages = Mutex<[String: String]>([:])

    /// Records `message` as the default for `code` and returns `code`.
    @discardableResult
    public static func define(_ code: String, _ message: String) -> String {
        messages.withLock { $0[code] = message }
        return code
    }

    public static func defaultMessage(for code: String) -> String {
        _ = builtinsLoaded
        return messages.withLock { $0[code] } ?? fallbackMessage
    }

    // Touching the built-ins once means `make("bus.timeout")` written with a
    // literal still finds its message.
    private static let builtinsLoaded: Void = {
        _ = [schemaInvalid, busTimeout, busServiceUnavailable, busUnknownType,
             busShuttingDown, `internal`, authForbidden, notFound]
    }()
}
