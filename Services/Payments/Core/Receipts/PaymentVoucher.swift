import Documents
import Foundation
import Schema

/// 党费电子缴费凭证: the electronic voucher for one paid order, rendered as a PDF in Chinese. A pure
/// value: whoever serves it fills it from the order and the provider's notification.
public struct PaymentVoucher: Sendable, Equatable {
    /// One member-month the payment covered.
    public struct Item: Sendable, Equatable {
        public var memberName: String
        public var year: Int
        public var month: Int
        public var amountFen: Int64
        public init(memberName: String, year: Int, month: Int, amountFen: Int64) {
            self.memberName = memberName; self.year = year; self.month = month; self.amountFen = amountFen
        }
    }

    /// The channels issue 12 names, by their Chinese names on the voucher (Schema's PaymentChannel
    /// has only those already built).
    public enum Channel: String, Sendable, Equatable, CaseIterable {
        case alipay, wechatPay, unionPay, citizenCard

        public init(_ channel: PaymentChannel) {
            switch channel {
            case .alipay: self = .alipay
            case .wechatpay: self = .wechatPay
            case .unionpay: self = .unionPay
            case .citizencard: self = .citizenCard
            }
        }

        public var chineseName: String {
            switch self {
            case .alipay: "支付宝"
            case .wechatPay: "微信支付"
            case .unionPay: "银联"
            case .citizenCard: "市民卡"
            }
        }
    }

    public var voucherNumber: String
    public var payerName: String
    public var items: [Item]
    public var channel: Channel
    /// The provider's trade number (Alipay's trade_no).
    public var providerTradeNumber: String
    public var paidAt: Date
    /// The organization receiving the dues.
    public var organizationName: String
    public var issuer: String

    public init(voucherNumber: String, payerName: String, items: [Item], channel: Channel, providerTradeNumber: String,
                paidAt: Date, organizationName: String, issuer: String = "党费收缴专用") {
        self.voucherNumber = voucherNumber; self.payerName = payerName; self.items = items; self.channel = channel
        self.providerTradeNumber = providerTradeNumber; self.paidAt = paidAt
        self.organizationName = organizationName; self.issuer = issuer
    }

    public var totalFen: Int64 { items.reduce(0) { $0 + $1.amountFen } }

    public static let title = "党费电子缴费凭证"

    public func pdf() throws -> Data {
        let writer = try PDFWriter(metadata: .init(title: Self.title, subject: "凭证号 \(voucherNumber)"))
        writer.title(Self.title)
        writer.row("凭证号", voucherNumber)
        writer.row("缴费人", payerName)
        writer.row("收款单位", organizationName)
        writer.row("支付渠道", channel.chineseName)
        writer.row("交易单号", providerTradeNumber)
        writer.row("缴费时间", BeijingTime.dateTime(paidAt) + "（北京时间）")
        writer.space(8)
        let rows = items.map { item in
            [item.memberName, "\(item.year)年\(item.month)月", Yuan.string(fen: item.amountFen)]
        }
        writer.table(
            columns: [.init("党员", share: 2), .init("所属月份", share: 2), .init("金额（元）", share: 1.5, alignment: .right)],
            rows: rows,
            footer: [["合计", "\(items.count) 个月", Yuan.string(fen: totalFen)]]
        )
        writer.row("合计（小写）", "¥" + Yuan.string(fen: totalFen), bold: true)
        writer.row("合计（大写）", "人民币" + ChineseAmount.capital(fen: totalFen), bold: true)
        writer.space(24)
        writer.row("开具单位", organizationName + "（\(issuer)）")
        writer.row("开具日期", BeijingTime.day(paidAt))
        writer.seal(ring: organizationName, center: issuer)
        writer.space(40)
        writer.rule()
        writer.paragraph("本凭证由党建平台根据支付渠道的到账通知自动生成，是交纳党费的电子凭证，凭证号可在平台查验。",
                         size: 9)
        return try writer.finish()
    }
}
