import Foundation
import GRDB
import Schema
import Store

extension Organizations {
    /// Fuzzy name search within the actor's scope (members and `anywhere`: the whole installation):
    /// "国土局" finds "国土资源局". Returns suggestions
    /// (code, name, names along the path), best first; callers must pick one's code.
    ///
    /// A cheap SQL prefilter keeps names containing every character of the query; the ranking,
    /// in Swift, puts first names holding the query's characters in order, then the longest
    /// contiguous run, adjacent pairs kept together, a matching start, and shorter names.
    public static func search(_ db: Database, _ request: OrganizationSearch, by actor: Actor) throws -> OrganizationSuggestions {
        // Names and codes are public: members, and administrators asking for it, pick from everywhere.
        let everywhere = actor.kind == .member || (actor.kind != .anonymous && request.anywhere == true)
        guard let scopePath = everywhere ? "/" : try Scope.administeredPath(db, actor) else { throw Scope.forbidden() }
        let query = Array(request.query.filter { !$0.isWhitespace })
        guard !query.isEmpty, query.count <= 30 else {
            throw ErrorBody.make(ErrorCode.identitySearchInvalid, details: ["field": "body.query"])
        }
        let limit = min(max(1, request.limit ?? 10), 50)
        var distinct: [Character] = []
        for ch in query where !distinct.contains(ch) { distinct.append(ch) }

        var sql = "dissolvedAt IS NULL AND \(Directory.inSubtree("path"))"
        var arguments = StatementArguments(Directory.subtreeBounds(scopePath))
        for ch in distinct {
            sql += " AND name LIKE ? ESCAPE '\\'"
            _ = arguments.append(contentsOf: ["%" + Directory.likeEscaped(String(ch)) + "%"])
        }
        sql += " LIMIT 5000"
        let candidates = try OrganizationRecord.fetchAll(db, where: sql, arguments: arguments)

        let ranked = candidates
            .map { (org: $0, score: matchScore(name: Array($0.name), query: query)) }
            .sorted { a, b in
                if a.score != b.score { return a.score > b.score }
                if a.org.name.count != b.org.name.count { return a.org.name.count < b.org.name.count }
                return a.org.code < b.org.code
            }
            .prefix(limit)

        // Names along each path, fetched once for all suggestions.
        let codes = Set(ranked.flatMap { $0.org.pathCodes })
        var names: [String: String] = [:]
        if !codes.isEmpty {
            let marks = Array(repeating: "?", count: codes.count).joined(separator: ",")
            for row in try Row.fetchAll(try db.cachedStatement(sql: "SELECT code, name FROM organization WHERE code IN (\(marks))"),
                                        arguments: StatementArguments(Array(codes))) {
                names[row["code"]] = row["name"]
            }
        }
        return OrganizationSuggestions(items: ranked.map { entry in
            OrganizationSuggestion(code: entry.org.code, name: entry.org.name, type: entry.org.type,
                                   pathNames: entry.org.pathCodes.map { names[$0] ?? $0 }, score: entry.score)
        })
    }

    /// Higher is better. Exposed for tests and for explaining a ranking.
    public static func matchScore(name: [Character], query: [Character]) -> Int {
        guard !query.isEmpty else { return 0 }
        var score = 0
        if name == query { score += 5000 }
        // The query's characters in order (国土局 in 国土资源局).
        var index = 0
        for ch in name where index < query.count && ch == query[index] { index += 1 }
        if index == query.count { score += 1000 }
        // Contiguity: the longest run of the query found as is, and adjacent pairs kept together.
        let run = longestCommonRun(name, query)
        score += run * 100
        if run == query.count { score += 300 }
        var pairs = 0
        if query.count > 1 {
            for i in 0..<(query.count - 1) where containsPair(name, query[i], query[i + 1]) { pairs += 1 }
        }
        score += pairs * 20
        // Prefix.
        if name.starts(with: query) { score += 200 } else if name.first == query.first { score += 50 }
        // Shorter names first.
        score -= max(0, name.count - query.count) * 3
        return score
    }

    static func longestCommonRun(_ a: [Character], _ b: [Character]) -> Int {
        guard !a.isEmpty, !b.isEmpty else { return 0 }
        var best = 0
        var previous = Array(repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            var current = Array(repeating: 0, count: b.count + 1)
            for j in 1...b.count where a[i - 1] == b[j - 1] {
                current[j] = previous[j - 1] + 1
                best = max(best, current[j])
            }
            previous = current
        }
        return best
    }

    static func containsPair(_ name: [Character], _ first: Character, _ second: Character) -> Bool {
        guard name.count > 1 else { return false }
        for i in 0..<(name.count - 1) where name[i] == first && name[i + 1] == second { return true }
        return false
    }
}
