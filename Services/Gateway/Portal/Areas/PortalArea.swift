import GatewayApp
import Hummingbird

/// One group of pages: its routes, its templates (by name), its part of the stylesheet and of the
/// one script. Each area lives in its own files; `PortalAreas.all` lists them.
protocol PortalArea: Sendable {
    init(portal: PortalState)
    func add(to group: RouterGroup<GatewayContext>)
    static var templates: [String: String] { get }
    static var css: String { get }
    /// Plain JavaScript run on every page (deferred): it must act only where its elements are, and
    /// every page must still work without it.
    static var script: String { get }
}

extension PortalArea {
    static var script: String { "" }
}

enum PortalAreas {
    static let all: [any PortalArea.Type] = [
        MemberArea.self, MyDuesArea.self, PaymentsArea.self, DuesReviewArea.self, DuesMonthArea.self, OrgAdminArea.self,
        EmailArea.self, TransfersArea.self, MeetingsArea.self,
    ]

    static var templates: [String: String] {
        all.reduce(into: [:]) { result, area in result.merge(area.templates) { first, _ in first } }
    }

    static var css: String { all.map { $0.css }.joined(separator: "\n") }

    /// Each area's script in its own function scope, so their names never collide.
    static var script: String {
        all.map { $0.script }.filter { !$0.isEmpty }.map { "(function () {\n\($0)\n})();" }.joined(separator: "\n")
    }
}
