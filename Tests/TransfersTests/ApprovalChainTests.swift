import Schema
import Transfers
import XCTest

/// The chain, as a table of trees and settings → the steps (action @ organization).
final class ApprovalChainTests: XCTestCase {
    static func org(_ code: String, _ type: OrganizationType) -> ChainOrg { ChainOrg(code: code, name: code, type: type) }
    // root ← 甲党委 ← 甲总支 ← 甲一支部; root ← 乙党委 ← 乙一支部; root ← 丙党委 ← 丁党委 ← 丁支部
    let a1 = [org("a1", .branch), org("aG", .generalBranch), org("aC", .committee), org("root", .committee)]
    let a2 = [org("a2", .branch), org("aC", .committee), org("root", .committee)]
    let b1 = [org("b1", .branch), org("bC", .workingCommittee), org("root", .committee)]
    let d1 = [org("d1", .branch), org("dC", .committee), org("cC", .committee), org("root", .committee)]

    func steps(_ kind: TransferKind, _ source: [ChainOrg], _ target: [ChainOrg], _ edit: (inout ApprovalSettings) -> Void = { _ in }) -> [String] {
        var settings = ApprovalSettings()
        edit(&settings)
        return ApprovalChain.plan(kind: kind, source: source, target: target, settings: settings).map { "\($0.action.rawValue)@\($0.orgCode)" }
    }

    func testTheTable() {
        let rows: [(String, [String], [String])] = [
            ("within_city, defaults", steps(.withinCity, a1, b1),
             ["review@a1", "review@aG", "review@aC", "assign@bC", "confirm@b1"]),
            ("within_city, no 党总支 level", steps(.withinCity, a1, b1) { $0.generalBranch = false },
             ["review@a1", "review@aC", "assign@bC", "confirm@b1"]),
            ("within_unit: the committee's review and 划拨 are one step", steps(.withinUnit, a1, a2),
             ["review@a1", "review@aG", "assign@aC", "confirm@a2"]),
            ("within_city from a branch straight under its committee to the same committee", steps(.withinCity, a2, a1),
             ["review@a2", "assign@aC", "confirm@a1"]),
            ("outbound, defaults", steps(.outbound, a1, []), ["review@a1", "review@aG", "review@aC"]),
            ("outbound, topLevel", steps(.outbound, a1, []) { $0.topLevel = true },
             ["review@a1", "review@aG", "review@aC", "review@root"]),
            ("within_city, topLevel is for outbound only", steps(.withinCity, a1, b1) { $0.topLevel = true },
             ["review@a1", "review@aG", "review@aC", "assign@bC", "confirm@b1"]),
            ("within_city, topLevelForAll", steps(.withinCity, a1, b1) { $0.topLevel = true; $0.topLevelForAll = true },
             ["review@a1", "review@aG", "review@aC", "review@root", "assign@bC", "confirm@b1"]),
            ("upperCommittees: every committee above the nearest, not the root", steps(.outbound, d1, []) { $0.upperCommittees = true },
             ["review@d1", "review@dC", "review@cC"]),
            ("upperCommittees off", steps(.outbound, d1, []), ["review@d1", "review@dC"]),
            ("upperCommittees and topLevel", steps(.outbound, d1, []) { $0.upperCommittees = true; $0.topLevel = true },
             ["review@d1", "review@dC", "review@cC", "review@root"]),
            ("inbound: the receiving committee assigns, the branch confirms", steps(.inbound, [], b1), ["assign@bC", "confirm@b1"]),
        ]
        for (name, got, want) in rows { XCTAssertEqual(got, want, name) }
    }

    func testTheLastSendingApprovalIsMarked() {
        let plan = ApprovalChain.plan(kind: .withinCity, source: a1, target: b1, settings: ApprovalSettings())
        XCTAssertEqual(plan.filter(\.sending).map(\.orgCode), ["a1", "aG", "aC"])
        let unit = ApprovalChain.plan(kind: .withinUnit, source: a1, target: a2, settings: ApprovalSettings())
        XCTAssertEqual(unit.last(where: \.sending)?.orgCode, "aC", "the merged step is the sending side's last approval")
    }
}
