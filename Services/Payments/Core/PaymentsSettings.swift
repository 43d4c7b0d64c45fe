import Foundation

/// What differs between installations. Loaded from a JSON file (`payments --settings FILE`); absent
/// keys keep these defaults.
public struct PaymentsSettings: Codable, Sendable, Equatable {
    /// An order (and the months it reserves in dues) lives this long unpaid.
    public var orderMinutes: Int = 15
    /// Finished idempotency keys are kept this long (never less than 24 h).
    public var idempotencyRetentionHours: Int = 24
    /// A key still `running` after this long belongs to an instance that died mid-request.
    public var idempotencyStaleSeconds: Int = 60
    /// With no notification, an order is queried at the provider this long before it expires.
    public var queryBeforeExpirySeconds: Int = 120
    public init() {}
}
