import Foundation
import GRDB
import Identity
import Schema
import Store
import XCTest

/// A real SQLite store in a temp dir, with a small tree:
///
///     001 市委 (committee, root)
///     ├── 001001 市直机关工委 (working_committee)
///     │   └── 001001001 国土资源局党总支 (general_branch)
///     │       ├── 001001001001 国土资源局第一党支部 (branch A)
///     │       └── 001001001002 国土资源局第二党支部 (branch B)
///     └── 001002 城东区委 (committee)
///         └── 001002001 城东街道党支部 (branch C, village)
final class DirectoryFixture {
    let dir: URL
    let store: Store
    let now = Date(timeIntervalSince1970: 1_750_000_000) // 2025-06-15

    static let root = "001", works = "001001", general = "001001001"
    static let branchA = "001001001001", branchB = "001001001002"
    static let district = "001002", branchC = "001002001"

    let service = Actor.service("test")
    let city = Actor(kind: .admin, id: "admin-city", orgCode: "001", roles: ["city"])
    let worksAdmin = Actor(kind: .admin, id: "admin-works", orgCode: "001001")
    let generalAdmin = Actor(kind: .admin, id: "admin-general", orgCode: "001001001")
    let adminA = Actor(kind: .admin, id: "admin-a", orgCode: "001001001001")
    let adminB = Actor(kind: .admin, id: "admin-b", orgCode: "001001001002")
    let districtAdmin = Actor(kind: .admin, id: "admin-district", orgCode: "001002")
    let anonymous = Actor(kind: .anonymous, id: "")

    init(tree: Bool = true) throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("idorg-\(UUID().uuidString)")
        store = try Store(path: dir.appendingPathComponent("identity.sqlite").path, migrations: IdentityMigrations.register)
        if tree { try makeTree() }
    }

    deinit { try? FileManager.default.removeItem(at: dir) }

    func makeTree() throws {
        let rows: [(String, String, OrganizationType, String?)] = [
            (Self.root, "市委", .committee, nil),
            (Self.works, "市直机关工委", .workingCommittee, Self.root),
            (Self.general, "国土资源局党总支", .generalBranch, Self.works),
            (Self.branchA, "国土资源局第一党支部", .branch, Self.general),
            (Self.branchB, "国土资源局第二党支部", .branch, Self.general),
            (Self.district, "城东区委", .committee, Self.root),
            (Self.branchC, "城东街道党支部", .branch, Self.district),
        ]
        try write { db in
            for (code, name, type, parent) in rows {
                _ = try Organizations.create(db, CreateOrganization(code: code, name: name, type: type, parentCode: parent,
                                                                    isVillage: code == Self.branchC),
                                             by: self.service, now: self.now)
            }
        }
    }

    @discardableResult
    func write<T>(_ body: (Database) throws -> T) throws -> T { try store.writeSync(body) }

    func read<T>(_ body: (Database) throws -> T) throws -> T { try store.readSync(body) }

    /// A valid ID number, distinct for each n < 1,000,000.
    static func idNumber(_ n: Int, birth: String = "19900101", male: Bool? = nil) -> String {
        var seq = n % 1000
        if let male, (seq % 2 == 1) != male { seq = (seq + 1) % 1000 }
        return IDNumber.complete(String(format: "%06d", 110000 + n / 1000) + birth + String(format: "%03d", seq))
    }

    static func phone(_ n: Int) -> String { "139" + String(format: "%08d", n) }

    @discardableResult
    func addMember(_ n: Int, org: String = DirectoryFixture.branchA, name: String? = nil, phone: String?? = nil,
                   post: MemberPost = .member, reviewed: Bool = true) throws -> MemberView {
        try write { db in
            try Members.create(db, CreateMember(idNumber: Self.idNumber(n), name: name ?? "党员\(n)", ethnicity: "汉族",
                                                phone: phone ?? Self.phone(n), memberType: .full, joinDate: "2010-07-01",
                                                orgCode: org, unit: "国土资源局", post: post, reviewed: reviewed),
                               by: self.service, now: self.now)
        }
    }

    func memberActor(_ member: MemberView, roles: [String] = []) -> Actor {
        Actor(kind: .member, id: member.id, orgCode: member.orgCode, roles: roles)
    }

    func count(_ table: String, _ condition: String = "1") throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table) WHERE \(condition)") ?? 0 }
    }

    func events(_ type: String) throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM store_event WHERE type = ?", arguments: [type]) ?? 0 }
    }

    func eventCount() throws -> Int { try count("store_event") }

    /// Decoded body of the last event of `type`.
    func lastEvent<B: Codable & Sendable>(_ type: String, as: B.Type) throws -> B? {
        let data = try read { db in
            try Data.fetchOne(db, sql: "SELECT envelope FROM store_event WHERE type = ? ORDER BY seq DESC LIMIT 1", arguments: [type])
        }
        guard let data else { return nil }
        return try Wire.decode(B.self, from: data).body
    }

    /// A snapshot of every table the directory writes, to show a failed call changed nothing.
    func snapshot() throws -> [String] {
        try read { db in
            var out: [String] = []
            for table in ["organization", "member", "account", "member_history", "profile_change", "store_event"] {
                let rows = try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY rowid")
                out.append("\(table):" + rows.map(\.description).joined(separator: "|"))
            }
            return out
        }
    }
}

/// Asserts `body` throws an ErrorBody with `code` (and `field` when given), and returns it.
@discardableResult
func assertError<T>(_ code: String, field: String? = nil, file: StaticString = #filePath, line: UInt = #line,
                    _ body: () throws -> T) -> ErrorBody? {
    do {
        _ = try body()
        XCTFail("expected \(code), got success", file: file, line: line)
        return nil
    } catch let error as ErrorBody {
        XCTAssertEqual(error.code, code, "\(error)", file: file, line: line)
        if let field { XCTAssertEqual(error.details["field"], field, "\(error)", file: file, line: line) }
        XCTAssertFalse(error.message.isEmpty, file: file, line: line)
        return error
    } catch {
        XCTFail("expected ErrorBody \(code), got \(error)", file: file, line: line)
        return nil
    }
}
