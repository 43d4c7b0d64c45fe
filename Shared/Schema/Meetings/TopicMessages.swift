import Foundation

// Topics (议题) of online meetings: anonymous votes (不记名) and signed comments.

public enum VoteChoice: String, Codable, Sendable, CaseIterable, SchemaEnum {
    case agree, disagree, abstain

    public var chineseName: String {
        switch self {
        case .agree: "同意"
        case .disagree: "不同意"
        case .abstain: "弃权"
        }
    }
}

public enum TopicStatus: String, Codable, Sendable, CaseIterable, SchemaEnum {
    /// Voting.
    case open
    /// Closed by the publisher (or the meeting ended): results show.
    case closed
}

/// What a closed vote decided.
public enum TopicOutcome: String, Codable, Sendable, CaseIterable, SchemaEnum {
    /// More than half of those entitled to vote agreed (and a 党员大会 was quorate).
    case passed
    case rejected
    /// A 支部党员大会 without more than half of its voting members present: no decision, never passed.
    case inquorate

    public var chineseName: String {
        switch self {
        case .passed: "通过"
        case .rejected: "未通过"
        case .inquorate: "到会人数未超过应到会有表决权党员半数，表决无效"
        }
    }
}

public struct AddTopicRequest: Codable, Sendable, Equatable {
    public var meetingId: String
    public var title: String
    public var description: String?
    public init(meetingId: String, title: String, description: String? = nil) {
        self.meetingId = meetingId; self.title = title; self.description = description
    }
}

public struct TopicRef: Codable, Sendable, Equatable {
    public var meetingId: String
    public var topicId: String
    public init(meetingId: String, topicId: String) { self.meetingId = meetingId; self.topicId = topicId }
}

public struct VoteRequest: Codable, Sendable, Equatable {
    public var meetingId: String
    public var topicId: String
    public var choice: VoteChoice
    public init(meetingId: String, topicId: String, choice: VoteChoice) {
        self.meetingId = meetingId; self.topicId = topicId; self.choice = choice
    }
}

public struct CommentRequest: Codable, Sendable, Equatable {
    public var meetingId: String
    public var topicId: String
    public var text: String
    public init(meetingId: String, topicId: String, text: String) { self.meetingId = meetingId; self.topicId = topicId; self.text = text }
}

/// A comment, signed with the member's name.
public struct TopicComment: Codable, Sendable, Equatable {
    public var name: String
    public var text: String
    public var at: Date
    public init(name: String, text: String, at: Date) { self.name = name; self.text = text; self.at = at }
}

public struct TopicResults: Codable, Sendable, Equatable {
    public var agree: Int
    public var disagree: Int
    public var abstain: Int
    /// 应参加表决 (the entitled voters when it closed).
    public var entitled: Int
    public var outcome: TopicOutcome
    public init(agree: Int, disagree: Int, abstain: Int, entitled: Int, outcome: TopicOutcome) {
        self.agree = agree; self.disagree = disagree; self.abstain = abstain; self.entitled = entitled; self.outcome = outcome
    }
}

public struct TopicView: Codable, Sendable, Equatable {
    public var topicId: String
    public var title: String
    public var description: String?
    public var status: TopicStatus
    /// How many have voted (never who voted how).
    public var voted: Int
    /// Whether the asking member has voted, and may.
    public var iVoted: Bool
    public var iMayVote: Bool
    /// After it closes only.
    public var results: TopicResults?
    public var comments: [TopicComment]
    public init(topicId: String, title: String, description: String?, status: TopicStatus, voted: Int, iVoted: Bool, iMayVote: Bool,
                results: TopicResults?, comments: [TopicComment]) {
        self.topicId = topicId; self.title = title; self.description = description; self.status = status; self.voted = voted
        self.iVoted = iVoted; self.iMayVote = iMayVote; self.results = results; self.comments = comments
    }
}
