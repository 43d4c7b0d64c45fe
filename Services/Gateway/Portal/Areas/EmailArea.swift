import GatewayApp
import Hummingbird

/// 发送到邮箱: the 电子凭证 and 缴费证明 forms (partials the payments pages include) and their routes.
struct EmailArea: PortalArea {
    let portal: PortalState

    init(portal: PortalState) { self.portal = portal }

    func add(to group: RouterGroup<GatewayContext>) {
        EmailRoutes(portal: portal).add(to: group)
    }

    static let templates: [String: String] = [
        "voucher_email_form": EmailTemplates.voucherForm, "certificate_email_form": EmailTemplates.certificateForm,
    ]

    static let css = EmailTemplates.css
}
