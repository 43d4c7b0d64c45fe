import GatewayApp
import Hummingbird

/// The administrators' 党组织管理, 党员管理, 信息审核, 通知公告, 数据导入.
struct OrgAdminArea: PortalArea {
    let portal: PortalState

    init(portal: PortalState) { self.portal = portal }

    func add(to group: RouterGroup<GatewayContext>) {
        OrgTreeRoutes(portal: portal).add(to: group)
        OrgAdminAccountRoutes(portal: portal).add(to: group)
        MemberAdminRoutes(portal: portal).add(to: group)
        ReviewRoutes(portal: portal).add(to: group)
        NoticeAdminRoutes(portal: portal).add(to: group)
        ImportRoutes(portal: portal).add(to: group)
    }

    static let templates: [String: String] = [
        "oa_field": OrgTemplates.field, "oa_org": OrgTemplates.org, "oa_admin": OrgTemplates.admin,
        "oa_members": MemberAdminTemplates.members, "oa_member": MemberAdminTemplates.member,
        "oa_reviews": AdminWorkTemplates.reviews, "oa_notices": AdminWorkTemplates.notices, "oa_notice": AdminWorkTemplates.notice,
        "oa_import": AdminWorkTemplates.importForm, "oa_import_job": AdminWorkTemplates.importJob,
    ]

    static let css = OrgAdminAssets.css
    static let script = OrgAdminAssets.script
}
