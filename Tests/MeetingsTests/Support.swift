import Foundation
import GRDB
import Meetings
import Schema
import Store
import XCTest

/// A real SQLite store in a temp dir with a small tree:
///
///     001 市委组织部 (committee, root)
///     └── 001001 甲党委 (committee)
///         ├── 001001001 甲一支部 (branch) — members added per test
///         └── 001001002 甲二支部 (branch) — b2-1
final class Fixture: @unchecked Sendable {
    let dir: URL
    let store: Store
    var settings = MeetingsSettings()

    static let root = "001", committee = "001001", branch = "001001001", branch2 = "001001002"

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("meetings-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        store = try Store(path: dir.appendingPathComponent("meetings.sqlite").path, migrations: MeetingsMigrations.register)
        try store.writeSync { db in
            for (code, name, type) in [(Self.root, "市委组织部", OrganizationType.committee), (Self.committee, "甲党委", .committee),
                                       (Self.branch, "甲一支部", .branch), (Self.branch2, "甲二支部", .branch)] {
                try DirectoryCopy.upsert(db, OrganizationEvent(
                    code: code, name: name, type: type, parentCode: code.count > 3 ? String(code.dropLast(3)) : nil, path: Self.path(code),
                    depth: code.count / 3, unit: "", isVillage: false, secretaryMemberId: nil, dissolved: false))
            }
        }
        try addMember("b2-1", name: "外支部", org: Self.branch2)
    }

    deinit { try? FileManager.default.removeItem(at: dir) }

    static func path(_ code: String) -> String {
        "/" + stride(from: 3, through: code.count, by: 3).map { String(code.prefix($0)) }.joined(separator: "/") + "/"
    }

    func addMember(_ id: String, name: String? = nil, org: String = Fixture.branch, type: MemberType = .full) throws {
        try store.writeSync { db in
            try DirectoryCopy.upsert(db, MemberEvent(memberId: id, name: name ?? "党员\(id)", orgCode: org, orgPath: Self.path(org),
                                                     memberType: type, post: .member, status: .active, joinDate: nil, unit: "", hasPhone: true))
        }
    }

    /// `count` members m00, m01, … of the branch.
    @discardableResult
    func addMembers(_ count: Int, prefix: String = "m", type: MemberType = .full) throws -> [String] {
        let ids = (0..<count).map { String(format: "\(prefix)%02d", $0) }
        for id in ids { try addMember(id, type: type) }
        return ids
    }

    static func admin(_ org: String, roles: [String] = []) -> Actor { Actor(kind: .admin, id: "adm-\(org)", orgCode: org, roles: roles) }
    static func member(_ id: String) -> Actor { Actor(kind: .member, id: id) }

    /// A meeting starting an hour from `now` (or at `startsAt`), lasting two.
    func publish(_ kind: MeetingKind = .assembly, mode: MeetingMode = .offline, invitees: [String], org: String = Fixture.branch,
                 by actor: Actor = Fixture.admin(Fixture.branch), startsAt: Date = Date().addingTimeInterval(3600)) throws -> MeetingView {
        let settings = self.settings
        return try store.writeSync { db in
            try Publishing.publish(db, PublishMeetingRequest(
                orgCode: org, kind: kind, name: "第四季度\(kind.chineseName)", startsAt: startsAt, endsAt: startsAt.addingTimeInterval(7200),
                place: mode == .offline ? "党员活动室" : nil, topic: "学习贯彻全会精神", mode: mode, inviteeIds: invitees),
                by: actor, settings: settings, now: Date(), requestId: nil)
        }
    }

    func get(_ id: String, by actor: Actor = Fixture.admin(Fixture.branch), now: Date = Date()) throws -> MeetingView {
        let settings = self.settings
        return try store.readSync { db in try Queries.get(db, MeetingRef(meetingId: id), by: actor, settings: settings, now: now) }
    }

    func attend(_ id: String, _ member: String, now: Date) throws {
        let settings = self.settings
        _ = try store.writeSync { db in try CheckIn.attend(db, MeetingRef(meetingId: id), by: Fixture.member(member), settings: settings, now: now) }
    }

    func addTopic(_ id: String, now: Date = Date()) throws -> String {
        let view = try store.writeSync { db in
            try Voting.add(db, AddTopicRequest(meetingId: id, title: "关于发展张三为预备党员的决议"), by: Fixture.admin(Fixture.branch), now: now)
        }
        return view.topics.last!.topicId
    }

    func vote(_ id: String, _ topic: String, _ member: String, _ choice: VoteChoice, now: Date) throws -> TopicView {
        let settings = self.settings
        return try store.writeSync { db in
            try Voting.vote(db, VoteRequest(meetingId: id, topicId: topic, choice: choice), by: Fixture.member(member), settings: settings, now: now)
        }
    }

    func close(_ id: String, _ topic: String, now: Date) throws -> TopicView {
        let settings = self.settings
        return try store.writeSync { db in
            try Voting.close(db, TopicRef(meetingId: id, topicId: topic), by: Fixture.admin(Fixture.branch), settings: settings, now: now)
        }
    }

    func events(_ type: String) throws -> [MeetingInvitationEvent] {
        try store.readSync { db in
            try EventLog.since(db, after: 0, limit: 10_000).filter { $0.type == type }
                .map { try Wire.decode(MeetingInvitationEvent.self, from: $0.envelope).body! }
        }
    }

    func eventCount() throws -> Int64 { try store.readSync { db in try EventLog.head(db) } }
}

/// Asserts `body` throws an ErrorBody with `code` (and the field, when given).
func assertRefused<T>(_ code: String, field: String? = nil, file: StaticString = #filePath, line: UInt = #line, _ body: () throws -> T) {
    do {
        _ = try body()
        XCTFail("expected \(code)", file: file, line: line)
    } catch let error as ErrorBody {
        XCTAssertEqual(error.code, code, file: file, line: line)
        if let field { XCTAssertEqual(error.details["field"], field, file: file, line: line) }
    } catch {
        XCTFail("expected \(code), got \(error)", file: file, line: line)
    }
}
