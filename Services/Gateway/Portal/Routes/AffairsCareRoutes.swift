import Foundation
import GatewayApp
import HTTPTypes
import Hummingbird
import Schema

/// 三务公开 and 党员关爱 (seed 002): administrators publish and manage them, members read their own
/// (我的三务公开 for village and community branches; 我的党员关爱).
struct AffairsCareRoutes: Sendable {
    let portal: PortalState

    func add(to group: RouterGroup<GatewayContext>) {
        group.get("/admin/affairs", use: adminAffairs)
        group.post("/admin/affairs", use: publishAffairs)
        group.get("/admin/affairs/{id}/photos/{sha}", use: affairsPhoto)
        group.get("/me/affairs", use: myAffairs)
        group.get("/me/affairs/{id}/photos/{sha}", use: affairsPhoto)
        group.get("/admin/care", use: adminCare)
        group.post("/admin/care/records", use: recordCare)
        group.post("/admin/care/requests", use: fileCare)
        group.post("/admin/care/requests/{id}/decide", use: decideCare)
        group.post("/admin/care/requests/{id}/handle", use: handleCare)
        group.get("/me/care", use: myCare)
    }

    static let photoNames = ["photo1", "photo2", "photo3"]
    static var affairsLimit: Int { MeetingsAPI.affairsPublish.descriptor.http?.maxBodyBytes ?? MeetingsAPI.affairsBodyBytes }

    // MARK: 三务公开

    static func post(_ p: AffairsPost, base: String) -> [String: Any] {
        ["postId": p.postId, "orgName": p.orgName, "category": p.category.chineseName, "title": p.title, "content": p.content,
         "publishedBy": p.publishedByName, "publishedAt": Format.dateTime(p.publishedAt), "hasPhotos": !p.photos.isEmpty,
         "photos": p.photos.map { ["src": "\(base)/\(OrgAdminKit.escape(p.postId))/photos/\($0.sha256)", "fileName": $0.fileName] }]
    }

    func affairsPage(_ visit: Visit, _ session: SignedIn, admin: Bool, notice: Any = false, error: FormErrors = FormErrors(),
                     values: [String: String] = [:], status: HTTPResponse.Status = .ok) async throws -> Response {
        var data = admin ? await portal.adminPage(visit, session, title: "三务公开", current: "/admin/affairs")
            : await portal.memberPage(visit, session, title: "我的三务公开", current: "/me")
        data["notice"] = notice
        data["formError"] = OrgAdminKit.some(error.general)
        do throws(ErrorBody) {
            let page = try await portal.gateway.call(MeetingsAPI.affairsList, AffairsQuery(limit: 50), actor: session.actor)
            data["posts"] = page.items.map { Self.post($0, base: admin ? "/admin/affairs" : "/me/affairs") }
            data["empty"] = page.items.isEmpty
            data["listError"] = false
        } catch {
            try MeetingKit.rethrowIfOutOfScope(error)
            data["posts"] = [] as [Any]
            data["empty"] = false
            data["listError"] = error.message
        }
        if admin {
            data["fields"] = AdminField.list([
                AdminField(form: "af", name: "category", label: "公开类别", value: values["category"] ?? AffairsCategory.party.rawValue,
                           required: true, options: AffairsCategory.allCases.map { ($0.rawValue, $0.chineseName) }),
                AdminField(form: "af", name: "title", label: "标题", value: values["title"] ?? "", required: true),
                AdminField(form: "af", name: "content", label: "公开内容", value: values["content"] ?? "", required: true, multiline: true),
            ], error)
            data["photoError"] = OrgAdminKit.some(error.fields["photosBase64"])
        }
        return visit.finish(portal.pages.html(admin ? "mt_affairs_admin" : "mt_affairs_mine", data, status: status))
    }

    @Sendable func adminAffairs(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .admin)
        return try await affairsPage(visit, session, admin: true, notice: OrgAdminKit.notice(request, ["published": "已发布。"]))
    }

    @Sendable func publishAffairs(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .admin)
        let form = try await portal.multipartForm(request, visit: visit, limit: Self.affairsLimit)
        let value = { (name: String) in (form.fields[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
        let photos = MeetingKit.photos(form, names: Self.photoNames).map(\.base64)
        do throws(ErrorBody) {
            _ = try await portal.gateway.call(MeetingsAPI.affairsPublish, PublishAffairsRequest(
                category: AffairsCategory(rawValue: value("category")) ?? .party, title: value("title"), content: value("content"),
                photosBase64: photos.isEmpty ? nil : photos), actor: session.actor)
            return visit.finish(Pages.redirect("/admin/affairs?done=published"))
        } catch {
            try MeetingKit.rethrowIfOutOfScope(error)
            return try await affairsPage(visit, session, admin: true,
                                         error: FormErrors(error, inputs: ["category", "title", "content", "photosBase64"]),
                                         values: ["category": value("category"), "title": value("title"), "content": value("content")],
                                         status: LoginRoutes.status(error))
        }
    }

    @Sendable func myAffairs(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .member)
        return try await affairsPage(visit, session, admin: false)
    }

    @Sendable func affairsPhoto(_ request: Request, context: GatewayContext) async throws -> Response {
        let visit = await portal.visit(request)
        guard let session = visit.session else { throw PortalRedirect(location: "/login", visit: visit) }
        let file = try await portal.gateway.call(MeetingsAPI.affairsPhoto, AffairsPhotoRef(postId: OrgAdminKit.parameter(context, "id"),
                                                                                          sha256: OrgAdminKit.parameter(context, "sha")),
                                                 actor: session.actor)
        return visit.finish(Download.file(file, inline: true))
    }

    // MARK: 党员关爱

    static func request(_ r: CareRequestView) -> [String: Any] {
        ["requestId": r.requestId, "orgName": r.orgName, "memberName": r.memberName, "kind": r.kind.chineseName, "reason": r.reason,
         "status": r.status.chineseName, "statusClass": "care-" + r.status.rawValue, "handlerOrgName": r.handlerOrgName,
         "comment": OrgAdminKit.some(r.comment), "handling": OrgAdminKit.some(r.handling), "createdAt": Format.dateTime(r.createdAt),
         "decidedAt": MeetingKit.when(r.decidedAt), "handledAt": MeetingKit.when(r.handledAt)]
    }

    static func record(_ r: CareRecordView) -> [String: Any] {
        ["orgName": r.orgName, "memberName": r.memberName, "kind": r.kind.chineseName, "content": r.content, "date": r.date,
         "recordedBy": r.recordedByName]
    }

    static let careKinds = CareKind.allCases.map { ($0.rawValue, $0.chineseName) }

    func carePage(_ visit: Visit, _ session: SignedIn, notice: Any = false, failed: (form: String, error: ErrorBody)? = nil,
                  status: HTTPResponse.Status = .ok) async throws -> Response {
        var data = await portal.adminPage(visit, session, title: "党员关爱", current: "/admin/care")
        data["notice"] = notice
        data["pageError"] = OrgAdminKit.some(failed?.error.message)
        let all = try await portal.gateway.call(MeetingsAPI.careList, CareQuery(limit: 100), actor: session.actor)
        let waiting = try await portal.gateway.call(MeetingsAPI.careList, CareQuery(waitingForMe: true, limit: 100), actor: session.actor)
        data["records"] = all.records.map(Self.record)
        data["hasRecords"] = !all.records.isEmpty
        data["requests"] = all.requests.map(Self.request)
        data["hasRequests"] = !all.requests.isEmpty
        data["waiting"] = waiting.requests.map { r -> [String: Any] in
            var d = Self.request(r)
            d["pending"] = r.status == .pending
            d["approved"] = r.status == .approved
            return d
        }
        data["hasWaiting"] = !waiting.requests.isEmpty
        // The members a branch records care for, or files a request about.
        let members = (try? await portal.gateway.call(IdentityAPI.memberSearch, MemberSearch(orgCode: session.actor.orgCode, limit: 200),
                                                      actor: session.actor))?.items ?? []
        data["members"] = members.map { ["value": $0.id, "label": "\($0.name)（\($0.orgName)）"] }
        data["hasMembers"] = !members.isEmpty
        data["kinds"] = Self.careKinds.map { ["value": $0.0, "label": $0.1] }
        data["today"] = String(MeetingKit.local(Date()).prefix(10))
        for form in ["record", "file"] {
            data[form + "Error"] = failed?.form == form ? failed?.error.message as Any : false
        }
        return visit.finish(portal.pages.html("mt_care_admin", data, status: status))
    }

    @Sendable func adminCare(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .admin)
        return try await carePage(visit, session, notice: OrgAdminKit.notice(request, [
            "recorded": "关爱活动已登记。", "filed": "关爱申请已提交，等待上级党组织审批。", "decided": "已审批。", "handled": "办理结果已登记。",
        ]))
    }

    func careAct(_ request: Request, _ context: GatewayContext, form name: String,
                 _ call: @Sendable (Form, Actor) async throws(ErrorBody) -> String) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .admin)
        let form = try await portal.form(request, visit: visit)
        do throws(ErrorBody) {
            return visit.finish(Pages.redirect("/admin/care?done=" + (try await call(form, session.actor))))
        } catch {
            try MeetingKit.rethrowIfOutOfScope(error)
            return try await carePage(visit, session, failed: (name, error), status: LoginRoutes.status(error))
        }
    }

    @Sendable func recordCare(_ request: Request, context: GatewayContext) async throws -> Response {
        try await careAct(request, context, form: "record") { form, actor throws(ErrorBody) in
            _ = try await portal.gateway.call(MeetingsAPI.careRecord, RecordCareRequest(
                memberId: form.trimmed("memberId"), kind: CareKind(rawValue: form.trimmed("kind")) ?? .other, content: form.trimmed("content"),
                date: form.trimmed("date")), actor: actor)
            return "recorded"
        }
    }

    @Sendable func fileCare(_ request: Request, context: GatewayContext) async throws -> Response {
        try await careAct(request, context, form: "file") { form, actor throws(ErrorBody) in
            _ = try await portal.gateway.call(MeetingsAPI.careFile, FileCareRequest(
                memberId: form.trimmed("memberId"), kind: CareKind(rawValue: form.trimmed("kind")) ?? .other, reason: form.trimmed("reason")),
                actor: actor)
            return "filed"
        }
    }

    @Sendable func decideCare(_ request: Request, context: GatewayContext) async throws -> Response {
        let id = OrgAdminKit.parameter(context, "id")
        return try await careAct(request, context, form: "decide") { form, actor throws(ErrorBody) in
            _ = try await portal.gateway.call(MeetingsAPI.careDecide, CareDecision(
                requestId: id, approve: form["approve"] == "1", comment: OrgAdminKit.given(form.trimmed("comment"))), actor: actor)
            return "decided"
        }
    }

    @Sendable func handleCare(_ request: Request, context: GatewayContext) async throws -> Response {
        let id = OrgAdminKit.parameter(context, "id")
        return try await careAct(request, context, form: "handle") { form, actor throws(ErrorBody) in
            _ = try await portal.gateway.call(MeetingsAPI.careHandle, CareHandling(requestId: id, handling: form.trimmed("handling")), actor: actor)
            return "handled"
        }
    }

    @Sendable func myCare(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .member)
        let list = try await portal.gateway.call(MeetingsAPI.careList, CareQuery(limit: 100), actor: session.actor)
        var data = await portal.memberPage(visit, session, title: "我的党员关爱", current: "/me")
        data["records"] = list.records.map(Self.record)
        data["requests"] = list.requests.map(Self.request)
        data["empty"] = list.records.isEmpty && list.requests.isEmpty
        return visit.finish(portal.pages.html("mt_care_mine", data))
    }
}
