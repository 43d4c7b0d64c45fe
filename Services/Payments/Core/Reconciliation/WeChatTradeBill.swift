import Foundation

/// WeChat Pay's 交易账单 (GET /v3/bill/tradebill → download_url, bill_type ALL): UTF-8 CSV, a header
/// row, one row per payment (交易状态 SUCCESS) or refund (REFUND), every value prefixed with a back-tick
/// (so spreadsheets keep long numbers as text), then the summary header 总交易单数,应结订单总金额,退款总金额,…
/// and its value row. Columns are found by their header names.
public enum WeChatTradeBill {
    static let required = ["交易时间", "微信订单号", "商户订单号", "交易状态", "应结订单金额", "退款金额"]
    static let summaryRequired = ["总交易单数", "应结订单总金额", "退款总金额"]

    public static func parse(_ data: Data) throws -> ProviderStatement {
        var text = String(decoding: data, as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let lines = StatementText.lines(text)
        guard let header = lines.first else { throw StatementError(line: 1, "empty bill") }
        let columns = try columnIndex(header, required)
        var result: [StatementLine] = []
        var index = 1
        var summaryAt: Int?
        while index < lines.count {
            let (number, raw) = lines[index]
            if raw.hasPrefix("总交易单数") { summaryAt = index; break }
            guard let fields = StatementText.fields(raw), fields.count == columns.count else {
                throw StatementError(line: number, "expected \(columns.count) fields")
            }
            result.append(try line(fields, columns, number))
            index += 1
        }
        guard let summaryAt, summaryAt + 1 < lines.count else { throw StatementError(line: lines.count + 1, "summary rows missing") }
        guard summaryAt + 2 == lines.count else { throw StatementError(line: lines[summaryAt + 2].number, "text after the summary") }
        let summaryColumns = try columnIndex(lines[summaryAt], summaryRequired)
        let (number, raw) = lines[summaryAt + 1]
        guard let values = StatementText.fields(raw), values.count == summaryColumns.count else {
            throw StatementError(line: number, "summary values do not match its header")
        }
        func value(_ name: String) throws -> String { try unticked(values[summaryColumns.names[name]!], number, name) }
        guard let count = Int(try value("总交易单数")), let paid = Yuan.fen(try value("应结订单总金额")),
              let refunded = Yuan.fen(try value("退款总金额")) else { throw StatementError(line: number, "summary values unreadable") }
        let summary = StatementSummary(lineCount: count, paymentFen: paid, refundFen: refunded)
        let statement = ProviderStatement(channel: .wechatpay, lines: result, summary: summary)
        // 应结订单总金额 is checked against the SUCCESS rows' 应结订单金额 (a refund row's value there is not
        // counted: we did not find it documented whether it prints 0.00 or the original amount).
        let settled = result.reduce(Int64(0)) { $0 + ($1.kind == .payment ? $1.amountFen : 0) }
        guard count == result.count, paid == settled, refunded == statement.refundFen else {
            throw StatementError(line: number, "summary (\(count) rows, \(paid) fen paid, \(refunded) fen refunded) differs from the rows "
                                 + "(\(result.count), \(settled), \(statement.refundFen))")
        }
        return statement
    }

    struct Columns {
        var names: [String: Int]
        var count: Int
    }

    static func columnIndex(_ header: (number: Int, text: Substring), _ required: [String]) throws -> Columns {
        guard let names = StatementText.fields(header.text) else { throw StatementError(line: header.number, "unreadable header") }
        var index: [String: Int] = [:]
        for (i, name) in names.enumerated() { index[name.trimmingCharacters(in: .whitespaces)] = i }
        for name in required where index[name] == nil { throw StatementError(line: header.number, "column \(name) missing") }
        return Columns(names: index, count: names.count)
    }

    /// Every value starts with a back-tick; a value without one is not WeChat's format.
    static func unticked(_ field: String, _ line: Int, _ column: String) throws -> String {
        guard field.hasPrefix("`") else { throw StatementError(line: line, "\(column) lacks its back-tick") }
        return String(field.dropFirst())
    }

    static func line(_ fields: [String], _ columns: Columns, _ number: Int) throws -> StatementLine {
        func value(_ name: String) throws -> String { try unticked(fields[columns.names[name]!], number, name) }
        guard let time = StatementText.beijingTime(try value("交易时间")) else { throw StatementError(line: number, "bad 交易时间") }
        let outTradeNo = try value("商户订单号"), tradeNo = try value("微信订单号")
        guard !outTradeNo.isEmpty, !tradeNo.isEmpty else { throw StatementError(line: number, "order numbers missing") }
        let kind: StatementLine.Kind
        let amount: Int64?
        switch try value("交易状态") {
        case "SUCCESS": kind = .payment; amount = Yuan.fen(try value("应结订单金额"))
        case "REFUND": kind = .refund; amount = Yuan.fen(try value("退款金额"))
        case let other: throw StatementError(line: number, "交易状态 \(other) not expected")
        }
        guard let amount else { throw StatementError(line: number, "bad amount") }
        return StatementLine(channel: .wechatpay, outTradeNo: outTradeNo, providerTradeNo: tradeNo, kind: kind,
                             amountFen: amount, time: time, lineNumber: number)
    }
}
