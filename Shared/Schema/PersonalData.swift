/// Masking of personal identifiers (居民身份证 numbers and mobile phones).
///
/// Lists show them masked, and logs never carry them: the log handlers scrub every line with
/// `scrub`, as a safety net behind services that already avoid logging them.
public enum PersonalData {
    /// "110105199001011234" → "1101**********1234"
    public static func maskID(_ id: String) -> String {
        let chars = Array(id)
        guard chars.count > 8 else { return String(repeating: "*", count: chars.count) }
        return String(chars.prefix(4)) + String(repeating: "*", count: chars.count - 8) + String(chars.suffix(4))
    }

    /// "13812345678" → "138****5678"
    /// 张三 → 张*, 欧阳明华 → 欧**华: the surname (and a last character of long names) stays.
    public static func maskName(_ name: String) -> String {
        let characters = Array(name)
        switch characters.count {
        case 0: return ""
        case 1: return "*"
        case 2: return String(characters[0]) + "*"
        default: return String(characters[0]) + String(repeating: "*", count: characters.count - 2) + String(characters[characters.count - 1])
        }
    }

    public static func maskPhone(_ phone: String) -> String {
        let chars = Array(phone)
        guard chars.count > 7 else { return String(repeating: "*", count: chars.count) }
        return String(chars.prefix(3)) + String(repeating: "*", count: chars.count - 7) + String(chars.suffix(4))
    }

    /// Masks every run of digits that looks like an ID number (17 digits + digit/X) or a mainland
    /// mobile number (11 digits starting with 1). Other numbers are left alone.
    public static func scrub(_ text: String) -> String {
        let bytes = Array(text.utf8)
        var output: [UInt8] = []
        var changed = false
        var index = 0
        output.reserveCapacity(bytes.count)
        while index < bytes.count {
            guard isDigit(bytes[index]) else {
                output.append(bytes[index])
                index += 1
                continue
            }
            var end = index
            while end < bytes.count, isDigit(bytes[end]) { end += 1 }
            var runEnd = end
            // An ID number may end in X.
            if end - index == 17, end < bytes.count, bytes[end] == UInt8(ascii: "X") || bytes[end] == UInt8(ascii: "x") {
                runEnd = end + 1
            }
            let run = Array(bytes[index..<runEnd])
            let length = runEnd - index
            if length == 18 {
                output += Array(maskID(String(decoding: run, as: UTF8.self)).utf8)
                changed = true
            } else if length == 11, run[0] == UInt8(ascii: "1") {
                output += Array(maskPhone(String(decoding: run, as: UTF8.self)).utf8)
                changed = true
            } else if length == 13, run[0] == UInt8(ascii: "8"), run[1] == UInt8(ascii: "6"), run[2] == UInt8(ascii: "1") {
                // +86 13812345678 written without a space
                output += Array(("86" + maskPhone(String(decoding: run[2...], as: UTF8.self))).utf8)
                changed = true
            } else {
                output += run
            }
            index = runEnd
        }
        return changed ? String(decoding: output, as: UTF8.self) : text
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }
}
