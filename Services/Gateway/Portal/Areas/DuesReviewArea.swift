import GatewayApp
import Hummingbird

/// The administrators' 代交党费委托管理, 减免审批, 交纳记录查询 and their exports.
struct DuesReviewArea: PortalArea {
    let portal: PortalState

    init(portal: PortalState) { self.portal = portal }

    func add(to group: RouterGroup<GatewayContext>) {
        DuesProxyAdminRoutes(portal: portal).add(to: group)
        DuesApprovalRoutes(portal: portal).add(to: group)
        DuesRecordRoutes(portal: portal).add(to: group)
    }

    static let templates: [String: String] = [
        "dues_proxies": DuesReviewTemplates.proxies, "dues_approvals": DuesReviewTemplates.approvals, "dues_records": DuesReviewTemplates.records,
    ]

    static let css = #"""
    .dp-members { border: 1px solid var(--line); border-radius: 6px; padding: .5rem .75rem; margin: 0 0 1rem; display: flex; flex-wrap: wrap; gap: .25rem 1rem; }
    .dp-members legend { font-weight: bold; padding: 0 .25rem; }
    .check { display: inline-flex; align-items: center; gap: .25rem; }
    .dp-bulk-form .button.primary { width: auto; }
    .da-list { list-style: none; padding: 0; margin: 0; }
    .da-list li { border-bottom: 1px solid var(--line); padding: .5rem 0; }
    .da-form { display: flex; flex-wrap: wrap; gap: .5rem; align-items: flex-end; }
    .da-form .field { flex: 1 1 12rem; margin-bottom: 0; }
    .dr-table td.state-paid { color: var(--ok); }
    .dr-table td.state-overdue { color: var(--error); }
    """#
}
