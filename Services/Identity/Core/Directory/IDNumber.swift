import Foundation
import Schema

/// An 18-character 居民身份证 number (GB 11643-1999): 6-digit region, 8-digit birth date, 3-digit
/// sequence (odd = male), and a check character. Stored upper-case.
public struct IDNumber: Sendable, Hashable, CustomStringConvertible {
    public let value: String
    /// yyyy-MM-dd
    public let birthDate: String
    public let sex: Sex

    public enum Problem: String, Sendable, Error {
        /// Not 17 digits followed by a digit or X.
        case format
        /// Birth date not a real date, before 1900, or in the future.
        case birthDate = "birth_date"
        /// The check character does not match.
        case checksum
    }

    static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    static let checkChars: [Character] = Array("10X98765432")

    /// Validates `text` (surrounding spaces ignored, lower-case x accepted).
    /// `now` bounds the birth date: nobody is born in the future (dates compared in China time).
    public static func parse(_ text: String, now: Date = Date()) -> Result<IDNumber, Problem> {
        let chars = Array(text.trimmingCharacters(in: .whitespaces).uppercased())
        guard chars.count == 18,
              chars[0..<17].allSatisfy({ $0.isASCII && $0.isNumber }),
              chars[17] == "X" || (chars[17].isASCII && chars[17].isNumber),
              chars[0] != "0"
        else { return .failure(.format) }
        let digits = chars[0..<17].map { Int(String($0))! }
        let year = digits[6] * 1000 + digits[7] * 100 + digits[8] * 10 + digits[9]
        let month = digits[10] * 10 + digits[11]
        let day = digits[12] * 10 + digits[13]
        guard let birth = DirectoryDates.make(year: year, month: month, day: day), year >= 1900,
              birth <= DirectoryDates.today(now)
        else { return .failure(.birthDate) }
        guard chars[17] == checkCharacter(digits) else { return .failure(.checksum) }
        return .success(IDNumber(value: String(chars), birthDate: birth, sex: digits[16] % 2 == 1 ? .male : .female))
    }

    /// The check character for the first 17 digits.
    public static func checkCharacter(_ first17: [Int]) -> Character {
        var sum = 0
        for (digit, weight) in zip(first17, weights) { sum += digit * weight }
        return checkChars[sum % 11]
    }

    /// Completes 17 digits into a valid number (for tests and generators).
    public static func complete(_ first17: String) -> String {
        first17 + String(checkCharacter(first17.map { Int(String($0))! }))
    }

    public var description: String { PersonalData.maskID(value) }

    /// Parses or throws `identity.id_number_invalid` naming `field`, with `details["reason"]`.
    static func validated(_ text: String, field: String, now: Date) throws(ErrorBody) -> IDNumber {
        switch parse(text, now: now) {
        case .success(let id): return id
        case .failure(let problem):
            throw ErrorBody.make(ErrorCode.identityIdNumberInvalid, details: ["field": field, "reason": problem.rawValue],
                                 message: problem.message)
        }
    }
}

extension IDNumber.Problem {
    /// For end users.
    public var message: String {
        switch self {
        case .format: "身份证号码格式不正确，应为18位"
        case .birthDate: "身份证号码中的出生日期无效"
        case .checksum: "身份证号码校验位不正确"
        }
    }
}

/// Mainland mobile numbers: 11 digits, 1[3-9]xxxxxxxxx.
public enum PhoneNumber {
    public static func isValid(_ text: String) -> Bool {
        let chars = Array(text.utf8)
        guard chars.count == 11, chars[0] == UInt8(ascii: "1"),
              chars[1] >= UInt8(ascii: "3"), chars[1] <= UInt8(ascii: "9") else { return false }
        return chars.allSatisfy { $0 >= 48 && $0 <= 57 }
    }

    /// Trimmed number or throws `identity.phone_invalid` naming `field`.
    static func validated(_ text: String, field: String) throws(ErrorBody) -> String {
        let phone = text.trimmingCharacters(in: .whitespaces)
        guard isValid(phone) else { throw ErrorBody.make(ErrorCode.identityPhoneInvalid, details: ["field": field]) }
        return phone
    }
}

/// Calendar dates as the domain writes them: "yyyy-MM-dd", in China time.
enum DirectoryDates {
    static let chinaTime = TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600)!

    /// "yyyy-MM-dd" when year/month/day make a real date, nil otherwise.
    static func make(year: Int, month: Int, day: Int) -> String? {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1 else { return nil }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        guard day <= days else { return nil }
        return String(format: "%04d-%02d-%02d", year, month, day)
    }

    /// Today's date in China time.
    static func today(_ now: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = chinaTime
        let c = calendar.dateComponents([.year, .month, .day], from: now)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }

    /// Accepts yyyy-MM-dd, yyyy/M/d, yyyy.M.d and yyyyMMdd; returns yyyy-MM-dd, or nil if not a real date.
    static func normalize(_ text: String) -> String? {
        let t = text.trimmingCharacters(in: .whitespaces)
        let parts: [Substring]
        if t.count == 8, t.allSatisfy({ $0.isASCII && $0.isNumber }) {
            parts = [t.prefix(4), t.dropFirst(4).prefix(2), t.suffix(2)]
        } else {
            parts = t.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "-" || $0 == "/" || $0 == "." })
        }
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              parts[0].count == 4, parts[1].count <= 2, parts[2].count <= 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2])
        else { return nil }
        return make(year: y, month: m, day: d)
    }

    /// A join date: a real date, from 1921 on, not in the future; or throws `identity.date_invalid`.
    static func validatedJoinDate(_ text: String, field: String, now: Date) throws(ErrorBody) -> String {
        guard let date = normalize(text), date >= "1921-01-01", date <= today(now) else {
            throw ErrorBody.make(ErrorCode.identityDateInvalid, details: ["field": field])
        }
        return date
    }
}
