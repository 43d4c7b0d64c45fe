import GatewayCore
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

    /// The body limit of a request: the route's own if it has one (never below the default). Only
    /// the few routes with a limit of their own are looked at (this runs for every request); the
    /// full route table is consulted only when one of them fits the path, so that a literal route
    /// beside a `{placeholder}` one keeps the default.
    public func bodyLimit(method: String, path: String) -> Int {
        let base = settings.maxBodyBytes
        let parts = path.split(separator: "?", maxSplits: 1).first.map { $0.split(separator: "/") } ?? []
        let fits = pageBodyLimits.withLock { limits in
            limits.first { limit in
                limit.method == method && limit.segments.count == parts.count
                    && zip(limit.segments, parts).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
            }
        }
        guard let fits else { return base }
        if fits.api {
            guard case .found(let route, _) = table.match(method: method, path: path) else { return base }
            return route.operation?.http?.maxBodyBytes.map { max($0, base) } ?? base
        }
        return max(fits.bytes, base)
    }

    /// The API routes whose contracts allow a larger body, listed once at start.
    static func apiBodyLimits(_ table: RouteTable, base: Int) -> [PageBodyLimit] {
        table.routes.compactMap { route in
            guard let bytes = route.operation?.http?.maxBodyBytes, bytes > base else { return nil }
            return PageBodyLimit(method: route.method, segments: route.path.split(separator: "/").map(String.init), bytes: bytes, api: true)
        }
    }
}

struct PageBodyLimit: Sendable {
    var method: String
    var segments: [String]
    var bytes: Int
    /// An API route (its contract's limit, confirmed against the whole table), not a page.
    var api = false
}
