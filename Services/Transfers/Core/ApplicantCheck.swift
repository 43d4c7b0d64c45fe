import Foundation
import Schema

/// Checks of the inbound form's fields. Identity's ID-number rule lives in identity's own library
/// (not shared), so the same GB 11643 check is written here; each error names the field.
public enum ApplicantCheck {
    static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    static let checkChars: [Character] = Array("10X98765432")

    /// 18 characters: 17 digits and a check character (digit or X) by GB 11643, a real birth date
    /// from 1900 up to today. Returns the number upper-cased.
    public static func idNumber(_ text: String, now: Date = Date()) -> String? {
        let chars = Array(text.trimmingCharacters(in: .whitespaces).uppercased())
        guard chars.count == 18, chars[0] != "0", chars[0..<17].allSatisfy({ $0.isASCII && $0.isNumber }),
              chars[17] == "X" || (chars[17].isASCII && chars[17].isNumber)
        else { return nil }
        let digits = chars[0..<17].map { Int(String($0))! }
        let birth = String(chars[6..<14])
        let formatted = "\(birth.prefix(4))-\(birth.dropFirst(4).prefix(2))-\(birth.suffix(2))"
        guard let date = day(formatted), (Int(birth.prefix(4)) ?? 0) >= 1900, date <= now else { return nil }
        var sum = 0
        for (digit, weight) in zip(digits, weights) { sum += digit * weight }
        guard chars[17] == checkChars[sum % 11] else { return nil }
        return String(chars)
    }

    /// A mainland mobile number: 11 digits, 1 then 3–9.
    public static func phone(_ text: String) -> Bool {
        let chars = Array(text)
        guard chars.count == 11, chars.allSatisfy({ $0.isASCII && $0.isNumber }), chars[0] == "1" else { return false }
        return ("3"..."9").contains(chars[1])
    }

    /// A real calendar day written yyyy-MM-dd (Beijing).
    public static func day(_ text: String) -> Date? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              let date = Checks.calendar.date(from: DateComponents(year: y, month: m, day: d))
        else { return nil }
        let back = Checks.calendar.dateComponents([.year, .month, .day], from: date)
        guard back.year == y, back.month == m, back.day == d else { return nil }
        return date
    }

    /// The form, cleaned, or the first error naming its field (`body.applicant.…`).
    static func validated(_ a: InboundApplicant, now: Date) throws -> InboundApplicant {
        var a = a
        func invalid(_ code: String, _ field: String) -> ErrorBody {
            ErrorBody.make(code, details: ["field": "body.applicant.\(field)"])
        }
        a.name = a.name.trimmingCharacters(in: .whitespaces)
        guard (1...30).contains(a.name.count) else { throw invalid(ErrorCode.transfersApplicantInvalid, "name") }
        a.ethnicity = a.ethnicity.trimmingCharacters(in: .whitespaces)
        guard (1...20).contains(a.ethnicity.count) else { throw invalid(ErrorCode.transfersApplicantInvalid, "ethnicity") }
        guard let id = idNumber(a.idNumber, now: now) else { throw invalid(ErrorCode.transfersIdNumberInvalid, "idNumber") }
        a.idNumber = id
        // The sex the ID number encodes (17th digit odd = male) must be the one given.
        let sexDigit = Int(String(Array(id)[16]))!
        guard (sexDigit % 2 == 1 ? Sex.male : .female) == a.sex else { throw invalid(ErrorCode.transfersApplicantInvalid, "sex") }
        a.phone = a.phone.trimmingCharacters(in: .whitespaces)
        guard phone(a.phone) else { throw invalid(ErrorCode.transfersPhoneInvalid, "phone") }
        guard let joined = day(a.joinDate), joined <= now else { throw invalid(ErrorCode.transfersDateInvalid, "joinDate") }
        a.fromOrgName = a.fromOrgName.trimmingCharacters(in: .whitespaces)
        guard (1...100).contains(a.fromOrgName.count) else { throw invalid(ErrorCode.transfersApplicantInvalid, "fromOrgName") }
        a.letterNumber = Checks.nonEmpty(a.letterNumber)
        a.unit = Checks.nonEmpty(a.unit)
        if (a.letterNumber?.count ?? 0) > 40 { throw invalid(ErrorCode.transfersApplicantInvalid, "letterNumber") }
        if (a.unit?.count ?? 0) > 100 { throw invalid(ErrorCode.transfersApplicantInvalid, "unit") }
        return a
    }
}
