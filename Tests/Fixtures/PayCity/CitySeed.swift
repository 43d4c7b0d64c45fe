import Dues
import Foundation
import GRDB
import Identity
import Store

/// A synthetic city written straight into dues' store before dues starts: committees → branches of
/// `perBranch` members, each owing only the open month (submitted, unpaid). The payments benchmark
/// and the fault test start from it. Identity gets the same tree and members (dues asks it for the
/// payer's real-name status); the channels' confirmation factor is none, so no SMS is involved.
public struct CitySeed: Sendable {
    public let members: Int
    public let perBranch: Int
    /// The month every member owes: the open month at seeding time.
    public let month: Month

    public init(members: Int, perBranch: Int = 50, settings: DuesSettings = DuesSettings(), now: Date = Date()) {
        self.members = members
        self.perBranch = perBranch
        self.month = PayingCalendar(settings: settings).openMonth(at: now)
    }

    public static func memberId(_ i: Int) -> String { String(format: "m%07d", i) }
    public func branchCode(ofMember i: Int) -> String { branch(i / perBranch) }

    /// What member `i` owes for the month: ¥0.50–¥14.99, varied so sums catch a wrong line: 0.5 % of
    /// an after-tax pay under ¥3,000 (the 2008 bracket), so dues' own rules agree with the row.
    public static func amountFen(_ i: Int) -> Int64 { Int64(50 + (i * 7919) % 1450) }

    var branches: Int { (members + perBranch - 1) / perBranch }
    func committee(ofBranch b: Int) -> String { String(format: "001%03d", b / 100 + 1) }
    func branch(_ b: Int) -> String { committee(ofBranch: b) + String(format: "%03d", b % 100 + 1) }

    public func write(toIdentityStoreAt path: String) throws {
        let store = try Store(path: path, migrations: IdentityMigrations.register)
        try store.pool.write { db in
            let org = try db.makeStatement(sql: "INSERT OR IGNORE INTO organization (code, name, type, parentCode, path, depth, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?, 0, 0)")
            try org.execute(arguments: ["001", "中共示范市委", "committee", nil, "/001/", 0])
            for b in 0..<branches {
                let c = committee(ofBranch: b)
                try org.execute(arguments: [c, "第\(b / 100 + 1)党委", "committee", "001", "/001/\(c)/", 1])
                try org.execute(arguments: [branch(b), "第\(b / 100 + 1)-\(b % 100 + 1)党支部", "branch", c, "/001/\(c)/\(branch(b))/", 2])
            }
            let member = try db.makeStatement(sql: """
                INSERT INTO member (id, idNumber, name, sex, birthDate, memberType, orgCode, createdAt, updatedAt)
                VALUES (?, ?, ?, 'male', '1980-01-01', 'full', ?, 0, 0)
                """)
            for i in 0..<members {
                try member.execute(arguments: [Self.memberId(i), String(format: "BENCH%013d", i), "党员\(i)", branchCode(ofMember: i)])
            }
        }
    }

    public func write(toDuesStoreAt path: String) throws {
        let store = try Store(path: path, migrations: DuesMigrations.register)
        try store.pool.write { db in
            try db.execute(sql: "INSERT INTO org VALUES ('001', '中共示范市委', 'committee', NULL, '/001/', 0)")
            let org = try db.makeStatement(sql: "INSERT OR IGNORE INTO org VALUES (?, ?, ?, ?, ?, 0)")
            let month = try db.makeStatement(sql: "INSERT INTO branch_month (orgCode, month, status, openedAt, submittedAt) VALUES (?, ?, 'submitted', 0, 0)")
            for b in 0..<branches {
                let c = committee(ofBranch: b)
                try org.execute(arguments: [c, "第\(b / 100 + 1)党委", "committee", "001", "/001/\(c)/"])
                try org.execute(arguments: [branch(b), "第\(b / 100 + 1)-\(b % 100 + 1)党支部", "branch", c, "/001/\(c)/\(branch(b))/"])
                try month.execute(arguments: [branch(b), self.month.key])
            }
            let member = try db.makeStatement(sql: "INSERT INTO member (id, name, orgCode, orgPath, memberType, post, status) VALUES (?, ?, ?, ?, 'full', 'member', 'active')")
            let standard = try db.makeStatement(sql: """
                INSERT INTO standard (memberId, month, orgCode, orgPath, kind, baseFen, rateBp, amountFen, submitted, settled, arrears)
                VALUES (?, ?, ?, ?, 'employed', ?, 50, ?, 1, 0, 0)
                """)
            for i in 0..<members {
                let branch = branchCode(ofMember: i), path = "/001/\(branch.prefix(6))/\(branch)/"
                try member.execute(arguments: [Self.memberId(i), "党员\(i)", branch, path])
                try standard.execute(arguments: [Self.memberId(i), self.month.key, branch, path, Self.amountFen(i) * 200, Self.amountFen(i)])
            }
        }
        try store.pool.writeWithoutTransaction { db in try db.execute(sql: "ANALYZE") }
    }
}
