import GatewayApp
import Hummingbird

/// The members' own pages: 我的档案 and its edit, 修改密码, 我的支部, 通知公告, 我的消息, 实名核验, 微信绑定
/// and the 公众号 menu's entry.
struct MemberArea: PortalArea {
    let portal: PortalState

    init(portal: PortalState) { self.portal = portal }

    func add(to group: RouterGroup<GatewayContext>) {
        MemberProfileRoutes(portal: portal).add(to: group)
        MemberAccountRoutes(portal: portal).add(to: group)
        MemberMessageRoutes(portal: portal).add(to: group)
        MemberWeChatRoutes(portal: portal).add(to: group)
    }

    static let templates: [String: String] = [
        "member_profile": MemberTemplates.profile, "member_password": MemberTemplates.password, "member_branch": MemberTemplates.branch,
        "member_realname": MemberTemplates.realName, "member_notices": MemberTemplates.notices, "member_messages": MemberTemplates.messages,
        "member_message": MemberTemplates.message, "member_wechat": MemberWeChatTemplates.page,
    ]

    static let css = #"""
    .field.locked label, .field.locked input, .field.locked select { color: #999; }
    .field.locked input, .field.locked select { background: #f0f0f0; }
    .field select { width: 100%; padding: .6rem .75rem; font-size: 1rem; border: 1px solid #bbb; border-radius: 6px; background: #fff; }
    .lock { font-weight: normal; font-size: .85rem; }
    .mp-changes { list-style: none; padding: 0; margin: 0; }
    .mp-changes li { padding: .5rem 0; border-bottom: 1px solid var(--line); overflow-wrap: anywhere; }
    .mp-status { font-weight: bold; }
    .change-pending .mp-status { color: var(--red); }
    .change-approved .mp-status { color: var(--ok); }
    .mb-leaders { list-style: none; padding: 0; margin: 0; }
    .mb-leaders li { padding: .5rem 0; border-bottom: 1px solid var(--line); display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; }
    .mb-post { color: var(--muted); min-width: 3.5em; }
    .mb-name { font-weight: bold; }
    .mb-tel { margin-left: auto; }
    .rn-ok { color: var(--ok); font-weight: bold; }
    .msg-list { list-style: none; padding: 0; margin: 0; }
    .msg-list li { background: #fff; border: 1px solid var(--line); border-radius: 8px; margin-bottom: .5rem; }
    .msg-list a { display: block; padding: .75rem 1rem; color: var(--ink); text-decoration: none; }
    .msg-list li.unread .msg-title { font-weight: bold; }
    .msg-when { display: block; color: var(--muted); font-size: .85rem; }
    .msg-excerpt { display: block; color: var(--muted); font-size: .9rem; overflow-wrap: anywhere; }
    .msg-actions { text-align: right; margin-bottom: .5rem; }
    .msg-content { white-space: pre-wrap; overflow-wrap: anywhere; }
    .home-links { display: grid; grid-template-columns: repeat(auto-fill, minmax(8rem, 1fr)); gap: .5rem; }
    .home-links a { display: block; padding: .75rem; background: #fff; border: 1px solid var(--line); border-radius: 8px; text-align: center; text-decoration: none; color: var(--ink); }
    .home-links a:hover { border-color: var(--red); color: var(--red); }
    .facts dd.locked { color: #999; }
    .wx-bound { color: var(--ok); font-weight: bold; }
    """#
}
