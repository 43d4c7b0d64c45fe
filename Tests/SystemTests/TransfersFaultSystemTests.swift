import Foundation
import GRDB
import Identity
import Schema
import XCTest

/// `kill -9` of `transfers` at random moments during 1,000 市内转接 (each: apply, branch review,
/// committee review, receiving committee 划拨, receiving branch 接收), with real processes: broker,
/// identity, dues, transfers. Clients retry what a kill interrupted with the same request id.
/// In the end every transfer is completed (none lost), and identity and dues moved each member
/// exactly once (identity's history holds one reassignment per member, dues has the member under
/// the receiving branch).
final class TransfersFaultSystemTests: XCTestCase {
    var cluster: Cluster!

    override func tearDown() async throws {
        if let run = testRun, run.failureCount > 0 { print(cluster.logs()) }
        await cluster.shutdown()
    }

    func testTransfersSurviveKillsAndApplyOnce() async throws {
        let count = Int(ProcessInfo.processInfo.environment["DJ_FAULT_TRANSFERS"] ?? "") ?? 1_000
        let city = TransferCity(members: count)
        cluster = try Cluster()
        let cluster = cluster!
        try cluster.install(city.demo, rootName: "中共示范市委")
        try cluster.startBroker()
        try cluster.startService("identity")
        try cluster.startService("dues")
        let transfers = try cluster.startService("transfers")
        for service in ["identity", "dues", "transfers"] { try await cluster.waitUntilServing(service) }
        let bus = try cluster.client(inFlight: 16, timeout: .seconds(3), retries: 0)

        // transfers learns the tree and the members from identity's events.
        let memberIds = try await cluster.database("identity").read { db in
            try Row.fetchAll(db, sql: "SELECT id, orgCode FROM member ORDER BY id").map { ($0["id"] as String, $0["orgCode"] as String) }
        }
        XCTAssertEqual(memberIds.count, count)
        try await eventually("transfers' copy of the members", timeout: .seconds(60)) {
            try await cluster.database("transfers").read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM member") } == count
        }

        // 5,000 acts in all; transfers dies at five of them, picked at random (printed to replay).
        let acts = count * 5
        var picks = Set<Int>()
        while picks.count < 5 { picks.insert(Int.random(in: acts / 20..<acts * 9 / 10)) }
        print("transfers killed at acts \(picks.sorted())")
        let chaos = Chaos(at: picks) {
            transfers.crash()
            try transfers.start()
        }

        let next = TransferTickets()
        let targets = TransferTargets()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<16 {
                group.addTask {
                    while let i = await next.take(below: count) {
                        let (memberId, fromBranch) = memberIds[i]
                        let target = TransferCity.target(of: fromBranch, i)
                        await targets.set(memberId, target)
                        let member = Actor(kind: .member, id: memberId, orgCode: fromBranch)
                        try await chaos.tick()
                        var view = try await Self.settle("apply \(i)") {
                            try await bus.call(TransfersAPI.apply.type, ApplyTransferRequest(kind: .withinCity, toOrgCode: target, reason: "工作调动"),
                                               as: TransferView.self, actor: member, id: "fault-apply-\(i)", timeout: .seconds(3), retries: 0)
                        }
                        var step = 0
                        while view.status == .pending, let current = view.currentStep {
                            let s = view.steps[current]
                            let admin = Actor(kind: .admin, id: "admin-\(s.orgCode)", orgCode: s.orgCode)
                            let id = "fault-\(i)-step-\(current)-\(step)", transferId = view.transferId
                            step += 1
                            try await chaos.tick()
                            view = try await Self.settle("step \(current) of \(i)") {
                                switch s.action {
                                case .assign:
                                    try await bus.call(TransfersAPI.assign.type, AssignTransferRequest(transferId: transferId, toOrgCode: target),
                                                       as: TransferView.self, actor: admin, id: id, timeout: .seconds(3), retries: 0)
                                case .review, .confirm:
                                    try await bus.call(TransfersAPI.approve.type, TransferDecision(transferId: transferId),
                                                       as: TransferView.self, actor: admin, id: id, timeout: .seconds(3), retries: 0)
                                }
                            }
                            XCTAssertLessThan(step, 10, "transfer \(i) goes round in circles")
                            if step >= 10 { break }
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        XCTAssertEqual(chaos.kills, 5)

        // None lost: every transfer completes (the sweeper finishes what a kill interrupted).
        let admin = Actor.service("system-test")
        try await eventually("every transfer completed", timeout: .seconds(180)) {
            let page = try await bus.call(TransfersAPI.list.type, TransferListQuery(status: .completed, limit: 1),
                                          as: TransferPage.self, actor: admin, timeout: .seconds(5), retries: 1)
            return page.total == count
        }

        // Applied once in identity: each member in the receiving branch, with exactly one reassignment.
        let expected = await targets.all
        let identity = try cluster.database("identity")
        let (placed, moves) = try await identity.read { db in
            (Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT id, orgCode FROM member").map { ($0["id"] as String, $0["orgCode"] as String) }),
             Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: """
                SELECT memberId, COUNT(*) AS n FROM member_history WHERE kind = 'reassign' GROUP BY memberId
                """).map { ($0["memberId"] as String, $0["n"] as Int) }))
        }
        var wrong: [String] = []
        for (memberId, target) in expected {
            if placed[memberId] != target { wrong.append("\(memberId) in \(placed[memberId] ?? "?"), not \(target)") }
            if moves[memberId] != 1 { wrong.append("\(memberId) reassigned \(moves[memberId] ?? 0) times") }
        }
        XCTAssertEqual(wrong.count, 0, "identity: \(wrong.prefix(10))")

        // Dues follows identity's events: the member under the receiving branch.
        let dues = try cluster.database("dues")
        try await eventually("dues follows every move", timeout: .seconds(60)) {
            let there = try await dues.read { db in
                Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT id, orgCode FROM member").map { ($0["id"] as String, $0["orgCode"] as String) })
            }
            return expected.allSatisfy { there[$0.key] == $0.value }
        }
    }

    /// Retries what a kill interrupted (a timeout, the service briefly gone) with the same request id.
    static func settle<T: Sendable>(_ what: String, _ step: @Sendable () async throws -> T) async throws -> T {
        let deadline = ContinuousClock.now + .seconds(90)
        while true {
            do { return try await step() } catch let error as ErrorBody where ContinuousClock.now < deadline && error.code.hasPrefix("bus.") {
                try await Task.sleep(for: .milliseconds(100))  // back-off before the retry, not synchronisation
            } catch {
                throw TransferFault("\(what): \(error)")
            }
        }
    }
}

/// Two committees of two branches each; the members start in committee 1's branches and go to
/// committee 2's, so every transfer climbs one tree and is assigned down the other.
struct TransferCity {
    let demo: DemoData

    init(members: Int) {
        demo = DemoData(branches: ["001001001", "001001002"], membersPerBranch: (members + 1) / 2,
                        organizationsCSV: """
                            组织代码,组织名称,组织类型,上级组织代码,所属单位,是否村社区
                            001001,第一党委,党委,001,市直机关,否
                            001001001,第一党支部,党支部,001001,市直机关,否
                            001001002,第二党支部,党支部,001001,市直机关,否
                            001002,第二党委,党委,001,市交通局,否
                            001002001,交通一支部,党支部,001002,市交通局,否
                            001002002,交通二支部,党支部,001002,市交通局,否

                            """)
    }

    static func target(of branch: String, _ i: Int) -> String { i % 2 == 0 ? "001002001" : "001002002" }
}

struct TransferFault: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

actor TransferTickets {
    private var next = 0
    func take(below count: Int) -> Int? {
        guard next < count else { return nil }
        defer { next += 1 }
        return next
    }
}

actor TransferTargets {
    private var targets: [String: String] = [:]
    func set(_ memberId: String, _ target: String) { targets[memberId] = target }
    var all: [String: String] { targets }
}

/// Runs `fault` when the act counter reaches one of `at`.
final class Chaos: @unchecked Sendable {
    private let lock = NSLock()
    private var pending: Set<Int>
    private var counter = 0
    private(set) var kills = 0
    private let fault: @Sendable () throws -> Void

    init(at: Set<Int>, fault: @escaping @Sendable () throws -> Void) {
        pending = at
        self.fault = fault
    }

    func tick() async throws {
        let fire = lock.withLock { () -> Bool in
            counter += 1
            return pending.remove(counter) != nil
        }
        guard fire else { return }
        try fault()
        lock.withLock { kills += 1 }
    }
}
