import Foundation
import GRDB
import Meetings
import Schema
import Store
import XCTest

/// 党员关爱: the branch records and files; the organization above approves and handles; the member
/// follows the requests about them.
final class CareTests: XCTestCase {
    func testABranchFilesTheCommitteeDecidesAndHandlesTheMemberFollows() throws {
        let f = try Fixture()
        try f.addMember("m1", name: "张三")
        let branch = Fixture.admin(Fixture.branch), committee = Fixture.admin(Fixture.committee)
        let write = { (body: (Database) throws -> CareRequestView) in try f.store.writeSync(body) }

        let record = try f.store.writeSync { db in
            try Care.record(db, RecordCareRequest(memberId: "m1", kind: .visit, content: "春节走访慰问", date: "2026-02-10"), by: branch, now: Date())
        }
        XCTAssertEqual(record.orgName, "甲一支部")
        assertRefused(ErrorCode.meetingsDateInvalid, field: "body.date") {
            try f.store.writeSync { db in
                try Care.record(db, RecordCareRequest(memberId: "m1", kind: .visit, content: "走访", date: "2月10日"), by: branch, now: Date())
            }
        }
        // Another branch's administrator cannot act on this member.
        assertRefused(ErrorCode.meetingsCareMemberInvalid, field: "body.memberId") {
            try write { db in try Care.file(db, FileCareRequest(memberId: "m1", kind: .hardship, reason: "家庭困难"), by: Fixture.admin(Fixture.branch2),
                                            now: Date(), requestId: nil) }
        }

        let filed = try write { db in
            try Care.file(db, FileCareRequest(memberId: "m1", kind: .hardship, reason: "因病致困，申请困难帮扶"), by: branch, now: Date(), requestId: nil)
        }
        XCTAssertEqual(filed.status, .pending)
        XCTAssertEqual(filed.handlerOrgCode, Fixture.committee, "the organization directly above the branch")
        // The branch cannot approve its own request; the city above the committee may.
        assertRefused(ErrorCode.meetingsCareNotYours) {
            try write { db in try Care.decide(db, CareDecision(requestId: filed.requestId, approve: true), by: branch, now: Date(), requestId: nil) }
        }
        assertRefused(ErrorCode.meetingsCareStatusInvalid) {
            try write { db in try Care.handle(db, CareHandling(requestId: filed.requestId, handling: "已发放"), by: committee, now: Date(), requestId: nil) }
        }
        let waiting = try f.store.readSync { db in try Care.list(db, CareQuery(waitingForMe: true), by: committee) }
        XCTAssertEqual(waiting.requests.map(\.requestId), [filed.requestId])
        _ = try write { db in try Care.decide(db, CareDecision(requestId: filed.requestId, approve: true), by: committee, now: Date(), requestId: nil) }
        let handled = try write { db in
            try Care.handle(db, CareHandling(requestId: filed.requestId, handling: "帮扶金 2000 元已发放"), by: committee, now: Date(), requestId: nil)
        }
        XCTAssertEqual(handled.status, .handled)

        // 我的党员关爱.
        let mine = try f.store.readSync { db in try Care.list(db, CareQuery(), by: Fixture.member("m1")) }
        XCTAssertEqual(mine.requests.map(\.handling), ["帮扶金 2000 元已发放"])
        XCTAssertEqual(mine.records.map(\.content), ["春节走访慰问"])
        XCTAssertTrue(try f.store.readSync { db in try Care.list(db, CareQuery(), by: Fixture.member("b2-1")) }.requests.isEmpty)

        // Each step is an event for notifications: filed, approved, handled.
        let steps = try f.store.readSync { db in
            try EventLog.since(db, after: 0, limit: 100).filter { $0.type == MeetingsEvent.careChanged }
                .map { try Wire.decode(CareRequestView.self, from: $0.envelope).body!.status }
        }
        XCTAssertEqual(steps, [.pending, .approved, .handled])
    }
}
