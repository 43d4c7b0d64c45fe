import Foundation

/// One day's reconciliation result, for the portal (JSON) and its export (`csv()`).
public struct ReconciliationReport: Codable, Sendable, Equatable {
    /// "2026-11-27" (Beijing).
    public var day: String
    /// The channels whose statements were matched.
    public var channels: [String]
    /// Every difference, by kind, channel, order.
    public var differences: [ReconciliationDifference]
    /// Payments on which all three sides agree (dues is checked per order below).
    public var matchedCount: Int
    public var matchedFen: Int64
    public var statementPaymentFen: Int64
    public var statementRefundFen: Int64
    /// Our orders paid that day on those channels.
    public var ourPaidFen: Int64
    /// Kind raw value → how many, every kind present (0 when none).
    public var counts: [String: Int]
    /// Kind raw value → the fen involved.
    public var fenByKind: [String: Int64]

    public init(day: String, channels: [String], differences: [ReconciliationDifference], matchedCount: Int, matchedFen: Int64,
                statementPaymentFen: Int64, statementRefundFen: Int64, ourPaidFen: Int64) {
        self.day = day
        self.channels = channels
        self.differences = differences
        self.matchedCount = matchedCount
        self.matchedFen = matchedFen
        self.statementPaymentFen = statementPaymentFen
        self.statementRefundFen = statementRefundFen
        self.ourPaidFen = ourPaidFen
        var counts: [String: Int] = [:], fen: [String: Int64] = [:]
        for kind in ReconciliationDifference.Kind.allCases {
            counts[kind.rawValue] = 0
            fen[kind.rawValue] = 0
        }
        for difference in differences {
            counts[difference.kind.rawValue, default: 0] += 1
            fen[difference.kind.rawValue, default: 0] += difference.amountFen
        }
        self.counts = counts
        fenByKind = fen
    }

    public var isClean: Bool { differences.isEmpty }

    public func count(_ kind: ReconciliationDifference.Kind) -> Int { counts[kind.rawValue] ?? 0 }

    public func differences(_ kind: ReconciliationDifference.Kind) -> [ReconciliationDifference] {
        differences.filter { $0.kind == kind }
    }

    /// UTF-8 with a BOM (so Excel in China opens it as UTF-8), Chinese headers: the differences, a blank
    /// line, then the totals per kind.
    public func csv() -> Data {
        var rows: [[String]] = [["对账日", "类型", "渠道", "商户订单号", "渠道交易号", "我方金额（元）", "渠道金额（元）", "党费记录（元）",
                                 "我方时间", "渠道时间", "对账单行号", "说明", "处理建议"]]
        func yuan(_ fen: Int64?) -> String { fen.map { $0 < 0 ? "-" + Yuan.string(fen: -$0) : Yuan.string(fen: $0) } ?? "" }
        func time(_ date: Date?) -> String { date.map(BeijingTime.dateTime) ?? "" }
        for d in differences {
            rows.append([day, d.kind.title, ReconciliationReport.channelTitle(d.channel), d.orderId, d.providerTradeNo ?? "",
                         yuan(d.ourFen), yuan(d.providerFen), yuan(d.duesFen), time(d.ourTime), time(d.providerTime),
                         d.statementLine.map(String.init) ?? "", d.detail, d.kind.action])
        }
        rows.append([])
        rows.append(["汇总", "类型", "笔数", "金额（元）"])
        for kind in ReconciliationDifference.Kind.allCases {
            rows.append(["", kind.title, String(count(kind)), yuan(fenByKind[kind.rawValue] ?? 0)])
        }
        rows.append(["", "相符", String(matchedCount), yuan(matchedFen)])
        rows.append(["", "渠道收款合计", "", yuan(statementPaymentFen)])
        rows.append(["", "渠道退款合计", "", yuan(statementRefundFen)])
        rows.append(["", "我方收款合计", "", yuan(ourPaidFen)])
        let text = rows.map { $0.map(ReconciliationReport.escape).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
        return Data([0xEF, 0xBB, 0xBF]) + Data(text.utf8)
    }

    static func channelTitle(_ channel: String) -> String {
        switch channel {
        case "alipay": "支付宝"
        case "wechatpay": "微信支付"
        case "unionpay": "银联"
        default: channel
        }
    }

    static func escape(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
