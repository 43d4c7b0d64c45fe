import Schema

extension PortalState {
    /// What every member page's frame needs: title, CSRF token for 退出, the navigation (with the
    /// page's own entry marked) and the unread messages' count on 我的消息 (left out, not an error, if
    /// notifications does not answer: the page itself still works).
    func memberPage(_ visit: Visit, _ session: SignedIn, title: String, current: String) async -> [String: Any] {
        let unread = (try? await gateway.call(NotificationsAPI.inboxUnreadCount, Empty(), actor: session.actor))?.unread ?? 0
        return ["title": title, "csrf": csrfToken(visit), "nav": MemberMenu.data(current: current, unread: unread)]
    }

    /// What every administrator page's frame needs: title, CSRF token, the side menu.
    func adminPage(_ visit: Visit, _ session: SignedIn, title: String, current: String) async -> [String: Any] {
        ["title": title, "csrf": csrfToken(visit), "menu": AdminMenu.data(current: current, city: session.actor.roles.contains("city"))]
    }
}
