import Foundation

/// The providers whose day statements we reconcile; raw values are `payment_order.channel`.
public enum StatementChannel: String, Codable, Sendable, CaseIterable {
    case alipay, wechatpay, unionpay
}

/// One provider statement line, normalized. Amounts are fen parsed from the provider's text without
/// floating point; refunds are positive amounts with `kind == .refund`.
public struct StatementLine: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable { case payment, refund }

    public var channel: StatementChannel
    /// Our order id (the provider's out_trade_no / 商户订单号).
    public var outTradeNo: String
    /// The provider's own number (微信订单号, 支付宝交易号, 查询流水号).
    public var providerTradeNo: String
    /// For a refund whose line names its own order number (UnionPay 退货), the original payment's
    /// provider number, so the refund still finds its order.
    public var originalProviderTradeNo: String?
    public var kind: Kind
    public var amountFen: Int64
    public var time: Date
    /// 1-based line number in the statement file, for the report.
    public var lineNumber: Int

    public init(channel: StatementChannel, outTradeNo: String, providerTradeNo: String, originalProviderTradeNo: String? = nil,
                kind: Kind, amountFen: Int64, time: Date, lineNumber: Int) {
        self.channel = channel
        self.outTradeNo = outTradeNo
        self.providerTradeNo = providerTradeNo
        self.originalProviderTradeNo = originalProviderTradeNo
        self.kind = kind
        self.amountFen = amountFen
        self.time = time
        self.lineNumber = lineNumber
    }
}

/// The statement's own totals, as the provider printed them (nil where a format prints none).
public struct StatementSummary: Codable, Sendable, Equatable {
    public var lineCount: Int?
    public var paymentCount: Int?
    public var paymentFen: Int64
    public var refundCount: Int?
    public var refundFen: Int64

    public init(lineCount: Int? = nil, paymentCount: Int? = nil, paymentFen: Int64, refundCount: Int? = nil, refundFen: Int64) {
        self.lineCount = lineCount
        self.paymentCount = paymentCount
        self.paymentFen = paymentFen
        self.refundCount = refundCount
        self.refundFen = refundFen
    }
}

/// A parsed day statement: every line, and the provider's summary when the format has one.
public struct ProviderStatement: Codable, Sendable, Equatable {
    public var channel: StatementChannel
    public var lines: [StatementLine]
    public var summary: StatementSummary?

    public init(channel: StatementChannel, lines: [StatementLine], summary: StatementSummary?) {
        self.channel = channel
        self.lines = lines
        self.summary = summary
    }

    public var paymentFen: Int64 { lines.reduce(0) { $0 + ($1.kind == .payment ? $1.amountFen : 0) } }
    public var refundFen: Int64 { lines.reduce(0) { $0 + ($1.kind == .refund ? $1.amountFen : 0) } }
}

/// A statement we refuse: which line and why. Nothing malformed is skipped.
public struct StatementError: Error, Equatable, CustomStringConvertible, Sendable {
    public var line: Int
    public var reason: String

    public init(line: Int, _ reason: String) {
        self.line = line
        self.reason = reason
    }

    public var description: String { "statement line \(line): \(reason)" }
}

/// Shared pieces of the statement parsers.
enum StatementText {
    /// "2026-11-27 09:30:00" read as Beijing time; nil for anything else.
    static func beijingTime(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count == 19, bytes[4] == 45, bytes[7] == 45, bytes[10] == 32, bytes[13] == 58, bytes[16] == 58 else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                guard (48...57).contains(bytes[index]) else { return nil }
                value = value * 10 + Int(bytes[index] - 48)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19) else { return nil }
        return BeijingDay.date(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
    }

    /// A yuan amount that may carry a leading minus (refund lines print "-30.00"): fen and the sign.
    static func signedFen(_ text: String) -> Int64? {
        if text.hasPrefix("-") { return Yuan.fen(String(text.dropFirst())).map { -$0 } }
        return Yuan.fen(text)
    }

    /// Splits one CSV record: commas separate, double quotes may wrap a field ("" is a quote). Works on
    /// the UTF-8 buffer (a 100,000-line bill is 25 MB; Character iteration would dominate the parse).
    static func fields(_ line: Substring) -> [String]? {
        var line = line
        return line.withUTF8 { buf in
            let comma = UInt8(ascii: ","), quote = UInt8(ascii: "\"")
            var index = 0
            while index < buf.count, buf[index] != quote { index += 1 }
            var fields: [String] = []
            if index == buf.count {   // no quotes: plain split
                var start = 0
                for i in 0...buf.count where i == buf.count || buf[i] == comma {
                    fields.append(String(decoding: UnsafeBufferPointer(rebasing: buf[start..<i]), as: UTF8.self))
                    start = i + 1
                }
                return fields
            }
            var current: [UInt8] = []
            var quoted = false, wasQuoted = false
            for byte in buf {
                if quoted {
                    if byte == quote { quoted = false } else { current.append(byte) }
                } else if byte == quote {
                    if wasQuoted { current.append(quote) }   // "" inside a quoted field
                    quoted = true
                    wasQuoted = true
                } else if byte == comma {
                    fields.append(String(decoding: current, as: UTF8.self))
                    current.removeAll(keepingCapacity: true)
                    wasQuoted = false
                } else {
                    current.append(byte)
                }
            }
            guard !quoted else { return nil }
            fields.append(String(decoding: current, as: UTF8.self))
            return fields
        }
    }

    /// Lines of a text file with their 1-based numbers, CR LF or LF; the final empty line dropped.
    static func lines(_ text: String) -> [(number: Int, text: Substring)] {
        var text = text
        var result: [(number: Int, text: Substring)] = text.withUTF8 { buf in
            var result: [(number: Int, text: Substring)] = []
            var start = 0
            for i in 0...buf.count where i == buf.count || buf[i] == UInt8(ascii: "\n") {
                var end = i
                if end > start, buf[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                result.append((result.count + 1, Substring(String(decoding: UnsafeBufferPointer(rebasing: buf[start..<end]), as: UTF8.self))))
                start = i + 1
            }
            return result
        }
        while let last = result.last, last.text.isEmpty { result.removeLast() }
        return result
    }
}
