import AsyncHTTPClient
import Bus
import Foundation
import Schema

/// One member paying, as the benchmark and the fault test drive it: the order through the bus (as
/// the gateway forwards it, with the member as actor and the idempotency key as request id), then
/// the payer "paying" at the simulator, which sends the provider's signed notification to the gateway.
public struct Payer: Sendable {
    public let bus: BusClient
    public let city: CitySeed
    public let simulator: String
    public let http: HTTPClient

    public init(bus: BusClient, city: CitySeed, simulator: String, http: HTTPClient = .shared) {
        self.bus = bus
        self.city = city
        self.simulator = simulator
        self.http = http
    }

    public func actor(_ member: Int) -> Actor {
        Actor(kind: .member, id: CitySeed.memberId(member), orgCode: city.branchCode(ofMember: member))
    }

    /// `payments.order.create` for the member's open month; retried with the same key it is the same order.
    public func order(member: Int, channel: PaymentChannel, key: String, timeout: Duration = .seconds(5)) async throws(ErrorBody) -> OrderView {
        try await bus.call(PaymentsAPI.orderCreate.type, CreateOrderRequest(channel: channel), as: OrderView.self,
                           actor: actor(member), id: key, timeout: timeout, retries: 0)
    }

    public func get(_ orderId: String, member: Int) async throws(ErrorBody) -> OrderView {
        try await bus.call(PaymentsAPI.orderGet.type, OrderRef(orderId: orderId), as: OrderView.self, actor: actor(member))
    }

    /// Today's reconciliation (the Beijing day), as the finance administrator runs it from the portal.
    public func reconcileToday(timeout: Duration = .seconds(120)) async throws(ErrorBody) -> ReconciliationSummary {
        try await reconcile(day: Self.beijingDay(Date()), timeout: timeout)
    }

    /// One Beijing day's reconciliation ("yyyy-MM-dd").
    public func reconcile(day: String, timeout: Duration = .seconds(120)) async throws(ErrorBody) -> ReconciliationSummary {
        try await bus.call(PaymentsAPI.reconciliationRun.type, ReconciliationRunRequest(day: day),
                           as: ReconciliationSummary.self, actor: Actor(kind: .admin, id: "finance", orgCode: "001", roles: ["city"]),
                           timeout: timeout, retries: 0)
    }

    /// The Beijing day of `date`, as reconciliation names days.
    public static func beijingDay(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.timeZone = TimeZone(identifier: "Asia/Shanghai")
        return formatter.string(from: date)
    }

    /// The payer pays at the provider (the simulator's test hook); `card` matters to UnionPay only.
    /// UnionPay first sees the trade when the browser opens its cashier with the signed form.
    public func pay(_ order: OrderView, card: String = "debit") async throws {
        switch order.channel {
        case .alipay: try await get("/_sim/alipay/pay?out_trade_no=\(order.orderId)")
        case .wechatpay: try await get("/_sim/wechatpay/pay?out_trade_no=\(order.orderId)")
        case .unionpay:
            guard let cashier = order.qrCode else { throw RigError("no cashier URL for \(order.orderId)") }
            try await get(cashier, absolute: true)
            try await get("/_sim/unionpay/pay?orderId=\(order.orderId)&card=\(card)")
        case .citizencard: throw RigError("the wallet pays inside payments")
        }
    }

    /// The provider refused the payment: the order's time limit (time_expire, payTimeout) had passed.
    public struct PaidTooLate: Error {}

    func get(_ path: String, absolute: Bool = false) async throws {
        let request = HTTPClientRequest(url: absolute ? path : simulator + path)
        let response = try await http.execute(request, timeout: .seconds(10))
        _ = try await response.body.collect(upTo: 1 << 20)
        // 409: the provider's time limit passed (the order's expiry): the payer came too late.
        if response.status == .conflict { throw PaidTooLate() }
        guard response.status == .ok else { throw RigError("\(path): HTTP \(response.status.code)") }
    }
}
