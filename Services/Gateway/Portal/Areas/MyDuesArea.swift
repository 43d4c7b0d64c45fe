import GatewayApp
import Hummingbird

/// The a member's 我的党费: the months, the range quote, 代交 authorisations.
struct MyDuesArea: PortalArea {
    let portal: PortalState

    init(portal: PortalState) { self.portal = portal }

    func add(to group: RouterGroup<GatewayContext>) {}

    static let templates: [String: String] = [:]
    static let css = ""
}
