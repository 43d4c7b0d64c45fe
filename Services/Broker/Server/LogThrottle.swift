/// A refused peer reconnects every few hundred milliseconds, forever: one line per key (reason, or
/// fingerprint) per interval is enough, with how many were held back since the last.
struct LogThrottle {
    let interval: Duration
    private var last: [String: (at: ContinuousClock.Instant, held: Int)] = [:]

    init(interval: Duration = .seconds(10)) { self.interval = interval }

    /// nil: stay quiet; else how many lines of this key were held back before this one.
    mutating func admit(_ key: String, now: ContinuousClock.Instant = .now) -> Int? {
        if let seen = last[key], now - seen.at < interval {
            last[key] = (seen.at, seen.held + 1)
            return nil
        }
        let held = last[key]?.held ?? 0
        if last.count > 10_000 { last.removeAll() }  // bounded, whatever peers do
        last[key] = (now, 0)
        return held
    }
}
