import Foundation

/// Dates on the wire: RFC 3339, UTC, milliseconds (`2026-11-22T09:30:00.123Z`).
///
/// Hand-written rather than a DateFormatter so it is Sendable, locale-free,
/// identical on Linux and macOS, and cheap on every message.
public enum RFC3339 {
    /// Formats in UTC, rounded to the nearest millisecond.
    public static func format(_ date: Date) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        write(date, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `format`'s bytes, appended (the wire's JSON writer puts them straight into its buffer).
    static func write(_ date: Date, into bytes: inout [UInt8]) {
        // Clamp so that a nonsense Date (infinite, NaN, far future) cannot trap.
        let raw = (date.timeIntervalSince1970 * 1000).rounded()
        let ms = raw.isNaN ? 0 : Int64(min(max(raw, -maxMillis), maxMillis))
        let (days, msOfDay) = floorDivMod(ms, 86_400_000)
        let (y, m, d) = civil(fromDays: days)
        let h = msOfDay / 3_600_000, mi = msOfDay / 60_000 % 60, s = msOfDay / 1000 % 60, f = msOfDay % 1000
        func put(_ value: Int64, _ width: Int, then separator: UInt8?) {
            var divisor: Int64 = 1
            for _ in 1..<width { divisor *= 10 }
            while divisor > 0 {
                bytes.append(UInt8(truncatingIfNeeded: value / divisor % 10) &+ 0x30)
                divisor /= 10
            }
            if let separator { bytes.append(separator) }
        }
        if (0...9999).contains(y) {
            put(y, 4, then: 0x2D)
        } else { // years past four digits, or before year 0: as String(v) pads them
            bytes.append(contentsOf: pad(y, 4).utf8)
            bytes.append(0x2D)
        }
        put(m, 2, then: 0x2D)
        put(d, 2, then: 0x54)
        put(h, 2, then: 0x3A)
        put(mi, 2, then: 0x3A)
        put(s, 2, then: 0x2E)
        put(f, 3, then: 0x5A)
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`; fraction of any
    /// length (digits past the sixth are ignored). Returns nil on anything else.
    public static func parse(_ string: String) -> Date? {
        let b = Array(string.utf8)
        var i = 0
        func digits(_ n: Int) -> Int64? {
            guard i + n <= b.count else { return nil }
            var v: Int64 = 0
            for k in i..<(i + n) {
                guard b[k] >= 48, b[k] <= 57 else { return nil }
                v = v * 10 + Int64(b[k] - 48)
            }
            i += n
            return v
        }
        func expect(_ chars: UInt8...) -> Bool {
            guard i < b.count, chars.contains(b[i]) else { return false }
            i += 1
            return true
        }
        guard let y = digits(4), expect(45), let mo = digits(2), expect(45), let d = digits(2),
              expect(84, 116, 32), // 'T', 't', or space (RFC 3339 allows it)
              let h = digits(2), expect(58), let mi = digits(2), expect(58), let s = digits(2)
        else { return nil }
        guard (1...12).contains(mo), d >= 1, d <= daysIn(month: mo, year: y),
              h <= 23, mi <= 59, s <= 60 else { return nil }

        var units: Int64 = 0, scale: Int64 = 1
        if i < b.count, b[i] == 46 { // '.'
            i += 1
            let start = i
            while i < b.count, b[i] >= 48, b[i] <= 57 {
                if i - start < 6 { units = units * 10 + Int64(b[i] - 48); scale *= 10 }
                i += 1
            }
            guard i > start else { return nil }
        }

        var offset: Int64 = 0
        if expect(90, 122) { // 'Z' or 'z'
        } else if i < b.count, b[i] == 43 || b[i] == 45 { // '+' or '-'
            let sign: Int64 = b[i] == 45 ? -1 : 1
            i += 1
            guard let oh = digits(2), expect(58), let om = digits(2), oh <= 23, om <= 59 else { return nil }
            offset = sign * (oh * 3600 + om * 60)
        } else {
            return nil
        }
        guard i == b.count else { return nil }

        let seconds = days(fromCivil: y, mo, d) * 86_400 + h * 3600 + mi * 60 + s - offset
        // One division of exact integers, so a millisecond value written by
        // `format` parses back to the very same Double.
        return Date(timeIntervalSince1970: Double(seconds * scale + units) / Double(scale))
    }

    /// 2^53 ms, about 285,000 years: beyond any real date, within Int64 math.
    private static let maxMillis: Double = 9_007_199_254_740_992

    // Howard Hinnant's days-from-civil and its inverse (proleptic Gregorian).
    static func days(fromCivil y0: Int64, _ m: Int64, _ d: Int64) -> Int64 {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(fromDays z0: Int64) -> (Int64, Int64, Int64) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    private static func daysIn(month m: Int64, year y: Int64) -> Int64 {
        switch m {
        case 2: return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    private static func floorDivMod(_ a: Int64, _ b: Int64) -> (Int64, Int64) {
        let q = a / b, r = a % b
        return r < 0 ? (q - 1, r + b) : (q, r)
    }

    private static func pad(_ v: Int64, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}
