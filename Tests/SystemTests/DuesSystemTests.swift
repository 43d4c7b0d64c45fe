import Bus
import Foundation
import GRDB
import Schema
import XCTest

/// Dues with real processes: broker, identity and dues; the installation made by djctl init + import.
/// Dues learns the tree and the members only from identity's events.
final class DuesSystemTests: XCTestCase {
    var cluster: Cluster!
    let demo = DemoData()

    override func setUp() async throws {
        cluster = try Cluster()
        try await cluster.startDues(demo)
    }

    override func tearDown() async throws {
        if let run = testRun, run.failureCount > 0 { print(cluster.logs()) }
        await cluster.shutdown()
    }


    func testBranchSetsAndSubmitsStandardsCashIsRecordedAndListsFollow() async throws {
        let client = try cluster.client(inFlight: 2, timeout: .seconds(10), retries: 1)
        let branch = demo.branches[0]
        let branchAdmin = Actor(kind: .admin, id: "admin-branch-1", orgCode: branch)
        let committee = Actor(kind: .admin, id: "admin-committee", orgCode: demo.rootCode)

        // Dues learns branch 1's four members from identity's events (it never reads identity's database).
        var screen: BranchStandardsView?
        try await eventually("dues received the branch's members from identity", timeout: .seconds(30)) {
            screen = try? await client.call(DuesAPI.standardsGet.type, BranchMonthRef(orgCode: branch, month: "2000-01"),
                                            as: BranchStandardsView.self, actor: branchAdmin)
            return screen?.missingMemberIds.count == 4
        }
        // The month to work in: whichever month's paying window is open now.
        let opened = try await client.call(DuesAPI.monthOpen.type, OpenMonthRequest(orgCode: branch), as: OpenMonthReply.self, actor: branchAdmin)
        XCTAssertEqual(opened.branchesOpened, 1)
        let month = opened.month
        let memberIds = try XCTUnwrap(screen).missingMemberIds
        XCTAssertEqual(screen?.orgName, "第一党支部")

        // Only a branch sets standards: the committee above cannot.
        let items = memberIds.enumerated().map { i, id in StandardInput(memberId: id, kind: .employed, baseFen: [300_000, 500_001, 1_000_000, 1_000_001][i]) }
        do {
            _ = try await client.call(DuesAPI.standardsSave.type, SaveStandardsRequest(orgCode: branch, month: month, items: items),
                                      as: BranchStandardsView.self, actor: committee)
            XCTFail("a committee does not set standards")
        } catch {
            XCTAssertEqual(error.code, "dues.forbidden")
        }
        let draft = try await client.call(DuesAPI.standardsSave.type, SaveStandardsRequest(orgCode: branch, month: month, items: items),
                                          as: BranchStandardsView.self, actor: branchAdmin)
        XCTAssertEqual(draft.status, .draft)
        XCTAssertEqual(draft.totalFen, 1_500 + 7_500 + 15_000 + 20_000)
        let submitted = try await client.call(DuesAPI.standardsSubmit.type, BranchMonthRef(orgCode: branch, month: month),
                                              as: BranchStandardsView.self, actor: branchAdmin)
        XCTAssertEqual(submitted.status, .submitted)

        let before = try await client.call(DuesAPI.unpaidList.type, UnpaidQuery(orgCode: demo.rootCode, month: month), as: DuesRecordPage.self, actor: committee)
        XCTAssertEqual(before.total, 4)
        let rateBefore = try await client.call(DuesAPI.collectionRate.type, CollectionRateQuery(orgCode: demo.rootCode, month: month),
                                               as: CollectionRateReply.self, actor: committee)
        XCTAssertEqual(rateBefore.total.paidMembers, 0)

        // Cash for one member, recorded by the branch administrator; a retry with the same request id applies once.
        let payer = memberIds[1]
        let requestId = UUID().uuidString
        let cash = CashRecordRequest(memberId: payer, months: [month], amountFen: 7_500, note: "交支部书记")
        let recorded = try await client.call(DuesAPI.cashRecord.type, cash, as: PaymentView.self, actor: branchAdmin, id: requestId)
        XCTAssertEqual(recorded.way, .cash)
        XCTAssertEqual(recorded.status, .confirmed)
        let retried = try await client.call(DuesAPI.cashRecord.type, cash, as: PaymentView.self, actor: branchAdmin, id: requestId)
        XCTAssertEqual(retried, recorded)

        let after = try await client.call(DuesAPI.unpaidList.type, UnpaidQuery(orgCode: demo.rootCode, month: month), as: DuesRecordPage.self, actor: committee)
        XCTAssertEqual(after.total, 3)
        XCTAssertFalse(after.items.contains { $0.memberId == payer })
        let rateAfter = try await client.call(DuesAPI.collectionRate.type, CollectionRateQuery(orgCode: demo.rootCode, month: month),
                                              as: CollectionRateReply.self, actor: committee)
        XCTAssertEqual(rateAfter.total.dueMembers, 4)
        XCTAssertEqual(rateAfter.total.paidMembers, 1)
        XCTAssertEqual(rateAfter.total.rateBasisPoints, 2_500)
        XCTAssertEqual(rateAfter.total.paidFen, 7_500)

        // The month's export for public posting holds the four members, the payer marked paid in cash.
        let export = try await client.call(DuesAPI.exportBranchMonth.type, ExportBranchMonthRequest(orgCode: branch, month: month, format: .csv),
                                           as: ExportReply.self, actor: branchAdmin)
        var text = String(decoding: try XCTUnwrap(Data(base64Encoded: export.contentBase64)), as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let rows = text.components(separatedBy: "\r\n").filter { !$0.isEmpty }.map { $0.components(separatedBy: ",") }
        XCTAssertEqual(rows[0], ["党组织", "第一党支部"])
        XCTAssertEqual(rows.count, 3 + 4)
        let payerName = try XCTUnwrap(submitted.items.first { $0.memberId == payer }).memberName
        let payerRow = try XCTUnwrap(rows.first { $0.count > 1 && $0[1] == payerName })
        XCTAssertEqual(payerRow[3], "75.00")
        XCTAssertEqual(payerRow[4], "已交")
        XCTAssertEqual(payerRow[6], "线下现金交纳")
        XCTAssertEqual(rows.dropFirst(3).filter { $0[4] == "未交" }.count, 3)

        // The events for notifications and payments are in dues's own log: the submission (every member, amount each) and the payment.
        let db = try cluster.database("dues")
        let types = try await db.read { db in try String.fetchAll(db, sql: "SELECT type FROM store_event ORDER BY seq") }
        XCTAssertEqual(types.filter { $0 == "dues.standards.submitted" }.count, 1)
        XCTAssertEqual(types.filter { $0 == "dues.paid" }.count, 1)
        let names = Set(demo.people.map(\.name))
        XCTAssertTrue(submitted.items.allSatisfy { names.contains($0.memberName) })
        // No ID numbers or phones in dues's log.
        let log = cluster.processes.first { $0.name == "dues" }?.log ?? ""
        for person in demo.people {
            XCTAssertFalse(log.contains(person.idNumber))
            XCTAssertFalse(log.contains(person.phone))
        }
    }
}

extension Cluster {
    /// The demo installation (djctl), broker, identity and dues, both serving.
    func startDues(_ demo: DemoData, duesArguments: [String] = []) async throws {
        try install(demo)
        try startBroker()
        try startService("identity")
        try startService("dues", arguments: duesArguments)
        try await waitUntilServing("identity")
        try await waitUntilServing("dues")
    }
}
