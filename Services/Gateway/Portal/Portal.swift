import GatewayApp
import Hummingbird

/// The web portal: server-rendered pages in Chinese under `/`, beside the JSON API under `/api/v1`.
/// It calls the services exactly as the JSON routes do (the contracts' `BusOperation`s, over the
/// gateway's bus, as the logged-in actor) and holds no rule of any service.
public enum Portal {
    /// Adds the portal's pages and its static files to the gateway's router. Every portal response,
    /// errors included, carries the pages' security headers.
    public static func mount(on router: Router<GatewayContext>, state: GatewayState, settings: PortalSettings = PortalSettings()) {
        let portal = PortalState(gateway: state, settings: settings)
        router.add(middleware: NotFoundPageMiddleware(portal: portal))
        let group = router.group()
            .add(middleware: SecurityHeadersMiddleware())
            .add(middleware: PortalErrorMiddleware(portal: portal))
        StaticRoutes.add(to: group)
        LoginRoutes(portal: portal).add(to: group)
        PasswordRoutes(portal: portal).add(to: group)
        HomeRoutes(portal: portal).add(to: group)
        for area in PortalAreas.all { area.init(portal: portal).add(to: group) }
    }
}
