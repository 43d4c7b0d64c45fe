import Foundation
import GRDB
import Logging
import Schema
import Store
import Transfers

/// The benchmark's installation: the root, a sending committee (001001) with 50 branches, two
/// receiving committees with 20 branches each; one member per transfer in the sending branches.
/// Transfers are made by the service's own acts (Applying, Deciding, Completion with an identity
/// that answers at once), so the rows and indexes are the ones production writes.
struct BenchCity {
    static let root = "001", sendingCommittee = "001001"
    static let receiving = ["001002", "001003"]
    let members: Int
    let branches: [String]
    let targets: [String]

    init(members: Int) {
        self.members = members
        branches = (1...50).map { Self.sendingCommittee + String(format: "%03d", $0) }
        targets = Self.receiving.flatMap { c in (1...20).map { c + String(format: "%03d", $0) } }
    }

    static func path(_ code: String) -> String {
        "/" + stride(from: 3, through: code.count, by: 3).map { String(code.prefix($0)) }.joined(separator: "/") + "/"
    }

    func memberId(_ i: Int) -> String { String(format: "m%06d", i) }

    func seed(_ store: Store) throws {
        try store.writeSync { db in
            func org(_ code: String, _ name: String, _ type: OrganizationType, _ unit: String) throws {
                try DirectoryCopy.upsert(db, OrganizationEvent(
                    code: code, name: name, type: type, parentCode: code.count > 3 ? String(code.dropLast(3)) : nil, path: Self.path(code),
                    depth: code.count / 3 - 1, unit: unit, isVillage: false, secretaryMemberId: nil, dissolved: false))
            }
            try org(Self.root, "中共示范市委", .committee, "市委")
            try org(Self.sendingCommittee, "市直机关工委", .committee, "市直机关")
            for (i, b) in branches.enumerated() { try org(b, "机关第\(i + 1)党支部", .branch, "市直机关") }
            for c in Self.receiving { try org(c, "交通系统党委\(c.suffix(1))", .committee, "交通局") }
            for (i, b) in targets.enumerated() { try org(b, "交通第\(i + 1)党支部", .branch, "交通局") }
            for i in 0..<members {
                let branch = branches[i % branches.count]
                try DirectoryCopy.upsert(db, MemberEvent(memberId: memberId(i), name: "党员\(i)", orgCode: branch, orgPath: Self.path(branch),
                                                         memberType: .full, post: .member, status: .active, joinDate: "2010-07-01",
                                                         unit: "市直机关", hasPhone: true))
            }
        }
    }

    /// `count` transfers: a quarter completed (市内 and 转到市外), the rest pending at each step,
    /// returned or withdrawn. Returns their ids.
    func transfers(_ store: Store, count: Int) async throws -> [String] {
        var ids: [String] = []
        ids.reserveCapacity(count)
        let settings = TransfersSettings()
        let now = Date()
        for i in 0..<count {
            let member = Actor(kind: .member, id: memberId(i), orgCode: branches[i % branches.count])
            let kind: TransferKind = i % 5 == 0 ? .outbound : (i % 5 == 1 ? .withinUnit : .withinCity)
            let request = switch kind {
            case .outbound: ApplyTransferRequest(kind: .outbound, toOrgTitle: "中共外省某市委组织部", toOrgName: "某局党支部", toUnit: "某局", reason: "工作调动")
            case .withinUnit: ApplyTransferRequest(kind: .withinUnit, toOrgCode: branches[(i + 1) % branches.count], reason: "内部调整")
            default: ApplyTransferRequest(kind: .withinCity, toOrgCode: targets[i % targets.count], reason: "工作调动")
            }
            let at = now.addingTimeInterval(Double(i - count) * 60)
            var view = try store.writeSync { db in
                try Applying.apply(db, request, by: member, settings: settings, now: at, requestId: nil, newId: { String(format: "B%07d", i) })
            }
            ids.append(view.transferId)
            // How far this one goes: 0 stays at the branch, 1… one step further each, 9 all the way.
            let stage = i % 10
            if stage == 7 {
                _ = try store.writeSync { db in try Applying.withdraw(db, TransferRef(transferId: view.transferId), by: member, now: at, requestId: nil) }
                continue
            }
            if stage == 8, let s = view.currentStep {
                let admin = Actor(kind: .admin, id: "adm", orgCode: view.steps[s].orgCode)
                _ = try store.writeSync { db in
                    try Deciding.sendBack(db, TransferDecision(transferId: view.transferId, comment: "请补充材料"), by: admin, now: at, requestId: nil)
                }
                continue
            }
            var acted = 0
            while view.status == .pending, let s = view.currentStep, stage >= 9 || acted < stage {
                let step = view.steps[s]
                let admin = Actor(kind: .admin, id: "adm", orgCode: step.orgCode)
                let transferId = view.transferId, target = view.toOrgCode ?? ""
                view = try store.writeSync { db in
                    step.action == .assign
                        ? try Deciding.assign(db, AssignTransferRequest(transferId: transferId, toOrgCode: target), by: admin, now: at, requestId: nil)
                        : try Deciding.approve(db, TransferDecision(transferId: transferId), by: admin, now: at, requestId: nil)
                }
                acted += 1
            }
        }
        // Approved ones complete as the service completes them.
        var logger = Logger(label: "transferbench")
        logger.logLevel = .error
        let completion = Completion(store: store, identity: InstantIdentity(), dues: InstantDues(), settings: settings, logger: logger)
        while await completion.runAll() > 0 {}
        return ids
    }

    func letter() -> IntroductionLetter {
        IntroductionLetter(number: "2026000123", state: .issued, memberName: "张三", sex: "男", age: 46, ethnicity: "汉族",
                           memberType: "正式", idNumber: "11010519491231002X", fromOrgName: "中共示范市委市直机关工委机关第一党支部",
                           toOrgTitle: "中共外省某市委组织部", toOrgName: "某局机关党支部", toUnit: "某局", duesPaidThrough: "2026-10",
                           validDays: 30, issuerName: "中共示范市委市直机关工委", issuerAddress: "示范市人民路 1 号", issuerPhone: "0571-87000000",
                           issuerFax: "0571-87000001", issuerPostcode: "310000", issuedAt: Date())
    }
}

/// Identity answering at once, as a healthy identity would (the benchmark times transfers, not the bus).
struct InstantIdentity: IdentityPort {
    func view(_ id: String, org: String = "", status: MemberStatus = .active) -> MemberView {
        MemberView(id: id, idNumber: "11010519491231002X", name: "党员", sex: .male, birthDate: "1980-01-01", ethnicity: "汉族",
                   phone: nil, memberType: .full, joinDate: nil, orgCode: org, orgName: "", unit: "", post: .member, status: status,
                   reviewed: true, masked: false, createdAt: Date(), updatedAt: Date())
    }
    func reassign(_ request: ReassignMember, requestId: String) async throws(ErrorBody) -> MemberView { view(request.memberId, org: request.toOrgCode) }
    func setStatus(_ request: ChangeMemberStatus, requestId: String) async throws(ErrorBody) -> MemberView { view(request.memberId, status: request.status) }
    func create(_ request: CreateMember, requestId: String) async throws(ErrorBody) -> MemberView { view("new") }
    func member(_ memberId: String) async throws(ErrorBody) -> MemberView { view(memberId) }
    func isMember(idNumber: String) async throws(ErrorBody) -> Bool { false }
    func memberId(holding idNumber: String) async throws(ErrorBody) -> String? { nil }
}

struct InstantDues: DuesPort {
    func paidThrough(memberId: String) async throws(ErrorBody) -> String? { "2026-10" }
}
