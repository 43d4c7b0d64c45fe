import Foundation
import Meetings
import Schema
import XCTest

/// 条例第十一条: more than half of the members who may vote present; 预备党员 do not vote; a motion
/// passes with more than half of those entitled; an inquorate vote is never passed.
final class QuorumTests: XCTestCase {
    func testExactlyHalfIsNotAQuorumAndHalfPlusOneIs() {
        XCTAssertFalse(Quorum.of(entitled: 10, presentEntitled: 5, presentProbationary: 0).quorate)
        XCTAssertTrue(Quorum.of(entitled: 10, presentEntitled: 6, presentProbationary: 0).quorate)
        XCTAssertEqual(Quorum.of(entitled: 10, presentEntitled: 0, presentProbationary: 0).needed, 6)
        // Odd: 9 entitled, 5 is more than half.
        XCTAssertFalse(Quorum.of(entitled: 9, presentEntitled: 4, presentProbationary: 0).quorate)
        XCTAssertTrue(Quorum.of(entitled: 9, presentEntitled: 5, presentProbationary: 0).quorate)
        XCTAssertEqual(Quorum.of(entitled: 9, presentEntitled: 0, presentProbationary: 0).needed, 5)
        // Probationary members present do not make up the number.
        XCTAssertFalse(Quorum.of(entitled: 10, presentEntitled: 5, presentProbationary: 4).quorate)
        XCTAssertFalse(Quorum.of(entitled: 0, presentEntitled: 0, presentProbationary: 3).quorate)
    }

    func testAMotionPassesWithMoreThanHalfOfThoseEntitledAndNeverWhenInquorate() {
        XCTAssertEqual(Quorum.outcome(agree: 6, entitled: 10, quorate: true), .passed)
        XCTAssertEqual(Quorum.outcome(agree: 5, entitled: 10, quorate: true), .rejected)
        XCTAssertEqual(Quorum.outcome(agree: 10, entitled: 10, quorate: false), .inquorate)
        XCTAssertEqual(Quorum.outcome(agree: 3, entitled: 5, quorate: nil), .passed)
        XCTAssertEqual(Quorum.outcome(agree: 0, entitled: 0, quorate: nil), .rejected)
    }

    /// A 支部党员大会 of 10 full and 3 probationary members: five full and three probationary present
    /// is exactly half (no quorum, and a unanimous vote is recorded as inquorate, not passed); a
    /// sixth full member makes it quorate, and six agreeing pass the motion while five do not.
    func testAnAssemblyCountsOnlyFullMembersPresentAndRecordsNoInquorateVoteAsPassed() throws {
        let f = try Fixture()
        let full = try f.addMembers(10)
        let probationary = try f.addMembers(3, prefix: "p", type: .probationary)
        let start = Date().addingTimeInterval(-600)
        let meeting = try f.publish(.assembly, mode: .online, invitees: full + probationary, startsAt: start)
        let id = meeting.meetingId
        XCTAssertEqual(meeting.quorum?.entitled, 10)
        XCTAssertEqual(meeting.quorum?.needed, 6)

        let now = Date()
        for m in full.prefix(5) + probationary { try f.attend(id, m, now: now) }
        var quorum = try XCTUnwrap(f.get(id).quorum)
        XCTAssertEqual(quorum.presentEntitled, 5)
        XCTAssertEqual(quorum.presentProbationary, 3)
        XCTAssertFalse(quorum.quorate)

        // Probationary members have no vote.
        let first = try f.addTopic(id)
        assertRefused(ErrorCode.meetingsNotEntitled) { try f.vote(id, first, probationary[0], .agree, now: now) }
        for m in full.prefix(5) { _ = try f.vote(id, first, m, .agree, now: now) }
        let inquorate = try f.close(id, first, now: now)
        XCTAssertEqual(inquorate.results?.agree, 5)
        XCTAssertEqual(inquorate.results?.outcome, .inquorate)

        try f.attend(id, full[5], now: now)
        quorum = try XCTUnwrap(f.get(id).quorum)
        XCTAssertEqual(quorum.presentEntitled, 6)
        XCTAssertTrue(quorum.quorate)

        let second = try f.addTopic(id)
        for m in full.prefix(6) { _ = try f.vote(id, second, m, .agree, now: now) }
        XCTAssertEqual(try f.close(id, second, now: now).results?.outcome, .passed)

        let third = try f.addTopic(id)
        for m in full.prefix(5) { _ = try f.vote(id, third, m, .agree, now: now) }
        _ = try f.vote(id, third, full[5], .disagree, now: now)
        let rejected = try f.close(id, third, now: now)
        XCTAssertEqual(rejected.results, TopicResults(agree: 5, disagree: 1, abstain: 0, entitled: 10, outcome: .rejected))
    }

    /// Results stay hidden while the vote is open.
    func testResultsShowOnlyAfterTheVoteCloses() throws {
        let f = try Fixture()
        let members = try f.addMembers(3)
        let id = try f.publish(.committee, mode: .online, invitees: members, startsAt: Date().addingTimeInterval(-60)).meetingId
        let now = Date()
        for m in members { try f.attend(id, m, now: now) }
        let topic = try f.addTopic(id)
        let open = try f.vote(id, topic, members[0], .agree, now: now)
        XCTAssertNil(open.results)
        XCTAssertEqual(open.voted, 1)
        XCTAssertTrue(open.iVoted)
        _ = try f.vote(id, topic, members[1], .agree, now: now)
        let closed = try f.close(id, topic, now: now)
        // Not a 党员大会: no quorum, and 2 of the 3 invited full members is more than half.
        XCTAssertEqual(closed.results, TopicResults(agree: 2, disagree: 0, abstain: 0, entitled: 3, outcome: .passed))
        assertRefused(ErrorCode.meetingsTopicClosed) { try f.vote(id, topic, members[2], .agree, now: now) }
    }
}
