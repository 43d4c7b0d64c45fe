/// Dates in Chinese numerals for letters and certificates: capitals (贰零贰陆年拾壹月贰拾捌日, as the
/// transfer letter's counterfoil writes them so they cannot be altered) or the plain numerals of an
/// official document's date line (二〇二六年十一月二十八日).
public enum ChineseNumerals {
    public enum Style: Sendable {
        /// 壹贰叁…, 零 for zero.
        case capital
        /// 一二三…, 〇 for a zero digit in a year.
        case lowercase
    }

    static func digitTable(_ style: Style) -> [String] {
        switch style {
        case .capital: ["零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"]
        case .lowercase: ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"]
        }
    }

    static func tenUnit(_ style: Style) -> String { style == .capital ? "拾" : "十" }

    /// Digit by digit, as years are read: 2026 → "贰零贰陆" / "二〇二六".
    public static func digits(_ n: Int, style: Style = .capital) -> String {
        precondition(n >= 0)
        let table = digitTable(style)
        return String(n).compactMap { $0.wholeNumberValue }.map { table[$0] }.joined()
    }

    /// 0...99 read as a number: 10 → "拾", 11 → "拾壹", 20 → "贰拾", 28 → "贰拾捌" (the same with 十 in
    /// lowercase). Months and days never need more.
    public static func number(_ n: Int, style: Style = .capital) -> String {
        precondition((0...99).contains(n), "months and days are below 100")
        let table = digitTable(style)
        if n == 0 { return "零" }
        if n < 10 { return table[n] }
        let tens = n / 10, ones = n % 10
        return (tens == 1 ? "" : table[tens]) + tenUnit(style) + (ones == 0 ? "" : table[ones])
    }

    /// "贰零贰陆年"
    public static func year(_ year: Int, style: Style = .capital) -> String { digits(year, style: style) + "年" }

    /// "拾壹月"
    public static func month(_ month: Int, style: Style = .capital) -> String {
        precondition((1...12).contains(month))
        return number(month, style: style) + "月"
    }

    /// "贰拾捌日"
    public static func day(_ day: Int, style: Style = .capital) -> String {
        precondition((1...31).contains(day))
        return number(day, style: style) + "日"
    }

    /// "贰零贰陆年拾壹月贰拾捌日" / "二〇二六年十一月二十八日"
    public static func date(year: Int, month: Int, day: Int, style: Style = .capital) -> String {
        self.year(year, style: style) + self.month(month, style: style) + self.day(day, style: style)
    }

    /// 0...999 counted in capitals the way forms that must not be altered write them, every ten
    /// counted: 11 → "壹拾壹", 30 → "叁拾", 105 → "壹佰零伍" (the 介绍信's 有效期 and its months and days).
    public static func counted(_ n: Int) -> String {
        precondition((0...999).contains(n), "counts on a form are below 1000")
        let table = digitTable(.capital)
        if n == 0 { return "零" }
        let hundreds = n / 100, tens = n / 10 % 10, ones = n % 10
        var text = hundreds > 0 ? table[hundreds] + "佰" : ""
        if tens > 0 { text += table[tens] + "拾" } else if hundreds > 0 && ones > 0 { text += "零" }
        if ones > 0 { text += table[ones] }
        return text
    }

    /// As the 介绍信 writes its dates: "贰零贰陆年壹拾壹月贰拾捌日" (tens counted, see `counted`).
    public static func formDate(year: Int, month: Int, day: Int? = nil) -> String {
        precondition((1...12).contains(month) && (day.map { (1...31).contains($0) } ?? true))
        return self.year(year) + counted(month) + "月" + (day.map { counted($0) + "日" } ?? "")
    }
}
