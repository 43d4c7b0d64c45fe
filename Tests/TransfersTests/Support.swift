import Foundation
import GRDB
import Logging
import Schema
import Store
import Synchronization
import Transfers
import XCTest

/// A real SQLite store in a temp dir with a small tree:
///
///     001 市委组织部 (committee, root)
///     ├── 001001 甲党委 (committee)
///     │   ├── 001001001 甲总支 (general_branch)
///     │   │   └── 001001001001 甲一支部 (branch) — m1, m9
///     │   └── 001001002 甲二支部 (branch) — m2 (书记)
///     └── 001002 乙党委 (committee, unit 国土资源局)
///         ├── 001002001 乙一支部 (branch) — m3
///         └── 001002002 乙二支部 (branch, dissolved)
final class Fixture: @unchecked Sendable {
    let dir: URL
    let store: Store
    var settings = TransfersSettings()
    var receipts: URL { dir.appendingPathComponent("receipts") }
    private var ids = 0

    static let orgs: [(String, String, OrganizationType, String)] = [
        ("001", "市委组织部", .committee, ""), ("001001", "甲党委", .committee, "甲局"), ("001001001", "甲总支", .generalBranch, "甲局"),
        ("001001001001", "甲一支部", .branch, "甲局一处"), ("001001002", "甲二支部", .branch, "甲局二处"),
        ("001002", "乙党委", .committee, "国土资源局"), ("001002001", "乙一支部", .branch, "国土资源局"),
        ("001002002", "乙二支部", .branch, "国土资源局"),
    ]

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("transfers-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        store = try Store(path: dir.appendingPathComponent("transfers.sqlite").path, migrations: TransfersMigrations.register)
        try store.writeSync { db in
            for (code, name, type, unit) in Self.orgs {
                try DirectoryCopy.upsert(db, OrganizationEvent(
                    code: code, name: name, type: type, parentCode: code.count > 3 ? String(code.dropLast(3)) : nil,
                    path: Self.path(code), depth: code.count / 3, unit: unit, isVillage: false, secretaryMemberId: nil,
                    dissolved: code == "001002002"))
            }
            for (id, name, org, post) in [("m1", "张三", "001001001001", MemberPost.member), ("m9", "李四", "001001001001", .member),
                                          ("m2", "王五", "001001002", .secretary), ("m3", "赵六", "001002001", .member)] {
                try DirectoryCopy.upsert(db, MemberEvent(memberId: id, name: name, orgCode: org, orgPath: Self.path(org), memberType: .full,
                                                         post: post, status: .active, joinDate: nil, unit: "", hasPhone: true))
            }
        }
    }

    deinit { try? FileManager.default.removeItem(at: dir) }

    static func path(_ code: String) -> String {
        "/" + stride(from: 3, through: code.count, by: 3).map { String(code.prefix($0)) }.joined(separator: "/") + "/"
    }

    func nextId() -> String {
        ids += 1
        return "T\(ids)"
    }

    static func admin(_ org: String, roles: [String] = []) -> Actor { Actor(kind: .admin, id: "adm-\(org)", orgCode: org, roles: roles) }
    static func member(_ id: String, roles: [String] = []) -> Actor { Actor(kind: .member, id: id, roles: roles) }

    static let a1 = "001001001001", aGeneral = "001001001", aCommittee = "001001", a2 = "001001002"
    static let bCommittee = "001002", b1 = "001002001", b2 = "001002002", root = "001"

    // MARK: Acts (each one transaction, as the routes run them)

    func apply(_ r: ApplyTransferRequest, by actor: Actor) throws -> TransferView {
        let settings = self.settings
        let id = nextId()
        return try store.writeSync { db in try Applying.apply(db, r, by: actor, settings: settings, now: Date(), requestId: nil, newId: { id }) }
    }

    func approve(_ id: String, by actor: Actor, comment: String? = nil) throws -> TransferView {
        try store.writeSync { db in try Deciding.approve(db, TransferDecision(transferId: id, comment: comment), by: actor, now: Date(), requestId: nil) }
    }

    func assign(_ id: String, to org: String, by actor: Actor) throws -> TransferView {
        try store.writeSync { db in
            try Deciding.assign(db, AssignTransferRequest(transferId: id, toOrgCode: org), by: actor, now: Date(), requestId: nil)
        }
    }

    func sendBack(_ id: String, by actor: Actor, comment: String?) throws -> TransferView {
        try store.writeSync { db in try Deciding.sendBack(db, TransferDecision(transferId: id, comment: comment), by: actor, now: Date(), requestId: nil) }
    }

    func revoke(_ id: String, by actor: Actor) throws -> TransferView {
        try store.writeSync { db in
            try Deciding.revoke(db, TransferReasonRequest(transferId: id, reason: "审批有误"), by: actor, now: Date(), requestId: nil)
        }
    }

    func withdraw(_ id: String, by actor: Actor) throws -> TransferView {
        try store.writeSync { db in try Applying.withdraw(db, TransferRef(transferId: id), by: actor, now: Date(), requestId: nil) }
    }

    func get(_ id: String, by actor: Actor = .service("test")) throws -> TransferView {
        try store.readSync { db in try Queries.get(db, TransferRef(transferId: id), by: actor) }
    }

    func list(_ q: TransferListQuery, by actor: Actor) throws -> TransferPage {
        try store.readSync { db in try Queries.list(db, q, by: actor) }
    }

    func events(_ type: String) throws -> Int {
        try store.readSync { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM store_event WHERE type = ?", arguments: [type]) ?? 0 }
    }

    func completion(_ identity: FakeIdentity, dues: FakeDues = FakeDues()) -> Completion {
        Completion(store: store, identity: identity, dues: dues, settings: settings, logger: Logger(label: "test"))
    }

    /// Applies within_city m1 → 乙一支部 and walks it through every step to approved.
    func approvedWithinCity() throws -> String {
        let t = try apply(ApplyTransferRequest(kind: .withinCity, toOrgCode: Self.b1, reason: "工作调动"), by: Self.member("m1"))
        for org in [Self.a1, Self.aGeneral, Self.aCommittee] { _ = try approve(t.transferId, by: Self.admin(org)) }
        _ = try assign(t.transferId, to: Self.b1, by: Self.admin(Self.bCommittee))
        let done = try approve(t.transferId, by: Self.admin(Self.b1))
        XCTAssertEqual(done.status, .approved)
        return t.transferId
    }

    /// Applies outbound for m1 and approves it to the end.
    func approvedOutbound() throws -> String {
        let t = try apply(ApplyTransferRequest(kind: .outbound, toOrgTitle: "中共某省某市委组织部", toOrgName: "某市某局党支部",
                                               toUnit: "某市某局", reason: "调往外省工作"), by: Self.member("m1"))
        for org in [Self.a1, Self.aGeneral, Self.aCommittee] { _ = try approve(t.transferId, by: Self.admin(org)) }
        return t.transferId
    }
}

/// Identity as a fake that applies each request id once (as identity's de-duplication does) and counts calls.
final class FakeIdentity: IdentityPort, @unchecked Sendable {
    struct State {
        var calls: [String: Int] = [:]
        var applied: [String: String] = [:]
        var failNext = false
        var failAfterApplying = false
        var members: Set<String> = []
        /// ID numbers identity holds for people who left (转出, 删除): member id by ID number.
        var formers: [String: String] = [:]
        /// Every change refused with this (identity says no, not a timeout).
        var refusal: ErrorBody?
    }
    let state = Mutex(State())

    func record(_ requestId: String, _ what: String) throws(ErrorBody) {
        if let refusal = state.withLock({ $0.refusal }) { throw refusal }
        let fail = state.withLock { s -> Bool in
            s.calls[requestId, default: 0] += 1
            if s.failNext { s.failNext = false; return true }
            if s.applied[requestId] == nil { s.applied[requestId] = what }
            if s.failAfterApplying { s.failAfterApplying = false; return true }
            return false
        }
        if fail { throw ErrorBody.make(ErrorCode.busTimeout) }
    }

    func view(_ id: String, org: String = "", status: MemberStatus = .active) -> MemberView {
        MemberView(id: id, idNumber: "11010519491231002X", name: "张三", sex: .female, birthDate: "1949-12-31", ethnicity: "汉族",
                   phone: nil, memberType: .full, joinDate: nil, orgCode: org, orgName: "", unit: "", post: .member, status: status,
                   reviewed: true, masked: false, createdAt: Date(), updatedAt: Date())
    }

    func reassign(_ request: ReassignMember, requestId: String) async throws(ErrorBody) -> MemberView {
        try record(requestId, "reassign \(request.memberId) \(request.toOrgCode)")
        return view(request.memberId, org: request.toOrgCode)
    }

    func setStatus(_ request: ChangeMemberStatus, requestId: String) async throws(ErrorBody) -> MemberView {
        try record(requestId, "status \(request.memberId) \(request.status.rawValue)")
        return view(request.memberId, status: request.status)
    }

    func create(_ request: CreateMember, requestId: String) async throws(ErrorBody) -> MemberView {
        if state.withLock({ $0.formers[request.idNumber] != nil }) {
            throw ErrorBody.make(ErrorCode.identityIdNumberTaken, details: ["field": "body.idNumber"])
        }
        try record(requestId, "create \(request.idNumber) \(request.orgCode)")
        return view("new-\(requestId)", org: request.orgCode)
    }

    func member(_ memberId: String) async throws(ErrorBody) -> MemberView { view(memberId) }

    func isMember(idNumber: String) async throws(ErrorBody) -> Bool { state.withLock { $0.members.contains(idNumber) } }

    func memberId(holding idNumber: String) async throws(ErrorBody) -> String? { state.withLock { $0.formers[idNumber] } }

    var applied: [String: String] { state.withLock { $0.applied } }
    var calls: [String: Int] { state.withLock { $0.calls } }
}

final class FakeDues: DuesPort, @unchecked Sendable {
    let fail = Mutex(false)
    func paidThrough(memberId: String) async throws(ErrorBody) -> String? {
        if fail.withLock({ $0 }) { throw ErrorBody.make(ErrorCode.busTimeout) }
        return "2026-10"
    }
}

/// Asserts that `body` throws an ErrorBody with `code` (and, if given, naming `field`).
func XCTAssertRefused<T>(_ code: String, field: String? = nil, file: StaticString = #filePath, line: UInt = #line,
                         _ body: () throws -> T) {
    do {
        _ = try body()
        XCTFail("expected \(code)", file: file, line: line)
    } catch let error as ErrorBody {
        XCTAssertEqual(error.code, code, file: file, line: line)
        if let field { XCTAssertEqual(error.details["field"], field, file: file, line: line) }
    } catch {
        XCTFail("unexpected \(error)", file: file, line: line)
    }
}
