/// The two menus, in one place: the administrators' side menu (grouped as the 党组织管理平台 groups
/// it) and the members' navigation. Each page names its entry as `current`.
enum AdminMenu {
    static let sections: [(title: String?, items: [(href: String, label: String)])] = [
        (nil, [("/admin", "管理首页")]),
        ("组织与党员", [("/admin/orgs", "党组织管理"), ("/admin/members", "党员管理"), ("/admin/reviews", "信息审核"),
                      ("/admin/imports", "数据导入")]),
        ("党费管理", [("/admin/dues/standards", "标准录入"), ("/admin/dues/cash", "线下交纳"), ("/admin/dues/unpaid", "未交党费名单"),
                    ("/admin/dues/payments", "交纳记录查询"), ("/admin/dues/rate", "收缴率"), ("/admin/dues/proxies", "代交委托管理"),
                    ("/admin/dues/approvals", "减免审批"), ("/admin/payments/orders", "在线支付订单"),
                    ("/admin/payments/refunds", "退费审核")]),
        ("通知", [("/admin/notices", "通知公告")]),
        ("组织关系接转", [("/admin/transfers/todo", "转接待办"), ("/admin/transfers", "转接记录查询"), ("/admin/transfers/new", "代党员申请"),
                       ("/admin/transfers/letterhead", "发函单位设置")]),
        ("组织生活", [("/admin/meetings", "会议管理"), ("/admin/meetings/new", "发布会议"), ("/admin/meetings/compliance", "开展情况"),
                    ("/admin/meetings/ledger", "工作台账"), ("/admin/affairs", "三务公开"), ("/admin/care", "党员关爱")]),
    ]

    /// Entries only the root organization's administrators (role `city`) see: installation-wide pages.
    static let cityOnly: [String: [(href: String, label: String)]] = ["党费管理": [("/admin/payments/reconciliation", "对账报告")]]

    static func data(current: String, city: Bool = false) -> [[String: Any]] {
        sections.map { section in
            let items = section.items + (city ? cityOnly[section.title ?? ""] ?? [] : [])
            var data: [String: Any] = ["items": items.map { ["href": $0.href, "label": $0.label, "current": $0.href == current] }]
            if let title = section.title { data["heading"] = title }
            return data
        }
    }
}

enum MemberMenu {
    /// The bar under the header (phone first: four short entries); the rest are linked from 个人中心.
    static let items: [(href: String, label: String)] = [("/me", "个人中心"), ("/me/dues", "我的党费"), ("/me/notices", "通知公告"),
                                                         ("/me/messages", "我的消息")]

    static func data(current: String, unread: Int = 0) -> [[String: Any]] {
        items.map { item -> [String: Any] in
            ["href": item.href, "label": item.label, "current": item.href == current,
             "badge": item.href == "/me/messages" && unread > 0 ? (unread > 99 ? "99+" : String(unread)) as Any : false]
        }
    }
}
