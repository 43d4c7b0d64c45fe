import Bus
import Foundation
import Schema
import XCTest

/// Transfers with real processes: broker, identity and transfers. Transfers learns the tree from
/// identity's events; a transfer approved to the end moves the member in identity exactly once,
/// even when transfers is killed (SIGKILL) right after the last approval and started again.
final class TransfersSystemTests: XCTestCase {
    var cluster: Cluster!
    let demo = DemoData()

    override func setUp() async throws {
        cluster = try Cluster()
        try cluster.install(demo)
        try cluster.startBroker()
        try cluster.startService("identity")
        try cluster.startService("transfers")
        try await cluster.waitUntilServing("identity")
        try await cluster.waitUntilServing("transfers")
    }

    override func tearDown() async throws {
        if let run = testRun, run.failureCount > 0 { print(cluster.logs()) }
        await cluster.shutdown()
    }

    func testWithinUnitThroughEveryStepMovesTheMemberOnceDespiteACrash() async throws {
        let client = try cluster.client(sockets: 2, timeout: .seconds(10), retries: 1)
        let service = Actor.service("test")
        let (from, to) = (demo.branches[0], demo.branches[1])
        let members = try await client.call(IdentityAPI.memberSearch.type, MemberSearch(orgCode: from, limit: 1), as: MemberPage.self,
                                            actor: service)
        let memberId = try XCTUnwrap(members.items.first?.id)

        // Transfers learns the branches from identity's events.
        try await eventually("transfers suggests the receiving branch") {
            let found = try? await client.call(TransfersAPI.targets.type, TargetSearch(q: "第二党支部"), as: TargetSuggestions.self,
                                               actor: Actor(kind: .anonymous, id: ""))
            return found?.items.map(\.code).contains(to) == true
        }
        let opened = try await client.call(TransfersAPI.apply.type, ApplyTransferRequest(kind: .withinUnit, memberId: memberId, toOrgCode: to,
                                                                                         reason: "科室调整"),
                                           as: TransferView.self, actor: Actor(kind: .admin, id: "admin-branch", orgCode: from))
        XCTAssertEqual(opened.steps.map(\.orgCode), [from, "001001", demo.rootCode, to])
        XCTAssertEqual(opened.steps.map(\.action), [.review, .review, .assign, .confirm])

        // The wrong level is refused over the bus too.
        do {
            _ = try await client.call(TransfersAPI.approve.type, TransferDecision(transferId: opened.transferId), as: TransferView.self,
                                      actor: Actor(kind: .admin, id: "admin-root", orgCode: demo.rootCode))
            XCTFail("the root does not review before the branch")
        } catch {
            XCTAssertEqual(error.code, ErrorCode.transfersNotYourStep)
        }
        for org in [from, "001001"] {
            _ = try await client.call(TransfersAPI.approve.type, TransferDecision(transferId: opened.transferId), as: TransferView.self,
                                      actor: Actor(kind: .admin, id: "admin-\(org)", orgCode: org))
        }
        _ = try await client.call(TransfersAPI.assign.type, AssignTransferRequest(transferId: opened.transferId, toOrgCode: to),
                                  as: TransferView.self, actor: Actor(kind: .admin, id: "admin-root", orgCode: demo.rootCode))
        let approved = try await client.call(TransfersAPI.approve.type, TransferDecision(transferId: opened.transferId), as: TransferView.self,
                                             actor: Actor(kind: .admin, id: "admin-\(to)", orgCode: to))
        XCTAssertTrue([.approved, .completed].contains(approved.status))
        // Killed wherever it is (before, during or after telling identity), then started again.
        try XCTUnwrap(cluster.processes.first { $0.name == "transfers" }).crash()
        try cluster.startService("transfers", instance: "transfers-2")
        try await cluster.waitUntilServing("transfers")

        try await eventually("the transfer completed") {
            let view = try? await client.call(TransfersAPI.get.type, TransferRef(transferId: opened.transferId), as: TransferView.self,
                                              actor: service)
            return view?.status == .completed
        }
        let member = try await client.call(IdentityAPI.memberGet.type, MemberRef(memberId: memberId), as: MemberView.self, actor: service)
        XCTAssertEqual(member.orgCode, to)
        let history = try await client.call(IdentityAPI.memberHistory.type, MemberRef(memberId: memberId), as: MemberHistory.self,
                                            actor: service)
        XCTAssertEqual(history.items.filter { $0.kind == "reassign" }.count, 1, "applied once in identity")
    }
}
