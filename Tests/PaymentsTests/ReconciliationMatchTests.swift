import Foundation
import Payments
import XCTest

final class ReconciliationMatchTests: XCTestCase {
    typealias Kind = ReconciliationDifference.Kind

    func kinds(_ report: ReconciliationReport) -> [Kind] { report.differences.map { $0.kind } }

    func testEverythingAgreesGivesNoDifference() throws {
        let report = ThreeWayMatch.reconcile(try Reconcile.input())
        XCTAssertEqual(report.differences, [])
        XCTAssertTrue(report.isClean)
        XCTAssertEqual(report.day, "2026-11-27")
        XCTAssertEqual(report.channels, ["alipay", "unionpay", "wechatpay"])
        XCTAssertEqual(report.matchedCount, 6)
        XCTAssertEqual(report.matchedFen, 4505 + 1200 + 6000 + 2450 + 3000 + 5050)
        XCTAssertEqual(report.statementRefundFen, 3000 + 3000 + 1500)
        XCTAssertEqual(report.ourPaidFen, report.matchedFen)
        XCTAssertEqual(Set(report.counts.keys), Set(Kind.allCases.map { $0.rawValue }))
        XCTAssertTrue(report.counts.values.allSatisfy { $0 == 0 })
    }

    /// 长款: money at the provider for an order we do not know, or one not paid at us.
    func testLongPayment() throws {
        var input = try Reconcile.input()
        input.orders.removeAll { $0.id == Reconcile.id("al001") }
        input.duesPaid[Reconcile.id("al001")] = nil
        input.update("wx002") { $0.status = "expired"; $0.paidAt = nil; $0.providerTradeNo = nil }
        input.duesPaid[Reconcile.id("wx002")] = nil
        let report = ThreeWayMatch.reconcile(input)
        XCTAssertEqual(kinds(report), [.longPayment, .longPayment])
        let unknown = report.differences[0]
        XCTAssertEqual(unknown.orderId, Reconcile.id("al001"))
        XCTAssertEqual(unknown.providerFen, 6000)
        XCTAssertNil(unknown.ourFen)
        XCTAssertEqual(unknown.statementLine, 6)
        XCTAssertEqual(report.differences[1].orderId, Reconcile.id("wx002"))
        XCTAssertTrue(report.differences[1].detail.contains("expired"))
        XCTAssertEqual(report.fenByKind["longPayment"], 6000 + 1200)
    }

    func testDuplicatePaymentAtProviderIsLong() throws {
        var input = try Reconcile.input()
        input.statements[0].lines.append(input.statements[0].lines[0])
        XCTAssertEqual(kinds(ThreeWayMatch.reconcile(input)), [.longPayment])
    }

    /// 短款: paid at us, missing at the provider.
    func testShortPayment() throws {
        var input = try Reconcile.input()
        let order = ReconciliationOrder(id: Reconcile.id("wx004"), channel: "wechatpay", status: "confirmed", totalFen: 800,
                                        providerTradeNo: "4200002345202611271200000004", paidAt: Reconcile.bj("2026-11-27 12:00:00"))
        input.orders.append(order)
        input.duesPaid[order.id] = 800
        let report = ThreeWayMatch.reconcile(input)
        XCTAssertEqual(kinds(report), [.shortPayment])
        XCTAssertEqual(report.differences[0].ourFen, 800)
        XCTAssertNil(report.differences[0].providerFen)
        XCTAssertEqual(report.count(.shortPayment), 1)
    }

    func testAmountMismatch() throws {
        var input = try Reconcile.input()
        input.update("up003") { $0.totalFen = 5000 }
        input.duesPaid[Reconcile.id("up003")] = 5000
        let report = ThreeWayMatch.reconcile(input)
        XCTAssertEqual(kinds(report), [.amountMismatch])
        XCTAssertEqual(report.differences[0].ourFen, 5000)
        XCTAssertEqual(report.differences[0].providerFen, 5050)
    }

    func testDuesRecordingAnotherAmountIsAnAmountMismatch() throws {
        var input = try Reconcile.input()
        input.duesPaid[Reconcile.id("up003")] = 5000
        let report = ThreeWayMatch.reconcile(input)
        XCTAssertEqual(kinds(report), [.amountMismatch])
        XCTAssertEqual(report.differences[0].duesFen, 5000)
    }

    func testRefundMismatch() throws {
        var input = try Reconcile.input()
        input.update("al003") { $0.status = "refunding"; $0.refundedAt = nil }   // done at Alipay, not recorded at us
        input.orders.append(ReconciliationOrder(id: Reconcile.id("wx005"), channel: "wechatpay", status: "refunded", totalFen: 900,
                                                paidAt: Reconcile.bj("2026-11-26 09:00:00"), refundedAt: Reconcile.bj("2026-11-27 13:00:00")))
        input.update("up002") { $0.totalFen = 1600 }   // the provider refunded 15.00 of 16.00
        let report = ThreeWayMatch.reconcile(input)
        XCTAssertEqual(kinds(report), [.refundMismatch, .refundMismatch, .refundMismatch])
        XCTAssertEqual(report.differences.map { $0.orderId }, [Reconcile.id("al003"), Reconcile.id("up002"), Reconcile.id("wx005")])
        XCTAssertNil(report.differences[2].providerFen)
    }

    func testRefundForAnUnknownOrder() throws {
        var input = try Reconcile.input()
        input.orders.removeAll { $0.id == Reconcile.id("up002") }
        let report = ThreeWayMatch.reconcile(input)
        XCTAssertEqual(kinds(report), [.refundMismatch])
        XCTAssertEqual(report.differences[0].orderId, Reconcile.id("up2r1"))
    }

    func testPaidButNotInDues() throws {
        var input = try Reconcile.input()
        input.duesPaid[Reconcile.id("wx001")] = nil
        input.update("al002") { $0.status = "paid" }   // confirmation still pending
        input.duesPaid[Reconcile.id("al002")] = nil
        let report = ThreeWayMatch.reconcile(input)
        XCTAssertEqual(kinds(report), [.paidNotInDues, .paidNotInDues])
        XCTAssertEqual(report.differences.map { $0.orderId }, [Reconcile.id("al002"), Reconcile.id("wx001")])
    }

    func testDuesWithoutMoney() throws {
        var input = try Reconcile.input()
        input.duesPaid[Reconcile.id("zz001")] = 2000                 // no such order
        input.duesPaid[Reconcile.id("up002")] = 1500                 // refunded, months still paid
        input.orders.append(ReconciliationOrder(id: Reconcile.id("wx008"), channel: "wechatpay", status: "expired", totalFen: 700))
        input.duesPaid[Reconcile.id("wx008")] = 700                   // the order never got its money
        let report = ThreeWayMatch.reconcile(input)
        XCTAssertEqual(kinds(report), [.duesWithoutMoney, .duesWithoutMoney, .duesWithoutMoney])
        XCTAssertEqual(report.differences.map { $0.duesFen }, [2000, 1500, 700])   // by channel: none, unionpay, wechatpay
    }

    /// Lines and orders on either side of midnight are 跨日, not 长款/短款.
    func testCutOver() throws {
        var input = try Reconcile.input()
        // Provider: 23:59:59 the day before; us: 00:00:01 today (the line sits in today's bill).
        let early = ReconciliationOrder(id: Reconcile.id("wx006"), channel: "wechatpay", status: "confirmed", totalFen: 600,
                                        paidAt: Reconcile.bj("2026-11-27 00:00:01"))
        input.orders.append(early)
        input.duesPaid[early.id] = 600
        input.statements[0].lines.append(StatementLine(channel: .wechatpay, outTradeNo: early.id, providerTradeNo: "4200000006",
                                                       kind: .payment, amountFen: 600, time: Reconcile.bj("2026-11-26 23:59:59"), lineNumber: 99))
        // Us: 23:59:58 today; the provider put it in tomorrow's bill, so today's has no line.
        let late = ReconciliationOrder(id: Reconcile.id("al007"), channel: "alipay", status: "confirmed", totalFen: 700,
                                       paidAt: Reconcile.bj("2026-11-27 23:59:58"))
        input.orders.append(late)
        input.duesPaid[late.id] = 700
        // Provider: 23:59:59 today; us: 00:00:03 tomorrow (an order of the next day, given as a neighbour).
        let next = ReconciliationOrder(id: Reconcile.id("up009"), channel: "unionpay", status: "confirmed", totalFen: 900,
                                       paidAt: Reconcile.bj("2026-11-28 00:00:03"))
        input.neighbourOrders.append(next)
        input.statements[2].lines.append(StatementLine(channel: .unionpay, outTradeNo: next.id, providerTradeNo: "612611272359590000009",
                                                       kind: .payment, amountFen: 900, time: Reconcile.bj("2026-11-27 23:59:59"), lineNumber: 4))
        let report = ThreeWayMatch.reconcile(input)
        XCTAssertEqual(kinds(report), [.cutOver, .cutOver, .cutOver])
        XCTAssertEqual(report.differences.map { $0.orderId }, [late.id, next.id, early.id])
        XCTAssertEqual(report.count(.longPayment) + report.count(.shortPayment), 0)
    }

    func testOrdersOfAChannelWithoutStatementAreNotShort() throws {
        var input = try Reconcile.input()
        input.statements.removeAll { $0.channel == .unionpay }
        let report = ThreeWayMatch.reconcile(input)
        XCTAssertEqual(report.differences, [])
        XCTAssertEqual(report.channels, ["alipay", "wechatpay"])
    }

    func testCSVExport() throws {
        var input = try Reconcile.input()
        input.duesPaid[Reconcile.id("zz001")] = 2000
        input.update("up003") { $0.totalFen = 5000 }
        input.duesPaid[Reconcile.id("up003")] = 5000
        let report = ThreeWayMatch.reconcile(input)
        let data = report.csv()
        XCTAssertEqual(Array(data.prefix(3)), [0xEF, 0xBB, 0xBF])
        let lines = String(decoding: data.dropFirst(3), as: UTF8.self).components(separatedBy: "\r\n")
        XCTAssertEqual(lines[0], "对账日,类型,渠道,商户订单号,渠道交易号,我方金额（元）,渠道金额（元）,党费记录（元）,我方时间,渠道时间,对账单行号,说明,处理建议")
        XCTAssertEqual(lines[1], "2026-11-27,金额不符,银联,\(Reconcile.id("up003")),612611271815003456789,50.00,50.50,,2026-11-27 18:15:00,"
                       + "2026-11-27 18:15:00,3,渠道金额与订单金额不同,核对订单与渠道金额")
        XCTAssertTrue(lines[2].hasPrefix("2026-11-27,党费已记未收款,,\(Reconcile.id("zz001")),,,,20.00,"))
        XCTAssertEqual(lines[3], "")
        XCTAssertTrue(lines.contains(",长款,0,0.00"))
        XCTAssertTrue(lines.contains(",金额不符,1,50.50"))
        XCTAssertTrue(lines.contains(",相符,5,\(Yuan.string(fen: report.matchedFen))"))
        let decoded = try JSONDecoder().decode(ReconciliationReport.self, from: JSONEncoder().encode(report))
        XCTAssertEqual(decoded, report)
    }
}
