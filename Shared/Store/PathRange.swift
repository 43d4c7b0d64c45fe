/// Subtree queries by path prefix as an index range: every path starting with "/001/002/" lies in
/// ["/001/002/", "/001/0020") because '0' follows '/'.
public enum PathRange {
    public static func bounds(_ prefix: String) -> (String, String) {
        guard prefix.hasSuffix("/") else { return (prefix, prefix + "\u{10FFFF}") }
        return (prefix, String(prefix.dropLast()) + "0")
    }
}
