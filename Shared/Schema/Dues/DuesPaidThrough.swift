/// 党费交到: the month a member's dues are paid up to, for transfers' 介绍信.
extension DuesAPI {
    /// The latest month M such that every month of the member's up to M is settled (paid, or exempt),
    /// none after it being counted; nil when nothing was ever settled. Service-only.
    public static let memberPaidThrough = BusOperation<PaidThroughQuery, PaidThrough>(
        "dues.member.paid_through", .query, callers: .service,
        errors: [E.duesMemberNotFound])
}

public struct PaidThroughQuery: Codable, Sendable, Equatable {
    public var memberId: String
    public init(memberId: String) { self.memberId = memberId }
}

public struct PaidThrough: Codable, Sendable, Equatable {
    public var memberId: String
    /// yyyy-MM, or nil.
    public var month: String?
    public init(memberId: String, month: String?) { self.memberId = memberId; self.month = month }
}
