import GatewayApp
import Hummingbird

/// The administrators' 党组织管理, 党员管理, 信息审核, 通知公告, 数据导入.
struct OrgAdminArea: PortalArea {
    let portal: PortalState

    init(portal: PortalState) { self.portal = portal }

    func add(to group: RouterGroup<GatewayContext>) {}

    static let templates: [String: String] = [:]
    static let css = ""
}
