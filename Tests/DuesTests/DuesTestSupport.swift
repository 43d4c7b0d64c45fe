import Dues
import Foundation
import GRDB
import Schema
import Store
import XCTest

/// A real SQLite store in a temp dir and dues's copy of a small tree, fed through the same code
/// that applies identity's events:
///
///     001 市委 (committee)
///     ├── 001001 机关工委 (working_committee)
///     │   ├── 001001001 第一党支部 (branch A: a1 secretary, a2, a3, a4)
///     │   └── 001001002 第二党支部 (branch B: b1 secretary, b2, b3)
///     └── 001002 城东党总支 (general_branch)
///         └── 001002001 第三党支部 (branch C: c1 secretary, c2, c3) — nearest committee: 001
final class DuesFixture: @unchecked Sendable {
    let dir: URL
    let store: Store
    var settings = DuesSettings()

    static let root = "001", works = "001001", branchA = "001001001", branchB = "001001002"
    static let general = "001002", branchC = "001002001"

    let city = Actor(kind: .admin, id: "admin-city", orgCode: "001", roles: ["city"])
    let rootAdmin = Actor(kind: .admin, id: "admin-root", orgCode: "001")
    let worksAdmin = Actor(kind: .admin, id: "admin-works", orgCode: "001001")
    let adminA = Actor(kind: .admin, id: "admin-a", orgCode: "001001001")
    let adminB = Actor(kind: .admin, id: "admin-b", orgCode: "001001002")
    let adminC = Actor(kind: .admin, id: "admin-c", orgCode: "001002001")
    let payments = Actor.service("payments")

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("dues-\(UUID().uuidString)")
        store = try Store(path: dir.appendingPathComponent("dues.sqlite").path, migrations: DuesMigrations.register)
        try makeTree()
    }

    deinit { try? FileManager.default.removeItem(at: dir) }

    func member(_ id: String) -> Actor {
        Actor(kind: .member, id: id, orgCode: nil, roles: id.hasSuffix("1") ? ["secretary"] : [])
    }

    static func path(_ code: String) -> String {
        var parts: [String] = []
        var i = code.startIndex
        while i < code.endIndex {
            let end = code.index(i, offsetBy: 3)
            parts.append(String(code[code.startIndex..<end]))
            i = end
        }
        return "/" + parts.joined(separator: "/") + "/"
    }

    func org(_ code: String, _ name: String, _ type: OrganizationType, parent: String?) -> OrganizationEvent {
        let path = Self.path(code)
        return OrganizationEvent(code: code, name: name, type: type, parentCode: parent, path: path,
                                 depth: path.split(separator: "/").count - 1, unit: "", isVillage: false,
                                 secretaryMemberId: nil, dissolved: false)
    }

    func memberEvent(_ id: String, _ name: String, branch: String, post: MemberPost = .member, status: MemberStatus = .active,
                     previous: String? = nil) -> MemberEvent {
        MemberEvent(memberId: id, name: name, orgCode: branch, orgPath: Self.path(branch), memberType: .full, post: post,
                    status: status, joinDate: "2010-07-01", unit: "", hasPhone: true, previousOrgCode: previous)
    }

    /// Applies an identity event as the consumer would, at `sentAt`.
    func apply<Body: Codable & Sendable>(_ type: String, _ body: Body, at sentAt: Date = Date()) throws {
        let json = try JSONValue(encoding: body)
        let envelope = Envelope<JSONValue>(type: type, sentAt: sentAt, body: json)
        try store.pool.write { db in try DirectoryCopy.apply(db, event: envelope, settings: self.settings) }
    }

    func makeTree() throws {
        try apply(IdentityEvent.orgCreated, org(Self.root, "中共示范市委", .committee, parent: nil))
        try apply(IdentityEvent.orgCreated, org(Self.works, "市直机关工委", .workingCommittee, parent: Self.root))
        try apply(IdentityEvent.orgCreated, org(Self.branchA, "第一党支部", .branch, parent: Self.works))
        try apply(IdentityEvent.orgCreated, org(Self.branchB, "第二党支部", .branch, parent: Self.works))
        try apply(IdentityEvent.orgCreated, org(Self.general, "城东党总支", .generalBranch, parent: Self.root))
        try apply(IdentityEvent.orgCreated, org(Self.branchC, "第三党支部", .branch, parent: Self.general))
        let names = ["a1": "王建国", "a2": "李秀英", "a3": "张志强", "a4": "刘海燕",
                     "b1": "陈伟", "b2": "杨芳", "b3": "赵建国", "c1": "黄秀英", "c2": "周志强", "c3": "吴海燕"]
        for (prefix, branch) in [("a", Self.branchA), ("b", Self.branchB), ("c", Self.branchC)] {
            for id in names.keys.sorted() where id.hasPrefix(prefix) {
                try apply(IdentityEvent.memberCreated, memberEvent(id, names[id]!, branch: branch, post: id.hasSuffix("1") ? .secretary : .member))
            }
        }
    }

    // MARK: Time

    static let shanghai = TimeZone(identifier: "Asia/Shanghai")!

    /// A moment in Asia/Shanghai.
    static func at(_ y: Int, _ m: Int, _ d: Int, _ h: Int = 10, _ min: Int = 0) -> Date {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = shanghai
        return c.date(from: DateComponents(year: y, month: m, day: d, hour: h, minute: min))!
    }

    // MARK: Shortcuts

    func write<T>(_ body: (Database) throws -> T) throws -> T {
        try store.pool.write { db in try body(db) }
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        try store.pool.read { db in try body(db) }
    }

    /// Branch `branch` (its administrator) enters employed standards with `bases` and submits the month.
    @discardableResult
    func setAndSubmit(_ branch: String, _ month: String, _ items: [StandardInput], at now: Date) throws -> BranchStandardsView {
        let admin = Actor(kind: .admin, id: "admin-\(branch)", orgCode: branch)
        let settings = self.settings
        return try write { db in
            _ = try Standards.save(db, SaveStandardsRequest(orgCode: branch, month: month, items: items), by: admin, settings: settings, now: now)
            return try Standards.submit(db, BranchMonthRef(orgCode: branch, month: month), by: admin, now: now)
        }
    }

    /// Opens `month` for every branch (as the city would) and submits each branch's carried standards.
    func openAndSubmitAll(_ month: String, at now: Date, branches: [String] = [branchA, branchB, branchC]) throws {
        let settings = self.settings
        try write { db in
            _ = try Standards.open(db, OpenMonthRequest(orgCode: Self.root, month: month), by: self.city, settings: settings, now: now)
            for branch in branches {
                let admin = Actor(kind: .admin, id: "admin-\(branch)", orgCode: branch)
                _ = try Standards.submit(db, BranchMonthRef(orgCode: branch, month: month), by: admin, now: now)
            }
        }
    }

    func employed(_ ids: [String], base: Int64) -> [StandardInput] {
        ids.map { StandardInput(memberId: $0, kind: .employed, baseFen: base) }
    }

    /// Every event dues wrote, of `type`, decoded.
    func events<T: Codable & Sendable>(_ type: String, as: T.Type) throws -> [T] {
        let datas = try read { db in try Data.fetchAll(db, sql: "SELECT envelope FROM store_event WHERE type = ? ORDER BY seq", arguments: [type]) }
        return try datas.map { data in try Wire.decode(T.self, from: data).body! }
    }
}

func XCTAssertThrowsCode<T>(_ code: String, _ expression: @autoclosure () throws -> T, file: StaticString = #filePath, line: UInt = #line) {
    do {
        _ = try expression()
        XCTFail("expected \(code)", file: file, line: line)
    } catch let error as ErrorBody {
        XCTAssertEqual(error.code, code, "\(error)", file: file, line: line)
    } catch {
        XCTFail("expected \(code), got \(error)", file: file, line: line)
    }
}
