import Foundation

/// UnionPay 全渠道 merchant reconciliation file: the `INN…ZM_<merId>` 流水文件 inside the day's zip
/// (fileTransfer, txnType 76, fileType 00). Fixed-width GBK text, one transaction per line, the fields
/// separated by one byte (a space), in the order and widths of 《全渠道平台接入接口规范 第3部分 文件接口》
/// 6.1 as the public SDK (`parseZMFile`) lists them: 交易代码 3, 代理机构标识码 11, 发送机构标识码 11,
/// 系统跟踪号 6, 交易传输时间 10 (MMDDhhmmss), 账号 19, 交易金额 12 (fen), 商户类别 4, 终端类型 2,
/// 查询流水号 21, 支付方式 2, 商户订单号 32, … 交易类型 2 (01 消费, 04 退货, 31 消费撤销), … 原交易查询流水号 21, …
/// The file prints no totals line, so there is no summary to check; the day's totals are summed here.
public enum UnionPayStatement {
    /// Field widths in file order (42 fields, 607 bytes with separators).
    static let widths = [3, 11, 11, 6, 10, 19, 12, 4, 2, 21, 2, 32, 2, 6, 10, 13, 13, 4, 15, 2, 2, 6, 2, 4, 32, 1, 21, 15, 1,
                         15, 32, 13, 13, 8, 32, 13, 13, 12, 2, 1, 32, 98]
    static let offsets: [Int] = widths.indices.map { index in widths[..<index].reduce(0) { $0 + $1 + 1 } }
    static let lineLength = offsets.last! + widths.last!

    enum Field: Int { case time = 4, amount = 6, queryId = 9, orderId = 11, txnType = 19, originalQueryId = 26 }

    /// `day` is the settlement day the file belongs to: the times print no year, so the year is the one
    /// that puts the time nearest that day (a 12-31 line in a 01-01 file is last year's).
    public static func parse(_ data: Data, day: BeijingDay) throws -> ProviderStatement {
        var rows = [UInt8](data).split(separator: 0x0A, omittingEmptySubsequences: false).map { row in
            row.last == 0x0D ? Array(row.dropLast()) : Array(row)
        }
        while rows.last?.isEmpty == true { rows.removeLast() }   // the final newline
        var lines: [StatementLine] = []
        for (index, row) in rows.enumerated() {
            guard !row.isEmpty else { throw StatementError(line: index + 1, "blank line") }
            lines.append(try line(row, index + 1, day))
        }
        return ProviderStatement(channel: .unionpay, lines: lines, summary: nil)
    }

    static func line(_ bytes: [UInt8], _ number: Int, _ day: BeijingDay) throws -> StatementLine {
        // The reserved tail may be cut off by tools that trim trailing spaces; nothing up to 原交易查询流水号 may.
        let needed = offsets[Field.originalQueryId.rawValue] + widths[Field.originalQueryId.rawValue]
        guard bytes.count <= lineLength, bytes.count >= needed else {
            throw StatementError(line: number, "\(bytes.count) bytes, expected \(lineLength)")
        }
        for index in widths.indices.dropLast() where offsets[index] + widths[index] < bytes.count {
            guard bytes[offsets[index] + widths[index]] == 0x20 else { throw StatementError(line: number, "field \(index + 1) overruns its width") }
        }
        func field(_ f: Field) -> String {
            let start = offsets[f.rawValue]
            return String(decoding: bytes[start..<(start + widths[f.rawValue])], as: UTF8.self).trimmingCharacters(in: .whitespaces)
        }
        let amountText = field(.amount)
        guard amountText.count == 12, amountText.allSatisfy({ $0.isASCIIDigitChar }), let amount = Int64(amountText), amount > 0 else {
            throw StatementError(line: number, "bad 交易金额 \(amountText)")
        }
        guard let time = time(field(.time), day) else { throw StatementError(line: number, "bad 交易传输时间") }
        let orderId = field(.orderId), queryId = field(.queryId)
        guard !orderId.isEmpty, !queryId.isEmpty else { throw StatementError(line: number, "order numbers missing") }
        switch field(.txnType) {
        case "01":
            return StatementLine(channel: .unionpay, outTradeNo: orderId, providerTradeNo: queryId, kind: .payment,
                                 amountFen: amount, time: time, lineNumber: number)
        case "04", "31":
            let original = field(.originalQueryId)
            guard !original.isEmpty else { throw StatementError(line: number, "退货 without 原交易查询流水号") }
            return StatementLine(channel: .unionpay, outTradeNo: orderId, providerTradeNo: queryId, originalProviderTradeNo: original,
                                 kind: .refund, amountFen: amount, time: time, lineNumber: number)
        case let other:
            throw StatementError(line: number, "交易类型 \(other) not expected")
        }
    }

    /// "MMDDhhmmss" in Beijing time, the year chosen nearest the file's day.
    static func time(_ text: String, _ day: BeijingDay) -> Date? {
        guard text.count == 10, text.allSatisfy({ $0.isASCIIDigitChar }) else { return nil }
        let digits = Array(text).map { Int(String($0))! }
        func two(_ at: Int) -> Int { digits[at] * 10 + digits[at + 1] }
        let candidates = [day.year - 1, day.year, day.year + 1].compactMap {
            BeijingDay.date(year: $0, month: two(0), day: two(2), hour: two(4), minute: two(6), second: two(8))
        }
        return candidates.min { abs($0.timeIntervalSince(day.start)) < abs($1.timeIntervalSince(day.start)) }
    }
}
