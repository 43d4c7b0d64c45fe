import Foundation
import Payments
import XCTest

/// The issue asks for the reconciliation time of a 100,000-payment day. Printed, not asserted: the
/// machine and the build mode (debug under `swift test`) decide the number.
final class ReconciliationTimingTests: XCTestCase {
    static let count = 100_000

    func testHundredThousandPaymentsMatch() {
        let day = Reconcile.day
        var orders: [ReconciliationOrder] = []
        var lines: [StatementLine] = []
        var dues: [String: Int64] = [:]
        orders.reserveCapacity(Self.count)
        lines.reserveCapacity(Self.count)
        for index in 0..<Self.count {
            let id = "po" + String(index).leftPad(30)
            let paidAt = day.start.addingTimeInterval(600 + Double(index % 80_000))   // inside the day, away from midnight
            let fen = Int64(100 + index % 5_000)
            orders.append(ReconciliationOrder(id: id, channel: "wechatpay", status: "confirmed", totalFen: fen,
                                              providerTradeNo: "42" + String(index).leftPad(26), paidAt: paidAt))
            lines.append(StatementLine(channel: .wechatpay, outTradeNo: id, providerTradeNo: "42" + String(index).leftPad(26),
                                       kind: .payment, amountFen: fen, time: paidAt, lineNumber: index + 2))
            dues[id] = fen
        }
        // Three real differences among the 100,000, so the report is not trivially empty.
        orders[10].totalFen += 1
        dues[orders[10].id] = orders[10].totalFen
        lines.removeLast()
        dues[orders[20].id] = nil
        let statement = ProviderStatement(channel: .wechatpay, lines: lines, summary: nil)
        let input = ReconciliationInput(day: day, orders: orders, statements: [statement], duesPaid: dues)

        let clock = ContinuousClock()
        var report: ReconciliationReport?
        let elapsed = clock.measure { report = ThreeWayMatch.reconcile(input) }
        print("reconciliation of \(Self.count) payments: \(elapsed)")
        XCTAssertEqual(report?.differences.map { $0.kind }, [.shortPayment, .amountMismatch, .paidNotInDues])
        XCTAssertEqual(report?.matchedCount, Self.count - 2)
    }

    func testHundredThousandLineWeChatBillParses() throws {
        var text = "交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,"
            + "微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注\n"
        var total: Int64 = 0
        for index in 0..<Self.count {
            let fen = Int64(100 + index % 5_000)
            total += fen
            let yuan = Yuan.string(fen: fen)
            text += "`2026-11-27 10:00:00,`wxd678efh567hg6787,`1230000109,`0,`,`42\(String(index).leftPad(26)),`po\(String(index).leftPad(30)),"
                + "`oUpF8uMuAJO_M2pxb1Q9zNjWeS6o,`NATIVE,`SUCCESS,`OTHERS,`CNY,`\(yuan),`0.00,`0,`0,`0.00,`0.00,`,`,`党费,`,`0.00,`0.60%,`\(yuan),`0.00,`\n"
        }
        text += "总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额\n"
            + "`\(Self.count),`\(Yuan.string(fen: total)),`0.00,`0.00,`0.00,`\(Yuan.string(fen: total)),`0.00\n"
        let data = Data(text.utf8)
        let clock = ContinuousClock()
        var bill: ProviderStatement?
        let elapsed = try clock.measure { bill = try WeChatTradeBill.parse(data) }
        print("parsing a \(Self.count)-line WeChat bill (\(data.count) bytes): \(elapsed)")
        XCTAssertEqual(bill?.lines.count, Self.count)
    }
}

private extension String {
    func leftPad(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
