import Schema

/// What a password must be today: at least `passwordMinLength` characters, letters (a–z, A–Z) and
/// digits mixed, and not the account's initial password nor the last six characters of its ID number.
/// A login whose password fails this ("too simple") must also pass the SMS step.
public struct PasswordPolicy: Sendable {
    public var minLength: Int

    public init(minLength: Int) { self.minLength = minLength }
    public init(settings: IdentitySettings) { self.init(minLength: settings.passwordMinLength) }

    /// The problems of `password`, as Chinese phrases (empty when it is acceptable).
    /// - Parameters:
    ///   - initialPassword: the account's initial password (derived for members, the admin default for admins).
    ///   - idNumber: the member's ID number, if any.
    public func problems(_ password: String, initialPassword: String?, idNumber: String?) -> [String] {
        var problems: [String] = []
        if password.count < minLength { problems.append("长度至少\(minLength)位") }
        let hasLetter = password.unicodeScalars.contains { ("a"..."z").contains($0) || ("A"..."Z").contains($0) }
        let hasDigit = password.unicodeScalars.contains { ("0"..."9").contains($0) }
        if !hasLetter && !hasDigit {
            problems.append("需同时包含字母和数字")
        } else if !hasLetter {
            problems.append("需包含字母")
        } else if !hasDigit {
            problems.append("需包含数字")
        }
        if let initialPassword, !initialPassword.isEmpty, password.uppercased() == initialPassword.uppercased() {
            problems.append("不能与初始密码相同")
        }
        if let idNumber, idNumber.count >= 6, password.uppercased() == String(idNumber.suffix(6)).uppercased() {
            problems.append("不能与身份证号后六位相同")
        }
        return problems
    }

    public func isAcceptable(_ password: String, initialPassword: String?, idNumber: String?) -> Bool {
        problems(password, initialPassword: initialPassword, idNumber: idNumber).isEmpty
    }

    /// Throws `identity.password_weak` naming `body.newPassword`, with a message saying what is missing.
    public func check(_ password: String, initialPassword: String?, idNumber: String?, field: String = "body.newPassword") throws(ErrorBody) {
        let problems = problems(password, initialPassword: initialPassword, idNumber: idNumber)
        guard problems.isEmpty else {
            throw ErrorBody.make(
                ErrorCode.identityPasswordWeak, details: ["field": field],
                message: "密码不符合要求：" + problems.joined(separator: "，"))
        }
    }
}
