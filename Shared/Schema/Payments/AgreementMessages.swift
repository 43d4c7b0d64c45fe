import Foundation

/// 银行缴费协议: a member's standing agreement that dues are debited from their own bank card
/// (UnionPay 全渠道 代收) when a month opens for payment.
public struct AgreementView: Codable, Sendable, Equatable {
    public var id: String
    /// active | cancelled | replaced.
    public var status: String
    /// The card's last 4 digits only (the number is never kept).
    public var cardLast4: String
    public var bankName: String
    /// The holder as identity has it, masked (张*).
    public var holderName: String
    public var signedAt: Date
    public var cancelledAt: Date?
    public init(id: String, status: String, cardLast4: String, bankName: String, holderName: String, signedAt: Date,
                cancelledAt: Date? = nil) {
        self.id = id; self.status = status; self.cardLast4 = cardLast4; self.bankName = bankName; self.holderName = holderName
        self.signedAt = signedAt; self.cancelledAt = cancelledAt
    }
}

/// One debit of an agreement: an order of purpose `debit`.
public struct AgreementDebit: Codable, Sendable, Equatable {
    public var orderId: String
    public var month: String
    /// pending | sent | paid | failed | skipped.
    public var status: String
    public var amountFen: Int64
    /// UnionPay's respCode when it failed.
    public var failure: String?
    public var createdAt: Date
    public init(orderId: String, month: String, status: String, amountFen: Int64, failure: String?, createdAt: Date) {
        self.orderId = orderId; self.month = month; self.status = status; self.amountFen = amountFen; self.failure = failure
        self.createdAt = createdAt
    }
}

public struct AgreementList: Codable, Sendable, Equatable {
    /// Newest first; at most one is active.
    public var items: [AgreementView]
    /// Newest first (at most 50).
    public var debits: [AgreementDebit]
    public init(items: [AgreementView], debits: [AgreementDebit]) { self.items = items; self.debits = debits }
}

/// Without `code`: an SMS code goes to the phone on record (the reply names where). With `codeId`
/// and `code`: the agreement is signed at UnionPay with the member's own name and ID number.
public struct AgreementSignRequest: Codable, Sendable, Equatable {
    /// 16 to 19 digits (spaces allowed).
    public var cardNumber: String
    public var bankName: String?
    public var codeId: String?
    public var code: String?
    public init(cardNumber: String, bankName: String? = nil, codeId: String? = nil, code: String? = nil) {
        self.cardNumber = cardNumber; self.bankName = bankName; self.codeId = codeId; self.code = code
    }
}

public struct AgreementSignReply: Codable, Sendable, Equatable {
    /// Set once signed.
    public var agreement: AgreementView?
    /// Set when a code was sent.
    public var codeId: String?
    public var maskedPhone: String?
    public init(agreement: AgreementView? = nil, codeId: String? = nil, maskedPhone: String? = nil) {
        self.agreement = agreement; self.codeId = codeId; self.maskedPhone = maskedPhone
    }
}

public struct AgreementRef: Codable, Sendable, Equatable {
    public var agreementId: String
    public init(agreementId: String) { self.agreementId = agreementId }
}

/// `payments.debit.failed`: an agreement's debit did not go through; the member pays online or in cash
/// (no automatic retry; the next month's debit tries again).
public struct DebitFailedEvent: Codable, Sendable, Equatable {
    public var orderId: String
    public var payerMemberId: String
    public var amountFen: Int64
    public var months: [String]
    public var cardLast4: String
    /// In Chinese, for the member.
    public var reason: String
    public init(orderId: String, payerMemberId: String, amountFen: Int64, months: [String], cardLast4: String, reason: String) {
        self.orderId = orderId; self.payerMemberId = payerMemberId; self.amountFen = amountFen; self.months = months
        self.cardLast4 = cardLast4; self.reason = reason
    }
}
