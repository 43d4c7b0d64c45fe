import GatewayApp
import Hummingbird

/// The members' own pages: 我的档案 and its edit, 修改密码, 我的支部, 通知公告, 我的消息, 微信绑定, 实名核验, the WeChat menu entry.
struct MemberArea: PortalArea {
    let portal: PortalState

    init(portal: PortalState) { self.portal = portal }

    func add(to group: RouterGroup<GatewayContext>) {}

    static let templates: [String: String] = [:]
    static let css = ""
}
