import Foundation
import Payments
import XCTest

final class ReconciliationParserTests: XCTestCase {
    func testWeChatTradeBill() throws {
        let bill = try WeChatTradeBill.parse(Reconcile.data("reconcile-wechat-tradebill-20261127.csv"))
        XCTAssertEqual(bill.channel, .wechatpay)
        XCTAssertEqual(bill.lines.map { $0.kind }, [.payment, .payment, .refund])
        XCTAssertEqual(bill.lines.map { $0.amountFen }, [4505, 1200, 3000])
        XCTAssertEqual(bill.lines[0].outTradeNo, Reconcile.id("wx001"))
        XCTAssertEqual(bill.lines[0].providerTradeNo, "4200002345202611270912030001")
        XCTAssertEqual(bill.lines[0].time, Reconcile.bj("2026-11-27 09:12:03"))
        XCTAssertEqual(bill.lines.map { $0.lineNumber }, [2, 3, 4])
        XCTAssertEqual(bill.summary, StatementSummary(lineCount: 3, paymentFen: 5705, refundFen: 3000))
    }

    func testWeChatMalformedLineIsRefusedWithItsNumber() throws {
        let text = try String(decoding: Reconcile.data("reconcile-wechat-tradebill-20261127.csv"), as: UTF8.self)
        for (broken, line) in [(text.replacingOccurrences(of: "`12.00,", with: "`12.0O,"), 3),
                               (text.replacingOccurrences(of: ",`4200002345202611270912030001", with: ",4200002345202611270912030001"), 2),
                               (text.replacingOccurrences(of: "`2026-11-27 14:30:41", with: "`2026-11-31 14:30:41"), 3),
                               (text.replacingOccurrences(of: "`SUCCESS,`CMB_DEBIT", with: "`NOTPAY,`CMB_DEBIT"), 3),
                               (text.replacingOccurrences(of: ",`0.27000,", with: ","), 2)] {
            XCTAssertThrowsError(try WeChatTradeBill.parse(Data(broken.utf8))) { error in
                XCTAssertEqual((error as? StatementError)?.line, line, "\(error)")
            }
        }
    }

    func testWeChatSummaryMismatchIsRefused() throws {
        let text = try String(decoding: Reconcile.data("reconcile-wechat-tradebill-20261127.csv"), as: UTF8.self)
        for broken in [text.replacingOccurrences(of: "`3,`57.05,`30.00", with: "`3,`57.06,`30.00"),
                       text.replacingOccurrences(of: "`3,`57.05,`30.00", with: "`2,`57.05,`30.00"),
                       text.replacingOccurrences(of: "`3,`57.05,`30.00", with: "`3,`57.05,`0.00")] {
            XCTAssertThrowsError(try WeChatTradeBill.parse(Data(broken.utf8))) { error in
                XCTAssertEqual((error as? StatementError)?.line, 6, "\(error)")
            }
        }
        let cut = text.components(separatedBy: "\n").prefix(4).joined(separator: "\n")
        XCTAssertThrowsError(try WeChatTradeBill.parse(Data(cut.utf8)))
    }

    func testAlipayZipInGBK() throws {
        let bill = try AlipayBill.parse(zip: Reconcile.data("reconcile-alipay-20261127.csv.zip"))
        XCTAssertEqual(bill.channel, .alipay)
        XCTAssertEqual(bill.lines.map { $0.kind }, [.payment, .payment, .refund])
        XCTAssertEqual(bill.lines.map { $0.amountFen }, [6000, 2450, 3000])
        XCTAssertEqual(bill.lines.map { $0.outTradeNo }, [Reconcile.id("al001"), Reconcile.id("al002"), Reconcile.id("al003")])
        XCTAssertEqual(bill.lines[2].providerTradeNo, "2026112622001400001000000003")   // the trailing tab is gone
        XCTAssertEqual(bill.lines[2].time, Reconcile.bj("2026-11-27 11:11:11"))        // 完成时间
        XCTAssertEqual(bill.lines.map { $0.lineNumber }, [6, 7, 8])
        XCTAssertEqual(bill.summary, StatementSummary(paymentCount: 2, paymentFen: 8450, refundCount: 1, refundFen: 3000))
    }

    func testAlipayStoredEntryReadsTheSame() throws {
        XCTAssertEqual(try AlipayBill.parse(zip: Reconcile.data("reconcile-alipay-stored.csv.zip")),
                       try AlipayBill.parse(zip: Reconcile.data("reconcile-alipay-20261127.csv.zip")))
    }

    func testAlipayCorruptZipIsRefused() throws {
        var bytes = try [UInt8](Reconcile.data("reconcile-alipay-stored.csv.zip"))
        // The stored CSV starts "#支付宝" (23 D6 A7 in GBK).
        let at = bytes.indices.first { bytes[$0] == 0x23 && bytes[$0 + 1] == 0xD6 && bytes[$0 + 2] == 0xA7 }!
        bytes[at] = UInt8(ascii: "!")                        // CRC no longer matches
        XCTAssertThrowsError(try AlipayBill.parse(zip: Data(bytes)))
    }

    func testAlipayMalformedLineAndTotalsAreRefused() throws {
        XCTAssertThrowsError(try AlipayBill.parse(zip: Reconcile.data("reconcile-alipay-bad-line.csv.zip"))) { error in
            XCTAssertEqual((error as? StatementError)?.line, 7, "\(error)")
        }
        XCTAssertThrowsError(try AlipayBill.parse(zip: Reconcile.data("reconcile-alipay-bad-total.csv.zip"))) { error in
            XCTAssertEqual((error as? StatementError)?.line, 10, "\(error)")
        }
        XCTAssertThrowsError(try AlipayBill.parse(zip: Data("PK not a zip".utf8)))
    }

    func testUnionPayFixedWidth() throws {
        let file = try UnionPayStatement.parse(Reconcile.data("reconcile-unionpay-INN26112788ZM_777290058110048"), day: Reconcile.day)
        XCTAssertEqual(file.channel, .unionpay)
        XCTAssertNil(file.summary)   // the ZM file prints no totals
        XCTAssertEqual(file.lines.map { $0.kind }, [.payment, .refund, .payment])
        XCTAssertEqual(file.lines.map { $0.amountFen }, [3000, 1500, 5050])
        XCTAssertEqual(file.lines[1].originalProviderTradeNo, "612611261200009876543")
        XCTAssertEqual(file.lines[0].providerTradeNo, "612611270930001234567")
        XCTAssertEqual(file.lines[2].time, Reconcile.bj("2026-11-27 18:15:00"))
    }

    func testUnionPayYearAcrossNewYear() throws {
        var bytes = try [UInt8](Reconcile.data("reconcile-unionpay-INN26112788ZM_777290058110048"))
        bytes.replaceSubrange(35..<45, with: Array("1231235959".utf8))
        let file = try UnionPayStatement.parse(Data(bytes), day: BeijingDay(year: 2027, month: 1, day: 1)!)
        XCTAssertEqual(file.lines[0].time, Reconcile.bj("2026-12-31 23:59:59"))
    }

    func testUnionPayMalformedLineIsRefused() throws {
        let good = try [UInt8](Reconcile.data("reconcile-unionpay-INN26112788ZM_777290058110048"))
        let second = 609   // 607 bytes and CR LF per line
        var badAmount = good
        badAmount[second + 66 + 5] = UInt8(ascii: "x")
        var overrun = good
        overrun[second + 66 + 12] = UInt8(ascii: "7")   // the separator after 交易金额
        var badType = good
        badType[second + 215] = UInt8(ascii: "9")
        var blankInside = good
        blankInside.insert(contentsOf: [13, 10], at: second)
        for (bytes, line) in [(badAmount, 2), (overrun, 2), (badType, 2), (blankInside, 2), (Array(good[0..<200]), 1)] {
            XCTAssertThrowsError(try UnionPayStatement.parse(Data(bytes), day: Reconcile.day)) { error in
                XCTAssertEqual((error as? StatementError)?.line, line, "\(error)")
            }
        }
    }
}
