import Foundation
import GatewayApp
import HTTPTypes
import Hummingbird
import Schema

/// 我的会议 of a member (seed 003): the invitations, a meeting's page (报名, 请假, 参加, 议题 with
/// votes and comments, the record), the page a check-in code opens, and 我的组织生活.
struct MyMeetingRoutes: Sendable {
    let portal: PortalState

    func add(to group: RouterGroup<GatewayContext>) {
        group.get("/me/meetings", use: mine)
        group.get("/me/meetings/branch", use: branch)
        group.get("/me/meetings/{id}", use: show)
        group.post("/me/meetings/{id}/reply", use: reply)
        group.post("/me/meetings/{id}/attend", use: attend)
        group.post("/me/meetings/{id}/topics/{topic}/vote", use: vote)
        group.post("/me/meetings/{id}/topics/{topic}/comment", use: comment)
        group.get("/me/meetings/{id}/photos/{sha}", use: photo)
        group.get("/meetings/{id}/checkin", use: showCheckIn)
        group.post("/meetings/{id}/checkin", use: checkIn)
    }

    static let notices = ["registered": "已报名，请按时参加。", "leave": "已请假。", "attended": "已参加（已签到）。", "voted": "投票已提交（不记名）。",
                          "commented": "意见已发表。", "checkedin": "签到成功。"]

    static let pageSize = 20

    func listPage(_ request: Request, branch: Bool) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .member)
        let offset = max(0, Int(OrgAdminKit.query(request, "offset")) ?? 0)
        let page = try await portal.gateway.call(MeetingsAPI.mine, MeetingListQuery(branch: branch ? true : nil, offset: offset,
                                                                                   limit: Self.pageSize), actor: session.actor)
        var data = await portal.memberPage(visit, session, title: branch ? "我的组织生活" : "我的会议", current: "/me")
        data["items"] = page.items.map { MeetingKit.summary($0, base: "/me/meetings/") }
        data["empty"] = page.items.isEmpty
        data["branch"] = branch
        data["total"] = page.total
        let base = branch ? "/me/meetings/branch" : "/me/meetings"
        data["prev"] = offset > 0 ? "\(base)?offset=\(max(0, offset - Self.pageSize))" as Any : false
        data["next"] = offset + Self.pageSize < page.total ? "\(base)?offset=\(offset + Self.pageSize)" as Any : false
        return visit.finish(portal.pages.html("mt_mine", data))
    }

    @Sendable func mine(_ request: Request, context: GatewayContext) async throws -> Response {
        try await listPage(request, branch: false)
    }

    @Sendable func branch(_ request: Request, context: GatewayContext) async throws -> Response {
        try await listPage(request, branch: true)
    }

    func page(_ visit: Visit, _ session: SignedIn, id: String, notice: Any = false, error: ErrorBody? = nil) async throws -> Response {
        let m = try await portal.gateway.call(MeetingsAPI.get, MeetingRef(meetingId: id), actor: session.actor)
        var data = await portal.memberPage(visit, session, title: m.name, current: "/me")
        data["m"] = MeetingKit.data(m)
        data["base"] = "/me/meetings/" + OrgAdminKit.escape(id)
        data["notice"] = notice
        data["formError"] = OrgAdminKit.some(error?.message)
        return visit.finish(portal.pages.html("mt_member", data, status: error.map(LoginRoutes.status) ?? .ok))
    }

    @Sendable func show(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .member)
        return try await page(visit, session, id: OrgAdminKit.parameter(context, "id"), notice: OrgAdminKit.notice(request, Self.notices))
    }

    /// One act on the meeting's page: done, back to the page with its notice; refused, the page with the message.
    func act(_ request: Request, _ context: GatewayContext,
             _ call: @Sendable (Form, String, Actor) async throws(ErrorBody) -> String) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .member)
        let id = OrgAdminKit.parameter(context, "id")
        let form = try await portal.form(request, visit: visit)
        do throws(ErrorBody) {
            let done = try await call(form, id, session.actor)
            return visit.finish(Pages.redirect("/me/meetings/\(OrgAdminKit.escape(id))?done=\(done)"))
        } catch {
            try MeetingKit.rethrowIfOutOfScope(error)
            return try await page(visit, session, id: id, error: error)
        }
    }

    @Sendable func reply(_ request: Request, context: GatewayContext) async throws -> Response {
        try await act(request, context) { form, id, actor throws(ErrorBody) in
            let answer = MeetingAnswer(rawValue: form.trimmed("answer")) ?? .register
            _ = try await portal.gateway.call(MeetingsAPI.reply, MeetingReplyRequest(
                meetingId: id, answer: answer, reason: OrgAdminKit.given(form.trimmed("reason"))), actor: actor)
            return answer == .register ? "registered" : "leave"
        }
    }

    @Sendable func attend(_ request: Request, context: GatewayContext) async throws -> Response {
        try await act(request, context) { _, id, actor throws(ErrorBody) in
            _ = try await portal.gateway.call(MeetingsAPI.attend, MeetingRef(meetingId: id), actor: actor)
            return "attended"
        }
    }

    @Sendable func vote(_ request: Request, context: GatewayContext) async throws -> Response {
        let topic = OrgAdminKit.parameter(context, "topic")
        return try await act(request, context) { form, id, actor throws(ErrorBody) in
            guard let choice = VoteChoice(rawValue: form.trimmed("choice")) else {
                throw ErrorBody.make(ErrorCode.schemaInvalid, details: ["field": "body.choice"], message: "请选择同意、不同意或弃权")
            }
            _ = try await portal.gateway.call(MeetingsAPI.vote, VoteRequest(meetingId: id, topicId: topic, choice: choice), actor: actor)
            return "voted"
        }
    }

    @Sendable func comment(_ request: Request, context: GatewayContext) async throws -> Response {
        let topic = OrgAdminKit.parameter(context, "topic")
        return try await act(request, context) { form, id, actor throws(ErrorBody) in
            _ = try await portal.gateway.call(MeetingsAPI.comment, CommentRequest(meetingId: id, topicId: topic, text: form.trimmed("text")),
                                              actor: actor)
            return "commented"
        }
    }

    @Sendable func photo(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .member)
        let file = try await portal.gateway.call(MeetingsAPI.photoGet, PhotoRef(meetingId: OrgAdminKit.parameter(context, "id"),
                                                                                sha256: OrgAdminKit.parameter(context, "sha")),
                                                 actor: session.actor)
        return visit.finish(Download.file(file, inline: true))
    }

    // MARK: The page a check-in code opens

    /// Logged in: the meeting and its 签到 button; not yet: the login, then back here.
    func checkInPage(_ request: Request, _ context: GatewayContext, token: String? = nil, error: ErrorBody? = nil) async throws -> Response {
        var visit = await portal.visit(request)
        let id = OrgAdminKit.parameter(context, "id")
        let token = token ?? OrgAdminKit.query(request, "t")
        guard let session = visit.session else {
            visit.set(PortalCookies.next, PortalCookies.encode(request.uri.description), maxAge: 600)
            return visit.finish(Pages.redirect("/login"))
        }
        guard session.actor.kind == .member else { throw PortalRedirect(location: HomeRoutes.home(session), visit: visit) }
        let m = try await portal.gateway.call(MeetingsAPI.get, MeetingRef(meetingId: id), actor: session.actor)
        var data = await portal.memberPage(visit, session, title: "会议签到", current: "/me")
        data["m"] = MeetingKit.data(m)
        data["token"] = token
        data["action"] = "/meetings/\(OrgAdminKit.escape(id))/checkin"
        data["formError"] = OrgAdminKit.some(error?.message)
        data["checkedIn"] = m.mine?.checkedIn ?? false
        return visit.finish(portal.pages.html("mt_checkin", data, status: error.map(LoginRoutes.status) ?? .ok))
    }

    @Sendable func showCheckIn(_ request: Request, context: GatewayContext) async throws -> Response {
        try await checkInPage(request, context)
    }

    @Sendable func checkIn(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .member)
        let id = OrgAdminKit.parameter(context, "id")
        let form = try await portal.form(request, visit: visit)
        do throws(ErrorBody) {
            _ = try await portal.gateway.call(MeetingsAPI.checkIn, CheckInRequest(meetingId: id, token: form.trimmed("t")), actor: session.actor)
            return visit.finish(Pages.redirect("/me/meetings/\(OrgAdminKit.escape(id))?done=checkedin"))
        } catch {
            try MeetingKit.rethrowIfOutOfScope(error)
            return try await checkInPage(request, context, token: form.trimmed("t"), error: error)
        }
    }
}
