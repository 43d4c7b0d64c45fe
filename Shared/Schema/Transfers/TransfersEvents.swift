import Foundation

/// Event type strings transfers emits.
public enum TransfersEvent {
    /// TransferChangedEvent: every act on a transfer. Notifications tells whoever must act next
    /// (the waiting organization's administrators: inbox and SMS) and the member of progress.
    public static let changed = "transfers.transfer.changed"
    /// ReceiptOverdueEvent: an outbound letter's 回执 has not come back in time; the sending branch is reminded once.
    public static let receiptOverdue = "transfers.receipt.overdue"
}

public struct TransferChangedEvent: Codable, Sendable, Equatable {
    public var transferId: String
    public var kind: TransferKind
    public var status: TransferStatus
    /// What happened (TransferEventEntry.what).
    public var what: String
    public var memberId: String?
    public var memberName: String
    public var fromOrgCode: String?
    public var toOrgCode: String?
    /// Pending: whose turn it is, and to do what.
    public var waitingOrgCode: String?
    public var waitingAction: StepAction?
    public var comment: String?
    public init(transferId: String, kind: TransferKind, status: TransferStatus, what: String, memberId: String?,
                memberName: String, fromOrgCode: String?, toOrgCode: String?, waitingOrgCode: String?,
                waitingAction: StepAction?, comment: String? = nil) {
        self.transferId = transferId; self.kind = kind; self.status = status; self.what = what; self.memberId = memberId
        self.memberName = memberName; self.fromOrgCode = fromOrgCode; self.toOrgCode = toOrgCode
        self.waitingOrgCode = waitingOrgCode; self.waitingAction = waitingAction; self.comment = comment
    }
}

public struct ReceiptOverdueEvent: Codable, Sendable, Equatable {
    public var transferId: String
    public var memberName: String
    public var fromOrgCode: String
    public var letterNumber: String
    public var issuedAt: Date
    public init(transferId: String, memberName: String, fromOrgCode: String, letterNumber: String, issuedAt: Date) {
        self.transferId = transferId; self.memberName = memberName; self.fromOrgCode = fromOrgCode
        self.letterNumber = letterNumber; self.issuedAt = issuedAt
    }
}
