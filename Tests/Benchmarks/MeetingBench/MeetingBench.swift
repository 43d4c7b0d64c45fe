import Foundation
import GRDB
import Meetings
import Schema
import Store

/// `swift run -c release meetingbench`: the two targets of issue 14, in one run with their baselines.
///
/// - Publishing a committee-wide 党课 to 5,000 members (inviteAll): the transaction that accepts it
///   (the meeting, 5,000 invitations, the event notifications fans out from), against publishing to
///   the 20 members of one branch.
/// - 组织生活开展情况 for 20,000 branches over a year (≈ 580,000 held meetings), against the report
///   for one branch.
///
/// MEETINGBENCH_KEEP=1 keeps the database (its path is printed).
@main
struct MeetingBench {
    static let committees = 20, branchesPerCommittee = 1000, lectureMembers = 5000

    static func path(_ code: String) -> String {
        "/" + stride(from: 3, through: code.count, by: 3).map { String(code.prefix($0)) }.joined(separator: "/") + "/"
    }

    static func percentile(_ samples: [Double], _ p: Double) -> Double {
        let sorted = samples.sorted()
        return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * p).rounded()))]
    }

    static func measure(_ runs: Int, _ body: () throws -> Void) rethrows -> (p50: Double, p99: Double) {
        var samples: [Double] = []
        for _ in 0..<runs {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        return (percentile(samples, 0.5), percentile(samples, 0.99))
    }

    static func main() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("meetingbench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { if ProcessInfo.processInfo.environment["MEETINGBENCH_KEEP"] == nil { try? FileManager.default.removeItem(at: dir) } }
        let store = try Store(path: dir.appendingPathComponent("meetings.sqlite").path, migrations: MeetingsMigrations.register)
        print("meetingbench: store \(dir.path)")

        // The tree: the root, 20 committees of 1,000 branches; 5,000 members in the first committee's branches.
        var seeded = DispatchTime.now().uptimeNanoseconds
        let branches = (1...committees).flatMap { c in (1...branchesPerCommittee).map { b in String(format: "001%03d%04d", c, b) } }
        try store.writeSync { db in
            func org(_ code: String, _ name: String, _ type: OrganizationType, parent: String?) throws {
                try DirectoryCopy.upsert(db, OrganizationEvent(code: code, name: name, type: type, parentCode: parent, path: path(code),
                                                               depth: 0, unit: "", isVillage: false, secretaryMemberId: nil, dissolved: false))
            }
            try org("001", "中共示范市委", .committee, parent: nil)
            for c in 1...committees { try org(String(format: "001%03d", c), "第\(c)党委", .committee, parent: "001") }
            for b in branches { try org(b, "党支部\(b.suffix(7))", .branch, parent: String(b.prefix(6))) }
            for i in 0..<lectureMembers {
                let branch = branches[i % branchesPerCommittee]
                try DirectoryCopy.upsert(db, MemberEvent(memberId: String(format: "m%05d", i), name: "党员\(i)", orgCode: branch,
                                                         orgPath: path(branch), memberType: .full, post: .member, status: .active,
                                                         joinDate: nil, unit: "", hasPhone: true))
            }
        }
        print(String(format: "meetingbench: tree of %d branches, %d members in %.1f s", branches.count, lectureMembers,
                     Double(DispatchTime.now().uptimeNanoseconds - seeded) / 1e9))

        // Publishing.
        let settings = MeetingsSettings()
        let start = Date().addingTimeInterval(86_400)
        func publish(org: String, inviteAll: Bool, invitees: [String]?) throws {
            _ = try store.writeSync { db in
                try Publishing.publish(db, PublishMeetingRequest(
                    orgCode: org, kind: .lecture, name: "专题党课", startsAt: start, endsAt: start.addingTimeInterval(7200), place: "市委党校礼堂",
                    topic: "学习贯彻全会精神", mode: .offline, inviteeIds: invitees, inviteAll: inviteAll),
                    by: Actor(kind: .admin, id: "adm", orgCode: org), settings: settings, now: Date(), requestId: nil)
            }
        }
        let oneBranch = (0..<5).map { String(format: "m%05d", $0 * branchesPerCommittee) }
        try publish(org: "001001", inviteAll: true, invitees: nil)  // warm-up
        let small = try measure(30) { try publish(org: branches[0], inviteAll: false, invitees: oneBranch) }
        let lecture = try measure(30) { try publish(org: "001001", inviteAll: true, invitees: nil) }
        print(String(format: "publish, 5 members of one branch (baseline): p50 %.2f ms p99 %.2f ms", small.p50, small.p99))
        print(String(format: "publish, committee-wide 党课 to %d members:   p50 %.2f ms p99 %.2f ms (%.0f× the baseline; target < 200 ms)",
                     lectureMembers, lecture.p50, lecture.p99, lecture.p50 / small.p50))

        // A year of organizational life for 20,000 branches: every branch holds its 主题党日 and 支委会
        // monthly, 党员大会 and 党课 quarterly, 组织生活会 yearly, except that every tenth skips a month
        // or a quarter. Written straight into the table (the service's schema), then marked held as a
        // check-in marks them (Compliance.markHeld).
        seeded = DispatchTime.now().uptimeNanoseconds
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai")!
        var meetings = 0
        try store.writeSync { db in
            let insert = try db.makeStatement(sql: """
                INSERT INTO meeting (id, orgCode, orgPath, orgName, kind, kindName, name, startsAt, endsAt, place, topic, mode,
                    publisherOrgCode, publishedByName, publishedAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '活动室', '学习', 'offline', ?, '管理员', ?)
                """)
            let monthStarts = (1...12).map { calendar.date(from: DateComponents(year: 2025, month: $0, day: 10, hour: 15))!.timeIntervalSince1970 }
            let schedule: [(MeetingKind, [Int])] = [(.themeDay, Array(1...12)), (.committee, Array(1...12)), (.assembly, [2, 5, 8, 11]),
                                                    (.lecture, [3, 6, 9, 12]), (.lifeMeeting, [12])]
            for (i, b) in branches.enumerated() {
                let orgPath = path(b)
                for (kind, months) in schedule {
                    for month in months where !(i % 10 == 0 && month == 1 + i % 12 && kind != .lifeMeeting) {
                        meetings += 1
                        let at = monthStarts[month - 1]
                        let id = String(format: "B%08d", meetings)
                        try insert.execute(arguments: [id, b, orgPath, "党支部", kind.rawValue, kind.chineseName, kind.chineseName, at, at + 7200,
                                                       b, at])
                        try Compliance.markHeld(db, meetingId: id)
                    }
                }
            }
        }
        print(String(format: "meetingbench: %d held meetings in 2025 written in %.1f s", meetings,
                     Double(DispatchTime.now().uptimeNanoseconds - seeded) / 1e9))

        func report(_ org: String) throws -> ComplianceReport {
            try store.readSync { db in
                try Compliance.report(db, ComplianceQuery(orgCode: org, year: 2025), by: Actor(kind: .admin, id: "adm", orgCode: org, roles: ["city"]),
                                      settings: settings, now: Date())
            }
        }
        let whole = try report("001")
        for k in whole.kinds {
            print("  \(k.kindName)（\(k.rhythm.chineseName)）: \(k.compliant)/\(k.branches) branches compliant, \(k.behindTotal) behind")
        }
        precondition(whole.kinds.first { $0.kind == .themeDay }?.behindTotal == branches.count / 10, "every tenth branch skipped a month")
        let single = try measure(30) { _ = try report(branches[1]) }
        let city = try measure(10) { _ = try report("001") }
        print(String(format: "compliance, one branch (baseline):               p50 %.2f ms p99 %.2f ms", single.p50, single.p99))
        print(String(format: "compliance, %d branches, %d meetings:     p50 %.1f ms p99 %.1f ms (target < 1,000 ms)",
                     branches.count, meetings, city.p50, city.p99))
    }
}
