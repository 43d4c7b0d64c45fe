import GatewayApp
import Hummingbird

/// The administrators' 代交党费委托管理, 减免审批, 交纳记录查询 and their exports.
struct DuesReviewArea: PortalArea {
    let portal: PortalState

    init(portal: PortalState) { self.portal = portal }

    func add(to group: RouterGroup<GatewayContext>) {}

    static let templates: [String: String] = [:]
    static let css = ""
}
