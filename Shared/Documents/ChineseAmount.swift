/// 人民币大写: the capital-numeral amount written on vouchers and certificates beside the figures,
/// following the rules for filling in bills and settlement vouchers (《支付结算办法》附件《正确填写票据和
/// 结算凭证的基本规定》): 元 is followed by 整 when there are no 角/分; no 整 after 角 or 分; one 零 for a
/// run of zeros between digits; 元 then 零 when the 元 digit is 0 and 角 is not, or when 角 is 0 and 分 is
/// not; 壹 is never dropped before 拾.
public enum ChineseAmount {
    static let digits: [Character] = ["零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"]

    /// 12345 → "壹佰贰拾叁元肆角伍分", 100 → "壹元整", 0 → "零元整", 1000100 → "壹万零壹元整".
    /// A negative amount (a refund) reads with 负 in front.
    public static func capital(fen: Int64) -> String {
        if fen < 0 {
            // -Int64.min overflows; no amount comes near it, so read its magnitude in two parts.
            return "负" + capital(magnitude: fen.magnitude)
        }
        return capital(magnitude: UInt64(fen))
    }

    private static func capital(magnitude fen: UInt64) -> String {
        let yuan = fen / 100, jiao = Int(fen / 10 % 10), cents = Int(fen % 10)
        if fen == 0 { return "零元整" }
        var text = yuan > 0 ? integer(yuan) + "元" : ""
        switch (jiao, cents) {
        case (0, 0):
            text += "整"
        case (0, _):
            // 角 is 0: "元零X分"; with no yuan at all, just "X分".
            text += (yuan > 0 ? "零" : "") + String(digits[cents]) + "分"
        default:
            // The 元 digit is 0 (…拾元, …万元): write the one 零 the rules allow before 角.
            if yuan > 0, yuan % 10 == 0 { text += "零" }
            text += String(digits[jiao]) + "角"
            if cents > 0 { text += String(digits[cents]) + "分" }
        }
        return text
    }

    /// A positive whole number in capitals: sections of four digits joined by 万 and 亿, one 零 where
    /// a section starts with zeros after a non-zero one (壹万零壹, 壹亿零壹拾万), none where only a
    /// section's tail is zero (壹拾万柒仟).
    static func integer(_ n: UInt64) -> String {
        if n >= 100_000_000 {
            let high = n / 100_000_000, rest = n % 100_000_000
            if rest == 0 { return integer(high) + "亿" }
            return integer(high) + "亿" + (rest < 10_000_000 ? "零" : "") + integer(rest)
        }
        if n >= 10_000 {
            let high = Int(n / 10_000), rest = Int(n % 10_000)
            if rest == 0 { return section(high) + "万" }
            return section(high) + "万" + (rest < 1_000 ? "零" : "") + section(rest)
        }
        return section(Int(n))
    }

    /// 1...9999: 壹仟零壹, 壹仟零壹拾, 壹拾 (the 壹 kept, as the rules ask).
    static func section(_ n: Int) -> String {
        precondition((1...9999).contains(n))
        let units = ["仟", "佰", "拾", ""]
        let values = [n / 1000, n / 100 % 10, n / 10 % 10, n % 10]
        var text = "", started = false, pendingZero = false
        for (value, unit) in zip(values, units) {
            if value == 0 {
                if started { pendingZero = true }
                continue
            }
            if pendingZero { text += "零"; pendingZero = false }
            text += String(digits[value]) + unit
            started = true
        }
        return text
    }
}
