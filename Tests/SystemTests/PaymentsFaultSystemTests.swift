import Bus
import Foundation
import GRDB
import PayCity
import Schema
import XCTest
import ZeroMQ

/// Exactly once under faults (issue 12): 10,000 payments by mixed channels while `payments` and
/// `dues` are each killed with `kill -9` twice and the simulator sends every notification twice, out
/// of order. Every order must end confirmed, refunded or expired with its months released; no month
/// is paid twice; money the providers took is either confirmed in dues or given back.
/// `DJ_FAULT_PAYMENTS` sets the count (default 10,000).
final class PaymentsFaultSystemTests: XCTestCase {
    /// What member i does: 1 in 20 never pays (the order expires), 1 in 20 pays UnionPay with a credit
    /// card (refunded), the rest pay by Alipay, WeChat Pay or a UnionPay debit card in turn.
    enum Plan: Equatable {
        case abandon, credit, pay(PaymentChannel)
        init(_ i: Int) {
            switch i % 20 {
            case 0: self = .abandon
            case 1: self = .credit
            default: self = .pay([PaymentChannel.alipay, .wechatpay, .unionpay][i % 3])
            }
        }
        var channel: PaymentChannel {
            switch self {
            case .abandon: .alipay
            case .credit: .unionpay
            case .pay(let channel): channel
            }
        }
        var endsAs: String {
            switch self {
            case .abandon: "expired"
            case .credit: "refunded"
            case .pay: "confirmed"
            }
        }
    }

    func testPaymentsSurviveKillsDuplicatesAndReordering() async throws {
        let count = Int(ProcessInfo.processInfo.environment["DJ_FAULT_PAYMENTS"] ?? "") ?? 10_000
        let city = CitySeed(members: count)
        let rig = PayRig(binDirectory: ServiceProcess.binDirectory, city: city, orderSeconds: 40,
                         simulatorArguments: ["--notify-chaos", "300", "--alipay-resend-scale", "0.002",
                                              "--wechatpay-retry-scale", "0.002", "--unionpay-retry-scale", "0.01"],
                         payments: ["idempotencyStaleSeconds": 3])
        try await rig.start()
        var keep = true
        defer { rig.stop(keepFiles: keep) }
        let context = try Context()
        let bus = try BusClient(context: context, options: .init(endpoint: rig.brokerEndpoint, inFlight: 16, timeout: .seconds(4), retries: 0))
        try await waitUntil("dues and payments on the bus", timeout: .seconds(30)) {
            let dues = await bus.isServiceAvailable("dues", timeout: .milliseconds(300))
            let payments = await bus.isServiceAvailable("payments", timeout: .milliseconds(300))
            return dues && payments
        }
        let payer = Payer(bus: bus, city: city, simulator: rig.simulatorURL)
        let started = Date()

        // kill -9 at a fifth, two fifths… of the orders: payments, dues, payments, dues; each comes back at once.
        let faults = FaultSchedule(rig: rig, at: [count / 5: "payments", 2 * count / 5: "dues", 3 * count / 5: "payments", 4 * count / 5: "dues"])
        let next = Tickets()
        let orderIds = OrderIds()
        let late = Members()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<16 {
                group.addTask {
                    while let i = next.take(below: count) {
                        try await faults.tick(i)
                        let plan = Plan(i)
                        let order = try await Self.settle("order \(i)") {
                            try await payer.order(member: i, channel: plan.channel, key: "fault-\(i)")
                        }
                        await orderIds.set(i, order.orderId)
                        guard plan != .abandon else { continue }
                        // A provider call lost to a kill leaves the order without its code: confirming places it again.
                        var placed = order
                        if placed.qrCode == nil {
                            placed = try await Self.settle("confirm \(i)") {
                                let view = try await bus.call(PaymentsAPI.orderConfirm.type, ConfirmOrderRequest(orderId: order.orderId, code: nil),
                                                              as: OrderView.self, actor: payer.actor(i), timeout: .seconds(4), retries: 0)
                                guard view.qrCode != nil || view.status != .open else { throw ErrorBody.make(ErrorCode.busTimeout) }
                                return view
                            }
                        }
                        guard placed.status == .open else { continue }
                        do {
                            try await payer.pay(placed, card: plan == .credit ? "credit" : "debit")
                        } catch is Payer.PaidTooLate {
                            await late.insert(i)  // a slow machine: the payer reached the provider after the order's limit
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        XCTAssertEqual(faults.kills, 4, "payments and dues were each killed twice")
        let lateCount = await late.all.count
        XCTAssertLessThan(lateCount, max(1, count / 100), "payers too slow for the order's lifetime: the run says little")

        // Every order reaches its end: confirmed, refunded, expired (the sweeper, the active query
        // and the providers' resends finish what the kills interrupted).
        let payments = try rig.database("payments")
        try await waitUntil("every order settled", timeout: .seconds(300), poll: .milliseconds(500)) {
            try await payments.read { db in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM payment_order WHERE status IN ('confirmed', 'refunded', 'expired')")!
            } == count
        }
        let ids = await orderIds.all
        let tooLate = await late.all
        func endsAs(_ i: Int) -> String { tooLate.contains(i) ? "expired" : Plan(i).endsAs }
        let statuses = try await payments.read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT id, status, totalFen FROM payment_order").map {
                ($0["id"] as String, ($0["status"] as String, $0["totalFen"] as Int64))
            })
        }
        XCTAssertEqual(statuses.count, count, "one order per member, however often its creation was retried")
        var wrong: [String] = []
        for i in 0..<count {
            guard let id = ids[i], let (status, _) = statuses[id] else { wrong.append("member \(i): no order"); continue }
            if status != endsAs(i) { wrong.append("member \(i) (\(Plan(i))): \(status)") }
        }
        XCTAssertEqual(wrong.count, 0, "orders not ending as planned: \(wrong.prefix(10))")

        // Dues: the planned payers' months paid once, for the order's amount; everyone else's released.
        let dues = try rig.database("dues")
        let months = try await dues.read { db in
            try Row.fetchAll(db, sql: "SELECT memberId, settled, paymentId, lockPaymentId, amountFen FROM standard WHERE month = ?",
                             arguments: [city.month.key]).map { ($0["memberId"] as String, $0["settled"] as Int, $0["paymentId"] as String?,
                                                                 $0["lockPaymentId"] as String?, $0["amountFen"] as Int64) }
        }
        var duesWrong: [String] = []
        for (memberId, settled, paymentId, lock, amount) in months {
            let i = Int(memberId.dropFirst())!
            let paid = endsAs(i) == "confirmed"
            if paid, settled != 1 || paymentId != ids[i] || statuses[ids[i] ?? ""]?.1 != amount {
                duesWrong.append("\(memberId): settled \(settled) by \(paymentId ?? "-")")
            }
            if !paid, settled != 0 || lock != nil { duesWrong.append("\(memberId): settled \(settled), lock \(lock ?? "-")") }
        }
        XCTAssertEqual(months.count, count)
        XCTAssertEqual(duesWrong.count, 0, "dues disagrees: \(duesWrong.prefix(10))")
        let doubled = try await dues.read { db in
            try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM (SELECT l.memberId, l.month FROM payment_line l JOIN payment p ON p.id = l.paymentId
                                      WHERE p.status = 'confirmed' GROUP BY l.memberId, l.month HAVING COUNT(*) > 1)
                """)!
        }
        XCTAssertEqual(doubled, 0, "months confirmed by two payments")

        // The providers: money taken once per order; what we did not keep went back, in full.
        let ledger = try await SimulatorLedger.read(simulator: rig.simulatorURL)
        var moneyWrong: [String] = []
        for (id, (status, total)) in statuses {
            let trade = ledger.trades[id]
            switch status {
            case "confirmed": if trade?.paidFen != total || trade?.refundedFen != 0 { moneyWrong.append("\(id) confirmed: \(String(describing: trade))") }
            case "refunded": if trade?.paidFen != total || trade?.refundedFen != total { moneyWrong.append("\(id) refunded: \(String(describing: trade))") }
            default: if (trade?.paidFen ?? 0) != 0 { moneyWrong.append("\(id) expired but paid: \(String(describing: trade))") }
            }
        }
        XCTAssertEqual(moneyWrong.count, 0, "provider money disagrees: \(moneyWrong.prefix(10))")

        // The days' reconciliation (one, unless the run crossed Beijing midnight): our orders, the three
        // providers' statements and dues agree to the fen. 跨日 only if the run came within the
        // cut-over window (300 s) of a midnight.
        let finished = Date()
        let days = Set([Payer.beijingDay(started), Payer.beijingDay(finished)]).sorted()
        let nearMidnight = Payer.beijingDay(started.addingTimeInterval(-300)) != Payer.beijingDay(finished.addingTimeInterval(300))
        let confirmedFen = statuses.values.filter { $0.0 == "confirmed" }.reduce(Int64(0)) { $0 + $1.1 }
        var keptFen: Int64 = 0
        for day in days {
            let report = try await payer.reconcile(day: day)
            let unexplained = report.kinds.filter { $0.count > 0 && (!nearMidnight || $0.kind != "cutOver") }
            XCTAssertEqual(unexplained.count, 0, "\(day) unexplained differences: \(unexplained)")
            XCTAssertEqual(Set(report.channels), ["alipay", "wechatpay", "unionpay"])
            keptFen += report.statementPaymentFen - report.statementRefundFen
        }
        XCTAssertEqual(keptFen, confirmedFen, "the providers kept exactly what dues confirmed")
        await bus.close()
        keep = !(wrong.isEmpty && duesWrong.isEmpty && moneyWrong.isEmpty && doubled == 0)
        if keep { print("fault test files kept in \(rig.work.path)") }
    }

    /// Retries a step with the same idempotency key while the bus or a restarting service cannot
    /// answer (the client's side of exactly once); any other refusal is the test's failure.
    static func settle<T: Sendable>(_ what: String, _ step: @Sendable () async throws -> T) async throws -> T {
        let deadline = ContinuousClock.now + .seconds(90)
        while true {
            do { return try await step() } catch let error as ErrorBody where ContinuousClock.now < deadline && Self.transient(error) {
                try await Task.sleep(for: .milliseconds(100))  // back-off before the retry, not synchronisation
            } catch {
                throw RigError("\(what): \(error)")
            }
        }
    }

    static func transient(_ error: ErrorBody) -> Bool {
        error.code.hasPrefix("bus.") || error.code == ErrorCode.paymentsRequestInProgress
            || error.code == ErrorCode.paymentsProviderFailed || error.code == ErrorCode.`internal`
    }
}

actor Members {
    private var members: Set<Int> = []
    func insert(_ i: Int) { members.insert(i) }
    var all: Set<Int> { members }
}

actor OrderIds {
    private var ids: [Int: String] = [:]
    func set(_ i: Int, _ id: String) { ids[i] = id }
    var all: [Int: String] { ids }
}

/// Kills a process with SIGKILL when the drivers reach a given order, and starts it again at once.
final class FaultSchedule: @unchecked Sendable {
    let rig: PayRig
    private let lock = NSLock()
    private var pending: [Int: String]
    private(set) var kills = 0

    init(rig: PayRig, at schedule: [Int: String]) {
        self.rig = rig
        self.pending = schedule
    }

    func tick(_ i: Int) async throws {
        guard let name = lock.withLock({ pending.removeValue(forKey: i) }) else { return }
        rig.killHard(name)
        try rig.launch(name)
        lock.withLock { kills += 1 }
    }
}
