import GRDB

/// How a member's name matches a typed query, in one place for every member search: fuzzy as
/// organization search is — the query's characters in order, gaps allowed ("张丰" finds "张三丰") —
/// ranked exact name, then the query as the start, then the query unbroken, then the rest.
struct NameMatch {
    /// The SQL conditions on `column` (the member alias's name), to be ANDed.
    let conditions: [String]
    let arguments: [any DatabaseValueConvertible]
    /// An ORDER BY expression (best first) and its arguments.
    let rank: String
    let rankArguments: [any DatabaseValueConvertible]

    /// nil when the query holds nothing to match. `member` is the alias of the member table.
    init?(_ text: String?, member: String = "m") {
        let query = Array((text ?? "").filter { !$0.isWhitespace })
        guard !query.isEmpty else { return nil }
        var conditions: [String] = []
        var arguments: [any DatabaseValueConvertible] = []
        if query.count >= 2 {
            // Members holding the query's first two characters in that order (identity.directory.v4).
            conditions.append("\(member).id IN (SELECT memberId FROM member_name_pair WHERE pair = ?)")
            arguments.append(String(query[0]) + String(query[1]))
        }
        conditions.append("\(member).name LIKE ? ESCAPE '\\'")
        arguments.append("%" + query.map { Directory.likeEscaped(String($0)) }.joined(separator: "%") + "%")
        self.conditions = conditions
        self.arguments = arguments
        let whole = Directory.likeEscaped(String(query))
        rank = """
            CASE WHEN \(member).name = ? THEN 0 WHEN \(member).name LIKE ? ESCAPE '\\' THEN 1 \
            WHEN \(member).name LIKE ? ESCAPE '\\' THEN 2 ELSE 3 END
            """
        rankArguments = [String(query), whole + "%", "%" + whole + "%"]
    }
}
