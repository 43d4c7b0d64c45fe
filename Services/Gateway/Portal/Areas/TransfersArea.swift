import GatewayApp
import Hummingbird
import Schema

/// 组织关系转接 (issue 13): the member's 我的组织关系, the administrators' 组织关系接转, and 组织关系转入
/// from the login page.
struct TransfersArea: PortalArea {
    let portal: PortalState

    init(portal: PortalState) { self.portal = portal }

    func add(to group: RouterGroup<GatewayContext>) {
        // A receipt photo is larger than the default body limit: these two pages take the API's limit for it.
        for path in ["/me/transfers/{id}/receipt", "/admin/transfers/{id}/receipt"] {
            portal.gateway.allowBody(TransferKit.receiptLimit, method: "POST", path: path)
        }
        MyTransferRoutes(portal: portal).add(to: group)
        TransferAdminRoutes(portal: portal).add(to: group)
        TransferInboundRoutes(portal: portal).add(to: group)
    }

    static let templates: [String: String] = [
        "tr_picker": TransferTemplates.picker, "tr_timeline": TransferTemplates.timeline, "tr_facts": TransferTemplates.facts,
        "tr_mine": TransferTemplates.mine, "tr_apply_body": TransferTemplates.applyBody, "tr_apply_member": TransferTemplates.applyMember,
        "tr_table": TransferAdminTemplates.table, "tr_todo": TransferAdminTemplates.todo, "tr_records": TransferAdminTemplates.records,
        "tr_admin_transfer": TransferAdminTemplates.transfer, "tr_apply_admin": TransferAdminTemplates.apply,
        "tr_letterhead": TransferAdminTemplates.letterhead,
        "tr_in_form": TransferInboundTemplates.form, "tr_in_lookup": TransferInboundTemplates.lookup,
        "tr_in_progress": TransferInboundTemplates.progress,
    ]

    static let css = #"""
    .picker, .tr-kinds, .tr-external { border: 1px solid var(--line); border-radius: 8px; padding: .75rem 1rem; margin: 0 0 1rem; min-width: 0; }
    .picker legend, .tr-kinds legend, .tr-external legend { font-weight: bold; padding: 0 .25rem; }
    .picker.has-error { border-color: var(--red); }
    .picker .search-row { display: flex; gap: .5rem; }
    .picker .search-row input { flex: 1; min-width: 0; padding: .6rem .75rem; font-size: 1rem; border: 1px solid #bbb; border-radius: 6px; }
    .pick-options { list-style: none; padding: 0; margin: .5rem 0 0; }
    .pick-options li { padding: .4rem 0; border-bottom: 1px solid var(--line); overflow-wrap: anywhere; }
    .pick-name { font-weight: bold; }
    .pick-detail { display: block; color: var(--muted); font-size: .85rem; margin-left: 1.5rem; }
    .tr-kind { display: inline-block; margin-right: 1rem; }
    .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
    .tr-steps { list-style: none; padding: 0; margin: 1rem 0; border-left: 3px solid var(--line); }
    .tr-steps li { position: relative; padding: .4rem 0 .6rem 1rem; overflow-wrap: anywhere; }
    .tr-steps li::before { content: ""; position: absolute; left: -.5rem; top: .75rem; width: .7rem; height: .7rem; border-radius: 50%; background: var(--line); }
    .tr-steps li.step-approved::before { background: var(--ok); }
    .tr-steps li.step-waiting::before, .tr-steps li.step-returned::before { background: var(--red); }
    .tr-steps .step-action { font-weight: bold; }
    .tr-steps .step-state { margin-left: .5rem; }
    .tr-steps .step-waiting .step-state, .tr-steps .step-returned .step-state { color: var(--red); font-weight: bold; }
    .tr-steps .step-approved .step-state { color: var(--ok); }
    .tr-steps .step-who, .tr-steps .step-when, .tr-steps .step-comment { display: block; color: var(--muted); font-size: .9rem; }
    .tr-history ul { padding-left: 1.2rem; }
    .tr-history li { overflow-wrap: anywhere; }
    .tr-acts { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; margin: .5rem 0; }
    .tr-act { margin: .75rem 0; }
    .tr-status.tr-completed { color: var(--ok); }
    .tr-status.tr-returned, .tr-status.tr-pending { color: var(--red); }
    .tr-keys { border: 2px solid var(--red); border-radius: 8px; padding: .75rem 1rem; margin: 1rem 0; background: #fff8f8; }
    .tr-key { font-size: 1.4rem; letter-spacing: .05em; overflow-wrap: anywhere; }
    .card.wide-form { max-width: 40rem; margin: 2rem auto; border-top: 4px solid var(--red); }
    .button[disabled] { opacity: .5; cursor: not-allowed; }
    .login-side h2 { margin-top: 0; }
    @media (min-width: 60rem) {
      body.plain:has(.login-side) { display: flex; justify-content: center; align-items: flex-start; gap: 2rem; }
      body.plain .login-side { margin: 2rem 0; }
      body.plain:has(.login-side) main.card.narrow { margin: 2rem 0; }
    }
    """#
}
