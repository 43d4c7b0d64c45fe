import Foundation
import GatewayApp
import HTTPTypes
import Hummingbird
import Schema

/// 对账报告 (the finance administrator: an administrator of the root organization): the days with
/// matched payments and differences per kind, a day's every difference, run a day now, 导出 CSV.
/// Payments decides who may; the page shows its answer.
struct AdminReconciliationRoutes: Sendable {
    let portal: PortalState
    static let base = "/admin/payments/reconciliation"

    func add(to group: RouterGroup<GatewayContext>) {
        group.get("/admin/payments/reconciliation", use: list)
        group.post("/admin/payments/reconciliation/run", use: run)
        group.get("/admin/payments/reconciliation/{day}", use: day)
        group.get("/admin/payments/reconciliation/{day}/export.csv", use: export)
    }

    static func channelName(_ channel: String) -> String {
        PaymentChannel(rawValue: channel)?.chineseName ?? channel
    }

    static func yuan(_ fen: Int64?) -> String {
        guard let fen else { return "—" }
        return fen < 0 ? "-" + DuesMonthPage.yuan(-fen) : DuesMonthPage.yuan(fen)
    }

    /// Today in Beijing, "yyyy-MM-dd" (the run form's default and its upper bound).
    static func today() -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 8 * 3600)!
        let c = calendar.dateComponents([.year, .month, .day], from: Date())
        return String(format: "%04d-%02d-%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
    }

    @Sendable func list(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .admin)
        return try await listPage(request, visit, session, error: nil, day: Self.today())
    }

    func listPage(_ request: Request, _ visit: Visit, _ session: SignedIn, error: String?, day: String,
                  status: HTTPResponse.Status = .ok) async throws -> Response {
        let list = try await portal.gateway.call(PaymentsAPI.reconciliationList, ReconciliationListQuery(limit: 60), actor: session.actor)
        var data = await portal.adminPage(visit, session, title: "对账报告", current: Self.base)
        data["formError"] = OrgAdminKit.some(error)
        data["day"] = day
        data["today"] = Self.today()
        data["kindTitles"] = ReconciliationKinds.all.map { ["title": $0.title, "action": $0.action] }
        data["items"] = list.items.map { s -> [String: Any] in
            ["day": s.day, "run": s.run, "ranAt": Format.dateTime(s.ranAt),
             "channels": s.channels.map(Self.channelName).joined(separator: "、"),
             "matched": s.matchedCount, "matchedYuan": Self.yuan(s.matchedFen), "clean": s.differenceCount == 0,
             "differences": s.differenceCount,
             "kinds": s.kinds.map { k -> [String: Any] in ["count": k.count, "some": k.count > 0, "kind": k.kind] }]
        }
        data["empty"] = list.items.isEmpty
        return visit.finish(portal.pages.html("reconciliation_list", data, status: status))
    }

    @Sendable func run(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .admin)
        let form = try await portal.form(request, visit: visit)
        let day = form.trimmed("day")
        do throws(ErrorBody) {
            let summary = try await portal.gateway.call(PaymentsAPI.reconciliationRun, ReconciliationRunRequest(day: day.isEmpty ? nil : day),
                                                        actor: session.actor)
            return visit.finish(Pages.redirect("\(Self.base)/\(summary.day)?done=run"))
        } catch {
            try DuesMonthPage.rethrowIfForbidden(error)
            return try await listPage(request, visit, session, error: error.message, day: day, status: LoginRoutes.status(error))
        }
    }

    @Sendable func day(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .admin)
        let day = OrgAdminKit.parameter(context, "day")
        let view = try await portal.gateway.call(PaymentsAPI.reconciliationGet, ReconciliationDayRef(day: day), actor: session.actor)
        let s = view.summary
        var data = await portal.adminPage(visit, session, title: "对账报告 \(s.day)", current: Self.base)
        data["notice"] = OrgAdminKit.notice(request, ["run": "已完成对账：第 \(s.run) 次运行。"])
        data["day"] = s.day
        data["run"] = s.run
        data["ranAt"] = Format.dateTime(s.ranAt)
        data["channels"] = s.channels.isEmpty ? "（未配置渠道）" : s.channels.map(Self.channelName).joined(separator: "、")
        data["matched"] = s.matchedCount
        data["matchedYuan"] = Self.yuan(s.matchedFen)
        data["statementPaid"] = Self.yuan(s.statementPaymentFen)
        data["statementRefunded"] = Self.yuan(s.statementRefundFen)
        data["ourPaid"] = Self.yuan(s.ourPaidFen)
        data["clean"] = view.differences.isEmpty
        data["kinds"] = s.kinds.map { k -> [String: Any] in
            ["kind": k.kind, "title": k.title, "action": k.action, "count": k.count, "yuan": Self.yuan(k.fen), "some": k.count > 0]
        }
        data["differences"] = view.differences.map { d -> [String: Any] in
            ["kind": d.kind, "title": d.title, "action": d.action, "channel": Self.channelName(d.channel), "orderId": d.orderId,
             "tradeNo": d.providerTradeNo ?? "—", "ours": Self.yuan(d.ourFen), "theirs": Self.yuan(d.providerFen),
             "dues": Self.yuan(d.duesFen), "ourTime": d.ourTime.map(Format.dateTime) ?? "—",
             "theirTime": d.providerTime.map(Format.dateTime) ?? "—", "detail": d.detail,
             "line": d.statementLine.map { String($0) } ?? "—"]
        }
        return visit.finish(portal.pages.html("reconciliation_day", data))
    }

    @Sendable func export(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .admin)
        let reply = try await portal.gateway.call(PaymentsAPI.reconciliationExport, ReconciliationDayRef(day: OrgAdminKit.parameter(context, "day")),
                                                  actor: session.actor)
        return visit.finish(try DuesMonthPage.download(reply))
    }
}

/// The kinds of difference in report order, for the list's column heads (the same titles payments
/// sends with each day's counts).
enum ReconciliationKinds {
    static let all: [(kind: String, title: String, action: String)] = [
        ("longPayment", "长款", "补单或原路退款"), ("shortPayment", "短款", "挂账，向渠道复查"), ("amountMismatch", "金额不符", "核对订单与渠道金额"),
        ("refundMismatch", "退款不符", "核对退款状态"), ("paidNotInDues", "已收款未记党费", "重试党费确认"),
        ("duesWithoutMoney", "党费已记未收款", "核对党费记录"), ("cutOver", "跨日", "与相邻日对账单核对"),
    ]
}
