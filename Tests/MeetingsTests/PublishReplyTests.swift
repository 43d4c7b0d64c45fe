import Foundation
import Meetings
import Schema
import XCTest

/// 发布会议, 报名 / 请假, 未确认人员 and reminders.
final class PublishReplyTests: XCTestCase {
    func publish(_ f: Fixture, _ r: PublishMeetingRequest, by actor: Actor = Fixture.admin(Fixture.branch)) throws -> MeetingView {
        let settings = f.settings
        return try f.store.writeSync { db in try Publishing.publish(db, r, by: actor, settings: settings, now: Date(), requestId: nil) }
    }

    func request(_ invitees: [String]? = nil, kind: MeetingKind = .themeDay, otherKind: String? = nil, place: String? = "党员活动室",
                 org: String? = nil, hours: Double = 2, inviteAll: Bool? = nil) -> PublishMeetingRequest {
        let start = Date().addingTimeInterval(86_400)
        return PublishMeetingRequest(orgCode: org, kind: kind, otherKind: otherKind, name: "十一月主题党日", startsAt: start,
                                     endsAt: start.addingTimeInterval(hours * 3600), place: place, topic: "重温入党誓词", mode: .offline,
                                     inviteeIds: invitees, inviteAll: inviteAll)
    }

    func testPublishingInvitesTheNamedMembersAndTellsNotifications() throws {
        let f = try Fixture()
        let members = try f.addMembers(4)
        let view = try publish(f, request(members))
        XCTAssertEqual(view.counts, MeetingCounts(invited: 4, registered: 0, onLeave: 0, unconfirmed: 4, checkedIn: 0))
        XCTAssertEqual(view.kindName, "主题党日")
        XCTAssertEqual(view.publishedByName, "甲一支部管理员")
        XCTAssertNil(view.quorum, "quorum is the 党员大会's")
        let events = try f.events(MeetingsEvent.published)
        XCTAssertEqual(events.count, 1)
        XCTAssertEqual(events[0].memberIds, members)
        XCTAssertEqual(events[0].meetingId, view.meetingId)

        // A meeting entered after it ended, to record it (会后补录), sends no invitations.
        _ = try f.publish(.themeDay, invitees: members, startsAt: Date().addingTimeInterval(-3 * 86_400))
        XCTAssertEqual(try f.events(MeetingsEvent.published).count, 1)

        // A committee invites everyone below it (a committee-wide 党课).
        let all = try publish(f, request(kind: .lecture, org: Fixture.committee, inviteAll: true), by: Fixture.admin(Fixture.committee))
        XCTAssertEqual(all.counts.invited, 5)
    }

    func testBadPublicationsAreRefusedNamingTheFieldAndChangeNothing() throws {
        let f = try Fixture()
        let members = try f.addMembers(2)
        assertRefused(ErrorCode.meetingsInviteesInvalid, field: "body.inviteeIds[1]") { try publish(f, request([members[0], "b2-1"])) }
        assertRefused(ErrorCode.meetingsInviteesInvalid, field: "body.inviteeIds") { try publish(f, request([])) }
        assertRefused(ErrorCode.meetingsPlaceRequired, field: "body.place") { try publish(f, request(members, place: " ")) }
        assertRefused(ErrorCode.meetingsTimeInvalid, field: "body.endsAt") { try publish(f, request(members, hours: -1)) }
        assertRefused(ErrorCode.meetingsTimeInvalid, field: "body.endsAt") { try publish(f, request(members, hours: 25)) }
        assertRefused(ErrorCode.meetingsKindInvalid, field: "body.otherKind") { try publish(f, request(members, kind: .other, otherKind: "聚餐")) }
        XCTAssertEqual(try publish(f, request(members, kind: .other, otherKind: "专题学习")).kindName, "专题学习")
        // Another branch's administrator cannot publish for this one.
        assertRefused(ErrorCode.meetingsOrgInvalid, field: "body.orgCode") {
            try publish(f, request(members, org: Fixture.branch), by: Fixture.admin(Fixture.branch2))
        }
        f.settings.maxInvitees = 1
        assertRefused(ErrorCode.meetingsTooManyInvitees) { try publish(f, request(members)) }
        XCTAssertEqual(try f.events(MeetingsEvent.published).count, 1, "only the one good publication")
    }

    func testRepliesLeaveNeedsAReasonAndTheUnconfirmedAreReminded() throws {
        let f = try Fixture()
        let members = try f.addMembers(4)
        let id = try publish(f, request(members)).meetingId
        let reply = { (member: String, answer: MeetingAnswer, reason: String?, now: Date) in
            try f.store.writeSync { db in
                try Replies.reply(db, MeetingReplyRequest(meetingId: id, answer: answer, reason: reason), by: Fixture.member(member), now: now)
            }
        }
        XCTAssertEqual(try reply(members[0], .register, nil, Date()).mine?.answer, .register)
        assertRefused(ErrorCode.meetingsReasonRequired, field: "body.reason") { try reply(members[1], .leave, " ", Date()) }
        let leave = try reply(members[1], .leave, "出差在外", Date())
        XCTAssertEqual(leave.mine?.leaveReason, "出差在外")
        XCTAssertNil(leave.attendees, "a member sees their own reply, not everyone's")
        // A member of the branch who was not invited; a member elsewhere does not even see the meeting.
        try f.addMember("outsider")
        assertRefused(ErrorCode.meetingsNotInvited) { try reply("outsider", .register, nil, Date()) }
        assertRefused(ErrorCode.meetingsForbidden) { try reply("b2-1", .register, nil, Date()) }
        assertRefused(ErrorCode.meetingsReplyClosed) { try reply(members[2], .register, nil, Date().addingTimeInterval(2 * 86_400)) }

        let admin = try f.get(id)
        XCTAssertEqual(admin.counts, MeetingCounts(invited: 4, registered: 1, onLeave: 1, unconfirmed: 2, checkedIn: 0))
        XCTAssertEqual(admin.attendees?.filter { $0.answer == nil }.map(\.memberId), [members[2], members[3]])

        let reminded = try f.store.writeSync { db in
            try Replies.remind(db, MeetingRef(meetingId: id), by: Fixture.admin(Fixture.branch), now: Date(), requestId: nil)
        }
        XCTAssertEqual(reminded.reminded, 2)
        XCTAssertEqual(try f.events(MeetingsEvent.reminded).map(\.memberIds), [[members[2], members[3]]])
    }

    func testListsScopeToTheAdministratorAndTheMember() throws {
        let f = try Fixture()
        let members = try f.addMembers(2)
        _ = try publish(f, request(members))
        _ = try publish(f, request(["b2-1"], org: Fixture.branch2), by: Fixture.admin(Fixture.branch2))
        let list = { (actor: Actor) in try f.store.readSync { db in try Queries.list(db, MeetingListQuery(), by: actor) } }
        XCTAssertEqual(try list(Fixture.admin(Fixture.branch)).total, 1)
        XCTAssertEqual(try list(Fixture.admin(Fixture.committee)).total, 2)
        XCTAssertEqual(try list(Fixture.admin(Fixture.root, roles: ["city"])).total, 2)
        let mine = try f.store.readSync { db in try Queries.mine(db, MeetingListQuery(), by: Fixture.member(members[0])) }
        XCTAssertEqual(mine.total, 1)
        XCTAssertEqual(mine.items[0].mine?.memberId, members[0])
        let year = Calendar(identifier: .gregorian).component(.year, from: Date().addingTimeInterval(86_400))
        let other = try f.store.readSync { db in try Queries.list(db, MeetingListQuery(year: year - 1), by: Fixture.admin(Fixture.committee)) }
        XCTAssertEqual(other.total, 0)
        // Another branch's member sees neither the meeting nor its attendees.
        assertRefused(ErrorCode.meetingsForbidden) { try f.get(mine.items[0].meetingId, by: Fixture.member("b2-1")) }
    }

    /// 我的组织生活: what the member's own branch has begun, invited or not; not another branch's, and not
    /// what is still to come.
    func testMyBranchLifeListsWhatMyBranchHasHeld() throws {
        let f = try Fixture()
        let members = try f.addMembers(3)
        try f.addMember("b2-1", org: Fixture.branch2)
        let held = try f.publish(.committee, invitees: [members[0]], startsAt: Date().addingTimeInterval(-3600))
        _ = try f.publish(invitees: members)
        _ = try f.publish(invitees: ["b2-1"], org: Fixture.branch2, by: Fixture.admin(Fixture.branch2),
                          startsAt: Date().addingTimeInterval(-3600))
        let branchLife = { (member: String) in
            try f.store.readSync { db in try Queries.mine(db, MeetingListQuery(branch: true), by: Fixture.member(member)) }
        }
        let uninvited = try branchLife(members[2])
        XCTAssertEqual(uninvited.items.map(\.meetingId), [held.meetingId])
        XCTAssertNil(uninvited.items[0].mine, "not invited to the 支委会, and still sees it was held")
        XCTAssertEqual(try f.get(held.meetingId, by: Fixture.member(members[2])).name, held.name)
        XCTAssertEqual(try branchLife("b2-1").items.count, 1)
        XCTAssertNotEqual(try branchLife("b2-1").items[0].meetingId, held.meetingId)
        // Managing it is its own branch's: the committee above sees it but does not manage it.
        XCTAssertTrue(try f.get(held.meetingId).canManage)
        XCTAssertFalse(try f.get(held.meetingId, by: Fixture.admin(Fixture.committee)).canManage)
        XCTAssertFalse(try f.get(held.meetingId, by: Fixture.member(members[0])).canManage)
    }
}

/// A branch moved to another committee takes its meetings along (the shared subtree move rewrites
/// every path column meetings keeps).
final class DirectoryMoveTests: XCTestCase {
    func testAMovedBranchsMeetingsFollowItToTheNewCommittee() throws {
        let f = try Fixture()
        let members = try f.addMembers(2)
        let id = try f.publish(.themeDay, invitees: members).meetingId
        try f.store.writeSync { db in
            try DirectoryCopy.upsert(db, OrganizationEvent(code: "001002", name: "乙党委", type: .committee, parentCode: Fixture.root,
                                                           path: Fixture.path("001002"), depth: 2, unit: "", isVillage: false,
                                                           secretaryMemberId: nil, dissolved: false))
            let move = OrganizationMovedEvent(code: Fixture.branch, name: "甲一支部", type: .branch, oldParentCode: Fixture.committee,
                                              newParentCode: "001002", oldPath: Fixture.path(Fixture.branch),
                                              newPath: "/001/001002/001001001/", oldDepth: 3, newDepth: 3, movedCount: 1)
            try DirectoryCopy.apply(db, event: Envelope(type: IdentityEvent.orgMoved, body: try JSONValue(encoding: move)))
        }
        let list = { (org: String) in try f.store.readSync { db in try Queries.list(db, MeetingListQuery(), by: Fixture.admin(org)) } }
        XCTAssertEqual(try list("001002").items.map(\.meetingId), [id])
        XCTAssertEqual(try list(Fixture.committee).total, 0)
        XCTAssertEqual(try f.get(id, by: Fixture.member(members[0])).meetingId, id, "members moved with the branch still see it")
    }
}
