import Bus
import Foundation
import Schema
import XCTest

/// Real-name verification before party affairs, through the real identity (its setting and each
/// member's status) and the real dues: a member's own dues commands are refused until they verify
/// today; administrators' commands and reads are not asked.
final class DuesRealNameSystemTests: XCTestCase {
    var cluster: Cluster!
    let demo = DemoData()

    override func setUp() async throws {
        cluster = try Cluster()
        try await cluster.startSimulator()
        let settings = cluster.dataDirectory.appendingPathComponent("identity-settings.json")
        try Data(#"{"realNameVerificationRequired": true}"#.utf8).write(to: settings)
        try cluster.install(demo)
        try cluster.startBroker()
        try cluster.startService("identity", arguments: ["--settings", settings.path])
        try cluster.startService("dues")
        try await cluster.waitUntilServing("identity")
        try await cluster.waitUntilServing("dues")
    }

    override func tearDown() async throws {
        if let run = testRun, run.failureCount > 0 { print(cluster.logs()) }
        await cluster.shutdown()
    }

    func testAMemberWhoHasNotVerifiedTodayIsRefusedTheirOwnDuesCommandsUntilTheyVerify() async throws {
        let client = try cluster.client(inFlight: 2, timeout: .seconds(10), retries: 1)
        let branch = demo.branches[0]
        let admin = Actor(kind: .admin, id: "admin-branch-1", orgCode: branch)
        var screen: BranchStandardsView?
        try await eventually("dues received the branch's members from identity", timeout: .seconds(30)) {
            screen = try? await client.call(DuesAPI.standardsGet.type, BranchMonthRef(orgCode: branch, month: "2000-01"),
                                            as: BranchStandardsView.self, actor: admin)
            return screen?.missingMemberIds.count == 4
        }
        let ids = try XCTUnwrap(screen?.missingMemberIds)
        let member = Actor(kind: .member, id: ids[1])

        // Identity reports the setting on and the member not verified today.
        let status = try await client.call(IdentityAPI.realNameStatus.type, RealNameStatusRequest(), as: RealNameStatus.self, actor: member)
        XCTAssertTrue(status.required)
        XCTAssertFalse(status.verified)

        // The member's own commands are refused with identity's code, a Chinese message, and nothing written.
        do {
            _ = try await client.call(DuesAPI.proposalSubmit.type, ProposeAmountRequest(amountFen: 10_000), as: ProposalView.self, actor: member)
            XCTFail("not verified today")
        } catch {
            XCTAssertEqual(error.code, "identity.realname_required")
            XCTAssertEqual(error.message, "请先完成今日的实名核验，再办理党务")
            XCTAssertEqual(ErrorCode.status(for: error.code), 403)
        }
        do {
            _ = try await client.call(DuesAPI.proxyGrant.type, GrantProxyRequest(proxyMemberId: ids[2]), as: ProxyList.self, actor: member)
            XCTFail("not verified today")
        } catch {
            XCTAssertEqual(error.code, "identity.realname_required")
        }
        // Reads are not asked; nothing of the refused commands was written.
        let mine = try await client.call(DuesAPI.proposalList.type, ProposalQuery(), as: ProposalList.self, actor: member)
        XCTAssertEqual(mine.items, [])
        // An administrator's command is not asked either.
        let opened = try await client.call(DuesAPI.monthOpen.type, OpenMonthRequest(orgCode: branch), as: OpenMonthReply.self, actor: admin)
        XCTAssertEqual(opened.branchesOpened, 1)

        // The member verifies through identity (the provider simulator); the same command now goes through.
        let verified = try await client.call(IdentityAPI.realNameVerify.type, Empty(), as: RealNameStatus.self, actor: member)
        XCTAssertTrue(verified.verified)
        let proposal = try await client.call(DuesAPI.proposalSubmit.type, ProposeAmountRequest(amountFen: 10_000), as: ProposalView.self, actor: member)
        XCTAssertEqual(proposal.status, .pending)
        XCTAssertEqual(proposal.memberId, member.id)
        // A member who did not verify is still refused.
        do {
            _ = try await client.call(DuesAPI.proposalSubmit.type, ProposeAmountRequest(amountFen: 10_000), as: ProposalView.self,
                                      actor: Actor(kind: .member, id: ids[3]))
            XCTFail("not verified today")
        } catch {
            XCTAssertEqual(error.code, "identity.realname_required")
        }
    }
}
