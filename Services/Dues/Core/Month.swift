import Foundation
import Schema

/// A calendar month. Stored as the integer yyyymm (202611), sent as "yyyy-MM".
public struct Month: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    /// 1…12
    public let month: Int

    public init(year: Int, month: Int) {
        // Normalise so that arithmetic across year ends works (month 13 → January next year).
        let index = year * 12 + (month - 1)
        self.year = index.floorDiv(12)
        self.month = index - self.year * 12 + 1
    }

    /// "2026-11"
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), (1...12).contains(m), y >= 1900 else { return nil }
        self.init(year: y, month: m)
    }

    /// 202611
    public init(key: Int) { self.init(year: key / 100, month: key % 100) }

    public var key: Int { year * 100 + month }
    /// "2026-11" (zero-padded as "%04d-%02d", without Foundation's formatter: months are printed by the
    /// hundred in every quote).
    public var description: String {
        let y = String(year)
        return String(repeating: "0", count: max(0, 4 - y.count)) + y + (month < 10 ? "-0" : "-") + String(month)
    }
    /// "2026年11月"
    public var chinese: String { "\(year)年\(month)月" }

    public func adding(_ months: Int) -> Month { Month(year: year, month: month + months) }
    public var previous: Month { adding(-1) }
    public var next: Month { adding(1) }

    public static func < (a: Month, b: Month) -> Bool { a.key < b.key }

    /// Months from a to b (b − a).
    public static func distance(_ a: Month, _ b: Month) -> Int { (b.year * 12 + b.month) - (a.year * 12 + a.month) }

    /// Parses a request field, throwing `dues.month_invalid` naming it.
    public static func parse(_ text: String, field: String) throws(ErrorBody) -> Month {
        guard let month = Month(text) else {
            throw ErrorBody.make(ErrorCode.duesMonthInvalid, details: ["field": field, "value": text])
        }
        return month
    }
}

extension Int {
    func floorDiv(_ d: Int) -> Int { self >= 0 ? self / d : -((-self + d - 1) / d) }
}

/// The paying window of each month, in the installation's time zone: month M is payable from
/// `windowStartDay` of M to `windowEndDay` of M+1 (inclusive). Before that it is pending (待交).
public struct PayingCalendar: Sendable {
    public let settings: DuesSettings
    let calendar: Calendar

    public init(settings: DuesSettings) {
        self.settings = settings
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: settings.timeZone) ?? TimeZone(identifier: "Asia/Shanghai")!
        self.calendar = calendar
    }

    /// The calendar month `date` falls in, in the installation's time zone.
    public func month(of date: Date) -> Month {
        let c = calendar.dateComponents([.year, .month], from: date)
        return Month(year: c.year!, month: c.month!)
    }

    /// The newest month whose paying window has started at `now`: this month from its start day, else the previous one.
    public func openMonth(at now: Date) -> Month {
        let c = calendar.dateComponents([.year, .month, .day], from: now)
        let this = Month(year: c.year!, month: c.month!)
        return c.day! >= settings.windowStartDay ? this : this.previous
    }

    /// 00:00 of `windowStartDay` of M.
    public func windowStart(_ m: Month) -> Date {
        calendar.date(from: DateComponents(year: m.year, month: m.month, day: settings.windowStartDay))!
    }

    /// 00:00 of the day after `windowEndDay` of M+1 (the first instant past the window).
    public func windowEnd(_ m: Month) -> Date {
        let n = m.next
        return calendar.date(from: DateComponents(year: n.year, month: n.month, day: settings.windowEndDay + 1))!
    }

    /// Has M's window started (it may be paid, subject to no-paying-ahead)?
    public func hasStarted(_ m: Month, at now: Date) -> Bool { now >= windowStart(m) }

    /// May M be paid at `now`? With no paying ahead (the default) only once its window started.
    public func mayPay(_ m: Month, at now: Date) -> Bool {
        settings.noPayingAhead ? hasStarted(m, at: now) : true
    }

    /// The state of an unpaid, submitted month with an amount due.
    public func unpaidState(_ m: Month, at now: Date) -> MonthState {
        if now < windowStart(m) { return .pending }
        return now < windowEnd(m) ? .due : .overdue
    }

    /// The oldest month a member may still pay online at `now` (backpay depth).
    public func oldestBackpay(at now: Date) -> Month { openMonth(at: now).adding(-settings.backpayMonths) }
}
