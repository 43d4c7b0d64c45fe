import Schema

/// The gateway's own error codes (HTTP-level failures that never reach a service).
extension ErrorCode {
    public static let httpNotFound = define("http.not_found", "请求的地址不存在", status: 404)
    public static let httpMethodNotAllowed = define("http.method_not_allowed", "该地址不支持此请求方法", status: 405)
    public static let httpPayloadTooLarge = define("http.payload_too_large", "请求内容过大", status: 413)
    public static let httpRateLimited = define("http.rate_limited", "请求过于频繁，请稍后再试", status: 429)
    public static let httpNotReady = define("http.not_ready", "服务尚未就绪，请稍后重试", status: 503)
}

/// Which HTTP status an error code becomes: the code's entry in the `ErrorCode` catalog, where each
/// service declares it beside the code.
public enum ErrorStatus {
    public static func status(for code: String) -> Int {
        _ = gatewayCodes
        return ErrorCode.status(for: code)
    }

    private static let gatewayCodes: Void = {
        _ = [ErrorCode.httpNotFound, ErrorCode.httpMethodNotAllowed, ErrorCode.httpPayloadTooLarge,
             ErrorCode.httpRateLimited, ErrorCode.httpNotReady]
    }()

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
