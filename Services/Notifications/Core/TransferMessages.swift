import Foundation
import GRDB
import Schema

/// Transfers' events as messages: whoever must act next, and the member of their transfer's progress.
enum TransferMessages {
    /// Pending: the waiting organization's administrators (seed 003: the branch administrator learns by
    /// SMS that an inbound transfer was assigned to it). Approved, returned, completed, revoked: the
    /// member, when the transfer names one (an inbound applicant has no account until it completes).
    static func changed(_ db: Database, _ e: TransferChangedEvent, sourceKey: String, now: Date) throws {
        switch e.status {
        case .pending:
            guard let org = e.waitingOrgCode, let template = TemplateCatalog.template("transfers.transfer.pending") else { return }
            try EventIntake.tellAdministrators(db, orgCode: org, template: template, params: [
                "name": e.memberName, "kind": e.kind.chineseName, "action": (e.waitingAction ?? .review).chineseName,
            ], sourceKey: sourceKey, now: now)
        case .approved, .returned, .completed, .revoked:
            guard let memberId = e.memberId, let template = TemplateCatalog.template("transfers.transfer.step") else { return }
            try MemberMessages.enqueue(db, memberId: memberId, template: template,
                                       params: ["step": step(e)], sourceKey: sourceKey, now: now)
        case .withdrawn:
            return // the member's own act
        }
    }

    /// "转到市外已退回修改：请补充去向单位" — what the member reads after 您的组织关系转接：
    static func step(_ e: TransferChangedEvent) -> String {
        let state = switch e.status {
        case .approved: "已审批通过，正在办理"
        case .returned: "已退回修改，请修改后重新提交"
        case .completed: "已办理完成"
        case .revoked: "已撤销"
        default: e.status.chineseName
        }
        let comment = e.comment.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
        return "\(e.kind.chineseName)\(state)" + (comment.isEmpty ? "" : "（意见：\(comment)）")
    }

    /// The sending branch is reminded once that the letter's 回执 has not come back.
    static func receiptOverdue(_ db: Database, _ e: ReceiptOverdueEvent, sourceKey: String, now: Date) throws {
        guard let template = TemplateCatalog.template("transfers.receipt.overdue") else { return }
        try EventIntake.tellAdministrators(db, orgCode: e.fromOrgCode, template: template, params: [
            "name": e.memberName, "number": e.letterNumber, "date": String(EventIntake.chinaTime(e.issuedAt).prefix(10)),
        ], sourceKey: sourceKey, now: now)
    }
}
