import Foundation
import GatewayApp
import HTTPTypes
import Hummingbird
import Schema

/// 会议管理 of the administrators (seed 003): the list, 发布会议 with its invitees, a meeting's page
/// (未确认人员 and 提醒, attendance and 手动签到, quorum, 议题 and results, 会后补录 with photos) and the
/// check-in code's print view (its publisher only).
struct MeetingAdminRoutes: Sendable {
    let portal: PortalState

    func add(to group: RouterGroup<GatewayContext>) {
        group.get("/admin/meetings", use: list)
        group.get("/admin/meetings/new", use: showPublish)
        group.post("/admin/meetings/new", use: publish)
        group.get("/admin/meetings/{id}", use: show)
        group.get("/admin/meetings/{id}/code", use: code)
        group.post("/admin/meetings/{id}/remind", use: remind)
        group.post("/admin/meetings/{id}/checkin", use: manualCheckIn)
        group.post("/admin/meetings/{id}/topics", use: addTopic)
        group.post("/admin/meetings/{id}/topics/{topic}/close", use: closeTopic)
        group.post("/admin/meetings/{id}/record", use: record)
        group.post("/admin/meetings/{id}/photos", use: addPhoto)
        group.get("/admin/meetings/{id}/photos/{sha}", use: photo)
    }

    static let notices = ["published": "会议已发布，已通知参会党员。", "checkedin": "已手动签到。", "topic": "议题已添加。",
                          "closed": "表决已结束，结果已公布。", "recorded": "会议记录已保存。", "photo": "照片已上传。"]
    static let pageSize = 20

    // MARK: 会议管理

    @Sendable func list(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .admin)
        let q = { (name: String) in OrgAdminKit.query(request, name) }
        let offset = max(0, Int(q("offset")) ?? 0)
        let year = Int(q("year"))
        var data = await portal.adminPage(visit, session, title: "会议管理", current: "/admin/meetings")
        data["kindOptions"] = [["value": "", "name": "全部", "selected": q("kind").isEmpty]]
            + MeetingKind.allCases.map { ["value": $0.rawValue, "name": $0.chineseName, "selected": $0.rawValue == q("kind")] }
        data["year"] = q("year")
        data["notice"] = OrgAdminKit.notice(request, Self.notices)
        do throws(ErrorBody) {
            let page = try await portal.gateway.call(MeetingsAPI.list, MeetingListQuery(kind: MeetingKind(rawValue: q("kind")), year: year,
                                                                                       offset: offset, limit: Self.pageSize), actor: session.actor)
            data["items"] = page.items.map { MeetingKit.summary($0, base: "/admin/meetings/") }
            data["empty"] = page.items.isEmpty
            data["total"] = page.total
            var link = request.uri.queryParameters.filter { $0.key != "offset" }
                .map { "\($0.key)=\(OrgAdminKit.escape(String($0.value)))" }.joined(separator: "&")
            if !link.isEmpty { link += "&" }
            data["prev"] = offset > 0 ? "/admin/meetings?\(link)offset=\(max(0, offset - Self.pageSize))" as Any : false
            data["next"] = offset + Self.pageSize < page.total ? "/admin/meetings?\(link)offset=\(offset + Self.pageSize)" as Any : false
            data["formError"] = false
        } catch {
            try MeetingKit.rethrowIfOutOfScope(error)
            data["items"] = [] as [Any]
            data["empty"] = true
            data["total"] = 0
            data["prev"] = false
            data["next"] = false
            data["formError"] = error.message
        }
        return visit.finish(portal.pages.html("mt_list", data))
    }

    // MARK: 发布会议

    static let inputs: Set<String> = ["kind", "otherKind", "name", "startsAt", "endsAt", "place", "topic", "mode", "inviteeIds"]

    func publishPage(_ visit: Visit, _ session: SignedIn, _ form: Form? = nil, errors: FormErrors = FormErrors(),
                     status: HTTPResponse.Status = .ok) async throws -> Response {
        var data = await portal.adminPage(visit, session, title: "发布会议", current: "/admin/meetings/new")
        let value = { (name: String, fallback: String) in form.map { $0.trimmed(name) } ?? fallback }
        // A sensible default: tomorrow 15:00–17:00 (Beijing).
        let tomorrow = Date().addingTimeInterval(86400)
        let day = String(MeetingKit.local(tomorrow).prefix(10))
        let fields = [
            AdminField(form: "mp", name: "kind", label: "会议类型", value: value("kind", MeetingKind.assembly.rawValue), required: true,
                       options: MeetingKit.kinds),
            AdminField(form: "mp", name: "otherKind", label: "其他类型名称（会议类型为“其他”时填写）", value: value("otherKind", "")),
            AdminField(form: "mp", name: "name", label: "会议名称", value: value("name", ""), required: true),
            AdminField(form: "mp", name: "startsAt", label: "开始时间", type: "datetime-local", value: value("startsAt", day + "T15:00"), required: true),
            AdminField(form: "mp", name: "endsAt", label: "结束时间", type: "datetime-local", value: value("endsAt", day + "T17:00"), required: true),
            AdminField(form: "mp", name: "mode", label: "会议形式", value: value("mode", MeetingMode.offline.rawValue), required: true,
                       options: MeetingMode.allCases.map { ($0.rawValue, $0.chineseName) },
                       hint: "线下会议扫码或手动签到；线上会议党员点击“参加”即签到，可设置议题表决。"),
            AdminField(form: "mp", name: "place", label: "会议地点（线下会议必填）", value: value("place", "")),
            AdminField(form: "mp", name: "topic", label: "会议主题", value: value("topic", ""), required: true, multiline: true),
        ]
        data["fields"] = AdminField.list(fields, errors)
        data["formError"] = OrgAdminKit.some(errors.general)
        data["inviteeError"] = OrgAdminKit.some(errors.fields["inviteeIds"])
        let chosen = Set(form?.all("inviteeIds") ?? [])
        let members = (try? await portal.gateway.call(IdentityAPI.memberSearch, MemberSearch(orgCode: session.actor.orgCode, limit: 200),
                                                      actor: session.actor))?.items ?? []
        data["members"] = members.map { m -> [String: Any] in
            ["memberId": m.id, "name": m.name, "memberType": m.memberType.chineseName, "orgName": m.orgName, "id": "mi-" + m.id,
             "checked": form == nil ? true : chosen.contains(m.id)]
        }
        data["hasMembers"] = !members.isEmpty
        data["inviteAll"] = form?["inviteAll"] == "1"
        return visit.finish(portal.pages.html("mt_publish", data, status: status))
    }

    @Sendable func showPublish(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .admin)
        return try await publishPage(visit, session)
    }

    @Sendable func publish(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .admin)
        let form = try await portal.form(request, visit: visit)
        guard let starts = MeetingKit.parse(local: form.trimmed("startsAt")) else {
            return try await publishPage(visit, session, form, errors: FormErrors(fields: ["startsAt": "请填写开始时间"]),
                                         status: .unprocessableContent)
        }
        guard let ends = MeetingKit.parse(local: form.trimmed("endsAt")) else {
            return try await publishPage(visit, session, form, errors: FormErrors(fields: ["endsAt": "请填写结束时间"]),
                                         status: .unprocessableContent)
        }
        let inviteAll = form["inviteAll"] == "1"
        let request = PublishMeetingRequest(
            kind: MeetingKind(rawValue: form.trimmed("kind")) ?? .other, otherKind: OrgAdminKit.given(form.trimmed("otherKind")),
            name: form.trimmed("name"), startsAt: starts, endsAt: ends, place: OrgAdminKit.given(form.trimmed("place")),
            topic: form.trimmed("topic"), mode: MeetingMode(rawValue: form.trimmed("mode")) ?? .offline,
            inviteeIds: inviteAll ? nil : form.all("inviteeIds"), inviteAll: inviteAll ? true : nil)
        do throws(ErrorBody) {
            let m = try await portal.gateway.call(MeetingsAPI.publish, request, actor: session.actor)
            return visit.finish(Pages.redirect("/admin/meetings/\(OrgAdminKit.escape(m.meetingId))?done=published"))
        } catch {
            try MeetingKit.rethrowIfOutOfScope(error)
            return try await publishPage(visit, session, form, errors: FormErrors(error, inputs: Self.inputs), status: LoginRoutes.status(error))
        }
    }

    // MARK: One meeting

    func page(_ visit: Visit, _ session: SignedIn, id: String, notice: Any = false, failed: (form: String, error: ErrorBody)? = nil,
              extra: [String: Any] = [:]) async throws -> Response {
        let m = try await portal.gateway.call(MeetingsAPI.get, MeetingRef(meetingId: id), actor: session.actor)
        var data = await portal.adminPage(visit, session, title: "会议详情", current: "/admin/meetings")
        data["m"] = MeetingKit.data(m)
        data["base"] = "/admin/meetings/" + OrgAdminKit.escape(id)
        data["notice"] = notice
        data["pageError"] = OrgAdminKit.some(failed?.error.message)
        data["manages"] = m.canManage
        for form in ["remind", "checkin", "topic", "record", "photo"] {
            data[form + "Error"] = failed?.form == form ? failed?.error.message as Any : false
        }
        data["minutes"] = m.record?.minutes ?? ""
        data["decisions"] = m.record?.decisions ?? ""
        data.merge(extra) { _, new in new }
        return visit.finish(portal.pages.html("mt_admin", data, status: failed.map { LoginRoutes.status($0.error) } ?? .ok))
    }

    @Sendable func show(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .admin)
        var extra: [String: Any] = [:]
        if let reminded = Int(OrgAdminKit.query(request, "reminded")) { extra["notice"] = "已提醒 \(reminded) 名未确认人员。" }
        return try await page(visit, session, id: OrgAdminKit.parameter(context, "id"), notice: OrgAdminKit.notice(request, Self.notices),
                              extra: extra)
    }

    /// One act on the meeting's page: done, back to it with a notice; refused, the page with the message by its form.
    func act(_ request: Request, _ context: GatewayContext, form name: String,
             _ call: @Sendable (Form, String, Actor) async throws(ErrorBody) -> String) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .admin)
        let id = OrgAdminKit.parameter(context, "id")
        let form = try await portal.form(request, visit: visit)
        do throws(ErrorBody) {
            let done = try await call(form, id, session.actor)
            return visit.finish(Pages.redirect("/admin/meetings/\(OrgAdminKit.escape(id))?\(done)"))
        } catch {
            try MeetingKit.rethrowIfOutOfScope(error)
            return try await page(visit, session, id: id, failed: (name, error))
        }
    }

    @Sendable func remind(_ request: Request, context: GatewayContext) async throws -> Response {
        try await act(request, context, form: "remind") { _, id, actor throws(ErrorBody) in
            let reply = try await portal.gateway.call(MeetingsAPI.remind, MeetingRef(meetingId: id), actor: actor)
            return "reminded=\(reply.reminded)"
        }
    }

    @Sendable func manualCheckIn(_ request: Request, context: GatewayContext) async throws -> Response {
        try await act(request, context, form: "checkin") { form, id, actor throws(ErrorBody) in
            let ids = form.all("memberIds")
            guard !ids.isEmpty else {
                throw ErrorBody.make(ErrorCode.meetingsInviteesInvalid, details: ["field": "body.memberIds"], message: "请勾选要签到的党员")
            }
            _ = try await portal.gateway.call(MeetingsAPI.manualCheckIn, ManualCheckInRequest(meetingId: id, memberIds: ids), actor: actor)
            return "done=checkedin"
        }
    }

    @Sendable func addTopic(_ request: Request, context: GatewayContext) async throws -> Response {
        try await act(request, context, form: "topic") { form, id, actor throws(ErrorBody) in
            _ = try await portal.gateway.call(MeetingsAPI.addTopic, AddTopicRequest(
                meetingId: id, title: form.trimmed("title"), description: OrgAdminKit.given(form.trimmed("description"))), actor: actor)
            return "done=topic"
        }
    }

    @Sendable func closeTopic(_ request: Request, context: GatewayContext) async throws -> Response {
        let topic = OrgAdminKit.parameter(context, "topic")
        return try await act(request, context, form: "topic") { _, id, actor throws(ErrorBody) in
            _ = try await portal.gateway.call(MeetingsAPI.closeTopic, TopicRef(meetingId: id, topicId: topic), actor: actor)
            return "done=closed"
        }
    }

    @Sendable func record(_ request: Request, context: GatewayContext) async throws -> Response {
        try await act(request, context, form: "record") { form, id, actor throws(ErrorBody) in
            _ = try await portal.gateway.call(MeetingsAPI.record, RecordMeetingRequest(
                meetingId: id, minutes: form.trimmed("minutes"), decisions: OrgAdminKit.given(form.trimmed("decisions"))), actor: actor)
            return "done=recorded"
        }
    }

    static var photoLimit: Int { MeetingsAPI.photoAdd.descriptor.http?.maxBodyBytes ?? MeetingsAPI.photoBodyBytes }

    @Sendable func addPhoto(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .admin)
        let id = OrgAdminKit.parameter(context, "id")
        let form = try await portal.multipartForm(request, visit: visit, limit: Self.photoLimit)
        guard let file = MeetingKit.photos(form, names: ["photo"]).first else {
            return try await page(visit, session, id: id, failed: ("photo", ErrorBody.make(
                ErrorCode.meetingsPhotoTypeInvalid, details: ["field": "body.contentBase64"], message: "请选择要上传的照片（JPG 或 PNG）")))
        }
        do throws(ErrorBody) {
            _ = try await portal.gateway.call(MeetingsAPI.photoAdd, PhotoUploadRequest(meetingId: id, fileName: file.fileName,
                                                                                      contentBase64: file.base64), actor: session.actor)
            return visit.finish(Pages.redirect("/admin/meetings/\(OrgAdminKit.escape(id))?done=photo"))
        } catch {
            try MeetingKit.rethrowIfOutOfScope(error)
            return try await page(visit, session, id: id, failed: ("photo", error))
        }
    }

    @Sendable func photo(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .admin)
        let file = try await portal.gateway.call(MeetingsAPI.photoGet, PhotoRef(meetingId: OrgAdminKit.parameter(context, "id"),
                                                                                sha256: OrgAdminKit.parameter(context, "sha")),
                                                 actor: session.actor)
        return visit.finish(Download.file(file, inline: true))
    }

    /// The code to print and put up at the door: the publisher's organization only (403 for anyone else).
    @Sendable func code(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .admin)
        let id = OrgAdminKit.parameter(context, "id")
        let m = try await portal.gateway.call(MeetingsAPI.get, MeetingRef(meetingId: id), actor: session.actor)
        let code = try await portal.gateway.call(MeetingsAPI.code, MeetingRef(meetingId: id), actor: session.actor)
        var data = await portal.adminPage(visit, session, title: "签到二维码", current: "/admin/meetings")
        data["m"] = MeetingKit.data(m)
        data["png"] = "data:image/png;base64," + code.pngBase64
        data["url"] = code.url
        data["validFrom"] = Format.dateTime(code.validFrom)
        data["expiresAt"] = Format.dateTime(code.expiresAt)
        data["back"] = "/admin/meetings/" + OrgAdminKit.escape(id)
        return visit.finish(portal.pages.html("mt_code", data))
    }
}
