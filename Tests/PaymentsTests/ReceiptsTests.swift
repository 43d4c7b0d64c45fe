import Documents
import Foundation
import Payments
import XCTest

final class ReceiptsTests: XCTestCase {
    /// 2026-11-28 09:54:26 UTC, 17:54:26 in Beijing.
    let paidAt = Date(timeIntervalSince1970: 1_795_859_666)

    var voucher: PaymentVoucher {
        PaymentVoucher(
            voucherNumber: "DJ202611280001", payerName: "李建国",
            items: [
                .init(memberName: "李建国", year: 2026, month: 10, amountFen: 6_000),
                .init(memberName: "李建国", year: 2026, month: 11, amountFen: 6_345),
            ],
            channel: .alipay, providerTradeNumber: "2026112822001400001234567890", paidAt: paidAt,
            organizationName: "中共示范街道第一党支部")
    }

    func testVoucherTotals() {
        XCTAssertEqual(voucher.totalFen, 12_345)
        XCTAssertEqual(PaymentVoucher.Channel(.alipay).chineseName, "支付宝")
        XCTAssertEqual(PaymentVoucher.Channel.allCases.map { $0.chineseName }, ["支付宝", "微信支付", "银联", "市民卡"])
    }

    func testVoucherPDFHoldsNameAmountAndCapitalAmount() throws {
        let pdf = try voucher.pdf()
        try keepSample(pdf, "voucher")
        let text = try PDFTools.compactText(pdf)
        for expected in [
            "党费电子缴费凭证", "DJ202611280001", "李建国", "中共示范街道第一党支部", "支付宝",
            "2026112822001400001234567890", "2026-11-2817:54:26（北京时间）", "2026年10月", "60.00", "63.45",
            "¥123.45", "人民币壹佰贰拾叁元肆角伍分", "党费收缴专用",
        ] {
            XCTAssertTrue(text.contains(expected), "\(expected) not in \(text)")
        }
        XCTAssertTrue(try PDFTools.fonts(pdf).contains { $0.name.contains("NotoSansCJK") && $0.embedded })
        let info = try PDFTools.info(pdf)
        XCTAssertEqual(info["Title"], "党费电子缴费凭证")
        XCTAssertEqual(info["Creator"], "党建平台")
    }

    func testVoucherShowsTheOtherChannels() throws {
        var voucher = voucher
        voucher.channel = .citizenCard
        XCTAssertTrue(try PDFTools.compactText(voucher.pdf()).contains("市民卡"))
    }

    var certificate: PaymentCertificate {
        PaymentCertificate(
            memberName: "王红梅", idNumber: "110105199001011234", organizationName: "中共示范街道第一党支部", year: 2026,
            months: (1...11).reversed().map { month in
                .init(month: month, amountFen: 3_000, paidAt: paidAt.addingTimeInterval(Double(month - 11) * 30 * 86_400))
            },
            issuedAt: paidAt)
    }

    func testCertificateStatement() {
        XCTAssertEqual(certificate.totalFen, 33_000)
        XCTAssertEqual(
            certificate.statement,
            "兹证明 王红梅 同志（居民身份证号 1101**********1234）系中共示范街道第一党支部党员，已按规定交纳 2026 年度党费 11 个月，"
                + "共计人民币 330.00 元（叁佰叁拾元整）。")
    }

    func testCertificatePDF() throws {
        let pdf = try certificate.pdf()
        try keepSample(pdf, "certificate")
        let text = try PDFTools.compactText(pdf)
        for expected in [
            "党费缴纳证明", "兹证明王红梅同志", "1101**********1234", "2026年度党费11个月", "330.00", "叁佰叁拾元整",
            "2026年1月", "2026年11月", "30.00", "2026年11月28日", "特此证明", "二〇二六年十一月二十八日",
        ] {
            XCTAssertTrue(text.contains(expected), "\(expected) not in \(text)")
        }
        XCTAssertFalse(text.contains("110105199001011234"), "the full ID number is never printed")
        // Months in order whatever order they were given in.
        let positions = try (1...9).map { try XCTUnwrap(text.range(of: "2026年\($0)月")).lowerBound }
        XCTAssertEqual(positions, positions.sorted())
        XCTAssertEqual(try PDFTools.info(pdf)["Title"], "党费缴纳证明")
    }

    /// With DOCUMENTS_SAMPLES set to a folder, the rendered PDFs are left there to look at.
    func keepSample(_ pdf: Data, _ name: String) throws {
        guard let folder = ProcessInfo.processInfo.environment["DOCUMENTS_SAMPLES"] else { return }
        try pdf.write(to: URL(fileURLWithPath: folder).appendingPathComponent("\(name).pdf"))
    }
}
