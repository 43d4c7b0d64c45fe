import Foundation

/// What differs between installations (DOMAIN.md's *(policy)* dues rules), with the defaults the
/// seed manuals show. Loaded from a JSON file (`dues --settings FILE`); absent keys keep defaults.
public struct DuesSettings: Codable, Sendable, Equatable {
    public enum Rounding: String, Codable, Sendable {
        /// Half a fen and more rounds up (the default).
        case halfUp = "half_up"
        /// Banker's rounding: exactly half a fen goes to the even fen.
        case halfEven = "half_even"
        /// Drop fractions of a fen.
        case down
        /// Any fraction of a fen rounds up.
        case up
    }

    /// Month M can be paid from this day of M (Xiamen: the 16th)…
    public var windowStartDay: Int = 16
    /// …to this day of M+1 (Xiamen: the 15th), inclusive; later it is arrears (补交).
    public var windowEndDay: Int = 15
    /// No paying ahead of the open month (党章: 逐月按时交纳, seed 003).
    public var noPayingAhead: Bool = true
    /// How many months before the open month a member may still pay online (补交).
    public var backpayMonths: Int = 6
    /// Consecutive unpaid months after which a member is flagged to the branch.
    public var flagAfterMonths: Int = 6
    public var rounding: Rounding = .halfUp
    public var timeZone: String = "Asia/Shanghai"
    /// How long a payment reservation locks the months when the caller names no expiry.
    public var reservationMinutes: Int = 15
    /// Farmers: ¥0.20–1.00 a month.
    public var farmerMinFen: Int64 = 20
    public var farmerMaxFen: Int64 = 100
    /// Students, the unemployed, those on minimum allowance: ¥0.20 a month.
    public var minimumFen: Int64 = 20
    /// Open each month on its window's first day by itself, carrying every branch's standards forward
    /// (a branch with no earlier month opens its first one itself).
    public var openMonthsAutomatically: Bool = true
    /// How often (seconds) the service looks whether a month is due to open.
    public var monthCheckSeconds: Int = 60

    public init() {}

    public init(from decoder: any Decoder) throws {
        // Every key optional: a settings file names only what it changes.
        let d = DuesSettings()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        windowStartDay = try c.decodeIfPresent(Int.self, forKey: .windowStartDay) ?? d.windowStartDay
        windowEndDay = try c.decodeIfPresent(Int.self, forKey: .windowEndDay) ?? d.windowEndDay
        noPayingAhead = try c.decodeIfPresent(Bool.self, forKey: .noPayingAhead) ?? d.noPayingAhead
        backpayMonths = try c.decodeIfPresent(Int.self, forKey: .backpayMonths) ?? d.backpayMonths
        flagAfterMonths = try c.decodeIfPresent(Int.self, forKey: .flagAfterMonths) ?? d.flagAfterMonths
        rounding = try c.decodeIfPresent(Rounding.self, forKey: .rounding) ?? d.rounding
        timeZone = try c.decodeIfPresent(String.self, forKey: .timeZone) ?? d.timeZone
        reservationMinutes = try c.decodeIfPresent(Int.self, forKey: .reservationMinutes) ?? d.reservationMinutes
        farmerMinFen = try c.decodeIfPresent(Int64.self, forKey: .farmerMinFen) ?? d.farmerMinFen
        farmerMaxFen = try c.decodeIfPresent(Int64.self, forKey: .farmerMaxFen) ?? d.farmerMaxFen
        minimumFen = try c.decodeIfPresent(Int64.self, forKey: .minimumFen) ?? d.minimumFen
        openMonthsAutomatically = try c.decodeIfPresent(Bool.self, forKey: .openMonthsAutomatically) ?? d.openMonthsAutomatically
        monthCheckSeconds = max(1, try c.decodeIfPresent(Int.self, forKey: .monthCheckSeconds) ?? d.monthCheckSeconds)
    }
}
