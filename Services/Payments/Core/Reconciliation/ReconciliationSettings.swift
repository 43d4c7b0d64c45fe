import Foundation

/// The daily reconciliation's schedule: at `time` (Beijing, "HH:mm") the previous day is reconciled
/// for every channel configured, unless it has a run already. Providers publish a day's statement
/// the next morning (WeChat after 10:00, Alipay after 09:00), hence 10:00.
public struct ReconciliationSettings: Codable, Sendable, Equatable {
    public var enabled = true
    public var time = "10:00"
    /// A failed run (a statement not yet published, a provider down) is tried again after this long.
    public var retryMinutes = 30
    /// Payments this close to midnight may sit in the neighbouring day's statement (跨日, not 长款/短款).
    public var cutOverSeconds = 300

    public init() {}

    public init(from decoder: any Decoder) throws {
        let d = ReconciliationSettings()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        enabled = try c.decodeIfPresent(Bool.self, forKey: .enabled) ?? d.enabled
        time = try c.decodeIfPresent(String.self, forKey: .time) ?? d.time
        guard minuteOfDay != nil else {
            throw DecodingError.dataCorruptedError(forKey: .time, in: c, debugDescription: "reconciliation.time must be HH:mm (Beijing)")
        }
        retryMinutes = max(1, try c.decodeIfPresent(Int.self, forKey: .retryMinutes) ?? d.retryMinutes)
        cutOverSeconds = max(0, try c.decodeIfPresent(Int.self, forKey: .cutOverSeconds) ?? d.cutOverSeconds)
    }

    /// Minutes after Beijing midnight; nil for a malformed time.
    public var minuteOfDay: Int? {
        let parts = time.split(separator: ":")
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, let h = Int(parts[0]), let m = Int(parts[1]),
              (0...23).contains(h), (0...59).contains(m) else { return nil }
        return h * 60 + m
    }

    /// The next moment at `time` (Beijing) strictly after `now`.
    public func next(after now: Date) -> Date {
        let today = BeijingDay(now)
        let at = today.start.addingTimeInterval(TimeInterval((minuteOfDay ?? 600) * 60))
        return at > now ? at : at.addingTimeInterval(86_400)
    }
}
