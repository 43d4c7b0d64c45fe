import GatewayApp
import Hummingbird

/// The administrators' 标准录入, 线下交纳, 未交党费党员名单, 收缴率 and their exports.
struct DuesMonthArea: PortalArea {
    let portal: PortalState

    init(portal: PortalState) { self.portal = portal }

    func add(to group: RouterGroup<GatewayContext>) {}

    static let templates: [String: String] = [:]
    static let css = ""
}
