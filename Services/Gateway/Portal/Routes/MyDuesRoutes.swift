import Foundation
import GatewayApp
import HTTPTypes
import Hummingbird
import Schema

/// 我的党费: the member's months as dues reports them (paid with how and when, due, arrears, 待交
/// before the window opens), the total with backpay, the Shaoxing range quote, and 代交
/// authorisations (authorise a fellow, confirm one given to me, revoke one).
struct MyDuesRoutes: Sendable {
    let portal: PortalState

    func add(to group: RouterGroup<GatewayContext>) {
        group.get("/me/dues", use: show)
        group.post("/me/dues/proxies", use: grant)
        group.post("/me/dues/proxies/{proxyId}/confirm", use: confirm)
        group.post("/me/dues/proxies/{proxyId}/revoke", use: revoke)
    }

    static let notices = ["granted": "已发出代交委托，待对方确认后生效。", "confirmed": "已确认代交委托，您可为对方交纳党费。",
                          "revoked": "代交委托已撤销。"]

    /// A form of the page that failed: which one and what dues or identity said.
    struct Failure {
        var form: String
        var errors: FormErrors
        var status: HTTPResponse.Status
    }

    @Sendable func show(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .member)
        return try await page(request, visit, session)
    }

    func page(_ request: Request, _ visit: Visit, _ session: SignedIn, failure: Failure? = nil) async throws -> Response {
        let actor = session.actor
        let months = try await portal.gateway.call(DuesAPI.memberMonths, MemberMonthsQuery(months: 12), actor: actor)
        let history = try await portal.gateway.call(DuesAPI.memberHistory, MemberHistoryQuery(limit: 24), actor: actor)
        let proxies = try await portal.gateway.call(DuesAPI.proxyList, ProxyQuery(), actor: actor)
        var data = await portal.memberPage(visit, session, title: "我的党费", current: "/me/dues")
        data["notice"] = OrgAdminKit.notice(request, Self.notices)
        data["openMonth"] = DuesMonthPage.chinese(month: months.openMonth)
        data["payableTotal"] = DuesMonthPage.yuan(months.payableTotalFen)
        data["payableCount"] = months.payableMonths.count
        data["hasPayable"] = !months.payableMonths.isEmpty
        let channels = (try? await portal.gateway.call(PaymentsAPI.channels, Empty(), actor: actor))?.items ?? []
        data["canPayOnline"] = !channels.isEmpty
        data["walletOn"] = channels.contains { $0.channel == .citizencard }
        data["passwordOn"] = channels.contains { $0.factor == .password }
        data["debitOn"] = channels.contains { $0.channel == .unionpay }
        data["payableMonths"] = months.payableMonths.map(DuesMonthPage.chinese(month:)).joined(separator: "、")
        let paidBy = Dictionary(history.items.filter(\.paid).map { ($0.month, $0) }, uniquingKeysWith: { first, _ in first })
        data["lines"] = months.lines.map { line -> [String: Any] in
            var row: [String: Any] = ["month": DuesMonthPage.chinese(month: line.month), "state": DuesMonthPage.stateText(line.state),
                                      "stateClass": "state-" + line.state.rawValue,
                                      "amount": line.state == .notSet || (line.state == .pending && line.amountFen == 0)
                                          ? "—" : DuesMonthPage.yuan(line.amountFen),
                                      "how": false]
            if line.state == .paid, let record = paidBy[line.month] {
                var how = record.way?.chineseName ?? "已交"
                if let at = record.paidAt { how += " · " + Format.dateTime(at) }
                row["how"] = how
            }
            return row
        }
        data.merge(try await quote(request, actor: actor, months: months)) { _, new in new }
        data.merge(try await proxyData(request, actor: actor, proxies: proxies, failure: failure)) { _, new in new }
        return visit.finish(portal.pages.html("my_dues", data, status: failure?.status ?? .ok))
    }

    /// The Shaoxing range quote: the form (default: the payable months through the open month) and,
    /// once the member asked, dues' answer (the total, the months in it, earlier unpaid months paying
    /// must include, months without a standard).
    func quote(_ request: Request, actor: Actor, months: MemberMonthsView) async throws -> [String: Any] {
        let from = DuesMonthPage.query(request, "from"), to = DuesMonthPage.query(request, "to")
        var data: [String: Any] = ["quoteFrom": from.isEmpty ? (months.payableMonths.first ?? months.openMonth) : from,
                                   "quoteTo": to.isEmpty ? months.openMonth : to, "quote": false, "quoteError": false]
        guard !from.isEmpty || !to.isEmpty else { return data }
        do throws(ErrorBody) {
            let q = try await portal.gateway.call(DuesAPI.quote, QuoteRequest(fromMonth: DuesMonthPage.given(from), toMonth: DuesMonthPage.given(to)),
                                                  actor: actor)
            func list(_ lines: [MonthLine]) -> String {
                lines.map { DuesMonthPage.chinese(month: $0.month) + " " + DuesMonthPage.yuan($0.amountFen) }.joined(separator: "，")
            }
            data["quote"] = ["total": DuesMonthPage.yuan(q.totalFen), "months": list(q.lines), "count": q.lines.count,
                             "earlier": q.earlierUnpaid.isEmpty ? false : list(q.earlierUnpaid) as Any,
                             "beyond": q.beyondBackpay.isEmpty ? false : list(q.beyondBackpay) as Any,
                             "withoutStandard": q.withoutStandard.isEmpty ? false
                                 : q.withoutStandard.map { DuesMonthPage.chinese(month: $0.month) }.joined(separator: "、") as Any] as [String: Any]
        } catch {
            try DuesMonthPage.rethrowIfForbidden(error)
            data["quoteError"] = error.message
        }
        return data
    }

    func proxyData(_ request: Request, actor: Actor, proxies: ProxyList, failure: Failure?) async throws -> [String: Any] {
        var data: [String: Any] = [:]
        let live = proxies.items.filter { $0.status != .revoked }
        data["granted"] = live.filter { $0.memberId == actor.id }.map { p -> [String: Any] in
            ["id": p.id, "name": p.proxyName, "status": Self.statusText(p.status), "since": Format.dateTime(p.createdAt)]
        }
        data["hasGranted"] = live.contains { $0.memberId == actor.id }
        data["received"] = live.filter { $0.proxyMemberId == actor.id }.map { p -> [String: Any] in
            ["id": p.id, "name": p.memberName, "status": Self.statusText(p.status), "pending": p.status == .pending,
             "payable": p.status == .active, "memberId": p.memberId,
             "since": Format.dateTime(p.createdAt)]
        }
        data["hasReceived"] = live.contains { $0.proxyMemberId == actor.id }
        // Fellow members found by name (identity's fuzzy search in the member's own branch).
        let name = DuesMonthPage.query(request, "fellow")
        data["fellowName"] = name
        data["searched"] = !name.isEmpty
        data["fellows"] = [[String: Any]]()
        if !name.isEmpty {
            do throws(ErrorBody) {
                let found = try await portal.gateway.call(IdentityAPI.memberFellows, FellowMemberSearch(name: name, limit: 20), actor: actor)
                data["fellows"] = found.items.filter { $0.memberId != actor.id }
                    .map { ["memberId": $0.memberId, "name": $0.name, "post": $0.post.chineseName] as [String: Any] }
            } catch {
                try DuesMonthPage.rethrowIfForbidden(error)
                data["fellowError"] = error.message
            }
        }
        if let failure, failure.form == "proxy" { data["proxyError"] = failure.errors.general ?? failure.errors.fields.values.first ?? "" }
        return data
    }

    static func statusText(_ status: ProxyStatus) -> String {
        switch status {
        case .pending: "待对方确认"
        case .active: "已生效"
        case .revoked: "已撤销"
        }
    }

    @Sendable func grant(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .member)
        let form = try await portal.form(request, visit: visit)
        return try await act(request, visit, session, done: "granted") { () async throws(ErrorBody) in
            _ = try await portal.gateway.call(DuesAPI.proxyGrant, GrantProxyRequest(proxyMemberId: form.trimmed("proxyMemberId")),
                                              actor: session.actor)
        }
    }

    @Sendable func confirm(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .member)
        _ = try await portal.form(request, visit: visit)
        let id = OrgAdminKit.parameter(context, "proxyId")
        return try await act(request, visit, session, done: "confirmed") { () async throws(ErrorBody) in
            _ = try await portal.gateway.call(DuesAPI.proxyConfirm, ProxyRef(proxyId: id), actor: session.actor)
        }
    }

    @Sendable func revoke(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .member)
        _ = try await portal.form(request, visit: visit)
        let id = OrgAdminKit.parameter(context, "proxyId")
        return try await act(request, visit, session, done: "revoked") { () async throws(ErrorBody) in
            _ = try await portal.gateway.call(DuesAPI.proxyRevoke, ProxyRef(proxyId: id), actor: session.actor)
        }
    }

    /// One 代交 act: done → back to the page with its notice; refused → the page with dues' message
    /// above the 代交 section (403 stays the "no permission" page).
    func act(_ request: Request, _ visit: Visit, _ session: SignedIn, done: String,
             _ body: () async throws(ErrorBody) -> Void) async throws -> Response {
        do throws(ErrorBody) {
            try await body()
            return visit.finish(Pages.redirect("/me/dues?done=\(done)#proxies"))
        } catch {
            try DuesMonthPage.rethrowIfForbidden(error)
            return try await page(request, visit, session,
                                  failure: Failure(form: "proxy", errors: FormErrors(error, inputs: []), status: LoginRoutes.status(error)))
        }
    }
}
