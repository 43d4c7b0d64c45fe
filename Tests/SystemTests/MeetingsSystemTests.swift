import Bus
import Foundation
import GRDB
import Schema
import XCTest

/// Meetings with real processes, on the notifications rig (broker, identity, notifications, the
/// gateway and the provider simulator) plus `meetings`: a 支部党员大会 published to the 20 members
/// of a branch reaches each of them at the simulator; replies, QR and hand check-in make the
/// quorum; an online topic is voted anonymously and the service keeps no record of the votes' requests.
extension NotificationsSystemTests {
    func testAnAssemblyOfTwentyIsNotifiedRepliedCheckedInAndVotesAnonymously() async throws {
        let people = Self.people(40)
        let branch = people.filter { $0.branch == "001001001" }
        try await start(people: people, environment: ["DJ_NOTIFY_SOURCES": "identity,meetings"])
        try cluster.startService("meetings")
        try await cluster.waitUntilServing("meetings")
        try await eventually("meetings has every member", timeout: .seconds(60)) {
            (try? self.cluster.database("meetings").read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM member") }) == people.count
        }
        let ids = try await cluster.database("identity").read { db in
            try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT id, idNumber FROM member").map { ($0["idNumber"] as String, $0["id"] as String) })
        }
        let members = branch.map { ids[$0.idNumber]! }
        let client = try cluster.client(inFlight: 2, timeout: .seconds(10), retries: 1)
        let admin = Actor(kind: .admin, id: "branchadmin", orgCode: "001001001")
        let member = { (id: String) in Actor(kind: .member, id: id, orgCode: "001001001") }
        let smsBefore = try await smsByPhone()

        // Published to the 20: each is told (no one is bound to WeChat here, so by SMS) and has it in the inbox.
        let start = Date().addingTimeInterval(1800)
        let meeting = try await client.call(MeetingsAPI.publish.type, PublishMeetingRequest(
            kind: .assembly, name: "第四季度支部党员大会", startsAt: start, endsAt: start.addingTimeInterval(7200), place: "党员活动室",
            topic: "讨论发展党员", mode: .offline, inviteeIds: members), as: MeetingView.self, actor: admin)
        XCTAssertEqual(meeting.counts.invited, 20)
        try await eventually("every invitation delivered", timeout: .seconds(60)) {
            try self.notificationsCount("""
                SELECT count(*) FROM delivery WHERE templateKey = 'meetings.meeting.published' AND state = 'delivered'
                """) == 20
        }
        let smsNow = try await smsByPhone()
        for person in branch { XCTAssertEqual(smsNow[person.phone, default: 0] - smsBefore[person.phone, default: 0], 1, person.name) }
        for person in people where person.branch != "001001001" { XCTAssertNil(smsNow[person.phone]) }

        // 12 register, 2 ask for leave; 6 have not answered.
        for id in members.prefix(12) {
            _ = try await client.call(MeetingsAPI.reply.type, MeetingReplyRequest(meetingId: meeting.meetingId, answer: .register),
                                      as: MeetingView.self, actor: member(id))
        }
        for id in members[12..<14] {
            _ = try await client.call(MeetingsAPI.reply.type, MeetingReplyRequest(meetingId: meeting.meetingId, answer: .leave, reason: "出差"),
                                      as: MeetingView.self, actor: member(id))
        }
        // 11 check in: 8 by the QR code, 3 by hand.
        let code = try await client.call(MeetingsAPI.code.type, MeetingRef(meetingId: meeting.meetingId), as: CheckInCode.self, actor: admin)
        for id in members.prefix(8) {
            _ = try await client.call(MeetingsAPI.checkIn.type, CheckInRequest(meetingId: meeting.meetingId, token: code.token),
                                      as: MeetingView.self, actor: member(id))
        }
        do {
            _ = try await client.call(MeetingsAPI.checkIn.type, CheckInRequest(meetingId: meeting.meetingId, token: code.token),
                                      as: MeetingView.self, actor: member(members[0]))
            XCTFail("a second check-in")
        } catch {
            XCTAssertEqual(error.code, ErrorCode.meetingsAlreadyCheckedIn)
        }
        _ = try await client.call(MeetingsAPI.manualCheckIn.type, ManualCheckInRequest(meetingId: meeting.meetingId,
                                                                                      memberIds: Array(members[8..<11])),
                                  as: ManualCheckInReply.self, actor: admin)
        let held = try await client.call(MeetingsAPI.get.type, MeetingRef(meetingId: meeting.meetingId), as: MeetingView.self, actor: admin)
        XCTAssertEqual(held.counts, MeetingCounts(invited: 20, registered: 12, onLeave: 2, unconfirmed: 6, checkedIn: 11))
        XCTAssertEqual(held.quorum, QuorumView(entitled: 20, presentEntitled: 11, presentProbationary: 0, quorate: true, needed: 11))

        // An online 党员大会's topic: 12 take part, 11 agree and one does not: more than half of the 20 entitled.
        let online = try await client.call(MeetingsAPI.publish.type, PublishMeetingRequest(
            kind: .assembly, name: "线上支部党员大会", startsAt: Date().addingTimeInterval(-60), endsAt: Date().addingTimeInterval(3600),
            topic: "表决发展对象", mode: .online, inviteeIds: members), as: MeetingView.self, actor: admin)
        let withTopic = try await client.call(MeetingsAPI.addTopic.type, AddTopicRequest(meetingId: online.meetingId, title: "关于接收预备党员的决议"),
                                              as: MeetingView.self, actor: admin)
        let topicId = try XCTUnwrap(withTopic.topics.first?.topicId)
        for (i, id) in members.prefix(12).enumerated() {
            _ = try await client.call(MeetingsAPI.attend.type, MeetingRef(meetingId: online.meetingId), as: MeetingView.self, actor: member(id))
            let view = try await client.call(MeetingsAPI.vote.type, VoteRequest(meetingId: online.meetingId, topicId: topicId,
                                                                                choice: i < 11 ? .agree : .disagree),
                                             as: TopicView.self, actor: member(id))
            XCTAssertNil(view.results, "no results while the vote is open")
        }
        let closed = try await client.call(MeetingsAPI.closeTopic.type, TopicRef(meetingId: online.meetingId, topicId: topicId),
                                           as: TopicView.self, actor: admin)
        XCTAssertEqual(closed.results, TopicResults(agree: 11, disagree: 1, abstain: 0, entitled: 20, outcome: .passed))
        // Nothing the service keeps ties a ballot to its voter: not the request log, not the event log.
        let traces = try await cluster.database("meetings").read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM store_processed_request WHERE type = ?", arguments: [MeetingsAPI.vote.type])
        }
        XCTAssertEqual(traces, 0)
        let ballotColumns = try await cluster.database("meetings").read { db in
            try Row.fetchAll(db, sql: "PRAGMA table_info(ballot)").map { $0["name"] as String }
        }
        XCTAssertFalse(ballotColumns.contains("memberId"))
    }
}
