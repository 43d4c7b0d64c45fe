/// Which email addresses the platform sends to: the common `local@domain.tld` form, ASCII only
/// (no quoted local parts, IP literals or internationalised addresses), at most 254 characters
/// (RFC 5321 §4.5.3.1: 64 for the local part). One rule for the form check and the sender.
public enum EmailAddress {
    static let localCharacters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.!#$%&'*+/=?^_`{|}~-")
    static let labelCharacters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-")

    public static func isValid(_ address: String) -> Bool {
        guard address.count <= 254 else { return false }
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return false }
        let local = parts[0], domain = parts[1]
        guard (1...64).contains(local.count), local.allSatisfy(localCharacters.contains),
              !local.hasPrefix("."), !local.hasSuffix("."), !local.contains("..") else { return false }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return false }
        for label in labels {
            guard (1...63).contains(label.count), label.allSatisfy(labelCharacters.contains),
                  !label.hasPrefix("-"), !label.hasSuffix("-") else { return false }
        }
        return labels.last!.allSatisfy(\.isLetter)
    }

    /// "z***@example.com": for logs and lists.
    public static func masked(_ address: String) -> String {
        guard let at = address.firstIndex(of: "@") else { return "***" }
        return String(address.prefix(1)) + "***" + String(address[at...])
    }
}
