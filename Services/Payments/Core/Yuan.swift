/// Money is integer fen inside; providers that speak yuan (Alipay's `total_amount`) get and give a
/// decimal string with exactly two places. No floating point anywhere on the way.
public enum Yuan {
    /// 3000 → "30.00", 5 → "0.05". Negative amounts never reach a provider.
    public static func string(fen: Int64) -> String {
        precondition(fen >= 0, "amounts sent to a provider are never negative")
        let cents = fen % 100
        return "\(fen / 100)." + (cents < 10 ? "0\(cents)" : "\(cents)")
    }

    /// "30.00" / "30.0" / "30" → 3000; anything else (sign, exponent, three decimals, blanks) → nil,
    /// so a notification with an odd amount is refused rather than rounded.
    public static func fen(_ text: String) -> Int64? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 1 || parts.count == 2 else { return nil }
        let whole = parts[0], frac = parts.count == 2 ? parts[1] : ""
        guard !whole.isEmpty, whole.count <= 12, whole.allSatisfy(\.isASCIIDigitChar),
              parts.count == 1 || (1...2).contains(frac.count), frac.allSatisfy(\.isASCIIDigitChar),
              let yuan = Int64(whole) else { return nil }
        let cents = frac.isEmpty ? 0 : (Int64(frac)! * (frac.count == 1 ? 10 : 1))
        return yuan * 100 + cents
    }
}

extension Character {
    var isASCIIDigitChar: Bool { ("0"..."9").contains(self) }
}
