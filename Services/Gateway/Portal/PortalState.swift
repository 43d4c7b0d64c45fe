import GatewayApp
import Schema

/// What the portal's routes share: the gateway (bus, token verifier, rate limiters), the settings,
/// the CSRF keys and the templates.
final class PortalState: Sendable {
    let gateway: GatewayState
    let settings: PortalSettings
    let csrf: CSRF
    let pages: Pages

    static let anonymous = Actor(kind: .anonymous, id: "")

    init(gateway: GatewayState, settings: PortalSettings) {
        self.gateway = gateway
        self.settings = settings
        csrf = CSRF(secret: settings.secret)
        pages = Pages()
    }
}
