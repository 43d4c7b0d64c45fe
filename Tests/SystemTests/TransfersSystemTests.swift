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
        let client = try cluster.client(inFlight: 2, timeout: .seconds(10), retries: 1)
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

    /// 从市外转入: an ID number already on the rolls is refused (transfers asks identity); a new one
    /// is assigned and confirmed, and identity creates the member in the receiving branch.
    func testInboundApplicantBecomesAMemberInIdentity() async throws {
        let client = try cluster.client(inFlight: 2, timeout: .seconds(10), retries: 1)
        let anonymous = Actor(kind: .anonymous, id: "")
        let branch = demo.branches[0]
        try await eventually("transfers knows the branch") {
            let found = try? await client.call(TransfersAPI.targets.type, TargetSearch(q: "第一党支部"), as: TargetSuggestions.self, actor: anonymous)
            return found?.items.map(\.code).contains(branch) == true
        }
        let existing = demo.people[0]
        let existingSex: Sex = Int(String(Array(existing.idNumber)[16]))! % 2 == 1 ? .male : .female
        func form(_ idNumber: String, _ sex: Sex) -> InboundApplyRequest {
            InboundApplyRequest(applicant: InboundApplicant(name: "钱七", sex: sex, ethnicity: "汉族", idNumber: idNumber, phone: "13812345678",
                                                            memberType: .full, joinDate: "2001-07-01", fromOrgName: "中共外省某局委员会"),
                                toCommitteeCode: demo.rootCode, toOrgCode: branch, reason: "工作调入本市")
        }
        do {
            _ = try await client.call(TransfersAPI.inboundApply.type, form(existing.idNumber, existingSex), as: InboundApplied.self, actor: anonymous)
            XCTFail("a member here applies within the city instead")
        } catch {
            XCTAssertEqual(error.code, ErrorCode.transfersAlreadyMember)
        }
        // GB 11643's worked example: female.
        let applied = try await client.call(TransfersAPI.inboundApply.type, form("11010519491231002X", .female), as: InboundApplied.self,
                                            actor: anonymous)
        XCTAssertEqual(applied.transfer.steps.map(\.orgCode), [demo.rootCode, branch])
        _ = try await client.call(TransfersAPI.assign.type, AssignTransferRequest(transferId: applied.transferId, toOrgCode: branch),
                                  as: TransferView.self, actor: Actor(kind: .admin, id: "admin-root", orgCode: demo.rootCode))
        _ = try await client.call(TransfersAPI.approve.type, TransferDecision(transferId: applied.transferId), as: TransferView.self,
                                  actor: Actor(kind: .admin, id: "admin-branch", orgCode: branch))
        var memberId: String?
        try await eventually("identity created the member") {
            let view = try? await client.call(TransfersAPI.inboundGet.type, InboundRef(transferId: applied.transferId, accessCode: applied.accessCode),
                                              as: TransferView.self, actor: anonymous)
            memberId = view?.memberId
            return view?.status == .completed
        }
        let member = try await client.call(IdentityAPI.memberGet.type, MemberRef(memberId: try XCTUnwrap(memberId)), as: MemberView.self,
                                           actor: Actor.service("test"))
        XCTAssertEqual(member.orgCode, branch)
        XCTAssertEqual(member.name, "钱七")
    }
}
