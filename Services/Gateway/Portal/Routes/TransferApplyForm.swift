import Foundation
import GatewayApp
import HTTPTypes
import Hummingbird
import Schema

/// The application form (我要转移组织关系, 代党员申请, 返回修改 后重新提交): the kind, the receiving branch
/// from suggestions (市内转接、单位内部调整), the receiving organization outside (转到市外) and the reason.
struct TransferApplyForm {
    var kind = TransferKind.withinCity.rawValue
    var memberId = ""
    var query = ""
    var picked: (code: String, name: String)?
    var toOrgTitle = ""
    var toOrgName = ""
    var toUnit = ""
    var reason = ""

    static let inputs: Set<String> = ["kind", "memberId", "toOrgCode", "toOrgTitle", "toOrgName", "toUnit", "reason"]

    init() {}

    init(_ form: Form) {
        kind = form.trimmed("kind")
        memberId = form.trimmed("memberId")
        query = form.trimmed("toOrgCodeQ")
        picked = TransferKit.picked(form.trimmed("toOrgCode"))
        toOrgTitle = form.trimmed("toOrgTitle")
        toOrgName = form.trimmed("toOrgName")
        toUnit = form.trimmed("toUnit")
        reason = form.trimmed("reason")
    }

    /// Prefilled from a returned transfer, to correct and submit again.
    init(_ t: TransferView) {
        kind = t.kind.rawValue
        if let code = t.toOrgCode { picked = (code, t.toOrgName) }
        if t.kind == .outbound {
            toOrgTitle = t.toOrgTitle ?? ""
            toOrgName = t.toOrgName
            toUnit = t.toUnit
        }
        reason = t.reason
    }

    var outbound: Bool { kind == TransferKind.outbound.rawValue }

    var applyRequest: ApplyTransferRequest {
        ApplyTransferRequest(kind: TransferKind(rawValue: kind) ?? .withinCity, memberId: OrgAdminKit.given(memberId),
                             toOrgCode: outbound ? nil : picked?.code, toOrgTitle: outbound ? OrgAdminKit.given(toOrgTitle) : nil,
                             toOrgName: outbound ? OrgAdminKit.given(toOrgName) : nil, toUnit: outbound ? OrgAdminKit.given(toUnit) : nil,
                             reason: reason)
    }

    func resubmitRequest(_ transferId: String) -> ResubmitTransferRequest {
        ResubmitTransferRequest(transferId: transferId, toOrgCode: outbound ? nil : picked?.code,
                                toOrgTitle: outbound ? OrgAdminKit.given(toOrgTitle) : nil, toOrgName: outbound ? OrgAdminKit.given(toOrgName) : nil,
                                toUnit: outbound ? OrgAdminKit.given(toUnit) : nil, reason: reason)
    }

    /// The form's data: `action` is where it posts; `kindFixed` on resubmission (the kind stays).
    func data(portal: PortalState, actor: Actor, action: String, errors: FormErrors, withMember: Bool, kindFixed: Bool) async -> [String: Any] {
        var data: [String: Any] = ["action": action, "withMember": withMember, "kindFixed": kindFixed,
                                   "kindName": (TransferKind(rawValue: kind) ?? .withinCity).chineseName, "kindValue": kind]
        data["kinds"] = TransferKit.kinds.map { ["kValue": $0.value, "kLabel": $0.label, "kChecked": $0.value == kind, "kId": "tr-kind-" + $0.value] }
        var picker = TransferKit.Picker(name: "toOrgCode", label: "拟转入党支部（市内转接、单位内部调整）",
                                        hint: "输入党支部名称或单位名称的一部分，点“查找”，再从列表中选择。", query: query, selected: picked)
        picker.error = errors.fields["toOrgCode"]
        data["picker"] = await TransferKit.pickerData(picker, portal: portal, actor: actor)
        func field(_ name: String, _ label: String, _ value: String, hint: String? = nil) -> [String: Any] {
            var field = AdminField(form: "tr", name: name, label: label, value: value)
            field.hint = hint
            return field.data(errors)
        }
        data["memberField"] = field("memberId", "党员编号", memberId, hint: "在“党员管理”中查到的党员编号")
        data["externalFields"] = [field("toOrgTitle", "介绍信接受地党组织", toOrgTitle, hint: "如：中共某某市委组织部"),
                                  field("toOrgName", "拟转入党组织", toOrgName), field("toUnit", "拟转入单位", toUnit)]
        var reasonField = AdminField(form: "tr", name: "reason", label: "转接原因", value: reason, multiline: true)
        reasonField.hint = "2–200 字"
        data["reasonField"] = reasonField.data(errors)
        data["formError"] = OrgAdminKit.some(errors.general)
        return data
    }
}
