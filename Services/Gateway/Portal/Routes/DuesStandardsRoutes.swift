import Foundation
import GatewayApp
import HTTPTypes
import Hummingbird
import Schema

/// 标准录入: the branch's members for a month, each with a kind, a base or an amount, and dues'
/// computed amount. 保存草稿 saves and shows dues' amounts again (the rates are dues' rule, never
/// computed here); 提交并通知交纳 saves then submits. A month not open yet can be opened, carrying
/// the previous month's standards forward.
struct DuesStandardsRoutes: Sendable {
    let portal: PortalState
    static let path = "/admin/dues/standards"

    func add(to group: RouterGroup<GatewayContext>) {
        group.get(RouterPath(Self.path), use: show)
        group.post(RouterPath(Self.path), use: save)
        group.post(RouterPath(Self.path + "/open"), use: open)
        group.post(RouterPath(Self.path + "/preview"), use: preview)
    }

    /// One row as the form holds it (what was typed, and the values it was drawn with).
    struct Typed {
        var kind: String
        var base: String
        var amount: String
        var note: String
        var signature: String { [kind, base, amount, note].joined(separator: "|") }
    }

    /// Errors of a re-drawn form: per member and input (kind/base/amount/note), and one above the table.
    struct RowErrors {
        var fields: [String: [String: String]] = [:]
        var general: String?
    }

    static func link(org: String, month: String, done: String? = nil) -> String {
        var link = "\(path)?org=\(org)&month=\(month)"
        if let done { link += "&done=\(done)" }
        return link
    }

    @Sendable func show(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .admin)
        let org = DuesMonthPage.query(request, "org"), month = DuesMonthPage.query(request, "month")
        let notice: String? = switch DuesMonthPage.query(request, "done") {
        case "saved": "草稿已保存，应交金额已按党费标准计算。"
        case "submitted": "已提交并通知党员交纳。"
        case "opened": "已开启本月，已沿用上月党费标准。"
        default: nil
        }
        return try await render(visit, session, org: org, month: month, notice: notice)
    }

    /// The page. `typed` (by member id) are the values a refused post held, drawn again with `errors`.
    func render(_ visit: Visit, _ session: SignedIn, org: String, month: String, typed: [String: Typed] = [:],
                errors: RowErrors = RowErrors(), notice: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let actor = session.actor
        let code = DuesMonthPage.given(org) ?? actor.orgCode ?? ""
        var data = await portal.adminPage(visit, session, title: "标准录入", current: Self.path)
        // The month dues is collecting now unless one is asked for (dues knows its calendar).
        var shownMonth = month
        if shownMonth.isEmpty {
            shownMonth = try await portal.gateway.call(DuesAPI.collectionRate, CollectionRateQuery(orgCode: code), actor: actor).month
        }
        data["org"] = code
        data["month"] = shownMonth
        data["monthChinese"] = DuesMonthPage.chinese(month: shownMonth)
        if let previous = DuesMonthPage.month(shownMonth, adding: -1) { data["previousHref"] = Self.link(org: code, month: previous) }
        if let next = DuesMonthPage.month(shownMonth, adding: 1) { data["nextHref"] = Self.link(org: code, month: next) }
        if let notice { data["notice"] = notice }
        if let general = errors.general { data["formError"] = general }
        let view: BranchStandardsView
        do throws(ErrorBody) {
            view = try await portal.gateway.call(DuesAPI.standardsGet, BranchMonthRef(orgCode: code, month: shownMonth), actor: actor)
        } catch {
            try DuesMonthPage.rethrowIfForbidden(error)
            // Not a branch (a committee's own page), no such month: said on the page, whose filter picks another.
            data["formError"] = error.message
            let refused = error.code == ErrorCode.duesNotABranch ? HTTPResponse.Status.ok : LoginRoutes.status(error)
            return visit.finish(portal.pages.html("dues_standards", data, status: refused))
        }
        // Members without a standard this month: dues knows their ids, identity their names.
        var names: [String: String] = [:]
        if !view.missingMemberIds.isEmpty {
            let page = try await portal.gateway.call(IdentityAPI.memberSearch, MemberSearch(orgCode: code, limit: 200), actor: actor)
            for member in page.items { names[member.id] = member.name }
        }
        data["orgName"] = view.orgName
        data["isBranch"] = true
        data["notOpen"] = view.status == nil
        data["submitted"] = view.status == .submitted
        data["statusText"] = switch view.status {
        case nil: "本月尚未开启"
        case .draft?: "草稿（未提交）"
        case .submitted?: "已提交并通知交纳" + (view.submittedAt.map { "（\(Format.dateTime($0))）" } ?? "")
        }
        data["total"] = DuesMonthPage.yuan(view.totalFen)
        data["memberCount"] = view.items.count + view.missingMemberIds.count
        let pending = Dictionary(view.pendingChanges.map { ($0.memberId, $0) }, uniquingKeysWith: { a, _ in a })
        var rows: [[String: Any]] = []
        for standard in view.items {
            rows.append(row(index: rows.count, memberId: standard.memberId, name: standard.memberName, standard: standard,
                            pending: pending[standard.memberId], typed: typed[standard.memberId], errors: errors.fields[standard.memberId]))
        }
        for id in view.missingMemberIds {
            rows.append(row(index: rows.count, memberId: id, name: names[id] ?? id, standard: nil, pending: nil,
                            typed: typed[id], errors: errors.fields[id]))
        }
        data["rows"] = rows
        data["rowCount"] = rows.count
        data["csrf"] = portal.csrfToken(visit)
        return visit.finish(portal.pages.html("dues_standards", data, status: status))
    }

    /// Each kind's `<option>`s with that kind selected, made once: fixed ASCII values and fixed labels,
    /// nothing typed by anyone (50 rows × 8 options drawn by the template engine cost more than the rest of the page).
    static let kindOptions: [String: String] = Dictionary(uniqueKeysWithValues: StandardKind.allCases.map { selected in
        (selected.rawValue, StandardKind.allCases.map {
            "<option value=\"\($0.rawValue)\"\($0 == selected ? " selected" : "")>\($0.chineseName)</option>"
        }.joined())
    })

    func row(index: Int, memberId: String, name: String, standard: StandardView?, pending: StandardView?, typed: Typed?,
             errors: [String: String]?) -> [String: Any] {
        let drawn = Typed(kind: standard?.kind.rawValue ?? StandardKind.employed.rawValue, base: YuanText.plain(standard?.baseFen),
                          amount: standard.map { [.manual, .farmer].contains($0.kind) ? YuanText.plain($0.amountFen) : "" } ?? "",
                          note: standard?.note ?? "")
        let shown = typed ?? drawn
        let paid = standard?.paid ?? false
        var data: [String: Any] = [
            "i": index, "memberId": memberId, "name": name, "was": drawn.signature,
            "base": shown.base, "amount": shown.amount, "note": shown.note, "editable": !paid,
            "kindLabel": (StandardKind(rawValue: shown.kind) ?? .employed).chineseName,
            "kindOptions": Self.kindOptions[shown.kind] ?? Self.kindOptions[StandardKind.employed.rawValue]!,
        ]
        if let standard {
            data["computed"] = DuesMonthPage.yuan(standard.amountFen)
            if let rate = standard.rateBasisPoints { data["rate"] = DuesMonthPage.percent(basisPoints: rate) }
        } else {
            data["computed"] = "—"
        }
        var state: [String] = []
        if standard == nil { state.append("未录入") }
        if paid { state.append("已交") }
        switch standard?.approval {
        case .pending?: state.append("减免待上级审批")
        case .rejected?: state.append("减免未获批准")
        default: break
        }
        if let pending { state.append("改为\(DuesMonthPage.yuan(pending.amountFen))待上级审批") }
        data["state"] = state.joined(separator: "；")
        if let errors, !errors.isEmpty {
            data["hasError"] = true
            data["error"] = errors.values.sorted().joined(separator: "；")
            for field in errors.keys { data[field + "Invalid"] = true }
        }
        return data
    }

    @Sendable func save(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .admin)
        let form = try await portal.form(request, visit: visit)
        let org = form.trimmed("org"), month = form.trimmed("month")
        let submit = form["action"] == "submit"
        var typed: [String: Typed] = [:]
        var errors = RowErrors()
        var items: [StandardInput] = []
        var memberOfItem: [String] = []
        let count = min(Int(form["rows"]) ?? 0, 1000)
        for i in 0..<count {
            let id = form.trimmed("id_\(i)")
            // Rows without inputs (paid months) are not the form's to change.
            guard !id.isEmpty, form.values["kind_\(i)"] != nil else { continue }
            let row = Typed(kind: form.trimmed("kind_\(i)"), base: form.trimmed("base_\(i)"), amount: form.trimmed("amount_\(i)"),
                            note: form.trimmed("note_\(i)"))
            typed[id] = row
            // Only rows changed from what the page showed go to dues.
            guard row.signature != form["was_\(i)"] else { continue }
            let kind = StandardKind(rawValue: row.kind) ?? .employed
            let base = row.base.isEmpty ? nil : YuanText.parse(row.base)
            let amount = row.amount.isEmpty ? nil : YuanText.parse(row.amount)
            if !row.base.isEmpty, base == nil { errors.fields[id, default: [:]]["base"] = "请输入金额，如 5000 或 5000.50" }
            if !row.amount.isEmpty, amount == nil { errors.fields[id, default: [:]]["amount"] = "请输入金额，如 0.50" }
            items.append(StandardInput(memberId: id, kind: kind, baseFen: base, amountFen: amount, note: DuesMonthPage.given(row.note)))
            memberOfItem.append(id)
        }
        if !errors.fields.isEmpty {
            errors.general = "有金额格式不正确，请修改标红的行。"
            return try await render(visit, session, org: org, month: month, typed: typed, errors: errors, status: .unprocessableContent)
        }
        do throws(ErrorBody) {
            if !items.isEmpty || !submit {
                _ = try await portal.gateway.call(DuesAPI.standardsSave, SaveStandardsRequest(orgCode: org, month: month, items: items),
                                                  actor: session.actor)
            }
            if submit {
                _ = try await portal.gateway.call(DuesAPI.standardsSubmit, BranchMonthRef(orgCode: org, month: month), actor: session.actor)
            }
            return visit.finish(Pages.redirect(Self.link(org: org, month: month, done: submit ? "submitted" : "saved")))
        } catch {
            try DuesMonthPage.rethrowIfForbidden(error)
            errors = Self.place(error, memberOfItem: memberOfItem)
            // What was saved before the refusal is dues' now: the form is drawn again from it with what was typed.
            return try await render(visit, session, org: org, month: month, typed: typed, errors: errors, status: LoginRoutes.status(error))
        }
    }

    /// dues names the field (`body.items.3.baseFen`) or the member (`details.memberId`): the message
    /// goes on that row; anything else above the table.
    static func place(_ error: ErrorBody, memberOfItem: [String]) -> RowErrors {
        var errors = RowErrors()
        let parts = (error.details["field"] ?? "").split(separator: ".")
        if parts.count >= 3, parts[0] == "body", parts[1] == "items", let index = Int(parts[2]), index < memberOfItem.count {
            let input = parts.count > 3 ? String(parts[3]) : "kind"
            let name = ["baseFen": "base", "amountFen": "amount", "note": "note"][input] ?? "kind"
            errors.fields[memberOfItem[index]] = [name: error.message]
            return errors
        }
        if let member = error.details["memberId"] {
            errors.fields[member] = ["kind": error.message]
        }
        errors.general = error.message
        return errors
    }

    @Sendable func open(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .admin)
        let form = try await portal.form(request, visit: visit)
        let org = form.trimmed("org"), month = form.trimmed("month")
        do throws(ErrorBody) {
            _ = try await portal.gateway.call(DuesAPI.monthOpen, OpenMonthRequest(orgCode: org, month: month), actor: session.actor)
            return visit.finish(Pages.redirect(Self.link(org: org, month: month, done: "opened")))
        } catch {
            try DuesMonthPage.rethrowIfForbidden(error)
            return try await render(visit, session, org: org, month: month, errors: RowErrors(general: error.message),
                                    status: LoginRoutes.status(error))
        }
    }

    /// The amount a row comes to while it is typed (the page's script asks; dues answers by its
    /// rule, nothing saved): JSON `{"amount": "¥50.00", "rate": "1%"}`, or `{"error": "…"}` with the
    /// service's message (still 200: the script shows it, the browser logs nothing).
    @Sendable func preview(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .admin)
        let form = try await portal.form(request, visit: visit)
        var answer: [String: String] = [:]
        let base = form.trimmed("base"), amount = form.trimmed("amount")
        let baseFen = base.isEmpty ? nil : YuanText.parse(base), amountFen = amount.isEmpty ? nil : YuanText.parse(amount)
        if !base.isEmpty, baseFen == nil {
            answer["error"] = "请输入金额，如 5000 或 5000.50"
        } else if !amount.isEmpty, amountFen == nil {
            answer["error"] = "请输入金额，如 0.50"
        } else {
            let item = StandardInput(memberId: "row", kind: StandardKind(rawValue: form.trimmed("kind")) ?? .employed,
                                     baseFen: baseFen, amountFen: amountFen)
            do throws(ErrorBody) {
                let reply = try await portal.gateway.call(DuesAPI.standardsPreview, PreviewStandardsRequest(items: [item]), actor: session.actor)
                if let computed = reply.items.first {
                    answer["amount"] = DuesMonthPage.yuan(computed.amountFen)
                    if let rate = computed.rateBasisPoints { answer["rate"] = DuesMonthPage.percent(basisPoints: rate) }
                    if computed.needsApproval { answer["note"] = "须上级党委审批" }
                }
            } catch {
                try DuesMonthPage.rethrowIfForbidden(error)
                answer["error"] = error.message
            }
        }
        let body = (try? JSONEncoder().encode(answer)) ?? Data("{}".utf8)
        return visit.finish(Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
                                     body: ResponseBody(byteBuffer: ByteBuffer(bytes: body))))
    }
}
