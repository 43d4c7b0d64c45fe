import GatewayApp
import Hummingbird

/// A member's 我的党费: the months, the range quote, 代交 authorisations.
struct MyDuesArea: PortalArea {
    let portal: PortalState

    init(portal: PortalState) { self.portal = portal }

    func add(to group: RouterGroup<GatewayContext>) {
        MyDuesRoutes(portal: portal).add(to: group)
    }

    static let templates: [String: String] = ["my_dues": MyDuesTemplates.myDues]

    static let css = #"""
    .md-total { margin: .25rem 0; }
    .md-total-amount { font-size: 2rem; font-weight: bold; color: var(--red); }
    .md-clear { color: var(--ok); font-weight: bold; }
    .md-table tr.state-pending td, .md-table tr.state-pending th { color: #999; background: #f3f3f3; }
    .md-table tr.state-overdue .md-state { color: var(--error); font-weight: bold; }
    .md-table tr.state-due .md-state { color: var(--red); }
    .md-table tr.state-paid .md-state { color: var(--ok); }
    .md-quote-form, .md-fellow-search { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: flex-end; }
    .md-quote-form .field, .md-fellow-search .field { flex: 1 1 10rem; margin-bottom: .5rem; }
    .md-quote-form .button, .md-fellow-search .button { margin-bottom: .5rem; }
    .md-quote-total { font-weight: bold; color: var(--red); }
    .md-proxies { list-style: none; padding: 0; margin: .5rem 0 1rem; }
    .md-proxies li { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; padding: .4rem 0; border-bottom: 1px solid var(--line); }
    .md-proxy-status { color: var(--muted); font-size: .9rem; }
    h3 { font-size: 1rem; margin: .75rem 0 .25rem; }
    """#
}
