import Bus
import Foundation
import Schema
import XCTest

/// The dues process opens the month whose window holds now by itself, carrying a branch's
/// standards forward from its earlier month.
final class MonthOpenerSystemTests: XCTestCase {
    var cluster: Cluster!
    let demo = DemoData()

    override func setUp() async throws {
        cluster = try Cluster()
        let settings = cluster.dataDirectory.appendingPathComponent("dues-settings.json")
        try Data(#"{"monthCheckSeconds": 1}"#.utf8).write(to: settings)
        try await cluster.startDues(demo, duesArguments: ["--settings", settings.path])
    }

    override func tearDown() async throws {
        if let run = testRun, run.failureCount > 0 { print(cluster.logs()) }
        await cluster.shutdown()
    }

    func testTheCurrentMonthOpensByItselfWithLastMonthsStandards() async throws {
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
        // The branch works in the month before the current one, as if it had been set up last month.
        let current = DuesGatewaySystemTests.openMonth(at: Date())
        let previous = Self.previous(current)
        _ = try await client.call(DuesAPI.standardsSave.type, SaveStandardsRequest(
            orgCode: branch, month: previous, items: ids.map { StandardInput(memberId: $0, kind: .employed, baseFen: 300_000) }),
            as: BranchStandardsView.self, actor: admin)

        var opened: BranchStandardsView?
        try await eventually("the current month opened with the four members carried", timeout: .seconds(15)) {
            opened = try? await client.call(DuesAPI.standardsGet.type, BranchMonthRef(orgCode: branch, month: current),
                                            as: BranchStandardsView.self, actor: admin)
            return opened?.status == .draft
        }
        XCTAssertEqual(opened?.items.count, 4)
        XCTAssertEqual(Set(opened?.items.map(\.memberId) ?? []), Set(ids))
        // The log line is written after the commit and read from dues' output pipe: it may arrive after the month is visible.
        try await eventually("dues logged the opening", timeout: .seconds(5)) {
            self.cluster.processes.first { $0.name == "dues" }?.log.contains("month opened") ?? false
        }
    }

    /// "2026-11" → "2026-10".
    static func previous(_ month: String) -> String {
        let parts = month.split(separator: "-").compactMap { Int($0) }
        let (year, number) = parts[1] == 1 ? (parts[0] - 1, 12) : (parts[0], parts[1] - 1)
        return String(format: "%04d-%02d", year, number)
    }
}
