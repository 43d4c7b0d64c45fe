import Foundation
import GatewayApp
import HTTPTypes
import Hummingbird
import Schema

/// 在线交纳: whose months (mine, and those of members who authorised me), dues' quote for them, the
/// channel and a remark; then the order. The form carries its own idempotency key, so a double
/// click or a reload of the POST makes one order.
struct PayRoutes: Sendable {
    let portal: PortalState

    func add(to group: RouterGroup<GatewayContext>) {
        group.get("/me/dues/pay", use: show)
        group.post("/me/dues/pay", use: create)
    }

    @Sendable func show(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .member)
        let chosen = Self.members(DuesMonthPage.query(request, "members"), me: session.actor.id)
        return try await page(visit, session, chosen: chosen, failure: nil, inWeChat: Self.inWeChat(request))
    }

    /// WeChat's in-app browser names itself in its User-Agent: there WeChat Pay is paid in place (JSAPI).
    static func inWeChat(_ request: Request) -> Bool {
        request.headers[.userAgent]?.contains("MicroMessenger") ?? false
    }

    /// Members chosen (comma-separated ids in the query or the form); none named: oneself.
    static func members(_ text: String, me: String) -> [String] {
        let ids = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        var seen = Set<String>()
        let unique = ids.filter { seen.insert($0).inserted }
        return unique.isEmpty ? [me] : unique
    }

    func page(_ visit: Visit, _ session: SignedIn, chosen: [String], failure: (errors: FormErrors, remark: String, channel: String)?,
              inWeChat: Bool = false, status: HTTPResponse.Status = .ok) async throws -> Response {
        let actor = session.actor
        let proxies = try await portal.gateway.call(DuesAPI.proxyList, ProxyQuery(), actor: actor)
        let channels = (try? await portal.gateway.call(PaymentsAPI.channels, Empty(), actor: actor))?.items ?? []
        // Whose months I may pay: mine, and members whose authorisation I confirmed.
        var names: [String: String] = [actor.id: "本人"]
        for p in proxies.items where p.proxyMemberId == actor.id && p.status == .active { names[p.memberId] = p.memberName }
        let valid = chosen.filter { names[$0] != nil }
        var data = await portal.memberPage(visit, session, title: "在线交纳党费", current: "/me/dues")
        data["whom"] = names.keys.sorted { ($0 == actor.id ? "" : names[$0]!) < ($1 == actor.id ? "" : names[$1]!) }.map { id -> [String: Any] in
            ["id": id, "name": names[id]!, "checked": valid.contains(id)]
        }
        data["hasProxies"] = names.count > 1
        data["members"] = valid.joined(separator: ",")
        let wallet = channels.contains { $0.channel == .citizencard }
            ? try? await portal.gateway.call(PaymentsAPI.walletGet, Empty(), actor: actor) : nil
        data["channels"] = channels.enumerated().map { i, c -> [String: Any] in
            ["channel": c.channel.rawValue,
             "name": c.channel == .citizencard
                ? (wallet?.registered == true ? "市民卡（余额 \(DuesMonthPage.yuan(wallet!.balanceFen))）" : "市民卡（未开通）") : c.name, "checked": failure.map { $0.channel == c.channel.rawValue } ?? (i == 0),
             "sms": c.factor == .sms, "password": c.factor == .password]
        }
        data["hasChannels"] = !channels.isEmpty
        data["inWeChat"] = inWeChat
        data["key"] = UUID().uuidString.lowercased()
        data["remark"] = failure?.remark ?? ""
        data["error"] = OrgAdminKit.some(failure?.errors.general)
        data["remarkError"] = OrgAdminKit.some(failure?.errors.fields["remark"])
        data["quote"] = false
        data["quoteError"] = false
        data["payable"] = false
        if !valid.isEmpty {
            do throws(ErrorBody) {
                let q = try await portal.gateway.call(DuesAPI.quote, QuoteRequest(memberIds: valid), actor: actor)
                data["quote"] = ["total": DuesMonthPage.yuan(q.totalFen), "count": q.lines.count, "lines": q.lines.map { line -> [String: Any] in
                    ["name": names[line.memberId] ?? "", "month": DuesMonthPage.chinese(month: line.month), "amount": DuesMonthPage.yuan(line.amountFen)]
                }] as [String: Any]
                data["payable"] = q.totalFen > 0 && !q.lines.isEmpty
                data["quoteTotal"] = DuesMonthPage.yuan(q.totalFen)
            } catch {
                try DuesMonthPage.rethrowIfForbidden(error)
                data["quoteError"] = error.message
            }
        }
        return visit.finish(portal.pages.html("pay_dues", data, status: status))
    }

    @Sendable func create(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .member)
        let form = try await portal.form(request, visit: visit)
        let me = session.actor.id
        let members = Self.members(form.trimmed("members"), me: me)
        let remark = form.trimmed("remark")
        let channel = form.trimmed("channel")
        let key = form.trimmed("key")
        do throws(ErrorBody) {
            guard let chosen = PaymentChannel(rawValue: channel) else {
                throw ErrorBody.make(ErrorCode.paymentsChannelUnavailable, details: ["field": "body.channel"])
            }
            let order = try await portal.gateway.call(
                PaymentsAPI.orderCreate,
                CreateOrderRequest(memberIds: members == [me] ? nil : members, channel: chosen, remark: remark.isEmpty ? nil : remark,
                                   client: chosen == .wechatpay && form.trimmed("client") == "jsapi" ? .jsapi : nil),
                actor: session.actor, requestId: key.isEmpty ? nil : "portal-" + key)
            return visit.finish(Pages.redirect("/me/payments/\(order.orderId)"))
        } catch {
            try DuesMonthPage.rethrowIfForbidden(error)
            return try await page(visit, session, chosen: members, failure: (FormErrors(error, inputs: ["remark"]), remark, channel),
                                  inWeChat: Self.inWeChat(request), status: LoginRoutes.status(error))
        }
    }
}
