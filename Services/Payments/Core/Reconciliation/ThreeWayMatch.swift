import Foundation

/// The daily three-way match (对账): our orders, the providers' statements and dues' paid months.
/// Pure: dictionary joins over the input, so a 100,000-payment day is a fraction of a second.
public enum ThreeWayMatch {
    public static func reconcile(_ input: ReconciliationInput) -> ReconciliationReport {
        var matcher = Matcher(input)
        matcher.payments()
        matcher.unmatchedPaidOrders()
        matcher.refunds()
        matcher.dues()
        return matcher.report()
    }
}

private struct ProviderNumber: Hashable {
    var channel: String
    var number: String
}

private struct Matcher {
    let input: ReconciliationInput
    let channels: Set<String>
    var ours: [String: ReconciliationOrder] = [:]
    var neighbours: [String: ReconciliationOrder] = [:]
    /// Only refunds naming the original payment (UnionPay 退货) need this index; built on first use.
    lazy var byProviderNo: [ProviderNumber: String] = {
        var index: [ProviderNumber: String] = [:]
        for order in input.neighbourOrders + input.orders {
            if let number = order.providerTradeNo { index[ProviderNumber(channel: order.channel, number: number)] = order.id }
        }
        return index
    }()
    /// Order ids (ours are unique across channels) with a payment line, and with a refund line.
    var paymentSeen: Set<String> = []
    var refundSeen: Set<String> = []
    var differences: [ReconciliationDifference] = []
    var matchedCount = 0
    var matchedFen: Int64 = 0

    init(_ input: ReconciliationInput) {
        self.input = input
        channels = Set(input.statements.map { $0.channel.rawValue })
        let lineCount = input.statements.reduce(0) { $0 + $1.lines.count }
        ours.reserveCapacity(input.orders.count)
        paymentSeen.reserveCapacity(lineCount)
        for order in input.neighbourOrders { neighbours[order.id] = order }
        for order in input.orders { ours[order.id] = order }
    }

    func order(_ id: String) -> ReconciliationOrder? { ours[id] ?? neighbours[id] }

    func isToday(_ date: Date?) -> Bool { date.map { BeijingDay($0) == input.day } ?? false }

    /// Within cutOverSeconds of either midnight bounding the day.
    func nearMidnight(_ date: Date) -> Bool {
        date.timeIntervalSince(input.day.start) < input.cutOverSeconds || input.day.end.timeIntervalSince(date) <= input.cutOverSeconds
    }

    mutating func add(_ kind: ReconciliationDifference.Kind, _ order: ReconciliationOrder?, line: StatementLine?,
                      ourTime: Date? = nil, duesFen: Int64? = nil, orderId: String? = nil, _ detail: String) {
        differences.append(ReconciliationDifference(
            kind: kind, channel: line?.channel.rawValue ?? order?.channel ?? "", orderId: orderId ?? order?.id ?? line?.outTradeNo ?? "",
            providerTradeNo: line?.providerTradeNo ?? order?.providerTradeNo, ourFen: order?.totalFen, providerFen: line?.amountFen,
            duesFen: duesFen, ourTime: ourTime, providerTime: line?.time, statementLine: line?.lineNumber, detail: detail))
    }

    mutating func payments() {
        for statement in input.statements {
            for line in statement.lines where line.kind == .payment {
                guard paymentSeen.insert(line.outTradeNo).inserted else {
                    add(.longPayment, order(line.outTradeNo), line: line, "同一订单在渠道重复付款")
                    continue
                }
                let today = ours[line.outTradeNo]
                guard let order = today ?? neighbours[line.outTradeNo] else {
                    add(.longPayment, nil, line: line, "我方无此订单")
                    continue
                }
                guard order.channel == line.channel.rawValue else {
                    add(.longPayment, order, line: line, ourTime: order.paidAt, "订单渠道为 \(order.channel)")
                    continue
                }
                guard order.moneyArrived else {
                    add(.longPayment, order, line: line, "渠道已收款，我方订单状态为 \(order.status)")
                    continue
                }
                var clean = true
                if order.totalFen != line.amountFen {
                    add(.amountMismatch, order, line: line, ourTime: order.paidAt, "渠道金额与订单金额不同")
                    clean = false
                }
                let lineDay = BeijingDay(line.time)
                if today == nil || order.paidAt.map(BeijingDay.init) != lineDay || lineDay != input.day {
                    add(.cutOver, order, line: line, ourTime: order.paidAt,
                        "渠道记于 \(lineDay)，我方记于 \(order.paidAt.map { BeijingDay($0).description } ?? "—")")
                    clean = false
                }
                if clean {
                    matchedCount += 1
                    matchedFen += line.amountFen
                }
            }
        }
    }

    /// Paid at us that day, on a reconciled channel, with no payment line.
    mutating func unmatchedPaidOrders() {
        for order in input.orders where order.moneyArrived && channels.contains(order.channel) && isToday(order.paidAt) {
            guard !paymentSeen.contains(order.id), let paidAt = order.paidAt else { continue }
            if nearMidnight(paidAt) {
                add(.cutOver, order, line: nil, ourTime: paidAt, "我方零点前后收款，渠道当日对账单无此笔，应在相邻日对账单")
            } else {
                add(.shortPayment, order, line: nil, ourTime: paidAt, "我方已收款，渠道对账单无此笔")
            }
        }
    }

    mutating func refunds() {
        for statement in input.statements {
            for line in statement.lines where line.kind == .refund {
                var found = order(line.outTradeNo)
                if found == nil, let original = line.originalProviderTradeNo,
                   let id = byProviderNo[ProviderNumber(channel: line.channel.rawValue, number: original)] {
                    found = order(id)
                }
                guard let order = found else {
                    add(.refundMismatch, nil, line: line, "渠道退款，我方无此订单")
                    continue
                }
                guard refundSeen.insert(order.id).inserted else {
                    add(.refundMismatch, order, line: line, ourTime: order.refundedAt, "同一订单在渠道重复退款")
                    continue
                }
                if order.status != "refunded" {
                    add(.refundMismatch, order, line: line, ourTime: order.refundedAt, "渠道已退款，我方订单状态为 \(order.status)")
                } else if order.totalFen != line.amountFen {
                    add(.refundMismatch, order, line: line, ourTime: order.refundedAt, "退款金额与订单金额不同")
                } else if order.refundedAt.map(BeijingDay.init) != BeijingDay(line.time) || BeijingDay(line.time) != input.day {
                    add(.cutOver, order, line: line, ourTime: order.refundedAt,
                        "渠道退款记于 \(BeijingDay(line.time))，我方记于 \(order.refundedAt.map { BeijingDay($0).description } ?? "—")")
                }
            }
        }
        for order in input.orders where order.status == "refunded" && channels.contains(order.channel) && isToday(order.refundedAt) {
            guard !refundSeen.contains(order.id), let refundedAt = order.refundedAt else { continue }
            if nearMidnight(refundedAt) {
                add(.cutOver, order, line: nil, ourTime: refundedAt, "我方零点前后退款，渠道当日对账单无此笔")
            } else {
                add(.refundMismatch, order, line: nil, ourTime: refundedAt, "我方已退款，渠道对账单无此笔退款")
            }
        }
    }

    mutating func dues() {
        // A wallet top-up is money for the wallet, not months: dues never records it.
        for order in input.orders where isToday(order.paidAt) && !input.notDues.contains(order.id) {
            let recorded = input.duesPaid[order.id]
            if order.keepsMoney {
                if recorded == nil {
                    add(.paidNotInDues, order, line: nil, ourTime: order.paidAt,
                        order.status == "paid" ? "党费确认未完成" : "我方已确认，党费无记录")
                } else if recorded != order.totalFen {
                    add(.amountMismatch, order, line: nil, ourTime: order.paidAt, duesFen: recorded, "党费记录金额与订单金额不同")
                }
            }
        }
        for (id, fen) in input.duesPaid {
            if let order = ours[id] {
                guard !order.keepsMoney else { continue }
                add(.duesWithoutMoney, order, line: nil, ourTime: order.refundedAt ?? order.paidAt, duesFen: fen,
                    "党费已记，我方订单状态为 \(order.status)")
            } else if neighbours[id] == nil {
                add(.duesWithoutMoney, nil, line: nil, duesFen: fen, orderId: id, "党费已记，我方无此订单")
            }
        }
    }

    func report() -> ReconciliationReport {
        let order = ReconciliationDifference.Kind.allCases
        let sorted = differences.sorted { a, b in
            if a.kind != b.kind { return order.firstIndex(of: a.kind)! < order.firstIndex(of: b.kind)! }
            if a.channel != b.channel { return a.channel < b.channel }
            if a.orderId != b.orderId { return a.orderId < b.orderId }
            return (a.statementLine ?? 0) < (b.statementLine ?? 0)
        }
        let paidToday = input.orders.filter { $0.moneyArrived && channels.contains($0.channel) && isToday($0.paidAt) }
        return ReconciliationReport(
            day: input.day.description, channels: channels.sorted(), differences: sorted, matchedCount: matchedCount,
            matchedFen: matchedFen,
            statementPaymentFen: input.statements.reduce(0) { $0 + $1.paymentFen },
            statementRefundFen: input.statements.reduce(0) { $0 + $1.refundFen },
            ourPaidFen: paidToday.reduce(0) { $0 + $1.totalFen })
    }
}
