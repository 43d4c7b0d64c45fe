import Foundation

/// A calendar day in Beijing time (UTC+8, no daylight saving). Day arithmetic is done on seconds so a
/// 100,000-line day never goes through Calendar.
public struct BeijingDay: Codable, Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Days since 1970-01-01 in Beijing.
    public var index: Int

    public init(index: Int) { self.index = index }

    public init(_ date: Date) {
        index = Int(((date.timeIntervalSince1970 + 8 * 3600) / 86_400).rounded(.down))
    }

    public init?(year: Int, month: Int, day: Int) {
        guard let start = BeijingDay.date(year: year, month: month, day: day, hour: 0, minute: 0, second: 0) else { return nil }
        self.init(start)
    }

    public var start: Date { Date(timeIntervalSince1970: Double(index) * 86_400 - 8 * 3600) }
    public var end: Date { Date(timeIntervalSince1970: Double(index + 1) * 86_400 - 8 * 3600) }
    public var previous: BeijingDay { BeijingDay(index: index - 1) }
    public var next: BeijingDay { BeijingDay(index: index + 1) }

    /// "2026-11-27"
    public var description: String {
        let (y, m, d) = BeijingDay.civil(index)
        return String(format: "%04d-%02d-%02d", y, m, d)
    }

    public var year: Int { BeijingDay.civil(index).0 }

    public static func < (a: BeijingDay, b: BeijingDay) -> Bool { a.index < b.index }

    /// Beijing wall-clock time → Date; nil for impossible fields (month 13, 31 November, 24:00).
    static func date(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) -> Date? {
        guard (1...12).contains(month), (1...31).contains(day), (0...23).contains(hour), (0...59).contains(minute),
              (0...59).contains(second) else { return nil }
        let days = daysFromCivil(year, month, day)
        guard civil(days) == (year, month, day) else { return nil }
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - 8 * 3600
        return Date(timeIntervalSince1970: Double(seconds))
    }

    // Howard Hinnant's days-from-civil and its inverse (proleptic Gregorian).
    static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(_ z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp + (mp < 10 ? 3 : -9)
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
