import Foundation
import GatewayApp
import HTTPTypes
import Hummingbird
import Schema

/// What the transfer pages share: a transfer as a template's data (its timeline), the target picker
/// (suggestions of `transfers.targets`, never a typed code) and a file served from the service.
enum TransferKit {
    static let stepStates: [StepState: (name: String, css: String)] = [
        .upcoming: ("未到达", "step-upcoming"), .waiting: ("待办理", "step-waiting"), .approved: ("已通过", "step-approved"),
        .returned: ("已退回", "step-returned"),
    ]

    static let letterStates: [LetterState: String] = [.issued: "已开具，未打印", .printed: "已打印", .voided: "已作废"]
    static let receiptStates: [LetterReceiptState: String] = [.awaiting: "待回执", .uploaded: "已上传回执", .posted: "回执已邮寄收到"]

    static func when(_ date: Date?) -> Any { date.map { Format.dateTime($0) as Any } ?? false }

    /// A transfer for the pages: its facts, its steps (organization, state, who, when, comment) and
    /// its history, letter and receipt. ID numbers and phones are masked here whatever the service sent.
    static func data(_ t: TransferView) -> [String: Any] {
        var data: [String: Any] = [
            "transferId": t.transferId, "kind": t.kind.chineseName, "kindValue": t.kind.rawValue, "status": t.status.chineseName,
            "statusClass": "tr-" + t.status.rawValue, "memberName": t.memberName, "fromOrgName": t.fromOrgName.isEmpty ? "—" : t.fromOrgName,
            "toOrgName": t.toOrgName.isEmpty ? "—" : t.toOrgName, "toUnit": OrgAdminKit.some(t.toUnit.isEmpty ? nil : t.toUnit),
            "toOrgTitle": OrgAdminKit.some(t.toOrgTitle), "reason": t.reason, "createdAt": Format.dateTime(t.createdAt),
            "completedAt": when(t.completedAt), "isOpen": t.status.isOpen,
            "canWithdraw": t.status == .pending || t.status == .returned, "isReturned": t.status == .returned,
            "isCompleted": t.status == .completed,
            "openedByAdmin": t.openedBy == "admin",
        ]
        data["steps"] = t.steps.map { step -> [String: Any] in
            let state = stepStates[step.state] ?? (step.state.rawValue, "")
            return ["action": step.action.chineseName, "org": step.orgName, "state": state.name, "stateClass": state.css,
                    "actor": OrgAdminKit.some(step.actorName), "actedAt": when(step.actedAt), "comment": OrgAdminKit.some(step.comment),
                    "current": step.index == t.currentStep]
        }
        data["hasSteps"] = !t.steps.isEmpty
        data["history"] = t.history.map { entry -> [String: Any] in
            ["title": entry.title, "actor": OrgAdminKit.some(entry.actorName), "comment": OrgAdminKit.some(entry.comment),
             "at": Format.dateTime(entry.at)]
        }
        data["hasHistory"] = !t.history.isEmpty
        if let step = t.currentStep.flatMap({ i in t.steps.first { $0.index == i } }) {
            data["waiting"] = "\(step.orgName) \(step.action.chineseName)"
        } else {
            data["waiting"] = false
        }
        if let letter = t.letter {
            data["letter"] = letterData(letter)
            data["printed"] = letter.state == .printed
            data["canPrint"] = letter.state == .issued
            data["canVoid"] = letter.state != .voided
        } else {
            data["letter"] = false
            data["printed"] = false
            data["canPrint"] = false
            data["canVoid"] = false
        }
        data["voidedLetters"] = t.voidedLetters.map(letterData)
        if let receipt = t.receipt {
            data["receipt"] = [
                "state": receiptStates[receipt.state] ?? receipt.state.rawValue, "dueAt": Format.dateTime(receipt.dueAt),
                "fileName": OrgAdminKit.some(receipt.fileName), "receivedAt": when(receipt.receivedAt),
                "receivedBy": OrgAdminKit.some(receipt.receivedBy), "uploaded": receipt.state == .uploaded,
            ] as [String: Any]
            data["receiptAwaiting"] = receipt.state == .awaiting
            data["receiptUploaded"] = receipt.state == .uploaded
        } else {
            data["receipt"] = false
            data["receiptAwaiting"] = false
            data["receiptUploaded"] = false
        }
        if let a = t.applicant {
            data["applicant"] = [
                "name": a.name, "sex": a.sex == .male ? "男" : "女", "ethnicity": a.ethnicity,
                "idNumber": PersonalData.maskID(a.idNumber), "phone": PersonalData.maskPhone(a.phone),
                "memberType": a.memberType.chineseName, "joinDate": a.joinDate, "fromOrgName": a.fromOrgName,
                "letterNumber": OrgAdminKit.some(a.letterNumber), "unit": OrgAdminKit.some(a.unit),
            ] as [String: Any]
        } else {
            data["applicant"] = false
        }
        return data
    }

    static func letterData(_ l: IntroductionLetter) -> [String: Any] {
        ["number": l.number, "state": letterStates[l.state] ?? l.state.rawValue, "issuedAt": Format.dateTime(l.issuedAt),
         "printedAt": when(l.printedAt), "voidedAt": when(l.voidedAt), "voidReason": OrgAdminKit.some(l.voidReason),
         "duesPaidThrough": l.duesPaidThrough.map { DuesMonthPage.chinese(month: $0) } ?? "无交纳记录", "validDays": l.validDays,
         "toOrgTitle": l.toOrgTitle, "toOrgName": l.toOrgName, "toUnit": l.toUnit]
    }

    // MARK: The target picker

    /// A chosen suggestion travels as "code|name" (the radio's value), so the page can show it again;
    /// only the code is sent to the service.
    static func picked(_ value: String) -> (code: String, name: String)? {
        guard !value.isEmpty else { return nil }
        let parts = value.split(separator: "|", maxSplits: 1).map(String.init)
        return (parts[0], parts.count > 1 ? parts[1] : parts[0])
    }

    /// One picker: a search box (`<name>Q`) with its 查找 button, and the suggestions as radios (`name`).
    struct Picker {
        var name: String
        var label: String
        var hint: String
        var query = ""
        var selected: (code: String, name: String)?
        /// branch or committee, and the committee to search under.
        var type = "branch"
        var committeeCode: String?
        var error: String?
        /// False when the search was refused (rate limit): the query is shown, not run.
        var search = true
    }

    static func pickerData(_ picker: Picker, portal: PortalState, actor: Actor) async -> [String: Any] {
        var options: [(code: String, name: String, detail: String)] = []
        var searched = false
        if !picker.query.isEmpty, picker.search {
            searched = true
            let found = (try? await portal.gateway.call(
                TransfersAPI.targets, TargetSearch(q: picker.query, type: picker.type, committeeCode: picker.committeeCode, limit: 20),
                actor: actor))?.items ?? []
            options = found.map { ($0.code, $0.name, [$0.within, $0.unit].filter { !$0.isEmpty }.joined(separator: " · ")) }
        }
        if let selected = picker.selected, !options.contains(where: { $0.code == selected.code }) {
            options.insert((selected.code, selected.name, "原选择"), at: 0)
        }
        return [
            "pickerName": picker.name, "pickerId": "pk-" + picker.name, "pickerLabel": picker.label, "pickerHint": picker.hint,
            "pickerQuery": picker.query, "searched": searched, "hasOptions": !options.isEmpty,
            "pickerError": OrgAdminKit.some(picker.error),
            "options": options.enumerated().map { index, option -> [String: Any] in
                ["optId": "pk-\(picker.name)-\(index)", "optValue": option.code + "|" + option.name, "optName": option.name,
                 "optDetail": option.detail, "radioName": picker.name, "checked": option.code == picker.selected?.code]
            },
        ]
    }

    /// The receipt upload's body limit (the contract's, for the API route of the same act).
    static var receiptLimit: Int { TransfersAPI.receiptUpload.descriptor.http?.maxBodyBytes ?? TransfersAPI.receiptBodyBytes }

    static func uploadRequest(_ form: MultipartForm, transferId: String) -> ReceiptUploadRequest? {
        guard let file = form.files["receipt"], !file.bytes.isEmpty else { return nil }
        return ReceiptUploadRequest(transferId: transferId, fileName: file.fileName, contentBase64: Data(file.bytes).base64EncodedString())
    }

    static let kinds: [(value: String, label: String)] = [
        (TransferKind.withinCity.rawValue, "市内转接"), (TransferKind.outbound.rawValue, "转到市外"),
        (TransferKind.withinUnit.rawValue, "单位内部调整"),
    ]
}
