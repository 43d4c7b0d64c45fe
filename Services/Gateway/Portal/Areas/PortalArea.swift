import GatewayApp
import Hummingbird

/// One group of pages: its routes, its templates (by name) and its part of the stylesheet. Each area
/// lives in its own files; `PortalAreas.all` lists them.
protocol PortalArea: Sendable {
    init(portal: PortalState)
    func add(to group: RouterGroup<GatewayContext>)
    static var templates: [String: String] { get }
    static var css: String { get }
}

enum PortalAreas {
    static let all: [any PortalArea.Type] = [
        MemberArea.self, MyDuesArea.self, DuesReviewArea.self, DuesMonthArea.self, OrgAdminArea.self,
    ]

    static var templates: [String: String] {
        all.reduce(into: [:]) { result, area in result.merge(area.templates) { first, _ in first } }
    }

    static var css: String { all.map { $0.css }.joined(separator: "\n") }
}
