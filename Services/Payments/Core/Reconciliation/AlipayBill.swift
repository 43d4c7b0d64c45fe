import Foundation

/// Alipay's day bill (alipay.data.dataservice.bill.downloadurl.query, bill_type trade → bill_download_url):
/// a zip holding `…_业务明细.csv` and `…_业务明细(汇总).csv`, both GBK. In the detail file lines starting
/// with `#` are comments (account, dates, and the totals at the end: `#交易合计：N笔，商家实收共X元，…`
/// and `#退款合计：M笔，商家实收退款共-Y元，…`); the first other line is the header, then one line per
/// 交易 or 退款 (a refund's 商家实收 is negative). Values may carry trailing tabs (Alipay pads them so
/// spreadsheets keep long numbers as text).
public enum AlipayBill {
    static let required = ["支付宝交易号", "商户订单号", "业务类型", "完成时间", "订单金额（元）", "商家实收（元）"]

    /// The zip as downloaded.
    public static func parse(zip: Data) throws -> ProviderStatement {
        let archive: ZipArchive
        do { archive = try ZipArchive(zip) } catch { throw StatementError(line: 0, "not a readable zip: \(error)") }
        guard let entry = archive.entries.first(where: { $0.name.hasSuffix("_业务明细.csv") }) else {
            throw StatementError(line: 0, "no 业务明细.csv in the zip")
        }
        let bytes: [UInt8]
        do { bytes = try archive.data(entry) } catch { throw StatementError(line: 0, "\(error)") }
        return try parse(detailCSV: bytes)
    }

    /// The `_业务明细.csv` file's bytes (GBK).
    public static func parse(detailCSV bytes: [UInt8]) throws -> ProviderStatement {
        let text: String
        do { text = try GBK.decode(bytes) } catch { throw StatementError(line: 0, "not GBK text") }
        var columns: WeChatTradeBill.Columns?
        var result: [StatementLine] = []
        var payments: (count: Int, fen: Int64)?
        var refunds: (count: Int, fen: Int64)?
        var totalsLine = 0
        var received: (payments: Int64, refunds: Int64) = (0, 0)
        for (number, raw) in StatementText.lines(text) {
            if raw.hasPrefix("#") {
                if raw.hasPrefix("#交易合计") { totalsLine = number; payments = try totals(raw, "#交易合计：", "商家实收共", number) }
                if raw.hasPrefix("#退款合计") { refunds = try totals(raw, "#退款合计：", "商家实收退款共", number) }
                continue
            }
            guard let known = columns else {
                columns = try WeChatTradeBill.columnIndex((number, raw), required)
                continue
            }
            guard let fields = StatementText.fields(raw)?.map({ $0.trimmingCharacters(in: .whitespaces) }), fields.count == known.count else {
                throw StatementError(line: number, "expected \(known.count) fields")
            }
            let (parsed, receivedFen) = try line(fields, known, number)
            result.append(parsed)
            if parsed.kind == .payment { received.payments += receivedFen } else { received.refunds += receivedFen }
        }
        guard let payments, let refunds else { throw StatementError(line: 0, "the #交易合计 / #退款合计 totals are missing") }
        let statement = ProviderStatement(channel: .alipay, lines: result,
                                          summary: StatementSummary(paymentCount: payments.count, paymentFen: payments.fen,
                                                                    refundCount: refunds.count, refundFen: -refunds.fen))
        let paid = result.filter { $0.kind == .payment }, refunded = result.filter { $0.kind == .refund }
        // The totals count 商家实收 (what reaches us); a line's amount is 订单金额 (what the member paid).
        guard paid.count == payments.count, refunded.count == refunds.count, received.payments == payments.fen,
              received.refunds == refunds.fen else {
            throw StatementError(line: totalsLine, "totals (\(payments.count) payments \(payments.fen) fen, \(refunds.count) refunds \(refunds.fen) fen) "
                                 + "differ from the lines (\(paid.count), \(received.payments), \(refunded.count), \(received.refunds))")
        }
        return statement
    }

    /// The normalized line and its 商家实收 in fen (negative on a refund).
    static func line(_ fields: [String], _ columns: WeChatTradeBill.Columns, _ number: Int) throws -> (StatementLine, Int64) {
        func value(_ name: String) -> String { fields[columns.names[name]!] }
        guard let time = StatementText.beijingTime(value("完成时间")) else { throw StatementError(line: number, "bad 完成时间") }
        guard !value("商户订单号").isEmpty, !value("支付宝交易号").isEmpty else { throw StatementError(line: number, "order numbers missing") }
        guard let order = StatementText.signedFen(value("订单金额（元）")), let received = StatementText.signedFen(value("商家实收（元）")) else {
            throw StatementError(line: number, "bad amount")
        }
        let kind: StatementLine.Kind
        switch value("业务类型") {
        case "交易":
            guard order > 0, received >= 0 else { throw StatementError(line: number, "a 交易 line with a negative amount") }
            kind = .payment
        case "退款":
            guard received < 0 else { throw StatementError(line: number, "a 退款 line with a non-negative 商家实收") }
            kind = .refund
        case let other: throw StatementError(line: number, "业务类型 \(other) not expected")
        }
        let line = StatementLine(channel: .alipay, outTradeNo: value("商户订单号"), providerTradeNo: value("支付宝交易号"), kind: kind,
                                 amountFen: kind == .payment ? order : -received, time: time, lineNumber: number)
        return (line, received)
    }

    /// "#交易合计：6笔，商家实收共0.06元，…" / "#退款合计：4笔，商家实收退款共-0.04元，…" → (count, signed fen).
    static func totals(_ raw: Substring, _ countPrefix: String, _ amountPrefix: String, _ number: Int) throws -> (count: Int, fen: Int64) {
        let count = try count(after: countPrefix, in: raw, number)
        guard let fen = amount(after: amountPrefix, in: raw) else { throw StatementError(line: number, "unreadable \(amountPrefix)") }
        return (count, fen)
    }

    static func count(after prefix: String, in raw: Substring, _ number: Int) throws -> Int {
        guard let start = raw.range(of: prefix)?.upperBound, let end = raw[start...].firstIndex(of: "笔"),
              let count = Int(raw[start..<end]) else { throw StatementError(line: number, "unreadable count") }
        return count
    }

    static func amount(after prefix: String, in raw: Substring) -> Int64? {
        guard let start = raw.range(of: prefix)?.upperBound, let end = raw[start...].firstIndex(of: "元") else { return nil }
        return StatementText.signedFen(String(raw[start..<end]))
    }
}
