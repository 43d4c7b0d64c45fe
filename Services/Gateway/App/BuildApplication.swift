import Bus
import GatewayCore
import Hummingbird
import Logging
import Schema
import ServiceLifecycle

/// The gateway's router: request id, CORS, errors/metrics/access log and the body limit for every
/// request; then each route with its own authentication and rate-limit middleware, all derived from
/// the route table (itself derived from the services' contracts).
public func buildRouter(state: GatewayState) -> Router<GatewayContext> {
    let router = Router(context: GatewayContext.self)
    router.add(middleware: RequestIdMiddleware())
    router.add(middleware: GatewayCORSMiddleware(origins: state.settings.corsOrigins, table: state.table))
    router.add(middleware: AccessLogMiddleware(state: state))
    router.add(middleware: BodyLimitMiddleware(state: state))
    for route in state.table.routes {
        let group = router.group()
        group.add(middleware: AuthenticationMiddleware(state: state, required: route.auth == .bearer))
        if let limit = route.rateLimit { group.add(middleware: RateLimitMiddleware(limiter: state.settings.perIP(limit))) }
        let path = RouterPath(route.path.split(separator: "/").map { segment in
            segment.hasPrefix("{") ? ":" + segment.dropFirst().dropLast() : String(segment)
        }.joined(separator: "/"))
        let method = HTTPRequest.Method(rawValue: route.method)!
        switch route.target {
        case .bus(let type):
            group.on(path, method: method, use: OperationRoute(route: route, type: type, service: BusClient.service(of: type), state: state).respond)
        case .local(let name, _):
            group.on(path, method: method, use: LocalRoute(name: name, state: state).respond)
        }
    }
    return router
}

/// The whole gateway: the router, and the background services that keep its view of identity
/// (token keys, revoked sessions) and of the services' availability current, and whatever `mount` adds.
public func buildApplication(state: GatewayState, host: String, port: Int, keyRefresh: Duration, revocationPoll: Duration,
                             extraServices: [any Service] = [], logger: Logger,
                             mount: (Router<GatewayContext>) -> Void = { _ in }) -> some ApplicationProtocol {
    let services: [any Service] = [
        KeyRefresher(state: state, interval: keyRefresh),
        AvailabilityMonitor(state: state, services: GatewayRoutes.contracts.map { $0.service }),
        RevocationPoller(state: state, interval: revocationPoll),
    ] + extraServices
    // `mount` adds routes beside the API's (the web portal): GatewayApp cannot import the Portal library.
    let router = buildRouter(state: state)
    mount(router)
    return Application(
        router: router,
        server: .http1OnEventLoops(),
        configuration: .init(address: .hostname(host, port: port), serverName: "dangjian-gateway"),
        services: services,
        onServerRunning: { _ in logger.info("gateway listening on http://\(host):\(port)") },
        logger: Logger(label: "gateway.http"))
}
