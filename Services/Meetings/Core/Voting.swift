import Foundation
import GRDB
import Schema

/// 议题 of online meetings: anonymous votes and signed comments.
///
/// Anonymity: `topic_voter` says who has voted (so nobody votes twice) and `ballot` holds the
/// choices; they share only the topic. A ballot has no member, no time and no rowid; its key is 16
/// random bytes, so ballots sit in an order unrelated to who voted when. No event is emitted for a
/// vote and the route keeps no record of the request (see MeetingsRoutes).
public enum Voting {
    public static func add(_ db: Database, _ r: AddTopicRequest, by actor: Actor, now: Date, newId: () -> String = { Ids.make("TP") })
        throws -> MeetingView {
        let m = try Access.requireManager(db, actor, r.meetingId)
        guard m.mode == .online else { throw ErrorBody.make(ErrorCode.meetingsNotOnline, details: ["field": "body.meetingId"]) }
        let title = try Checks.text(r.title, 2...100, ErrorCode.meetingsTopicTitleInvalid, field: "body.title")
        try db.cachedStatement(sql: "INSERT INTO topic (id, meetingId, title, description, status, createdAt) VALUES (?, ?, ?, ?, 'open', ?)").execute(arguments: [newId(), m.id, title, Checks.nonEmpty(r.description), now.timeIntervalSince1970])
        return try Views.meeting(db, m, for: actor)
    }

    public static func vote(_ db: Database, _ r: VoteRequest, by actor: Actor, settings: MeetingsSettings, now: Date,
                            ballotKey: () -> Data = randomKey) throws -> TopicView {
        let (m, topic) = try require(db, actor, r.meetingId, r.topicId)
        guard topic.status == .open, now < settings.checkInWindow(startsAt: m.startsAt, endsAt: m.endsAt).1 else {
            throw ErrorBody.make(ErrorCode.meetingsTopicClosed, details: ["field": "body.topicId"])
        }
        let invitation = try Access.invitation(db, actor, m)
        guard invitation.checkInMethod != nil, let me = try MemberRow.fetch(db, actor.id), me.memberType == .full, me.status == .active else {
            throw ErrorBody.make(ErrorCode.meetingsNotEntitled, details: ["field": "body.topicId"])
        }
        guard try Int.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM topic_voter WHERE topicId = ? AND memberId = ?"),
                               arguments: [topic.id, actor.id]) == nil
        else { throw ErrorBody.make(ErrorCode.meetingsAlreadyVoted, details: ["field": "body.topicId"]) }
        try db.cachedStatement(sql: "INSERT INTO topic_voter (topicId, memberId) VALUES (?, ?)").execute(arguments: [topic.id, actor.id])
        try db.cachedStatement(sql: "INSERT INTO ballot (topicId, token, choice) VALUES (?, ?, ?)").execute(arguments: [topic.id, ballotKey(), r.choice.rawValue])
        return try Views.topic(db, topic, m, for: actor, now: now, settings: settings)
    }

    public static func comment(_ db: Database, _ r: CommentRequest, by actor: Actor, settings: MeetingsSettings, now: Date) throws -> TopicView {
        let (m, topic) = try require(db, actor, r.meetingId, r.topicId)
        let invitation = try Access.invitation(db, actor, m)
        let text = try Checks.text(r.text, 1...500, ErrorCode.meetingsCommentInvalid, field: "body.text")
        try db.cachedStatement(sql: "INSERT INTO topic_comment (topicId, memberId, name, text, at) VALUES (?, ?, ?, ?, ?)").execute(arguments: [topic.id, actor.id, invitation.name, text, now.timeIntervalSince1970])
        return try Views.topic(db, topic, m, for: actor, now: now, settings: settings)
    }

    /// 结束表决: the ballots are counted once and the result is kept with the topic.
    public static func close(_ db: Database, _ r: TopicRef, by actor: Actor, settings: MeetingsSettings, now: Date) throws -> TopicView {
        let (m, topic) = try require(db, actor, r.meetingId, r.topicId)
        guard try Access.manages(db, actor, m) else { throw Access.forbidden() }
        guard topic.status == .open else { throw ErrorBody.make(ErrorCode.meetingsTopicClosed, details: ["field": "body.topicId"]) }
        let counts = try Row.fetchAll(db.cachedStatement(sql: "SELECT choice, COUNT(*) AS n FROM ballot WHERE topicId = ? GROUP BY choice"),
                                      arguments: [topic.id])
        let count = { (c: VoteChoice) in counts.first { $0["choice"] == c.rawValue }.map { $0["n"] as Int } ?? 0 }
        let (entitled, quorate) = try Quorum.entitled(db, m)
        let outcome = Quorum.outcome(agree: count(.agree), entitled: entitled, quorate: quorate)
        try db.cachedStatement(sql: """
            UPDATE topic SET status = 'closed', agree = ?, disagree = ?, abstain = ?, entitled = ?, outcome = ? WHERE id = ?
            """).execute(arguments: [count(.agree), count(.disagree), count(.abstain), entitled, outcome.rawValue, topic.id])
        return try Views.topic(db, try TopicRecord.fetch(db, topic.id)!, m, for: actor, now: now, settings: settings)
    }

    public static func randomKey() -> Data {
        var generator = SystemRandomNumberGenerator()
        return Data((0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    private static func require(_ db: Database, _ actor: Actor, _ meetingId: String, _ topicId: String) throws -> (MeetingRecord, TopicRecord) {
        let m = try Access.require(db, actor, meetingId)
        guard m.mode == .online else { throw ErrorBody.make(ErrorCode.meetingsNotOnline, details: ["field": "body.meetingId"]) }
        guard let topic = try TopicRecord.fetch(db, topicId), topic.meetingId == m.id else {
            throw ErrorBody.make(ErrorCode.meetingsTopicNotFound, details: ["field": "body.topicId"])
        }
        return (m, topic)
    }
}

struct TopicRecord: Sendable {
    var id: String
    var meetingId: String
    var title: String
    var description: String?
    var status: TopicStatus
    var results: TopicResults?

    init(row: Row) {
        id = row["id"]; meetingId = row["meetingId"]; title = row["title"]; description = row["description"]
        status = TopicStatus(rawValue: row["status"]) ?? .open
        if let outcome = (row["outcome"] as String?).flatMap(TopicOutcome.init(rawValue:)) {
            results = TopicResults(agree: row["agree"], disagree: row["disagree"], abstain: row["abstain"], entitled: row["entitled"],
                                   outcome: outcome)
        }
    }

    static func fetch(_ db: Database, _ id: String) throws -> TopicRecord? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM topic WHERE id = ?"), arguments: [id]).map(TopicRecord.init)
    }
}
