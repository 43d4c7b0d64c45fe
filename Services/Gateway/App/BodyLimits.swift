import Synchronization

/// Bodies larger than the default (`maxBodyBytes`) are allowed only where a route says so: an API
/// operation by its contract (`HTTPBinding.maxBodyBytes`), a page beside the API (the portal's
/// receipt upload) by `allowBody` when it is mounted.
extension GatewayState {
    /// A page at `path` (a template: `{name}` matches one segment) takes bodies up to `bytes`.
    public func allowBody(_ bytes: Int, method: String, path: String) {
        let segments = path.split(separator: "/").map(String.init)
        pageBodyLimits.withLock { $0.append(PageBodyLimit(method: method, segments: segments, bytes: bytes)) }
    }

    /// The body limit of a request: the route's own if it has one (never below the default).
    public func bodyLimit(method: String, path: String) -> Int {
        let base = settings.maxBodyBytes
        if case .found(let route, _) = table.match(method: method, path: path) {
            return route.operation?.http?.maxBodyBytes.map { max($0, base) } ?? base
        }
        let parts = path.split(separator: "?", maxSplits: 1).first.map { $0.split(separator: "/").map(String.init) } ?? []
        let page = pageBodyLimits.withLock { limits in
            limits.first { limit in
                limit.method == method && limit.segments.count == parts.count
                    && zip(limit.segments, parts).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
            }?.bytes
        }
        return page.map { max($0, base) } ?? base
    }
}

struct PageBodyLimit: Sendable {
    var method: String
    var segments: [String]
    var bytes: Int
}
