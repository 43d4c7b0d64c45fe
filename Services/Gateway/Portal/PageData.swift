import Schema

extension PortalState {
    /// What every member page's frame needs: title, CSRF token for 退出, the navigation (with the
    /// page's own entry marked).
    func memberPage(_ visit: Visit, _ session: SignedIn, title: String, current: String) async -> [String: Any] {
        ["title": title, "csrf": csrfToken(visit), "nav": MemberMenu.data(current: current)]
    }

    /// What every administrator page's frame needs: title, CSRF token, the side menu.
    func adminPage(_ visit: Visit, _ session: SignedIn, title: String, current: String) async -> [String: Any] {
        ["title": title, "csrf": csrfToken(visit), "menu": AdminMenu.data(current: current)]
    }
}
