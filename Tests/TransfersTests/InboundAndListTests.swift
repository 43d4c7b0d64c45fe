import Foundation
import GRDB
import Schema
import Transfers
import XCTest

/// 从市外转入 from the login page; 转接记录查询 and scope; suggestions.
final class InboundAndListTests: XCTestCase {
    typealias F = Fixture
    // GB 11643's worked example (a valid check character X); female (17th digit 2).
    static let idNumber = "11010519491231002X"

    func applicant(id: String = idNumber, phone: String = "13812345678", joinDate: String = "2001-07-01") -> InboundApplicant {
        InboundApplicant(name: "钱七", sex: .female, ethnicity: "汉族", idNumber: id, phone: phone, memberType: .full, joinDate: joinDate,
                         fromOrgName: "中共外省某局委员会", letterNumber: "2026-15", unit: nil)
    }

    func inbound(_ f: Fixture, _ a: InboundApplicant, committee: String = F.bCommittee, branch: String = F.b1) throws -> InboundApplied {
        let id = f.nextId()
        return try f.store.writeSync { db in
            try Inbound.apply(db, InboundApplyRequest(applicant: a, toCommitteeCode: committee, toOrgCode: branch, reason: "工作调入本市"),
                              alreadyMember: false, settings: f.settings, now: Date(), requestId: nil, newId: { id }, newCode: { "ABCD2345" })
        }
    }

    func testInboundFieldsAreCheckedAndNamed() throws {
        let f = try Fixture()
        XCTAssertRefused(ErrorCode.transfersIdNumberInvalid, field: "body.applicant.idNumber") { try inbound(f, applicant(id: "110105194912310021")) }
        XCTAssertRefused(ErrorCode.transfersIdNumberInvalid, field: "body.applicant.idNumber") { try inbound(f, applicant(id: "1101051949123")) }
        XCTAssertRefused(ErrorCode.transfersPhoneInvalid, field: "body.applicant.phone") { try inbound(f, applicant(phone: "12812345678")) }
        XCTAssertRefused(ErrorCode.transfersDateInvalid, field: "body.applicant.joinDate") { try inbound(f, applicant(joinDate: "2001-02-30")) }
        XCTAssertRefused(ErrorCode.transfersDateInvalid, field: "body.applicant.joinDate") { try inbound(f, applicant(joinDate: "2001/07/01")) }
        XCTAssertRefused(ErrorCode.transfersTargetInvalid, field: "body.toOrgCode") { try inbound(f, applicant(), branch: F.a1) }
        XCTAssertRefused(ErrorCode.transfersTargetInvalid, field: "body.toCommitteeCode") { try inbound(f, applicant(), committee: F.b1) }
        XCTAssertRefused(ErrorCode.transfersAlreadyMember, field: "body.applicant.idNumber") {
            try f.store.writeSync { db in
                try Inbound.apply(db, InboundApplyRequest(applicant: applicant(), toCommitteeCode: F.bCommittee, toOrgCode: F.b1, reason: "工作调入"),
                                  alreadyMember: true, settings: f.settings, now: Date(), requestId: nil)
            }
        }
        XCTAssertEqual(try f.store.readSync { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM transfer") }, 0, "refusals change nothing")
    }

    func testInboundWithTheAccessCodeThroughAssignAndConfirmCreatesTheMember() async throws {
        let f = try Fixture()
        let applied = try inbound(f, applicant())
        XCTAssertEqual(applied.accessCode, "ABCD2345")
        XCTAssertRefused(ErrorCode.transfersAlreadyOpen, field: "body.applicant.idNumber") { try inbound(f, applicant()) }
        XCTAssertEqual(applied.transfer.steps.map(\.action), [.assign, .confirm])
        XCTAssertEqual(applied.transfer.applicant?.idNumber, Self.idNumber, "the applicant sees their own form whole")
        let stored = try f.store.readSync { db in try String.fetchOne(db, sql: "SELECT accessHash FROM transfer") }
        XCTAssertEqual(stored, try shell("printf ABCD2345 | sha256sum | cut -d' ' -f1"), "only the code's SHA-256 is kept")
        // A wrong code and an unknown id answer the same.
        XCTAssertRefused(ErrorCode.transfersNotFound) {
            try f.store.readSync { db in try Inbound.get(db, InboundRef(transferId: applied.transferId, accessCode: "ABCD2346")) }
        }
        XCTAssertRefused(ErrorCode.transfersNotFound) {
            try f.store.readSync { db in try Inbound.get(db, InboundRef(transferId: "T404", accessCode: "ABCD2345")) }
        }
        XCTAssertEqual(try f.store.readSync { db in try Inbound.get(db, InboundRef(transferId: applied.transferId, accessCode: "abcd2345")) }.status,
                       .pending)
        // Administrators see it masked.
        XCTAssertEqual(try f.get(applied.transferId, by: F.admin(F.bCommittee)).applicant?.idNumber, "1101**********002X")
        XCTAssertEqual(try f.get(applied.transferId, by: F.admin(F.bCommittee)).applicant?.phone, "138****5678")
        // Returned, corrected with the code, then assigned and confirmed.
        _ = try f.sendBack(applied.transferId, by: F.admin(F.bCommittee), comment: "请补充介绍信编号")
        let corrected = try f.store.writeSync { db in
            try Inbound.resubmit(db, InboundResubmitRequest(transferId: applied.transferId, accessCode: "ABCD2345", applicant: applicant(),
                                                            toCommitteeCode: F.bCommittee, toOrgCode: F.b1, reason: "工作调入本市"),
                                 alreadyMember: false, settings: f.settings, now: Date(), requestId: nil)
        }
        XCTAssertEqual(corrected.status, .pending)
        XCTAssertRefused(ErrorCode.transfersNotACommittee) { try f.assign(applied.transferId, to: F.b1, by: F.admin(F.b1)) }
        _ = try f.assign(applied.transferId, to: F.b1, by: F.admin(F.bCommittee))
        _ = try f.approve(applied.transferId, by: F.admin(F.b1))
        let identity = FakeIdentity()
        let completion = f.completion(identity)
        _ = await completion.runAll()
        _ = await completion.runAll()
        let requestId = "transfer-\(applied.transferId)-complete-2"
        XCTAssertEqual(identity.applied, [requestId: "create \(Self.idNumber) \(F.b1)"])
        XCTAssertEqual(identity.calls[requestId], 1)
        let done = try f.get(applied.transferId)
        XCTAssertEqual(done.status, .completed)
        XCTAssertEqual(done.memberId, "new-\(requestId)")
        XCTAssertRefused(ErrorCode.transfersStatusInvalid) {
            try f.store.writeSync { db in try Inbound.withdraw(db, InboundRef(transferId: applied.transferId, accessCode: "ABCD2345"), now: Date(), requestId: nil) }
        }
    }

    func testInboundWithdrawWithTheCode() throws {
        let f = try Fixture()
        let applied = try inbound(f, applicant())
        let withdrawn = try f.store.writeSync { db in
            try Inbound.withdraw(db, InboundRef(transferId: applied.transferId, accessCode: "ABCD2345"), now: Date(), requestId: nil)
        }
        XCTAssertEqual(withdrawn.status, .withdrawn)
    }

    func testListByDirectionKindStatusAndWaitingForMe() throws {
        let f = try Fixture()
        let city = try f.apply(ApplyTransferRequest(kind: .withinCity, toOrgCode: F.b1, reason: "工作调动"), by: F.member("m1"))
        let unit = try f.apply(ApplyTransferRequest(kind: .withinUnit, memberId: "m9", toOrgCode: F.a2, reason: "科室调整"), by: F.admin(F.aCommittee))
        let out = try f.apply(ApplyTransferRequest(kind: .outbound, memberId: "m3", toOrgTitle: "某省委组织部", toOrgName: "某支部", toUnit: "某局",
                                                   reason: "调往外省"), by: F.admin(F.bCommittee))
        func ids(_ q: TransferListQuery, _ actor: Actor) throws -> Set<String> { Set(try f.list(q, by: actor).items.map(\.transferId)) }
        let a = F.admin(F.aCommittee), b = F.admin(F.bCommittee)
        XCTAssertEqual(try ids(TransferListQuery(), a), [city.transferId, unit.transferId])
        XCTAssertEqual(try ids(TransferListQuery(direction: "out"), a), [city.transferId])
        XCTAssertEqual(try ids(TransferListQuery(direction: "within"), a), [unit.transferId])
        XCTAssertEqual(try ids(TransferListQuery(direction: "in"), b), [city.transferId])
        XCTAssertEqual(try ids(TransferListQuery(direction: "out"), b), [out.transferId])
        XCTAssertEqual(try ids(TransferListQuery(kind: .outbound), F.admin(F.root)), [out.transferId])
        XCTAssertEqual(try ids(TransferListQuery(direction: "within"), F.admin(F.root)), [city.transferId, unit.transferId])
        XCTAssertEqual(try ids(TransferListQuery(direction: "out"), F.admin(F.root)), [out.transferId], "outbound leaves every scope")
        XCTAssertEqual(try ids(TransferListQuery(name: "李"), a), [unit.transferId])
        XCTAssertEqual(try ids(TransferListQuery(waitingForMe: true), F.admin(F.a1)), [city.transferId, unit.transferId])
        XCTAssertEqual(try ids(TransferListQuery(waitingForMe: true), a), [])
        XCTAssertEqual(try ids(TransferListQuery(status: .pending), F.admin(F.a2)), [unit.transferId])
        XCTAssertEqual(try ids(TransferListQuery(), F.admin(F.b1)), [city.transferId, out.transferId], "a branch sees what comes to it and what leaves it")
        let today = ISO8601DateFormatter.string(from: Date(), timeZone: TimeZone(identifier: "Asia/Shanghai")!, formatOptions: [.withFullDate])
        XCTAssertEqual(try f.list(TransferListQuery(from: today, to: today), by: a).total, 2)
        XCTAssertEqual(try f.list(TransferListQuery(to: "2000-01-01"), by: a).total, 0)
        let page = try f.list(TransferListQuery(limit: 1), by: F.admin(F.root))
        XCTAssertEqual(page.items.count, 1)
        XCTAssertEqual(page.total, 3)
        XCTAssertEqual(page.items.first?.transferId, out.transferId, "newest first")
        XCTAssertEqual(page.items.first?.waitingOrgName, "乙一支部")
        XCTAssertEqual(page.items.first?.toOrgName, "某省委组织部")
        XCTAssertRefused(ErrorCode.transfersQueryInvalid, field: "body.direction") { try f.list(TransferListQuery(direction: "up"), by: a) }
        XCTAssertRefused(ErrorCode.transfersQueryInvalid, field: "body.from") { try f.list(TransferListQuery(from: "2026-13-01"), by: a) }
        XCTAssertRefused(ErrorCode.transfersForbidden) { try f.list(TransferListQuery(), by: F.member("m1")) }
        // A member's own.
        let mine = try f.store.readSync { db in try Queries.mine(db, by: F.member("m1")) }
        XCTAssertEqual(mine.items.map(\.transferId), [city.transferId])
    }

    func testTargetSuggestions() throws {
        let f = try Fixture()
        func codes(_ s: TargetSearch) throws -> [String] { try f.store.readSync { db in try Queries.targets(db, s) }.items.map(\.code) }
        XCTAssertEqual(try codes(TargetSearch(q: "国土")), [F.b1], "by unit; the dissolved branch is not offered")
        XCTAssertEqual(try codes(TargetSearch(q: "支部", committeeCode: F.aCommittee)).sorted(), [F.a2, F.a1].sorted())
        XCTAssertEqual(try codes(TargetSearch(q: "党委", type: "committee")).sorted(), [F.aCommittee, F.bCommittee])
        let one = try f.store.readSync { db in try Queries.targets(db, TargetSearch(q: "乙一")) }.items.first
        XCTAssertEqual(one?.within, "市委组织部 / 乙党委")
        XCTAssertRefused(ErrorCode.transfersQueryInvalid, field: "body.q") { try codes(TargetSearch(q: " ")) }
        XCTAssertRefused(ErrorCode.transfersQueryInvalid, field: "body.type") { try codes(TargetSearch(q: "支部", type: "group")) }
    }

    /// The issue's benchmark: a committee with 10,000 transfers lists its first page by kind and status fast.
    func testListingTenThousandTransfersFirstPage() throws {
        let f = try Fixture()
        try f.store.writeSync { db in
            let now = Date().timeIntervalSince1970
            let kinds = ["within_city", "outbound", "within_unit"], statuses = ["pending", "completed", "withdrawn", "returned"]
            for i in 0..<10_000 {
                let to = i % 3 == 1 ? nil : (i % 3 == 0 ? F.b1 : F.a2)
                try db.execute(sql: """
                    INSERT INTO transfer (id, kind, status, memberName, fromOrgCode, fromOrgPath, fromOrgName, toOrgCode, toOrgPath, toOrgName,
                        toUnit, reason, openedBy, openedById, waitingOrgCode, createdAt, updatedAt)
                    VALUES (?, ?, ?, ?, ?, ?, '甲一支部', ?, ?, '', '', '工作调动', 'member', 'x', ?, ?, ?)
                    """, arguments: ["B\(i)", kinds[i % 3], statuses[i % 4], "党员\(i)", F.a1, Fixture.path(F.a1), to,
                                     to.map(Fixture.path), i % 4 == 0 ? F.a1 : nil, now - Double(i) * 60, now])
            }
        }
        let a = F.admin(F.aCommittee)
        var times: [Double] = []
        for i in 0..<200 {
            let q = [TransferListQuery(), TransferListQuery(kind: .outbound, status: .completed),
                     TransferListQuery(direction: "within", kind: .withinUnit), TransferListQuery(waitingForMe: true)][i % 4]
            let start = DispatchTime.now().uptimeNanoseconds
            let page = try f.list(q, by: i % 4 == 3 ? F.admin(F.a1) : a)
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            XCTAssertEqual(page.items.count, 20)
        }
        times.sort()
        let p50 = times[times.count / 2], p99 = times[Int(Double(times.count) * 0.99)]
        print("transfers.list over 10,000 transfers: p50 \(String(format: "%.2f", p50)) ms, p99 \(String(format: "%.2f", p99)) ms (debug build)")
        // The issue's bound is for the release build; a debug build on a shared machine gets room.
        XCTAssertLessThan(p99, 100)
    }
}
