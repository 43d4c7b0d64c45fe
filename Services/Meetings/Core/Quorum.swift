import Foundation
import GRDB
import Schema
import Store

/// 条例第十一条: a 支部党员大会 decides only with more than half of its members who may vote present
/// (预备党员 do not vote), and a motion passes with more than half of those entitled to vote.
public enum Quorum {
    public static func of(entitled: Int, presentEntitled: Int, presentProbationary: Int) -> QuorumView {
        QuorumView(entitled: entitled, presentEntitled: presentEntitled, presentProbationary: presentProbationary,
                   quorate: entitled > 0 && presentEntitled * 2 > entitled, needed: entitled / 2 + 1)
    }

    /// What a closed vote decided. `quorate` is nil where no quorum applies (meetings other than the
    /// 党员大会); an inquorate vote is never passed.
    public static func outcome(agree: Int, entitled: Int, quorate: Bool?) -> TopicOutcome {
        if quorate == false { return .inquorate }
        return entitled > 0 && agree * 2 > entitled ? .passed : .rejected
    }

    /// A 支部党员大会's quorum now: the active full members of its organization, and who of the
    /// invited are checked in.
    static func assembly(_ db: Database, _ m: MeetingRecord) throws -> QuorumView {
        let (low, high) = PathRange.bounds(m.orgPath)
        let entitled = try Int.fetchOne(db.cachedStatement(sql: """
            SELECT COUNT(*) FROM member WHERE orgPath >= ? AND orgPath < ? AND status = 'active' AND memberType = 'full'
            """), arguments: [low, high]) ?? 0
        let present = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT m.memberType, COUNT(*) AS n FROM invitee i JOIN member m ON m.id = i.memberId
            WHERE i.meetingId = ? AND i.checkInMethod IS NOT NULL AND m.status = 'active' AND m.orgPath >= ? AND m.orgPath < ?
            GROUP BY m.memberType
            """), arguments: [m.id, low, high])
        let count = { (type: MemberType) in present.first { $0["memberType"] == type.rawValue }.map { $0["n"] as Int } ?? 0 }
        return of(entitled: entitled, presentEntitled: count(.full), presentProbationary: count(.probationary))
    }

    /// Those entitled to vote on a topic: for the 党员大会 its quorum's entitled; otherwise the invited
    /// active full members.
    static func entitled(_ db: Database, _ m: MeetingRecord) throws -> (entitled: Int, quorate: Bool?) {
        if m.kind == .assembly {
            let q = try assembly(db, m)
            return (q.entitled, q.quorate)
        }
        let n = try Int.fetchOne(db.cachedStatement(sql: """
            SELECT COUNT(*) FROM invitee i JOIN member m ON m.id = i.memberId
            WHERE i.meetingId = ? AND m.status = 'active' AND m.memberType = 'full'
            """), arguments: [m.id]) ?? 0
        return (n, nil)
    }
}
