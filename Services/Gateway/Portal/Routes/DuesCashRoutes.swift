import Foundation
import GatewayApp
import HTTPTypes
import Hummingbird
import Schema

/// 线下交纳: pick a member of the organization, see their months as dues reports them, and record the
/// cash handed over for the months payable now (dues checks the months and the amount).
struct DuesCashRoutes: Sendable {
    let portal: PortalState
    static let path = "/admin/dues/cash"

    func add(to group: RouterGroup<GatewayContext>) {
        group.get(RouterPath(Self.path), use: show)
        group.post(RouterPath(Self.path), use: record)
    }

    @Sendable func show(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .admin)
        let done = DuesMonthPage.query(request, "done") == "cash"
        return try await render(visit, session, org: DuesMonthPage.query(request, "org"), memberId: DuesMonthPage.query(request, "member"),
                                notice: done ? "已登记线下现金交纳。" : nil)
    }

    /// What was typed into a refused form, drawn again.
    struct Typed {
        var months: Set<String>
        var amount: String
        var note: String
    }

    func render(_ visit: Visit, _ session: SignedIn, org: String, memberId: String, typed: Typed? = nil, errors: FormErrors = FormErrors(),
                notice: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let actor = session.actor
        let code = DuesMonthPage.given(org) ?? actor.orgCode ?? ""
        var data = await portal.adminPage(visit, session, title: "线下交纳", current: Self.path)
        data["org"] = code
        if let notice { data["notice"] = notice }
        if let general = errors.general { data["formError"] = general }
        let members = try await portal.gateway.call(IdentityAPI.memberSearch, MemberSearch(orgCode: code, limit: 200), actor: actor)
        data["members"] = members.items.map { member -> [String: Any] in
            let phone = member.phone.map { "（\(PersonalData.maskPhone($0))）" } ?? ""
            return ["id": member.id, "label": member.name + phone, "selected": member.id == memberId]
        }
        data["moreMembers"] = members.total > members.items.count
        guard !memberId.isEmpty else { return visit.finish(portal.pages.html("dues_cash", data, status: status)) }
        let months = try await portal.gateway.call(DuesAPI.memberMonths, MemberMonthsQuery(memberId: memberId, months: 12), actor: actor)
        data["memberId"] = memberId
        data["memberName"] = months.memberName
        data["openMonth"] = DuesMonthPage.chinese(month: months.openMonth)
        data["lines"] = months.lines.map { line -> [String: Any] in
            ["month": DuesMonthPage.chinese(month: line.month), "amount": DuesMonthPage.yuan(line.amountFen),
             "state": DuesMonthPage.stateText(line.state), "paid": line.state == .paid, "key": line.month]
        }
        let amounts = Dictionary(months.lines.map { ($0.month, $0.amountFen) }, uniquingKeysWith: { a, _ in a })
        let payable = months.payableMonths.sorted()
        data["payable"] = payable.enumerated().map { index, month -> [String: Any] in
            ["i": index, "value": month, "label": DuesMonthPage.chinese(month: month),
             "amount": amounts[month].map(DuesMonthPage.yuan) ?? "", "checked": typed.map { $0.months.contains(month) } ?? true]
        }
        data["payableCount"] = payable.count
        data["hasPayable"] = !payable.isEmpty
        data["payableTotal"] = DuesMonthPage.yuan(months.payableTotalFen)
        data["amount"] = typed?.amount ?? YuanText.plain(months.payableTotalFen)
        data["note"] = typed?.note ?? ""
        if let error = errors.fields["amount"] { data["amountError"] = error }
        if let error = errors.fields["months"] { data["monthsError"] = error }
        data["recordId"] = UUID().uuidString.lowercased()
        return visit.finish(portal.pages.html("dues_cash", data, status: status))
    }

    @Sendable func record(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .admin)
        let form = try await portal.form(request, visit: visit)
        let org = form.trimmed("org"), memberId = form.trimmed("memberId")
        let count = min(Int(form["monthCount"]) ?? 0, 120)
        let months = (0..<count).compactMap { DuesMonthPage.given(form.trimmed("m_\($0)")) }.sorted()
        let typed = Typed(months: Set(months), amount: form.trimmed("amount"), note: form.trimmed("note"))
        guard let amount = YuanText.parse(typed.amount) else {
            return try await render(visit, session, org: org, memberId: memberId, typed: typed,
                                    errors: FormErrors(fields: ["amount": "请输入实收金额，如 12.50"]), status: .unprocessableContent)
        }
        guard !months.isEmpty else {
            return try await render(visit, session, org: org, memberId: memberId, typed: typed,
                                    errors: FormErrors(fields: ["months": "请选择交纳月份"]), status: .unprocessableContent)
        }
        do throws(ErrorBody) {
            // The form's record id makes a second click of the same form the same record.
            let recordId = DuesMonthPage.given(form.trimmed("recordId"))
            _ = try await portal.gateway.call(DuesAPI.cashRecord, CashRecordRequest(
                recordId: recordId, memberId: memberId, months: months, amountFen: amount, note: DuesMonthPage.given(typed.note)),
                actor: session.actor)
            return visit.finish(Pages.redirect("\(Self.path)?org=\(org)&member=\(memberId)&done=cash"))
        } catch {
            try DuesMonthPage.rethrowIfForbidden(error)
            var errors = FormErrors(error, inputs: ["amountFen", "months"])
            if let message = errors.fields.removeValue(forKey: "amountFen") { errors.fields["amount"] = message }
            return try await render(visit, session, org: org, memberId: memberId, typed: typed, errors: errors,
                                    status: LoginRoutes.status(error))
        }
    }
}
