import Foundation

/// Receipts show times as people in China read them: Beijing time (UTC+8, no daylight saving),
/// whatever zone the server runs in.
enum BeijingTime {
    static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 8 * 3600)!
        return calendar
    }()

    static func parts(_ date: Date) -> DateComponents {
        calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
    }

    /// "2026-11-28 17:54:26"
    static func dateTime(_ date: Date) -> String {
        let c = parts(date)
        return String(format: "%04d-%02d-%02d %02d:%02d:%02d", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
    }

    static func year(_ date: Date) -> Int { parts(date).year! }

    /// "2026年11月28日"
    static func day(_ date: Date) -> String {
        let c = parts(date)
        return "\(c.year!)年\(c.month!)月\(c.day!)日"
    }
}
