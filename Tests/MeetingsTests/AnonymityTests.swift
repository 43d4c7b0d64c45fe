import Foundation
import GRDB
import Meetings
import Schema
import XCTest

/// 不记名投票: nobody, not even someone holding the database, can tell how a member voted, yet
/// nobody votes twice.
final class AnonymityTests: XCTestCase {
    /// 100 members vote in a shuffled order: the first 50 to vote agree, the last 50 disagree. The
    /// ballots share no column with "who has voted" but the topic, carry no time and no rowid, and
    /// sit in an order that says nothing of when they were cast (were they in casting order, the
    /// first 50 would all be 同意).
    func testBallotsCannotBeJoinedBackToVoters() throws {
        let f = try Fixture()
        let members = try f.addMembers(100)
        let id = try f.publish(.committee, mode: .online, invitees: members, startsAt: Date().addingTimeInterval(-60)).meetingId
        let now = Date()
        for m in members { try f.attend(id, m, now: now) }
        let topic = try f.addTopic(id)
        let eventsBefore = try f.eventCount()

        let order = members.shuffled()
        for (i, m) in order.enumerated() { _ = try f.vote(id, topic, m, i < 50 ? .agree : .disagree, now: now) }

        try f.store.readSync { db in
            let ballotColumns = try Row.fetchAll(db, sql: "PRAGMA table_info(ballot)").map { $0["name"] as String }
            let voterColumns = try Row.fetchAll(db, sql: "PRAGMA table_info(topic_voter)").map { $0["name"] as String }
            XCTAssertEqual(Set(ballotColumns), ["topicId", "token", "choice"])
            XCTAssertEqual(Set(voterColumns), ["topicId", "memberId"])
            XCTAssertEqual(Set(ballotColumns).intersection(voterColumns), ["topicId"], "no key to join on but the topic")
            // No rowid to order either table by insertion.
            XCTAssertThrowsError(try Row.fetchAll(db, sql: "SELECT rowid FROM ballot"))
            XCTAssertThrowsError(try Row.fetchAll(db, sql: "SELECT rowid FROM topic_voter"))

            // The ballots as stored (a full scan, in the table's own order).
            let stored = try String.fetchAll(db, sql: "SELECT choice FROM ballot WHERE topicId = ?", arguments: [topic])
            XCTAssertEqual(stored.count, 100)
            let agreeFirstHalf = stored.prefix(50).filter { $0 == VoteChoice.agree.rawValue }.count
            // Random placement: hypergeometric, mean 25, sd 2.5; casting order would give 50.
            XCTAssertTrue((10...40).contains(agreeFirstHalf), "ballots follow casting order: \(agreeFirstHalf) of the first 50 agree")

            // "Who has voted" is kept in member order, not voting order: no rank correlation with when.
            let voters = try String.fetchAll(db, sql: "SELECT memberId FROM topic_voter WHERE topicId = ?", arguments: [topic])
            XCTAssertEqual(Set(voters), Set(members))
            let castRank = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
            let rho = spearman(voters.map { Double(castRank[$0]!) }, (0..<voters.count).map(Double.init))
            XCTAssertLessThan(abs(rho), 0.5, "the voters table reveals voting order (rho \(rho))")
        }
        XCTAssertEqual(try f.eventCount(), eventsBefore, "a vote emits no event (an event carries the actor and a time)")

        // Nobody votes twice, whatever they choose the second time.
        assertRefused(ErrorCode.meetingsAlreadyVoted, field: "body.topicId") { try f.vote(id, topic, order[0], .disagree, now: now) }
        let results = try XCTUnwrap(f.close(id, topic, now: now).results)
        XCTAssertEqual([results.agree, results.disagree, results.abstain], [50, 50, 0])
    }

    /// Rank correlation of two samples without ties.
    private func spearman(_ a: [Double], _ b: [Double]) -> Double {
        func ranks(_ x: [Double]) -> [Double] {
            var r = [Double](repeating: 0, count: x.count)
            for (rank, i) in x.indices.sorted(by: { x[$0] < x[$1] }).enumerated() { r[i] = Double(rank) }
            return r
        }
        let ra = ranks(a), rb = ranks(b), n = Double(a.count)
        let d2 = zip(ra, rb).map { ($0 - $1) * ($0 - $1) }.reduce(0, +)
        return 1 - 6 * d2 / (n * (n * n - 1))
    }
}
