import Foundation
import GRDB
import Payments
import Schema
import Store
import Synchronization
import XCTest

/// The issue's number: reconciling a 100,000-payment day through the runner (the statement parsed,
/// our orders read from a real SQLite store, dues' answer, the match, the report stored). The bill
/// is a WeChat trade bill held in memory (downloading 25 MB from the simulator is HTTP, not
/// reconciliation). Printed, not asserted: the machine and the build mode decide the number.
final class ReconciliationRunTimingTests: XCTestCase {
    static let count = 100_000

    struct InMemoryBill: StatementSource {
        let channel = StatementChannel.wechatpay
        let data: Data
        let parsed: @Sendable (Duration) -> Void
        func statement(for day: BeijingDay) async throws(ErrorBody) -> ProviderStatement {
            let clock = ContinuousClock(), start = clock.now
            do {
                let statement = try WeChatTradeBill.parse(data)
                parsed(clock.now - start)
                return statement
            } catch { throw ErrorBody.make(ErrorCode.paymentsReconciliationStatementFailed, details: ["reason": "\(error)"]) }
        }
    }

    struct AllPaid: DuesRecordsPort {
        let fen: [String: Int64]
        func paid(_ query: PaidPaymentsQuery) async throws(ErrorBody) -> PaidPayments {
            PaidPayments(items: (query.paymentIds ?? []).compactMap { id in fen[id].map { PaidPayment(paymentId: id, paidFen: $0, paidAt: nil) } })
        }
    }

    func testHundredThousandPaymentDayThroughTheRunner() async throws {
        let fixture = try TemporaryPaymentsStore()
        let day = BeijingDay(year: 2026, month: 11, day: 27)!
        var text = "交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,"
            + "微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注\n"
        var total: Int64 = 0
        var fens: [String: Int64] = [:]
        let setup = ContinuousClock().now
        try fixture.store.writeSync { db in
            for index in 0..<Self.count {
                let id = "po" + String(format: "%030d", index), tradeNo = "42" + String(format: "%026d", index)
                let fen = Int64(100 + index % 5_000)
                let paidAt = day.start.addingTimeInterval(600 + Double(index % 80_000))
                try db.execute(sql: """
                    INSERT INTO payment_order (id, payerMemberId, channel, status, totalFen, providerTradeNo, paidAt, createdAt, expiresAt)
                    VALUES (?, 'm', 'wechatpay', 'confirmed', ?, ?, ?, ?, ?)
                    """, arguments: [id, fen, tradeNo, paidAt.timeIntervalSince1970, paidAt.timeIntervalSince1970 - 60,
                                     paidAt.timeIntervalSince1970 + 840])
                // One payment missing from the bill (短款); the rest match.
                if index == 77 { fens[id] = fen; continue }
                total += fen
                fens[id] = fen
                let c = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(secondsFromGMT: 8 * 3600)!, from: paidAt)
                let time = String(format: "%04d-%02d-%02d %02d:%02d:%02d", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
                let yuan = Yuan.string(fen: fen)
                text += "`\(time),`wxd678efh567hg6787,`1230000109,`0,`,`\(tradeNo),`\(id),`oUpF8uMuAJO_M2pxb1Q9zNjWeS6o,`NATIVE,`SUCCESS,`OTHERS,`CNY,"
                    + "`\(yuan),`0.00,`0,`0,`0.00,`0.00,`,`,`党费,`,`0.00,`0.60%,`\(yuan),`0.00,`\n"
            }
        }
        text += "总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额\n"
            + "`\(Self.count - 1),`\(Yuan.string(fen: total)),`0.00,`0.00,`0.00,`\(Yuan.string(fen: total)),`0.00\n"
        print("setup (100,000 orders stored, bill written): \(ContinuousClock().now - setup)")
        let parse = Mutex<Duration?>(nil)
        let reconciliation = Reconciliation(store: fixture.store,
                                            sources: [InMemoryBill(data: Data(text.utf8), parsed: { d in parse.withLock { $0 = d } })],
                                            dues: AllPaid(fen: fens), now: { day.next.start.addingTimeInterval(36_000) })
        let clock = ContinuousClock()
        var summary: ReconciliationSummary?
        let elapsed = try await clock.measure {
            summary = try await reconciliation.run(day: day, by: .service("payments"))
        }
        print("reconciling a \(Self.count)-payment day through the runner (parse \(parse.withLock { $0 }.map { "\($0)" } ?? "?") "
              + "+ orders read + dues + match + store): \(elapsed)")
        XCTAssertEqual(summary?.matchedCount, Self.count - 1)
        XCTAssertEqual(summary?.differenceCount, 1)
        XCTAssertEqual(summary?.kinds.first { $0.kind == "shortPayment" }?.count, 1)
    }
}
